package io.dataplug.formats.genomics.fastq;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import htsjdk.samtools.fastq.FastqRecord;
import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.Slices;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.testing.AbstractFormatContractTest;
import io.dataplug.testing.ContractCase;
import io.dataplug.testing.ExternalTools;
import io.dataplug.testing.PartitionContract;
import io.dataplug.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition contract for FASTQ on one place. Expected reads come from seqtk (its 4-line output
 * of the same file), counts and bases from GROUND_TRUTH.md; inputs are the shared fixtures and
 * wgsim reads compressed by gzip, pigz and bgzip.
 */
abstract class FastqContractSuite extends AbstractFormatContractTest {
  @TempDir Path tmp;

  /** GROUND_TRUTH.md: records and bases by seqtk comp. */
  private static final Object[][] SHARED = {
    {"fastq/fastp_R1.fq", 9L, 1208L},
    {"fastq/htsjdk_5k-30BB2AAXX.3.aligned.sam.fastq", 4952L, 376352L},
    {"fastq/htsjdk_solexa_full_range_as_solexa.fastq", 2L, 136L},
    {"fastq/cutadapt_illumina.fastq.gz", 100L, 10100L},
    {"fastq/cutadapt_small.fastq.gz", 3L, 102L}
  };

  @Override
  protected List<ContractCase> cases() throws IOException {
    List<ContractCase> cases = new ArrayList<>();
    for (Object[] c : SHARED) {
      Path file = SharedTestData.file((String) c[0]);
      byte[] content = file.toString().endsWith(".gz") ? gunzip(file) : Files.readAllBytes(file);
      List<String> reads = seqtkReads(file);
      assertThat(reads).hasSize((int) (long) (Long) c[1]);
      boolean gz = file.toString().endsWith(".gz");
      cases.add(
          ContractCase.bySliceCounts(
              (String) c[0],
              place ->
                  place
                      .object("fixtures/" + file.getFileName(), Files.readAllBytes(file))
                      .option("sample_reads", "1")
                      .build(),
              reads,
              content,
              List.of(1, 2, 3, 4, 7, 10),
              contract -> {
                PartitionContract n = contract.comparing(FastqContractSuite::normalize);
                return gz ? n.allowingExtraFetch(PartitionContract.GZIP_WINDOW_FETCH) : n;
              }));
    }
    return cases;
  }

  /**
   * Reads as seqtk parses them: "@name\nseq\n+\nqual". seqtk writes a read without quality (an
   * empty read) as a two-line FASTA record.
   */
  static List<String> seqtkReads(Path fastq) throws IOException {
    ExternalTools.require("seqtk", "seqtk");
    String out = sh("seqtk seq " + q(fastq));
    String[] lines = out.split("\n", -1);
    List<String> reads = new ArrayList<>();
    int i = 0;
    while (i < lines.length && !lines[i].isEmpty()) {
      if (lines[i].startsWith(">")) {
        reads.add("@" + lines[i].substring(1) + "\n" + lines[i + 1] + "\n+\n");
        i += 2;
      } else {
        reads.add(lines[i] + "\n" + lines[i + 1] + "\n+\n" + lines[i + 3]);
        i += 4;
      }
    }
    return reads;
  }

  /** The same form for our records. */
  static Object normalize(Object record) {
    if (record instanceof String expected) {
      return expected;
    }
    FastqRecord r = (FastqRecord) record;
    return "@" + r.getReadName() + "\n" + r.getReadString() + "\n+\n" + r.getBaseQualityString();
  }

  static byte[] gunzip(Path gz) throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  private CloudObject fastq(String name, Path file, String sampleReads) throws IOException {
    return place()
        .object(name, Files.readAllBytes(file))
        .option("sample_reads", sampleReads)
        .build();
  }

  @Test
  void sharedFixturesCountReadsAndBasesLikeSeqtk() throws IOException {
    for (Object[] c : SHARED) {
      Path file = SharedTestData.file((String) c[0]);
      CloudObject co = fastq("fixtures/" + file.getFileName(), file, "1");
      assertThat(co.format().id()).isEqualTo("fastq");
      co.preprocess();
      long records = 0;
      long bases = 0;
      for (DataSlice s : co.partition("slices", 4)) {
        Map<String, Long> m = Slices.summarize(s);
        records += m.get("records");
        bases += m.get("bases");
      }
      assertThat(records).as("%s reads", c[0]).isEqualTo(c[1]);
      assertThat(bases).as("%s bases", c[0]).isEqualTo(c[2]);
    }
  }

  @Test
  void wgsimReadsInEveryCompressionAndLayout() throws IOException {
    Path r1 = ExternalTools.wgsimPairs(tmp, 3_000, 150).get(0);
    Path wrapped = tmp.resolve("wrapped.fq");
    sh("seqtk seq -l 60 " + q(r1) + " > " + q(wrapped));
    Path crlf = tmp.resolve("crlf.fq");
    sh("sed 's/$/\\r/' " + q(r1) + " > " + q(crlf));
    List<String> reads = seqtkReads(r1);
    assertThat(reads).hasSize(3_000);
    assertThat(seqtkReads(wrapped)).isEqualTo(reads);
    for (Path plain : List.of(r1, wrapped, crlf)) {
      CloudObject co = fastq("plain/" + plain.getFileName(), plain, "100");
      PartitionContract.of(co, reads)
          .comparing(FastqContractSuite::normalize)
          .check(Files.readAllBytes(plain), List.of(1, 2, 5, 13, 31, 40));
    }
    for (String[] tool :
        new String[][] {
          {"gzip", "gzip", "gzip -c"},
          {"pigz", "pigz", "pigz -p 2 -c"},
          {"bgzip", "tabix", "bgzip -c"}
        }) {
      ExternalTools.require(tool[0], tool[1]);
      Path gz = tmp.resolve("r1." + tool[0] + ".fq.gz");
      sh(tool[2] + " " + q(wrapped) + " > " + q(gz));
      CloudObject co =
          place()
              .object("gz/" + gz.getFileName(), Files.readAllBytes(gz))
              .option("sample_reads", "100")
              .option("spacing", "16384")
              .build();
      PartitionContract contract =
          PartitionContract.of(co, reads)
              .comparing(FastqContractSuite::normalize)
              .allowingExtraFetch(PartitionContract.GZIP_WINDOW_FETCH);
      if (!tool[0].equals("bgzip")) {
        // Not within the usual bound, by a documented limit: gzip and pigz write one member whose
        // deflate blocks (a few hundred KB of FASTQ each) rarely end on a byte boundary, and a
        // slice can resume only at a byte-aligned one (or a member start), so a slice may read
        // from the start of the object: up to the object plus its window, per slice.
        contract =
            contract.allowingSliceFetch(
                Files.size(gz) + PartitionContract.GZIP_WINDOW_FETCH,
                "single-member gzip resumes only at byte-aligned deflate block boundaries");
      }
      contract.check(Files.readAllBytes(wrapped), List.of(1, 2, 5, 13, 31));
    }
  }

  @Test
  void bgzfFastPathFromBlockHeadersAndFromGzi() throws IOException {
    ExternalTools.require("bgzip", "tabix");
    Path r1 = ExternalTools.wgsimPairs(tmp, 4_000, 150).get(0);
    List<String> reads = seqtkReads(r1);
    sh("bgzip -i -k " + q(r1)); // writes r1.fq.gz and its index r1.fq.gz.gzi
    // staged without the .gzi, the block headers are read; staged with it, the .gzi is imported
    Path gz = tmp.resolve("r1.fq.gz");
    CloudObject scanned =
        place().object("scan/r1.fq.gz", Files.readAllBytes(gz)).option("spacing", "65536").build();
    PartitionContract.of(scanned, reads)
        .comparing(FastqContractSuite::normalize)
        .allowingExtraFetch(PartitionContract.GZIP_WINDOW_FETCH)
        .check(Files.readAllBytes(r1), List.of(1, 2, 5, 9, 30));
    assertThat(scanned.attributes().get("compression")).startsWith("bgzf (").doesNotContain("gzi");
    assertThat(scanned.attributes().get("index")).startsWith("bgzf blocks");
    assertThatThrownBy(() -> scanned.partition("reads", 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-o bgzf=full");

    // the block table found by chunks (some smaller than a block, so holding no block start)
    for (int count : List.of(2, 7, 16)) {
      CloudObject chunked =
          place()
              .object("chunked/r1.fq.gz", Files.readAllBytes(gz))
              .option("spacing", "65536")
              .build();
      chunked.preprocess(
          PreprocessOptions.force()
              .withChunks(
                  work -> {
                    List<io.dataplug.format.ParallelIndexing.ChunkSummary> out =
                        new java.util.ArrayList<>();
                    for (io.dataplug.format.ParallelIndexing.Chunk chunk : work) {
                      out.add(io.dataplug.Chunks.scan(chunk));
                    }
                    return out;
                  },
                  count));
      Map<String, String> a = chunked.attributes();
      assertThat(a)
          .containsEntry("index_pass", "parallel, " + count + " chunks")
          .containsEntry(
              "compression",
              scanned.attributes().get("compression").replace(")", ", found in parallel)"))
          .containsEntry("uncompressed_size", Long.toString(Files.size(r1)))
          .containsEntry("checkpoints", scanned.attributes().get("checkpoints"));
      PartitionContract.of(chunked, reads)
          .comparing(FastqContractSuite::normalize)
          .allowingExtraFetch(PartitionContract.GZIP_WINDOW_FETCH)
          .check(Files.readAllBytes(r1), List.of(1, 4, 11));
    }

    place().stage("gzi/r1.fq.gz.gzi", Files.readAllBytes(tmp.resolve("r1.fq.gz.gzi")));
    CloudObject imported =
        place().object("gzi/r1.fq.gz", Files.readAllBytes(gz)).option("spacing", "65536").build();
    PartitionContract.of(imported, reads)
        .comparing(FastqContractSuite::normalize)
        .allowingExtraFetch(PartitionContract.GZIP_WINDOW_FETCH)
        .check(Files.readAllBytes(r1), List.of(1, 3, 17));
    assertThat(imported.attributes().get("compression")).contains(".gzi imported");

    // wrapped reads cannot be found mid-stream: the fast path is declined and the full pass runs
    Path wrapped = tmp.resolve("wrapped.fq");
    sh(
        "seqtk seq -l 60 "
            + q(r1)
            + " > "
            + q(wrapped)
            + " && bgzip -c "
            + q(wrapped)
            + " > "
            + q(tmp.resolve("wrapped.fq.gz")));
    CloudObject full =
        place().object("wrapped.fq.gz", Files.readAllBytes(tmp.resolve("wrapped.fq.gz"))).build();
    full.preprocess();
    assertThat(full.attributes().get("bgzf")).startsWith("full pass");
    assertThat(full.attributes()).containsEntry("records", "4000");
  }

  @Test
  void readsPerSliceStrategyIsExactToTheSampling() throws IOException {
    Path r1 = ExternalTools.wgsimPairs(tmp, 2_000, 100).get(0);
    CloudObject co = fastq("reads.fq", r1, "50");
    co.preprocess();
    List<DataSlice> slices = co.partition("reads", 300);
    assertThat(slices).hasSize(7);
    long total = 0;
    for (DataSlice s : slices) {
      long n = Slices.countRecords(s);
      total += n;
      if (s.index() < slices.size() - 1) {
        assertThat(n).isBetween(275L, 325L);
      }
    }
    assertThat(total).isEqualTo(2_000);
  }

  @Test
  void readsLongerThan64KiB() throws IOException {
    ExternalTools.require("wgsim", "samtools");
    Path ref = SharedTestData.file("fasta/Homo_sapiens_assembly18.trimmed.fasta");
    Path r1 = tmp.resolve("long1.fq");
    sh(
        "wgsim -S 2 -N 12 -1 90000 -2 90000 -d 200000 -s 10 "
            + q(ref)
            + " "
            + q(r1)
            + " "
            + q(tmp.resolve("long2.fq"))
            + " > /dev/null");
    List<String> reads = seqtkReads(r1);
    assertThat(reads).hasSize(12);
    assertThat(reads.get(0).split("\n")[1].length()).isEqualTo(90000);
    CloudObject co = fastq("long.fq", r1, "1");
    PartitionContract.of(co, reads)
        .comparing(FastqContractSuite::normalize)
        .checkAllSliceCounts(Files.readAllBytes(r1));
  }

  @Test
  void badFastqIsAClearErrorWithTheOffset() throws IOException {
    String mismatch = "@r1\nACGT\n+\nIIII\n@r2\nACGT\n+\nIII\n@r3\nA\n+\nI\n";
    CloudObject a =
        place().object("mismatch.fq", mismatch.getBytes(StandardCharsets.US_ASCII)).build();
    assertThatThrownBy(a::preprocess)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed fastq data in "
                + a.location()
                + " at byte 34: sequence and quality lengths differ (sequence 4, quality 6)");
    CloudObject b =
        place()
            .object("notfastq.fq", ">seq\nACGT\n".getBytes(StandardCharsets.US_ASCII))
            .format("fastq")
            .build();
    assertThatThrownBy(b::preprocess)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed fastq data in "
                + b.location()
                + " at byte 4: a FASTQ record must start with '@', not '>'");
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(mismatch.getBytes(StandardCharsets.US_ASCII));
    }
    CloudObject d = place().object("mismatch.fq.gz", gz.toByteArray()).build();
    assertThatThrownBy(d::preprocess)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed fastq data in "
                + d.location()
                + " at byte 34: sequence and quality lengths differ (sequence 4, quality 6)");
    CloudObject c =
        place()
            .object(
                "truncated.fq",
                "@r1\nACGT\n+\nIIII\n@r2\nACGT\n+\nII".getBytes(StandardCharsets.US_ASCII))
            .build();
    assertThatThrownBy(c::preprocess)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed fastq data in "
                + c.location()
                + " at byte 16: the last FASTQ record is truncated (quality shorter than sequence)");
  }
}
