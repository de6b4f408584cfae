package io.dataplug;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.index.DamagedIndexException;
import io.dataplug.index.IndexOptionsMismatchException;
import io.dataplug.index.Manifest;
import io.dataplug.index.StaleIndexException;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ObjectChangedException;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar index, stale detection, detection of formats and argument errors, on local files. */
class CloudObjectTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static CloudObject local(Path file, String format) {
    return CloudObject.builder(file.toString())
        .format(format)
        .storeConfig(StoreConfig.defaults())
        .build();
  }

  @Test
  void aNullProgressMeansNoProgress() throws IOException {
    Path file = write("quiet.txt", "a\nb\nc\nd\n");
    CloudObject co = local(file, "text");
    Manifest m = co.preprocess(PreprocessOptions.force().withProgress(null));
    assertThat(m.format()).isEqualTo("text");
    // the JDK reads the same four lines
    assertThat(co.indexSummary(io.dataplug.text.RecordIndexSummary.class).records())
        .isEqualTo(Files.readAllLines(file).size());
  }

  @Test
  void indexIsStoredAlongsideWithManifestLast() throws IOException {
    Path file = write("data.txt", "a\nb\nc\n");
    CloudObject co = local(file, "text");
    assertThat(co.isPreprocessed()).isFalse();
    Manifest m = co.preprocess();
    Path sidecar = dir.resolve("data.txt.dataplug");
    assertThat(sidecar.resolve("manifest.json")).exists();
    try (Stream<Path> files = Files.list(sidecar)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "manifest.json", m.blobs().get("boundaries").name(), m.generation() + ".committed");
    }
    assertThat(m.format()).isEqualTo("text");
    assertThat(m.source().size()).isEqualTo(6);
    assertThat(co.indexSummary(io.dataplug.text.RecordIndexSummary.class).records()).isEqualTo(3);
    assertThat(co.attributes()).containsEntry("records", "3");
    String json = Files.readString(sidecar.resolve("manifest.json"));
    assertThat(json).contains("\"format\" : \"text\"", "\"etag\"", "\"last_modified\"");
    assertThat(co.isPreprocessed()).isTrue();
    // the data itself is untouched
    assertThat(Files.readString(file)).isEqualTo("a\nb\nc\n");
  }

  @Test
  void changedSourceMakesTheIndexStale() throws IOException {
    Path file = write("data.txt", "a\nb\nc\n");
    CloudObject co = local(file, "text");
    co.preprocess();
    List<DataSlice> slices = co.partition("slices", 2);
    Files.writeString(file, "a\nb\nc\nd\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    assertThat(co.isPreprocessed()).isFalse();
    assertThatThrownBy(() -> co.partition("slices", 2))
        .isInstanceOf(StaleIndexException.class)
        .hasMessage(
            "Stale index for "
                + co.location()
                + ": the object changed since it was preprocessed (size 6 → 8); rebuild it with:"
                + " dataplug preprocess --force --format text "
                + co.location());
    DataSlice nonEmpty = slices.stream().filter(s -> s.length() > 0).findFirst().orElseThrow();
    assertThatThrownBy(() -> Slices.countRecords(nonEmpty))
        .isInstanceOf(ObjectChangedException.class)
        .hasMessageContaining(co.location().toString());
    Manifest rebuilt = co.preprocess(PreprocessOptions.force());
    assertThat(rebuilt.summary().get("records").asLong()).isEqualTo(4);
    assertThat(
            co.partition("slices", 2).stream()
                .mapToLong(
                    s -> {
                      try {
                        return Slices.countRecords(s);
                      } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    })
                .sum())
        .isEqualTo(4);
    try (Stream<Path> files = Files.list(dir.resolve("data.txt.dataplug"))) {
      assertThat(files)
          .as("the old generation's blob is removed")
          .extracting(p -> p.getFileName().toString())
          .containsExactlyInAnyOrder(
              "manifest.json",
              rebuilt.blobs().get("boundaries").name(),
              rebuilt.generation() + ".committed");
    }
  }

  @Test
  void optionsArePartOfTheIndex() throws IOException {
    Path file = write("t.csv", "a;b\n1;2\n");
    CloudObject comma = local(file, "csv");
    comma.preprocess();
    CloudObject semicolon =
        CloudObject.builder(file.toString())
            .format("csv")
            .option("separator", ";")
            .storeConfig(StoreConfig.defaults())
            .build();
    assertThat(semicolon.isPreprocessed()).isFalse();
    assertThatThrownBy(() -> semicolon.partition("slices", 1))
        .isInstanceOf(IndexOptionsMismatchException.class)
        .hasMessage(
            "The index of "
                + semicolon.location()
                + " was built with no -o separator (default ,), but this command asks for"
                + " -o 'separator=;': rebuild it with: dataplug preprocess --force --format csv"
                + " -o 'separator=;' "
                + semicolon.location()
                + ", or leave out -o separator");
  }

  @Test
  void metadataLocationKeepsTheIndexElsewhere() throws IOException {
    Path file = write("ro.txt", "x\ny\n");
    Path meta = dir.resolve("indexes");
    CloudObject co =
        CloudObject.builder(file.toString())
            .format("text")
            .storeConfig(StoreConfig.defaults())
            .metadataLocation(meta.toString())
            .build();
    co.preprocess();
    assertThat(dir.resolve("ro.txt.dataplug")).doesNotExist();
    String key = file.toAbsolutePath().toString().substring(1);
    assertThat(meta.resolve("file").resolve(key + ".dataplug").resolve("manifest.json")).exists();
    // 4 bytes hold one index point (they are below the 64-byte sampling floor): one slice, not an
    // empty second one
    assertThat(co.partition("slices", 2)).hasSize(1);
  }

  /**
   * Ten 100-byte lines have ten useful cut points: asked for 32 slices, the partition makes ten of
   * one line each (no empty slice) and says it made fewer; asked for 5, it makes 5 and says
   * nothing.
   */
  @Test
  void moreSlicesThanCutPointsGivesFewerAndSaysSo() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      text.append(String.valueOf((char) ('a' + i)).repeat(99)).append('\n');
    }
    CloudObject co = local(write("ten.txt", text.toString()), "text");
    co.preprocess();
    io.dataplug.slice.Partition many = co.partition("slices", 32);
    assertThat(many).hasSize(10);
    assertThat(many.requested()).isEqualTo(32);
    for (DataSlice s : many) {
      assertThat(s.length()).as("%s", s).isEqualTo(100);
      assertThat(Slices.summarize(s)).containsEntry("records", 1L);
    }
    assertThat(many.shortfall())
        .hasValueSatisfying(
            note -> assertThat(note).contains("32 slices asked, 10 made").contains("ten.txt"));
    io.dataplug.slice.Partition five = co.partition("slices", 5);
    assertThat(five).hasSize(5);
    assertThat(five.shortfall()).isEmpty();
  }

  /** The one slice of an empty object, plain or gzip, fetches nothing (not even a gzip window). */
  @Test
  void anEmptyObjectsSliceFetchesNothing() throws IOException {
    Path plain = write("empty.txt", "");
    Path gz = dir.resolve("empty.txt.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.flush();
    }
    for (Path file : List.of(plain, gz)) {
      CloudObject co = local(file, "text");
      co.preprocess();
      List<DataSlice> slices = co.partition("slices", 4);
      assertThat(slices).as("%s", file).hasSize(1);
      try (io.dataplug.storage.IoStats.TaskScope scope = io.dataplug.storage.IoStats.beginTask()) {
        assertThat(Slices.summarize(slices.get(0))).containsEntry("records", 0L);
        assertThat(scope.stats().requests()).as("requests for %s", file).isZero();
        assertThat(scope.stats().bytes()).as("bytes for %s", file).isZero();
      }
    }
  }

  @Test
  void partitionBeforePreprocessAndBadArgumentsAreClearErrors() throws IOException {
    Path file = write("p.txt", "1\n2\n");
    CloudObject co = local(file, "text");
    assertThatThrownBy(() -> co.partition("slices", 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "No index for "
                + co.location()
                + ": preprocess it first (dataplug preprocess "
                + co.location()
                + ")");
    co.preprocess();
    assertThatThrownBy(() -> co.partition("slices", 0))
        .hasMessage("number of slices must be at least 1: 0");
    assertThatThrownBy(() -> co.partition("rows", 2))
        .hasMessage("Format text has no strategy 'rows' (it has: slices, bytes, records)");
    assertThatThrownBy(() -> local(file, "nope").format())
        .hasMessageStartingWith("Unknown format 'nope' (known: ");
  }

  @Test
  void corruptIndexFilesAreClearErrors() throws IOException {
    Path file = write("c.txt", "1\n2\n");
    CloudObject co = local(file, "text");
    Manifest m = co.preprocess();
    Path blob = dir.resolve("c.txt.dataplug").resolve(m.blobs().get("boundaries").name());
    Files.write(blob, new byte[(int) m.blobs().get("boundaries").size()]);
    assertThatThrownBy(() -> co.partition("slices", 2))
        .isInstanceOf(DamagedIndexException.class)
        .hasMessage(
            "Damaged index "
                + co.indexStore().blobLocation(m.blobs().get("boundaries").name())
                + " (checksum mismatch: the blob is corrupt); rebuild it with: dataplug"
                + " preprocess --force --format text "
                + co.location());
    Files.writeString(dir.resolve("c.txt.dataplug").resolve("manifest.json"), "{not json");
    assertThatThrownBy(co::manifest)
        .isInstanceOf(DamagedIndexException.class)
        .hasMessageStartingWith(
            "Damaged index " + co.indexStore().blobLocation("manifest.json") + " (not a valid");
  }

  @Test
  void detectsFormatsByNameAndContent() throws IOException {
    assertThat(CloudObject.of(write("a.csv", "x,y\n").toString()).format().id()).isEqualTo("csv");
    assertThat(CloudObject.of(write("a.log", "x\n").toString()).format().id()).isEqualTo("text");
    assertThat(CloudObject.of(write("notes", "plain words\n").toString()).format().id())
        .isEqualTo("text");
    Path binary = dir.resolve("blob.bin");
    Files.write(binary, new byte[] {1, 0, 2, 0});
    assertThatThrownBy(() -> CloudObject.of(binary.toString()).format())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot tell the format of " + CloudObject.of(binary.toString()).location());
  }

  @Test
  void slicesCarryNoSecretsAndStayUnderOneKilobyte() throws IOException {
    Path file = write("s.txt", "line\n".repeat(1000));
    CloudObject co =
        CloudObject.builder(file.toString())
            .format("text")
            .storeConfig(new StoreConfig("http://127.0.0.1:9000", "eu-west-1", true, 4))
            .build();
    Files.writeString(file, "line\n".repeat(1000));
    co.preprocess();
    for (DataSlice s : co.partition("slices", 10_000)) {
      String json = Slices.toJson(s);
      assertThat(json.getBytes(UTF_8).length).isLessThan(1024);
      assertThat(json).doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("accessKey");
      assertThat(Slices.fromJson(json)).isEqualTo(s);
    }
  }
}
