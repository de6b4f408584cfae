package io.dataplug.cli;

import static io.dataplug.cli.CommandLineIT.run;
import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataplug.cli.CommandLineIT.Run;
import io.dataplug.storage.IoStats;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.StoreConfig;
import io.dataplug.testing.ExternalTools;
import io.dataplug.testing.FaultProxy;
import io.dataplug.testing.FaultProxy.Fault;
import io.dataplug.testing.FaultProxy.Rates;
import io.dataplug.testing.S3TestServer;
import io.dataplug.testing.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole {@code dataplug} jobs of every format, each from a fresh index, through a proxy that
 * injects the faults of the field report into every kind of request (HEAD, range and whole-object
 * GETs, PUTs of the index, lists): 15% {@code 503 SlowDown}, 5% {@code 500}, 10% responses cut
 * half-way then reset, and 5% delayed. Every job must give the exact answer: the counts of
 * GROUND_TRUTH.md (seqtk, samtools, bcftools/awk, laszip4j, copc.js), Python's csv module for CSV,
 * and for {@code cat} the object's bytes (decompressed by gzip where compressed). The faults are
 * drawn from fixed seeds, so a run is reproducible.
 */
class FaultyJobsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /**
   * One job: an object, the command-line options that pick its format, the counts {@code count}
   * must print, and the bytes {@code cat} must write (null for point clouds, whose slices are not
   * runs of bytes).
   */
  record Job(Path file, List<String> options, Map<String, Long> counts, byte[] catBytes) {}

  private List<Job> jobs() throws IOException {
    List<Job> jobs = new ArrayList<>();
    // GROUND_TRUTH.md: 9965 records after 35 ## lines and the #CHROM line
    Path vcf = SharedTestData.file("vcf/HiSeq.10000.vcf");
    byte[] vcfBytes = Files.readAllBytes(vcf);
    jobs.add(new Job(vcf, List.of("--format", "text"), Map.of("records", 10_001L), vcfBytes));
    jobs.add(new Job(vcf, List.of(), Map.of("records", 9965L), vcfBytes));
    Path bgz = SharedTestData.file("vcf/HiSeq.10000.vcf.bgz");
    jobs.add(new Job(bgz, List.of(), Map.of("records", 9965L), gunzip(bgz)));
    // GROUND_TRUTH.md (seqtk comp): 4952 reads, 376352 bases; gzip compresses it as one member
    Path fastq = SharedTestData.file("fastq/htsjdk_5k-30BB2AAXX.3.aligned.sam.fastq");
    Map<String, Long> reads = Map.of("records", 4952L, "bases", 376_352L);
    jobs.add(new Job(fastq, List.of(), reads, Files.readAllBytes(fastq)));
    Path fqGz = dir.resolve("reads.fq.gz");
    sh("gzip -c " + q(fastq) + " > " + q(fqGz));
    jobs.add(new Job(fqGz, List.of("--option", "spacing=65536"), reads, Files.readAllBytes(fastq)));
    // GROUND_TRUTH.md (samtools faidx): 4 sequences of 64000 bp; the BGZF one 2 of 1016571 bp
    Path fasta = SharedTestData.file("fasta/hg19mini.fasta");
    jobs.add(
        new Job(
            fasta, List.of(), Map.of("records", 4L, "bases", 64_000L), Files.readAllBytes(fasta)));
    Path faGz = SharedTestData.file("fasta/Homo_sapiens_assembly18.trimmed.fasta.gz");
    jobs.add(new Job(faGz, List.of(), Map.of("records", 2L, "bases", 1_016_571L), gunzip(faGz)));
    Path csv = randomCsv(dir.resolve("table.csv"));
    jobs.add(
        new Job(
            csv, List.of(), Map.of("records", pythonCsvRows(csv) - 1), Files.readAllBytes(csv)));
    // GROUND_TRUTH.md (laszip4j; copc.js + laz-perf): 110000 points; 518862 points
    Map<String, Long> autzen = Map.of("records", 110_000L);
    jobs.add(new Job(SharedTestData.file("las/autzen_trim.las"), List.of(), autzen, null));
    jobs.add(new Job(SharedTestData.file("laz/autzen_trim.laz"), List.of(), autzen, null));
    jobs.add(
        new Job(
            SharedTestData.file("copc/lone-star.copc.laz"),
            List.of(),
            Map.of("records", 518_862L),
            null));
    return jobs;
  }

  @Test
  void everyFormatGivesTheExactAnswerThroughFaultsAtTheReportedRates() throws IOException {
    String bucket = S3TestServer.newBucket("faulty-jobs");
    List<Job> jobs = jobs();
    try (FaultProxy proxy = FaultProxy.random(S3TestServer.port(), 11, Rates.ISSUE)) {
      String endpoint = proxy.endpoint();
      long retries = 0;
      int done = 0;
      for (Job job : jobs) {
        String uri = "s3://" + bucket + "/" + done + "/" + job.file().getFileName();
        S3TestServer.store().put(ObjectLocation.of(uri), job.file());
        List<String> args = new ArrayList<>(List.of("count", uri, "--slices", "4"));
        args.addAll(job.options());
        args.addAll(List.of("--endpoint", endpoint));
        Run count = run(args.toArray(String[]::new));
        assertThat(count.code()).as("%s: %s", uri, count.err()).isZero();
        JsonNode json = JSON.readTree(count.lastLine());
        job.counts()
            .forEach(
                (k, v) -> assertThat(json.get(k).asLong()).as("%s of %s", k, uri).isEqualTo(v));
        retries += json.get("retries").asLong();
        System.out.println(count.lastLine());
        if (job.catBytes() != null) {
          args.set(0, "cat");
          byte[] out = catBytes(args);
          assertThat(out).as("cat %s", uri).isEqualTo(job.catBytes());
        }
        done++;
      }
      assertThat(done).isEqualTo(jobs.size());
      IoStats stats =
          ObjectStores.shared(
                  ObjectLocation.of("s3://" + bucket + "/x"),
                  StoreConfig.fromEnvironment().withEndpoint(endpoint))
              .stats();
      System.out.print(proxy.summary());
      System.out.println("in-process store: " + stats);
      assertThat(stats.resumes()).as("reads resumed by preprocessing and cat").isPositive();
      assertThat(retries).as("retries reported by count").isPositive();
      List<Fault> faults =
          List.of(Fault.SLOW_DOWN_503, Fault.ERROR_500, Fault.RESET_MID_BODY, Fault.SLOW);
      for (String method : List.of("GET", "HEAD")) {
        for (Fault f : faults) {
          assertThat(proxy.injected(f, method)).as("%s on %s", f, method).isPositive();
        }
      }
      // the index is a few small PUTs per job: some of them fail too
      assertThat(faults.stream().mapToInt(f -> proxy.injected(f, "PUT")).sum())
          .as("faults on PUT")
          .isPositive();
    }
  }

  /** {@code cat} writes raw bytes: run it with standard output captured as bytes. */
  private static byte[] catBytes(List<String> args) {
    PrintStream out = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(bytes, true));
      int code = Main.run(args.toArray(String[]::new));
      assertThat(code).as("cat %s", args).isZero();
    } finally {
      System.setOut(out);
    }
    return bytes.toByteArray();
  }

  private static byte[] gunzip(Path file) throws IOException {
    Path out = Files.createTempFile("gunzip", ".out");
    try {
      sh("gzip -dc " + q(file) + " > " + q(out));
      return Files.readAllBytes(out);
    } finally {
      Files.delete(out);
    }
  }

  /** A CSV with a header and quoted fields holding commas, quotes and newlines. */
  private static Path randomCsv(Path file) throws IOException {
    Random random = new Random(5);
    String[] pieces = {"plain", "a,b", "say \"\"hi\"\"", "two\nlines", "", "ünï", "12.5"};
    StringBuilder sb = new StringBuilder("id,name,note\n");
    for (int i = 0; i < 20_000; i++) {
      sb.append(i);
      for (int c = 0; c < 2; c++) {
        String p = pieces[random.nextInt(pieces.length)];
        boolean quote = p.contains(",") || p.contains("\"") || p.contains("\n");
        sb.append(',').append(quote ? "\"" + p + "\"" : p);
      }
      sb.append('\n');
    }
    Files.writeString(file, sb, StandardCharsets.UTF_8);
    return file;
  }

  /** Rows of a CSV file (header included) as Python's csv module reads them. */
  private static long pythonCsvRows(Path csv) throws IOException {
    ExternalTools.require("python3", "python3");
    return Long.parseLong(
        sh("python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1],"
                + " newline=\"\", encoding=\"utf-8\"))))' "
                + q(csv))
            .strip());
  }
}
