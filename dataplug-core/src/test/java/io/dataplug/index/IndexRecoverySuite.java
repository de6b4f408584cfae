package io.dataplug.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.Slices;
import io.dataplug.format.UnknownOptionException;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.WritableObjectStore;
import io.dataplug.testing.ObjectPlace;
import io.dataplug.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sidecar indexes a user can recover: damaged ones are named and rebuilt with {@code --force},
 * options are checked, and concurrent builds leave one blob set. Run on a local folder and on the
 * S3 test server.
 *
 * <p>Ground truth: {@code fastq/htsjdk_5k-30BB2AAXX.3.aligned.sam.fastq} of the shared fixtures has
 * 4952 records (seqtk comp), 4 lines each (awk NR/4 = 4952), so 19808 lines as the text format
 * counts them. The tests gzip it (the JDK's zlib, in many deflate blocks) so the index has
 * checkpoints and windows.
 */
abstract class IndexRecoverySuite {
  static final String FIXTURE = "fastq/htsjdk_5k-30BB2AAXX.3.aligned.sam.fastq";
  static final long LINES = 19808;

  protected abstract ObjectPlace place();

  /** The fixture gzipped and staged as {@code name}, as text with checkpoints every 64 KiB. */
  CloudObject fixture(String name) throws IOException {
    return fixture(place(), name);
  }

  /** The fixture gzipped and staged in {@code place}. */
  static CloudObject fixture(ObjectPlace place, String name) throws IOException {
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(Files.readAllBytes(SharedTestData.file(FIXTURE)));
    }
    return place.object(name, gz.toByteArray()).format("text").option("spacing", "65536").build();
  }

  static long lines(CloudObject co, int slices) throws IOException {
    long total = 0;
    for (DataSlice s : co.partition("slices", slices)) {
      total += Slices.countRecords(s);
    }
    return total;
  }

  WritableObjectStore store(ObjectLocation location) throws IOException {
    return ObjectStores.writable(location, place().storeConfig());
  }

  byte[] readAll(ObjectLocation location) throws IOException {
    WritableObjectStore store = store(location);
    long size = store.metadata(location).size();
    try (RangeReader r = store.newReader(location, null)) {
      return r.readFully(new ByteRange(0, size));
    }
  }

  /** Every way a sidecar gets damaged: each is named, and only a forced preprocess repairs it. */
  @Test
  void damagedIndexIsNamedAndForcedPreprocessingRebuildsIt() throws IOException {
    CloudObject co = fixture("damaged/reads.fastq.gz");
    Manifest built = co.preprocess();
    assertThat(lines(co, 4)).isEqualTo(LINES);
    IndexStore index = co.indexStore();
    ObjectLocation manifest = index.blobLocation(IndexStore.MANIFEST);
    assertThat(built.blobs()).containsKeys("gzip", "windows");
    Manifest.Blob first = built.blobs().get("gzip");
    assertThat(first.crc32c())
        .as("the checksum is the CRC32C of the blob as stored")
        .isEqualTo(Manifest.Blob.crc32c(readAll(index.blobLocation(first.name()))));
    String rebuild =
        "rebuild it with: dataplug preprocess --force --format text -o spacing=65536 "
            + co.location();
    List<String> kinds =
        List.of(
            "manifest not JSON",
            "manifest cut in half",
            "manifest edited after writing",
            "blob shorter than the manifest says",
            "blob with a flipped bit",
            "blob missing");
    Manifest current = built;
    for (String kind : kinds) {
      Manifest.Blob gzip = current.blobs().get("gzip");
      ObjectLocation blob = index.blobLocation(gzip.name());
      byte[] goodManifest = readAll(manifest);
      byte[] gzipBytes = readAll(blob);
      ObjectLocation file = kind.startsWith("manifest") ? manifest : blob;
      byte[] bad;
      String problem;
      switch (kind) {
        case "manifest not JSON" -> {
          bad = "{not json".getBytes(StandardCharsets.UTF_8);
          problem = "not a valid manifest";
        }
        case "manifest cut in half" -> {
          bad = Arrays.copyOf(goodManifest, goodManifest.length / 2);
          problem = "not a valid manifest";
        }
        case "manifest edited after writing" -> {
          String text = new String(goodManifest, StandardCharsets.UTF_8);
          String size = "\"size\" : " + gzip.size() + ",";
          assertThat(text).contains(size);
          bad =
              text.replace(size, "\"size\" : " + (gzip.size() + 7) + ",")
                  .getBytes(StandardCharsets.UTF_8);
          problem = "checksum mismatch: the manifest was changed after it was written";
        }
        case "blob shorter than the manifest says" -> {
          bad = Arrays.copyOf(gzipBytes, gzipBytes.length - 5);
          problem = "shorter than the manifest says (" + gzip.size() + " bytes)";
        }
        case "blob with a flipped bit" -> {
          bad = gzipBytes.clone();
          bad[bad.length / 2] ^= 0x10;
          problem = "checksum mismatch: the blob is corrupt";
        }
        default -> {
          bad = null;
          problem = "missing";
        }
      }
      if (bad == null) {
        store(file).delete(file);
      } else {
        store(file).put(file, bad);
      }
      // a damaged manifest is found by every call that reads it; a damaged blob by the calls that
      // read the blob (planning slices), not by those that trust the manifest's record of it
      List<ThrowingCall> calls =
          file.equals(manifest)
              ? List.of(
                  () -> co.partition("slices", 4),
                  co::isPreprocessed,
                  co::preprocess,
                  co::attributes)
              : List.of(() -> co.partition("slices", 4), () -> lines(co, 2));
      for (ThrowingCall call : calls) {
        assertThatThrownBy(call::run)
            .as(kind)
            .isInstanceOf(DamagedIndexException.class)
            .hasMessageStartingWith("Damaged index " + file + " (" + problem)
            .hasMessageEndingWith(rebuild)
            .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1))
            .satisfies(
                e ->
                    assertThat(e.getMessage())
                        .as("the data file is not blamed")
                        .doesNotContain("Malformed", "data in " + co.location()));
      }
      current = co.preprocess(PreprocessOptions.force());
      assertThat(lines(co, 4)).as(kind + ", rebuilt").isEqualTo(LINES);
      assertThat(sidecarFiles(co))
          .as(kind + ": only the new index's files")
          .isEqualTo(referenced(current));
    }
  }

  /**
   * A window blob cut short, with a manifest that agrees with the cut (so only a slice's own entry
   * points past the end): the slice that reads it reports a damaged index, not bad data.
   */
  @Test
  void entryPastTheEndOfABlobIsADamagedIndex() throws IOException {
    CloudObject co = fixture("past-end/reads.fastq.gz");
    Manifest built = co.preprocess();
    IndexStore index = co.indexStore();
    Manifest.Blob windows = built.blobs().get("windows");
    ObjectLocation at = index.blobLocation(windows.name());
    byte[] cut = Arrays.copyOf(readAll(at), 1);
    store(at).put(at, cut);
    var blobs = new java.util.HashMap<>(built.blobs());
    blobs.put("windows", Manifest.Blob.of(windows.name(), cut));
    Manifest edited =
        new Manifest(
            built.dataplugIndex(),
            built.format(),
            built.formatVersion(),
            built.source(),
            built.created(),
            built.options(),
            blobs,
            built.attributes(),
            built.summary(),
            built.generation(),
            null);
    ObjectLocation manifest = index.blobLocation(IndexStore.MANIFEST);
    store(manifest).put(manifest, IndexStore.toJson(edited));
    List<DataSlice> slices = co.partition("slices", 4);
    List<Exception> failures = new ArrayList<>();
    for (DataSlice slice : slices) {
      try {
        Slices.countRecords(slice);
      } catch (Exception e) {
        failures.add(e);
      }
    }
    assertThat(failures)
        .as("the slices that resume at a window")
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(DamagedIndexException.class)
                    .hasMessageStartingWith("Damaged index " + at + " (range ")
                    .hasMessageContaining("is past its end")
                    .hasMessageEndingWith(
                        "rebuild it with: dataplug preprocess --force " + co.location()));
    co.preprocess(PreprocessOptions.force());
    assertThat(lines(co, 4)).isEqualTo(LINES);
  }

  @Test
  void unknownOptionIsRejectedBeforeAnythingIsStored() throws IOException {
    CloudObject co =
        place()
            .object("typo/t.csv", "a;b\n1;2\n".getBytes(StandardCharsets.UTF_8))
            .format("csv")
            .option("seperator", ";")
            .build();
    assertThatThrownBy(co::preprocess)
        .isInstanceOf(UnknownOptionException.class)
        .hasMessage(
            "Unknown option 'seperator' for format csv (it has: separator, quote, header,"
                + " compression, spacing)");
    assertThat(co.indexStore().list()).isEmpty();
    assertThatThrownBy(() -> co.partition("slices", 1)).isInstanceOf(UnknownOptionException.class);
  }

  @Test
  void optionsThatDoNotChangeTheIndexReuseIt() throws IOException {
    byte[] csv = "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8);
    CloudObject plain = place().object("reuse/t.csv", csv).format("csv").build();
    Manifest built = plain.preprocess();
    CloudObject explicit =
        CloudObject.builder(plain.location())
            .format("csv")
            .option("separator", ",")
            .option("header", "true")
            .option("compression", "auto")
            .storeConfig(place().storeConfig())
            .build();
    assertThat(explicit.isPreprocessed()).isTrue();
    assertThat(explicit.preprocess().created()).as("not rebuilt").isEqualTo(built.created());
    long records = 0;
    for (DataSlice s : explicit.partition("slices", 2)) {
      records += Slices.countRecords(s);
    }
    assertThat(records).isEqualTo(2);
  }

  @Test
  void optionThatChangesTheIndexIsNamedWithHowToRebuild() throws IOException {
    byte[] csv = "a;b\n1;2\n".getBytes(StandardCharsets.UTF_8);
    CloudObject semicolon =
        place().object("differs/t.csv", csv).format("csv").option("separator", ";").build();
    semicolon.preprocess();
    CloudObject noHeader =
        CloudObject.builder(semicolon.location())
            .format("csv")
            .option("separator", ";")
            .option("header", "false")
            .storeConfig(place().storeConfig())
            .build();
    assertThatThrownBy(() -> noHeader.partition("slices", 1))
        .isInstanceOfSatisfying(
            IndexOptionsMismatchException.class, e -> assertThat(e.option()).isEqualTo("header"))
        .hasMessage(
            "The index of "
                + semicolon.location()
                + " was built with no -o header (default true), but this command asks for -o"
                + " header=false: rebuild it with: dataplug preprocess --force --format csv -o"
                + " header=false -o 'separator=;' "
                + semicolon.location()
                + ", or leave out -o header");
    CloudObject comma =
        CloudObject.builder(semicolon.location())
            .format("csv")
            .storeConfig(place().storeConfig())
            .build();
    assertThatThrownBy(() -> comma.partition("slices", 1))
        .isInstanceOf(IndexOptionsMismatchException.class)
        .hasMessageContaining(
            "was built with -o 'separator=;', but this command asks for no -o separator"
                + " (default ,)")
        .hasMessageEndingWith(", or use the index as built with -o 'separator=;'");
  }

  @Test
  void formatMismatchIsNotStale() throws IOException {
    byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
    CloudObject asCsv = place().object("format/t.csv", csv).format("csv").build();
    asCsv.preprocess();
    CloudObject asText =
        CloudObject.builder(asCsv.location())
            .format("text")
            .storeConfig(place().storeConfig())
            .build();
    assertThat(asText.isPreprocessed()).isFalse();
    assertThatThrownBy(() -> asText.partition("slices", 1))
        .isInstanceOf(IndexFormatMismatchException.class)
        .hasMessage(
            "The index of "
                + asCsv.location()
                + " was built for format csv, not text: use --format csv, or rebuild it for text"
                + " with: dataplug preprocess --force --format text "
                + asCsv.location());
  }

  /** Several builds of one index at once leave exactly the blobs the committed manifest names. */
  @Test
  void concurrentPreprocessingLeavesOneReferencedBlobSet() throws Exception {
    CloudObject first = fixture("concurrent/reads.fastq.gz");
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 3; round++) {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Manifest>> builds = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          CloudObject co =
              CloudObject.builder(first.location())
                  .format("text")
                  .option("spacing", "65536")
                  .storeConfig(place().storeConfig())
                  .build();
          builds.add(
              pool.submit(
                  () -> {
                    start.await(30, TimeUnit.SECONDS);
                    return co.preprocess(PreprocessOptions.force());
                  }));
        }
        Set<String> returned = new HashSet<>();
        for (Future<Manifest> f : builds) {
          returned.add(f.get(120, TimeUnit.SECONDS).generation());
        }
        Manifest committed = first.manifest().orElseThrow();
        assertThat(returned)
            .as("each build returns the manifest committed when it ended")
            .contains(committed.generation());
        assertThat(sidecarFiles(first)).as("round " + round).isEqualTo(referenced(committed));
        assertThat(lines(first, 8)).isEqualTo(LINES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A manifest written before checksums and generations were recorded is still read. */
  @Test
  void manifestWithoutChecksumsIsStillRead() throws IOException {
    CloudObject co = fixture("legacy/reads.fastq.gz");
    co.preprocess();
    ObjectLocation manifest = co.indexStore().blobLocation(IndexStore.MANIFEST);
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = (ObjectNode) json.readTree(readAll(manifest));
    tree.remove("checksum");
    tree.remove("generation");
    tree.get("blobs").forEach(b -> ((ObjectNode) b).remove("crc32c"));
    store(manifest).put(manifest, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
    Manifest legacy = co.manifest().orElseThrow();
    assertThat(legacy.checksum()).isNull();
    assertThat(legacy.blobs().values()).allSatisfy(b -> assertThat(b.crc32c()).isNull());
    assertThat(lines(co, 4)).isEqualTo(LINES);
    Manifest rebuilt = co.preprocess(PreprocessOptions.force());
    assertThat(rebuilt.checksum()).isNotNull();
    assertThat(sidecarFiles(co)).as("the legacy blobs are removed").isEqualTo(referenced(rebuilt));
  }

  /** The files in the object's sidecar folder. */
  static Set<String> sidecarFiles(CloudObject co) throws IOException {
    return new HashSet<>(co.indexStore().list());
  }

  /** The files a committed manifest accounts for: itself, its blobs and its commit marker. */
  static Set<String> referenced(Manifest m) {
    Set<String> names = new HashSet<>();
    names.add(IndexStore.MANIFEST);
    names.add(m.generation() + IndexStore.COMMITTED);
    m.blobs().values().forEach(b -> names.add(b.name()));
    return names;
  }

  @FunctionalInterface
  interface ThrowingCall {
    void run() throws Exception;
  }
}
