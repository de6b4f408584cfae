package io.dataplug.codec.gzip;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.testing.BytesReader;
import java.io.IOException;

/**
 * Coverage-guided fuzzing (Jazzer) of the gzip index parsers that read bytes a user may hand us or
 * a damaged sidecar may hold: our checkpoint blob, a {@code .gzi} block table, a stored window. The
 * only acceptable failure is {@link MalformedDataException}; Jazzer reports anything else, hangs
 * and huge allocations. In the build they run in regression mode over the committed inputs ({@code
 * src/test/resources/io/dataplug/codec/gzip/GzipIndexFuzzTestInputs/}); to fuzz one method for its
 * {@code maxDuration}: {@code JAZZER_FUZZ=1 mvn -pl dataplug-core test
 * -Dtest=GzipIndexFuzzTest#checkpointIndex} (new inputs land in {@code .cifuzz-corpus/}; copy the
 * useful ones to the inputs folder).
 */
class GzipIndexFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void checkpointIndex(byte[] data) {
    try {
      GzipIndex.parse(data, "fuzz.idx");
    } catch (MalformedDataException expected) {
      // documented
    }
  }

  /** A {@code .gzi} (its length first, then its bytes) over the rest of the input as the data. */
  @FuzzTest(maxDuration = "30s")
  void gziBlockTable(FuzzedDataProvider input) throws IOException {
    byte[] gzi = input.consumeBytes(input.consumeInt(0, 4096));
    byte[] data = input.consumeRemainingAsBytes();
    try {
      BgzfBlocks.fromGzi(gzi, "fuzz.gzi", BytesReader.of("fuzz.gz", data), data.length);
    } catch (MalformedDataException expected) {
      // documented
    }
  }

  @FuzzTest(maxDuration = "30s")
  void storedWindow(byte[] data) {
    try {
      GzipRangeStream.inflateWindow(data, "fuzz.window");
    } catch (MalformedDataException expected) {
      // documented
    }
  }
}
