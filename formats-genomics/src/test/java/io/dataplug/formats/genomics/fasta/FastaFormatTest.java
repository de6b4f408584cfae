package io.dataplug.formats.genomics.fasta;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.format.RecordReader;
import io.dataplug.index.Manifest;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.StoreConfig;
import io.dataplug.testing.ExternalTools;
import io.dataplug.testing.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FASTA against samtools: the .fai we build equals samtools', and every fragment equals samtools
 * faidx.
 */
class FastaFormatTest {
  @TempDir Path tmp;

  private Path stage(String fixture, boolean withCompanions) throws IOException {
    Path src = SharedTestData.file(fixture);
    Path dst = tmp.resolve(src.getFileName());
    Files.copy(src, dst);
    if (withCompanions) {
      for (String ext : List.of(".fai", ".gzi")) {
        Path c = src.resolveSibling(src.getFileName() + ext);
        if (Files.exists(c)) {
          Files.copy(c, tmp.resolve(c.getFileName()));
        }
      }
    }
    return dst;
  }

  private static CloudObject fasta(Path file) {
    return CloudObject.builder(file.toString())
        .storeConfig(StoreConfig.defaults())
        .option("spacing", "65536")
        .build();
  }

  /** All sequences as samtools faidx prints them, without line breaks. */
  static Map<String, String> samtoolsSequences(Path fasta, List<String> names) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, bases(sh("samtools faidx " + q(fasta) + " '" + name + "'")));
    }
    return out;
  }

  private static String bases(String faidxOutput) {
    StringBuilder sb = new StringBuilder();
    for (String line : faidxOutput.split("\n")) {
      if (!line.startsWith(">")) {
        sb.append(line.strip());
      }
    }
    return sb.toString();
  }

  static List<FastaFragment> fragments(List<DataSlice> slices) throws IOException {
    List<FastaFragment> out = new ArrayList<>();
    for (DataSlice s : slices) {
      try (RecordReader<FastaFragment> r = Slices.newRecordReader(s, FastaFragment.class)) {
        while (r.advance()) {
          out.add(r.current());
        }
      }
    }
    return out;
  }

  static byte[] cat(List<DataSlice> slices) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (DataSlice s : slices) {
      try (InputStream in = Slices.openContent(s)) {
        in.transferTo(out);
      }
    }
    return out.toByteArray();
  }

  @Test
  void builtIndexEqualsSamtoolsFai() throws IOException {
    for (String f :
        List.of(
            "fasta/Homo_sapiens_assembly18.trimmed.fasta",
            "fasta/hg19mini.fasta",
            "fasta/dataplug_fasta_sample.fasta")) {
      CloudObject co = fasta(stage(f, false));
      Manifest m = co.preprocess();
      assertThat(m.attributes()).containsEntry("fai", "built");
      byte[] built =
          Files.readAllBytes(
              tmp.resolve(co.location().fileName() + ".dataplug")
                  .resolve(m.blobs().get("fai").name()));
      assertThat(new String(built, StandardCharsets.UTF_8))
          .as(f)
          .isEqualTo(Files.readString(SharedTestData.file(f + ".fai")));
    }
  }

  @Test
  void existingFaiIsImported() throws IOException {
    CloudObject co = fasta(stage("fasta/hg19mini.fasta", true));
    Manifest m = co.preprocess();
    assertThat(m.attributes().get("fai")).startsWith("imported ").endsWith("hg19mini.fasta.fai");
    // GROUND_TRUTH.md: 4 sequences, 64000 bp
    assertThat(co.indexSummary(FastaIndexSummary.class))
        .isEqualTo(new FastaIndexSummary(4, 64000, 64992));
  }

  @Test
  void bgzfFastaWithFaiAndGziNeedsNoPass() throws IOException {
    CloudObject co = fasta(stage("fasta/Homo_sapiens_assembly18.trimmed.fasta.gz", true));
    Manifest m = co.preprocess();
    assertThat(m.attributes().get("fai")).startsWith("imported ");
    assertThat(m.attributes().get("compression")).contains(".gzi imported");
    // GROUND_TRUTH.md: 2 sequences, 1016571 bp
    assertThat(co.attributes()).containsEntry("records", "2").containsEntry("bases", "1016571");
  }

  @Test
  void sequencesAndBasesStrategiesMatchSamtoolsFaidx() throws IOException {
    ExternalTools.require("samtools", "samtools");
    for (String f :
        List.of(
            "fasta/Homo_sapiens_assembly18.trimmed.fasta",
            "fasta/Homo_sapiens_assembly18.trimmed.fasta.gz",
            "fasta/dataplug_fasta_sample.fasta",
            "fasta/hg19mini.fasta")) {
      Path file = stage(f, true);
      CloudObject co = fasta(file);
      co.preprocess();
      byte[] content =
          f.endsWith(".gz")
              ? new GZIPInputStream(Files.newInputStream(file)).readAllBytes()
              : Files.readAllBytes(file);
      List<String> names = new ArrayList<>();
      for (String line : Files.readString(SharedTestData.file(f + ".fai")).split("\n")) {
        names.add(line.split("\t")[0]);
      }
      Map<String, String> truth = samtoolsSequences(file, names);
      long total = truth.values().stream().mapToLong(String::length).sum();
      for (int n : List.of(1, 2, 3, 7)) {
        List<DataSlice> slices = co.partition("sequences", n);
        List<FastaFragment> frags = fragments(slices);
        assertThat(frags).allMatch(x -> x.start() == 0);
        Map<String, String> got = new LinkedHashMap<>();
        frags.forEach(x -> got.put(x.name(), x.bases()));
        assertThat(got).as("%s sequences n=%d", f, n).isEqualTo(truth);
        assertThat(cat(slices)).as("%s cat, sequences n=%d", f, n).isEqualTo(content);
      }
      for (long per : List.of(total, total / 3 + 1, 7919L)) {
        List<DataSlice> slices = co.partition("bases", per);
        List<FastaFragment> frags = fragments(slices);
        assertThat(cat(slices)).as("%s cat, bases %d", f, per).isEqualTo(content);
        Map<String, StringBuilder> joined = new LinkedHashMap<>();
        for (FastaFragment x : frags) {
          StringBuilder sb = joined.computeIfAbsent(x.name(), k -> new StringBuilder());
          assertThat(x.start())
              .as("%s: %s starts where the previous part ended", f, x.name())
              .isEqualTo(sb.length());
          sb.append(x.bases());
        }
        assertThat(joined.keySet()).containsExactlyElementsOf(truth.keySet());
        joined.forEach(
            (k, v) -> assertThat(v.toString()).as("%s %s", f, k).isEqualTo(truth.get(k)));
        long summed = 0;
        for (DataSlice s : slices) {
          summed += Slices.summarize(s).get("bases");
          assertThat(Slices.toJson(s).length()).isLessThan(1024);
        }
        assertThat(summed).isEqualTo(total);
      }
      // a few fragments checked one by one against samtools faidx regions (1-based, inclusive)
      List<FastaFragment> parts = fragments(co.partition("bases", 100_003));
      for (FastaFragment x : parts.subList(0, Math.min(4, parts.size()))) {
        if (!x.bases().isEmpty()) {
          String region = x.name() + ":" + (x.start() + 1) + "-" + x.end();
          assertThat(x.bases())
              .as(region)
              .isEqualTo(bases(sh("samtools faidx " + q(file) + " '" + region + "'")));
        }
      }
    }
  }

  @Test
  void badFastaIsAClearError() throws IOException {
    Path notFasta = tmp.resolve("reads.fa");
    Files.writeString(notFasta, "@read\nACGT\n+\nIIII\n");
    CloudObject a =
        CloudObject.builder(notFasta.toString())
            .format("fasta")
            .storeConfig(StoreConfig.defaults())
            .build();
    assertThatThrownBy(a::preprocess)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed fasta data in "
                + a.location()
                + " at byte 0: a FASTA file must start with '>'");
    Path ragged = tmp.resolve("ragged.fa");
    Files.writeString(ragged, ">s1\nACGTACGT\nACG\nACGTACGT\n");
    CloudObject b = fasta(ragged);
    assertThatThrownBy(b::preprocess)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed fasta data in "
                + b.location()
                + " at byte 17: different line length in sequence 's1' (samtools faidx needs equal line lengths)");
  }
}
