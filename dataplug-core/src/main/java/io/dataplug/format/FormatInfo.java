package io.dataplug.format;

import static java.util.Objects.requireNonNull;

import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.SliceHint;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a format declares about itself, for help texts, index freshness and request checking.
 *
 * @param description one line for {@code dataplug formats}
 * @param indexVersion version of the index layout; bump it when the layout changes so old indexes
 *     are rebuilt
 * @param requests the kinds of partition request supported; the first is the default
 * @param options the format options, as {@code name: description} lines
 * @param hintType the record type of this format's slice hints, for JSON decoding
 */
public record FormatInfo(
    String description,
    int indexVersion,
    List<PartitionRequest.Kind> requests,
    List<String> options,
    Class<? extends SliceHint> hintType) {
  public FormatInfo {
    requireNonNull(description, "description is null");
    requests = List.copyOf(requests);
    options = List.copyOf(options);
    requireNonNull(hintType, "hintType is null");
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("a format supports at least one kind of request");
    }
  }

  /** Whether every kind {@code request} needs is supported. */
  public boolean supports(PartitionRequest request) {
    return Set.copyOf(requests).containsAll(request.kinds());
  }

  /**
   * Why {@code request} is refused, if it is: {@code does not support 'K' (it supports: ...)},
   * naming the kind it lacks (for a buffered level request, 'level', not 'buffer').
   */
  public Optional<String> refusal(PartitionRequest request) {
    if (supports(request)) {
      return Optional.empty();
    }
    PartitionRequest.Kind missing =
        requests.contains(request.kind())
            ? request.kinds().stream().filter(k -> !requests.contains(k)).findFirst().orElseThrow()
            : request.kind();
    return Optional.of(
        "does not support '"
            + missing.id()
            + "' (it supports: "
            + String.join(", ", requests.stream().map(PartitionRequest.Kind::id).toList())
            + ")");
  }
}
