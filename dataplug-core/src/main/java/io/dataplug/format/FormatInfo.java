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

  /** The names of the options (the part of each {@link #options()} line before its colon). */
  public List<String> optionNames() {
    return options.stream()
        .map(line -> line.indexOf(':') < 0 ? line : line.substring(0, line.indexOf(':')))
        .map(String::strip)
        .toList();
  }

  /**
   * Checks that every option given is one this format has, before anything is read or stored.
   *
   * @throws UnknownOptionException naming the first unknown option and listing the known ones
   */
  public void checkOptions(String formatId, java.util.Map<String, String> given) {
    List<String> known = optionNames();
    for (String name : new java.util.TreeSet<>(given.keySet())) {
      if (!known.contains(name)) {
        throw new UnknownOptionException(
            "Unknown option '"
                + name
                + "' for format "
                + formatId
                + (known.isEmpty()
                    ? " (it has no options)"
                    : " (it has: " + String.join(", ", known) + ")"));
      }
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
