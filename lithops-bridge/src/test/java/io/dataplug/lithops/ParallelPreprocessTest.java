package io.dataplug.lithops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.index.Manifest;
import io.dataplug.storage.StoreConfig;
import io.dataplug.testing.PartitionContract;
import io.dataplug.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preprocessing as a map + reduce on the executor: chunks scanned in parallel, combined into an
 * index that keeps the partition contract. Expected lines from the JDK's line reading and GNU
 * grep's count in GROUND_TRUTH.md.
 */
class ParallelPreprocessTest {
  @TempDir Path dir;

  private static CloudObject object(Path file, String format) {
    return CloudObject.builder(file.toString())
        .format(format)
        .storeConfig(StoreConfig.defaults())
        .build();
  }

  @Test
  void textIndexedInChunksKeepsTheContract() throws IOException {
    Random random = new Random(1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      sb.append("x".repeat(random.nextInt(90))).append(i % 11 == 0 ? "\r\n" : "\n");
    }
    sb.append("no final newline");
    Path file = dir.resolve("lines.txt");
    Files.writeString(file, sb);
    List<String> lines = Files.readAllLines(file); // the JDK's reading of the lines
    for (String backend : List.of("localhost", "process")) {
      for (int chunks : List.of(2, 3, 7)) {
        CloudObject co = object(file, "text");
        Manifest m;
        try (FunctionExecutor executor =
            FunctionExecutor.builder()
                .backend(backend)
                .workers(2)
                .progress(FunctionExecutor.Progress.NEVER)
                .build()) {
          m = executor.preprocess(co, PreprocessOptions.force(), chunks);
        }
        assertThat(co.attributes())
            .containsEntry("index_pass", "parallel, " + chunks + " chunks")
            .containsEntry("records", Integer.toString(lines.size()));
        PartitionContract.of(co, lines).check(Files.readAllBytes(file), List.of(1, 2, 5, 13));
      }
    }
  }

  @Test
  void fastqIndexedInChunksStaysInLockstepWithItsMate() throws IOException {
    List<Path> mates = io.dataplug.testing.ExternalTools.wgsimPairs(dir, 6_000, 120);
    io.dataplug.testing.ExternalTools.require("seqtk", "seqtk");
    List<String> reads = new ArrayList<>();
    String[] lines =
        io.dataplug.testing.ExternalTools.sh(
                "seqtk seq " + io.dataplug.testing.ExternalTools.q(mates.get(0)))
            .split("\n");
    for (int i = 0; i + 3 < lines.length; i += 4) {
      reads.add(lines[i].substring(1));
    }
    CloudObject r1 =
        CloudObject.builder(mates.get(0).toString())
            .storeConfig(StoreConfig.defaults())
            .option("sample_reads", "100")
            .build();
    CloudObject r2 =
        CloudObject.builder(mates.get(1).toString())
            .storeConfig(StoreConfig.defaults())
            .option("sample_reads", "100")
            .build();
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      executor.preprocess(r1, PreprocessOptions.force(), 5);
      assertThat(r1.attributes())
          .containsEntry("index_pass", "parallel, 5 chunks")
          .containsEntry("records", "6000");
    }
    r2.preprocess(); // one pass: the same ordinal grid
    PartitionContract.of(r1, reads)
        .comparing(r -> r instanceof htsjdk.samtools.fastq.FastqRecord f ? f.getReadName() : r)
        .check(Files.readAllBytes(mates.get(0)), List.of(1, 3, 7, 20));
    var pairs = io.dataplug.formats.genomics.fastq.PairedReads.of(r1, r2);
    pairs.preprocess();
    long n = 0;
    for (var slice : pairs.partition(9)) {
      try (var reader = slice.newRecordReader()) {
        while (reader.advance()) {
          String a = reader.current()[0].getReadName();
          assertThat(reader.current()[1].getReadName())
              .isEqualTo(a.substring(0, a.length() - 2) + "/2");
          n++;
        }
      }
    }
    assertThat(n).isEqualTo(6000);

    Path wrapped = dir.resolve("wrapped.fq");
    io.dataplug.testing.ExternalTools.sh(
        "seqtk seq -l 50 "
            + io.dataplug.testing.ExternalTools.q(mates.get(0))
            + " > "
            + io.dataplug.testing.ExternalTools.q(wrapped));
    CloudObject w =
        CloudObject.builder(wrapped.toString()).storeConfig(StoreConfig.defaults()).build();
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      executor.preprocess(w, PreprocessOptions.force(), 4);
      assertThat(w.attributes()).doesNotContainKey("index_pass").containsEntry("records", "6000");
    }
  }

  @Test
  void vcfHeaderStaysInTheFirstChunk() throws IOException {
    // GROUND_TRUTH.md: 9965 records, 35 ## lines + the #CHROM line
    Path vcf = SharedTestData.file("vcf/HiSeq.10000.vcf");
    Path copy = dir.resolve("calls.vcf");
    Files.copy(vcf, copy);
    List<String> records = new ArrayList<>();
    for (String line : Files.readAllLines(copy, StandardCharsets.UTF_8)) {
      if (!line.startsWith("#")) {
        records.add(line);
      }
    }
    assertThat(records).hasSize(9965);
    CloudObject co = object(copy, "vcf");
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      executor.preprocess(co, PreprocessOptions.force(), 5);
      assertThat(co.attributes())
          .containsEntry("index_pass", "parallel, 5 chunks")
          .containsEntry("records", "9965");
      assertThat(co.attributes().get("header").lines().count()).isEqualTo(36);
    }
    PartitionContract.of(co, records).check(Files.readAllBytes(copy), List.of(1, 3, 8));
  }

  /** CSV written and counted by Python's csv module; chunks scanned on worker JVMs. */
  @Test
  void csvWithQuotedNewlinesIndexedInChunksOnWorkerProcesses() throws IOException {
    Path csv = dir.resolve("notes.csv");
    String rows =
        io.dataplug.testing.ExternalTools.sh(
                "python3 -c '"
                    + "import csv, random, sys\n"
                    + "r = random.Random(7)\n"
                    + "with open(sys.argv[1], \"w\", newline=\"\") as f:\n"
                    + "  w = csv.writer(f)\n"
                    + "  w.writerow([\"id\", \"note\"])\n"
                    + "  for i in range(20000):\n"
                    + "    w.writerow([i, \"\\n\".join(\"a,\\\"b\\\"\" * r.randint(0, 30) for _ in range(r.randint(1, 4)))])\n"
                    + "with open(sys.argv[1], newline=\"\") as f:\n"
                    + "  print(sum(1 for _ in csv.reader(f)) - 1)\n"
                    + "' "
                    + io.dataplug.testing.ExternalTools.q(csv))
            .trim();
    assertThat(Files.readString(csv)).contains("\n\"");
    CloudObject co = object(csv, "csv");
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("process")
            .workers(2)
            .progress(FunctionExecutor.Progress.NEVER)
            .build()) {
      executor.preprocess(co, PreprocessOptions.force(), 6);
      assertThat(co.attributes())
          .containsEntry("index_pass", "parallel, 6 chunks")
          .containsEntry("records", rows);
      long counted = 0;
      for (long n :
          executor.getResult(
              executor.map(io.dataplug.Slices::countRecords, co.partition("slices", 9)))) {
        counted += n;
      }
      assertThat(counted).isEqualTo(Long.parseLong(rows));
    }
  }
}
