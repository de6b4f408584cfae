package io.dataplug.testing;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The one contract every format runs: each of its {@link ContractCase}s (fixtures with third-party
 * ground truth, the requests the format supports) is checked by {@link PartitionContract} in one
 * place. A format writes one abstract subclass with its cases and two concrete ones, {@code
 * ...ContractTest} on the local store and {@code ...ContractIT} on the in-process S3 server, as
 * {@link ObjectPlace} says. Capability hooks live in each case's {@link PartitionContract}
 * (contiguous or tiled slices, extra fetch); whether slices concatenate back to the object follows
 * from the format ({@code ContentFormat}), companions from its slices.
 */
public abstract class AbstractFormatContractTest {
  /** Where the cases are staged. */
  protected abstract ObjectPlace place();

  /** The format's fixtures with their ground truth; skipped ones are left out (with a message). */
  protected abstract List<ContractCase> cases() throws Exception;

  @TestFactory
  Stream<DynamicTest> partitionContract() throws Exception {
    ObjectPlace place = place();
    return cases().stream()
        .map(c -> DynamicTest.dynamicTest(c.name() + " on " + place, () -> c.check(place)));
  }
}
