package io.dataplug.testing;

import static java.util.Objects.requireNonNull;

import io.dataplug.CloudObject;
import io.dataplug.partition.PartitionRequest;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One fixture of a format's contract: how to stage the object (and its companions) in a place, the
 * records an independent oracle found in it, the object's content for formats whose slices
 * concatenate back to it, and the requests to check.
 *
 * @param name what the case is, for test names
 * @param stage stages the object in a place and returns it, not yet preprocessed
 * @param expected the records by the oracle (a third-party tool or the specification by hand)
 * @param content the object's (decompressed) bytes, or null where slices are not runs of it
 * @param sliceCounts numbers of slices to check by {@code Slices(n)} (and {@code TargetBytes} where
 *     the format supports it)
 * @param requests further partition requests to check
 * @param tune adjusts the contract (normalizer, extra fetch, tiles)
 */
public record ContractCase(
    String name,
    Staging stage,
    List<?> expected,
    byte @Nullable [] content,
    List<Integer> sliceCounts,
    List<PartitionRequest> requests,
    UnaryOperator<PartitionContract> tune) {
  public ContractCase {
    requireNonNull(name, "name is null");
    requireNonNull(stage, "stage is null");
    expected = List.copyOf(expected);
    sliceCounts = List.copyOf(sliceCounts);
    requests = List.copyOf(requests);
    requireNonNull(tune, "tune is null");
  }

  /** Stages a case's object in a place. */
  @FunctionalInterface
  public interface Staging {
    CloudObject stage(ObjectPlace place) throws IOException;
  }

  /** A case checked by {@code Slices(n)} (and {@code TargetBytes}) for each n in {@code counts}. */
  public static ContractCase bySliceCounts(
      String name,
      Staging stage,
      List<?> expected,
      byte @Nullable [] content,
      List<Integer> counts,
      UnaryOperator<PartitionContract> tune) {
    return new ContractCase(name, stage, expected, content, counts, List.of(), tune);
  }

  /** Stages the object in {@code place} and checks the contract. */
  public void check(ObjectPlace place) throws IOException {
    PartitionContract contract = tune.apply(PartitionContract.of(stage.stage(place), expected));
    if (!sliceCounts.isEmpty()) {
      contract.check(content, sliceCounts);
    }
    if (!requests.isEmpty()) {
      contract.checkRequests(content, requests);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
