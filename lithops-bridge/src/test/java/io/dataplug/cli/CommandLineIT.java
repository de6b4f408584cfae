package io.dataplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataplug.Slices;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.testing.PartitionContract;
import io.dataplug.testing.S3TestServer;
import io.dataplug.testing.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dataplug} command end to end, in-process, against local files and a real S3-compatible
 * server (S3Proxy on 127.0.0.1). Record counts come from GROUND_TRUTH.md of the shared fixtures.
 */
class CommandLineIT {
  @TempDir Path dir;

  /** What one run printed, and its exit code. */
  record Run(int code, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static String endpoint() {
    return S3TestServer.config().endpoint();
  }

  private static String upload(Path file, String key) throws IOException {
    String bucket = S3TestServer.newBucket("cli");
    String uri = "s3://" + bucket + "/" + key;
    Run cp = run("cp", file.toString(), uri, "--endpoint", endpoint());
    assertThat(cp.code()).as(cp.err()).isZero();
    return uri;
  }

  @Test
  void countOnS3GivesTheGroundTruthAndJsonLastLine() throws IOException {
    // GROUND_TRUTH.md: HiSeq.10000.vcf has 9965 records and 35 ## lines, plus the #CHROM line.
    Path vcf = SharedTestData.file("vcf/HiSeq.10000.vcf");
    String uri = upload(vcf, "calls/HiSeq.10000.vcf");
    Run r =
        run(
            "count",
            uri,
            "--format",
            "text",
            "--slices",
            "8",
            "--workers",
            "2",
            "--endpoint",
            endpoint());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastLine());
    assertThat(json.get("records").asLong()).isEqualTo(9965 + 35 + 1);
    assertThat(json.get("format").asText()).isEqualTo("text");
    assertThat(json.get("slices").asInt()).isEqualTo(8);
    assertThat(json.get("bytes_read").asLong()).isEqualTo(Files.size(vcf));
    assertThat(json.get("requests").asLong()).isEqualTo(8);
    assertThat(json.has("seconds")).isTrue();
    // the index was written alongside the object in the bucket
    assertThat(
            S3TestServer.store()
                .metadata(ObjectLocation.of(uri + ".dataplug/manifest.json"))
                .size())
        .isPositive();
  }

  @Test
  void catReproducesTheObjectForEveryNumberOfSlices() throws IOException {
    Path fastq = SharedTestData.file("fastq/fastp_R1.fq"); // no trailing newline, an empty sequence
    String uri = upload(fastq, "fastp_R1.fq");
    byte[] original = Files.readAllBytes(fastq);
    for (int n : List.of(1, 2, 3, 7, 40)) {
      Run r =
          run(
              "cat",
              uri,
              "--format",
              "text",
              "--slices",
              String.valueOf(n),
              "--endpoint",
              endpoint());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out().getBytes(StandardCharsets.UTF_8)).as("n=%d", n).isEqualTo(original);
    }
  }

  @Test
  void partitionSaysItPreprocessedAndPrintsATable() throws IOException {
    Path file = dir.resolve("table.csv");
    Files.writeString(file, "a,b\n" + "1,2\n".repeat(1000));
    Run first = run("partition", file.toString(), "--slices", "3");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.err()).contains("had no index, so it was preprocessed first");
    List<String> lines = first.out().lines().toList();
    assertThat(lines.get(0)).endsWith(": 3 slices (csv)");
    assertThat(lines.get(1).split("\\s+")).contains("slice", "ranges", "span", "bytes", "hint");
    assertThat(lines.subList(2, lines.size()))
        .hasSize(3)
        .allSatisfy(
            line ->
                assertThat(line)
                    .matches("\\s+\\d+\\s+1\\s+\\[\\d+, \\d+\\)\\s+[\\d,]+\\s+\\{.*\\}"));
    Run again = run("partition", file.toString(), "--slices", "3");
    assertThat(again.err()).as("the index is there now").isEmpty();
  }

  @Test
  void partitionJsonGivesOneSliceAJsonLine() throws IOException {
    Path file = dir.resolve("rows.csv");
    Files.writeString(file, "a,b\n" + "1,\"x\ny\"\n".repeat(500));
    Run r = run("partition", file.toString(), "--slices", "5", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(5);
    long records = 0;
    for (String line : lines) {
      DataSlice slice = Slices.fromJson(line);
      assertThat(slice.format()).isEqualTo("csv");
      records += Slices.countRecords(slice);
    }
    // Python's csv module counts the data rows independently (header excluded)
    io.dataplug.testing.ExternalTools.require("python3", "python3");
    String rows =
        io.dataplug.testing.ExternalTools.sh(
                "python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=\"\"))) - 1)' "
                    + io.dataplug.testing.ExternalTools.q(file))
            .strip();
    assertThat(records).isEqualTo(Long.parseLong(rows)).isEqualTo(500);
  }

  @Test
  void preprocessForceAndFormats() throws IOException {
    Path file = dir.resolve("p.txt");
    Files.writeString(file, "1\n2\n3\n");
    Run first = run("preprocess", file.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("text index in file:" + file.toAbsolutePath() + ".dataplug/", "records: 3");
    assertThat(run("preprocess", file.toString(), "--force").code()).isZero();
    assertThat(run("formats").out())
        .contains(
            "csv",
            "text",
            "--strategy slices",
            "--strategy bytes",
            "--strategy tiles",
            "--buffer D",
            "--level D",
            "--resolution R")
        .doesNotContain("--strategy buffer", "--strategy bbox", "--strategy level");
  }

  @Test
  void errorsAreOneLineWithNonZeroExit() throws IOException {
    Path file = dir.resolve("e.txt");
    Files.writeString(file, "x\n");
    Run unknownFormat = run("count", file.toString(), "--format", "nope");
    assertThat(unknownFormat.code()).as("a usage error").isEqualTo(2);
    assertThat(unknownFormat.err())
        .startsWith("dataplug count: Unknown format 'nope' (known: copc, csv, fasta, fastq, las, ")
        .endsWith(") (see 'dataplug count --help')\n");
    Run missing = run("count", dir.resolve("missing.txt").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err())
        .isEqualTo(
            "dataplug count: error: Object does not exist: file:"
                + dir.resolve("missing.txt").toAbsolutePath()
                + "\n");
    Run zero = run("count", file.toString(), "--slices", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err())
        .isEqualTo(
            "dataplug count: --slices must be at least 1 (got 0) (see 'dataplug count --help')\n");
    Run missingKey =
        run(
            "count",
            "s3://" + S3TestServer.newBucket("cli-err") + "/nope.txt",
            "--endpoint",
            endpoint());
    assertThat(missingKey.code()).isEqualTo(1);
    assertThat(missingKey.err())
        .startsWith("dataplug count: error: Object does not exist: s3://")
        .doesNotContain("\tat ");
    Run verbose = run("count", dir.resolve("missing.txt").toString(), "--verbose");
    assertThat(verbose.err()).contains("\tat ");
  }

  /**
   * A damaged index (here: a manifest cut in half on S3) is one line naming it and the rebuild
   * command; only {@code preprocess --force} rebuilds it, after which the count is the ground truth
   * again (GROUND_TRUTH.md: 9965 records, 35 ## lines and the #CHROM line).
   */
  @Test
  void damagedIndexIsOneLineAndPreprocessForceRebuildsIt() throws IOException {
    String uri = upload(SharedTestData.file("vcf/HiSeq.10000.vcf"), "damaged/HiSeq.10000.vcf");
    Run built = run("preprocess", uri, "--format", "text", "--endpoint", endpoint());
    assertThat(built.code()).as(built.err()).isZero();
    ObjectLocation manifest = ObjectLocation.of(uri + ".dataplug/manifest.json");
    byte[] good;
    try (var reader = S3TestServer.store().newReader(manifest, null)) {
      good = reader.readFully(new io.dataplug.storage.ByteRange(0, reader.size()));
    }
    S3TestServer.store().put(manifest, java.util.Arrays.copyOf(good, good.length / 2));
    String expected = "error: Damaged index " + manifest + " (not a valid manifest: ";
    String rebuild = "; rebuild it with: dataplug preprocess --force --format text " + uri + "\n";
    for (String command : List.of("count", "partition", "preprocess")) {
      Run r = run(command, uri, "--format", "text", "--endpoint", endpoint());
      assertThat(r.code()).as(command).isEqualTo(1);
      assertThat(r.err())
          .as(command)
          .startsWith("dataplug " + command + ": " + expected)
          .endsWith(rebuild)
          .hasLineCount(1);
    }
    Run force = run("preprocess", uri, "--format", "text", "--force", "--endpoint", endpoint());
    assertThat(force.code()).as(force.err()).isZero();
    Run count = run("count", uri, "--format", "text", "--slices", "4", "--endpoint", endpoint());
    assertThat(count.code()).as(count.err()).isZero();
    assertThat(new ObjectMapper().readTree(count.lastLine()).get("records").asLong())
        .isEqualTo(9965 + 35 + 1);
  }

  /** Option typos are usage errors listing the known options; a different option says how. */
  @Test
  void formatOptionsAreCheckedInCommandLineWords() throws IOException {
    Path file = dir.resolve("opts.csv");
    Files.writeString(file, "a;b\n1;2\n3;4\n");
    Run typo = run("count", file.toString(), "--format", "csv", "-o", "seperator=;");
    assertThat(typo.code()).as("a usage error").isEqualTo(2);
    assertThat(typo.err())
        .isEqualTo(
            "dataplug count: Unknown option 'seperator' for format csv (it has: separator, quote,"
                + " header, compression, spacing) (see 'dataplug count --help')\n");
    Run detected = run("count", file.toString(), "-o", "seperator=;");
    assertThat(detected.code()).as("a usage error, found once the format is detected").isEqualTo(2);
    assertThat(detected.err())
        .isEqualTo(
            "dataplug count: error: Unknown option 'seperator' for format csv (it has: separator,"
                + " quote, header, compression, spacing)\n");
    assertThat(Files.exists(dir.resolve("opts.csv.dataplug"))).as("nothing stored").isFalse();
    Run semicolon = run("count", file.toString(), "-o", "separator=;");
    assertThat(semicolon.code()).as(semicolon.err()).isZero();
    Run same = run("count", file.toString(), "-o", "separator=;", "-o", "quote=\"");
    assertThat(same.code()).as("a default-valued option reuses the index").isZero();
    assertThat(same.err()).doesNotContain("preprocessed first");
    Run other = run("count", file.toString());
    assertThat(other.code()).isEqualTo(1);
    assertThat(other.err())
        .isEqualTo(
            "dataplug count: error: The index of file:"
                + file.toAbsolutePath()
                + " was built with -o 'separator=;', but this command asks for no -o separator"
                + " (default ,): rebuild it with: dataplug preprocess --force file:"
                + file.toAbsolutePath()
                + ", or use the index as built with -o 'separator=;'\n");
  }

  @Test
  void usageErrorsAndUnreadableInputsAreOneLine() throws IOException {
    Run unknownCommand = run("cuont", "x.txt");
    assertThat(unknownCommand.code()).as("a usage error").isEqualTo(2);
    assertThat(unknownCommand.err())
        .isEqualTo(
            "dataplug: unknown command 'cuont' (did you mean 'count' or 'partition'?) (see"
                + " 'dataplug --help')\n");
    Path file = dir.resolve("lines.txt");
    Files.writeString(file, "a\nb\n");
    Run unknownStrategy = run("count", file.toString(), "--strategy", "nope");
    assertThat(unknownStrategy.code()).as("a usage error").isEqualTo(2);
    assertThat(unknownStrategy.err())
        .startsWith("dataplug count: Unknown strategy 'nope' (known: slices, bytes, ")
        .endsWith(") (see 'dataplug count --help')\n");
    Run otherFormats = run("count", file.toString(), "--strategy", "tiles");
    assertThat(otherFormats.code()).as("a usage error, found before preprocessing").isEqualTo(2);
    assertThat(otherFormats.err())
        .isEqualTo(
            "dataplug count: Format text does not support 'tiles' (it supports: slices, bytes,"
                + " records) (see 'dataplug count --help')\n");
    assertThat(Files.exists(dir.resolve("lines.txt.dataplug"))).as("not preprocessed").isFalse();
    Run directory = run("count", dir.toString());
    assertThat(directory.code()).isEqualTo(1);
    assertThat(directory.err())
        .isEqualTo(
            "dataplug count: error: Object is a directory, not a file: file:"
                + dir.toAbsolutePath()
                + " (name a file in it)\n");
    String bucket = S3TestServer.newBucket("cli-words");
    Run noKey = run("count", "s3://" + bucket + "/", "--endpoint", endpoint());
    assertThat(noKey.code()).isEqualTo(1);
    assertThat(noKey.err())
        .isEqualTo(
            "dataplug count: error: Bucket, not an object: s3://"
                + bucket
                + "/ (name an object: s3://"
                + bucket
                + "/KEY)\n");
    String missing = "no-such-bucket-" + System.nanoTime();
    Run noBucket = run("count", "s3://" + missing + "/x.txt", "--endpoint", endpoint());
    assertThat(noBucket.code()).isEqualTo(1);
    assertThat(noBucket.err())
        .isEqualTo(
            "dataplug count: error: Bucket "
                + missing
                + " does not exist: s3://"
                + missing
                + "/x.txt\n");
  }

  @Test
  void refusedUploadsAndMissingCredentialsSayWhy() throws IOException {
    Path big = dir.resolve("big.bin");
    byte[] data = new byte[3 << 20];
    new java.util.Random(3).nextBytes(data);
    Files.write(big, data);
    String missing = "no-such-bucket-" + System.nanoTime();
    Run noBucket = run("cp", big.toString(), "s3://" + missing + "/", "--endpoint", endpoint());
    assertThat(noBucket.code()).isEqualTo(1);
    // on a slow machine a retry of the cut-off upload may be logged as a warning before it
    assertThat(noBucket.err().lines().filter(l -> !l.contains("WARN")))
        .containsExactly(
            "dataplug cp: error: Bucket "
                + missing
                + " does not exist: s3://"
                + missing
                + "/big.bin");
    String bucket = S3TestServer.newBucket("cli-refused");
    String key = System.getProperty("aws.accessKeyId");
    String secret = System.getProperty("aws.secretAccessKey");
    try {
      System.setProperty("aws.secretAccessKey", "wrong-secret");
      Run refused = run("cp", big.toString(), "s3://" + bucket + "/", "--endpoint", endpoint());
      assertThat(refused.code()).isEqualTo(1);
      // the retries of the cut-off upload are logged as warnings before it
      assertThat(refused.err().lines().filter(l -> l.startsWith("dataplug")))
          .singleElement()
          .asString()
          .startsWith("dataplug cp: error: Access denied to s3://" + bucket + "/big.bin: HTTP 403");
      assertThat(refused.err()).doesNotContain("Broken pipe");
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
      Run noCredentials =
          run(
              "count",
              "s3://" + bucket + "/x.txt",
              "--endpoint",
              endpoint(),
              "--region",
              "eu-north-1");
      assertThat(noCredentials.code()).isEqualTo(1);
      assertThat(noCredentials.err())
          .startsWith("dataplug count: error: No AWS credentials to reach s3://" + bucket + "/")
          .endsWith(
              ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in"
                  + " ~/.aws/credentials\n");
    } finally {
      System.setProperty("aws.accessKeyId", key);
      System.setProperty("aws.secretAccessKey", secret);
    }
  }

  @Test
  void badCredentialsAreAClearError() throws IOException {
    String uri = upload(SharedTestData.file("fastq/fastp_R1.fq"), "creds.fq");
    String secret = System.getProperty("aws.secretAccessKey");
    System.setProperty("aws.secretAccessKey", "wrong-secret");
    try {
      // another region makes a fresh client, which resolves the credential chain anew
      Run r =
          run("count", uri, "--format", "text", "--endpoint", endpoint(), "--region", "eu-west-3");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err())
          .startsWith("dataplug count: error: Access denied to " + uri)
          .contains("HTTP 403");
      assertThat(r.err().lines().count()).isEqualTo(1);
    } finally {
      System.setProperty("aws.secretAccessKey", secret);
    }
  }

  /**
   * A BGZF VCF of 509,250 bytes cut into 32 slices: the index has a point at every block, fewer
   * than 32 of them are useful, so the count says once that it made fewer slices, and all of them
   * together fetch no more than the contract kit allows (the object + 5% + 96 KiB a slice asked
   * for); before, every slice re-read from a 1 MiB checkpoint and 7.7 MB were fetched.
   */
  @Test
  void countOfASmallBgzfVcfInManySlicesFetchesOnlyItsBytesAndSaysItMadeFewer() throws IOException {
    // GROUND_TRUTH.md: HiSeq.10000.vcf.bgz has 9965 records (bcftools)
    Path bgz = SharedTestData.file("vcf/HiSeq.10000.vcf.bgz");
    String uri = upload(bgz, "calls/HiSeq.10000.vcf.bgz");
    Run r = run("count", uri, "--slices", "32", "--endpoint", endpoint());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastLine());
    assertThat(json.get("records").asLong()).isEqualTo(9965);
    int slices = json.get("slices").asInt();
    assertThat(slices).isBetween(2, 31);
    assertThat(r.err().lines().filter(l -> l.contains("slices asked")).toList())
        .containsExactly(
            "dataplug: 32 slices asked, "
                + slices
                + " made: the index of "
                + uri
                + " has no more useful cut points (more slices would be empty)");
    long size = Files.size(bgz);
    assertThat(json.get("bytes_read").asLong())
        .isLessThanOrEqualTo(size + size / 20 + 32 * PartitionContract.SLICE_FETCH_ALLOWANCE);
  }

  /** An index an older dataplug wrote (an older layout version of the format) is rebuilt. */
  @Test
  void countRebuildsAnIndexOfAnOlderLayout() throws IOException {
    Path file = dir.resolve("old.txt");
    Files.writeString(file, "x\n".repeat(1000));
    assertThat(run("preprocess", file.toString()).code()).isZero();
    Path manifest = dir.resolve("old.txt.dataplug/manifest.json");
    String json = Files.readString(manifest);
    // an older dataplug also wrote no checksums and no generation
    String older =
        json.replaceFirst("(?<key>\"format_version\"\\s*:\\s*)\\d+", "${key}1")
            .replaceFirst(",?\\s*\"checksum\"\\s*:\\s*\"crc32c:[0-9a-f]{8}\"", "")
            .replaceAll(",?\\s*\"crc32c\"\\s*:\\s*\\d+", "")
            .replaceFirst(",?\\s*\"generation\"\\s*:\\s*\"[0-9a-f]+\"", "");
    assertThat(older).isNotEqualTo(json);
    Files.writeString(manifest, older);
    Run r = run("count", file.toString(), "--slices", "4");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("was built by an older dataplug", "so it was rebuilt");
    assertThat(new ObjectMapper().readTree(r.lastLine()).get("records").asLong()).isEqualTo(1000);
    assertThat(Files.readString(manifest)).isNotEqualTo(older);
  }

  @Test
  void countReportsReadsAndBasesOfFastqGz() throws IOException {
    // GROUND_TRUTH.md: cutadapt_illumina.fastq.gz has 100 reads and 10100 bases (seqtk comp)
    String uri =
        upload(SharedTestData.file("fastq/cutadapt_illumina.fastq.gz"), "illumina.fastq.gz");
    Run r = run("count", uri, "--slices", "3", "--endpoint", endpoint());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastLine());
    assertThat(json.get("format").asText()).isEqualTo("fastq");
    assertThat(json.get("records").asLong()).isEqualTo(100);
    assertThat(json.get("bases").asLong()).isEqualTo(10100);
  }

  @Test
  void countsThePointsOfALazInTiles() throws IOException {
    // GROUND_TRUTH.md: autzen_trim.laz holds 110,000 points (laszip4j)
    String uri = upload(SharedTestData.file("laz/autzen_trim.laz"), "lidar/autzen_trim.laz");
    Run r = run("count", uri, "--tiles", "4", "--buffer", "15", "--endpoint", endpoint());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastLine());
    assertThat(json.get("format").asText()).isEqualTo("las");
    assertThat(json.get("strategy").asText()).isEqualTo("buffer");
    assertThat(json.get("slices").asInt()).isEqualTo(4);
    assertThat(json.get("records").asLong()).isEqualTo(110_000);
    assertThat(json.get("buffer_points").asLong()).isPositive();
    // GROUND_TRUTH.md: bounds (636001.760, 848935.200, 406.260) → (637179.220, 849497.900, 520.510)
    JsonNode bounds = json.get("bounds");
    org.assertj.core.data.Offset<Double> mm = org.assertj.core.data.Offset.offset(0.0005);
    assertThat(bounds.get("min_x").asDouble()).isCloseTo(636001.760, mm);
    assertThat(bounds.get("min_y").asDouble()).isCloseTo(848935.200, mm);
    assertThat(bounds.get("min_z").asDouble()).isCloseTo(406.260, mm);
    assertThat(bounds.get("max_x").asDouble()).isCloseTo(637179.220, mm);
    assertThat(bounds.get("max_y").asDouble()).isCloseTo(849497.900, mm);
    assertThat(bounds.get("max_z").asDouble()).isCloseTo(520.510, mm);
  }

  /**
   * {@code tile} writes one LAS file per tile, each valid for laszip4j's own reader (header count,
   * by-return counts and bounds = what it decodes from the file); the tiles' own points together
   * are the source's points as laszip4j decodes them, each once; buffer points are the withheld
   * ones. A second run writes into the bucket from worker processes.
   */
  @Test
  void tileWritesOneLasFileATileThatLaszip4jReads() throws Exception {
    Path source = SharedTestData.file("laz/autzen_trim.laz");
    String uri = upload(source, "lidar/autzen_trim.laz");
    Path out = dir.resolve("tiles");
    Run r =
        run(
            "tile",
            uri,
            "--tiles",
            "4",
            "--buffer",
            "5",
            "--out",
            out.toString(),
            "--workers",
            "2",
            "--endpoint",
            endpoint());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastLine());
    assertThat(json.get("format").asText()).isEqualTo("las");
    assertThat(json.get("slices").asInt()).isEqualTo(4);
    // GROUND_TRUTH.md: 110,000 points (laszip4j)
    assertThat(json.get("points").asLong()).isEqualTo(110_000);
    assertThat(json.get("buffer_points").asLong()).isPositive();
    assertThat(json.get("bytes_read").asLong()).isPositive();
    assertThat(json.get("files")).hasSize(4);
    java.util.Map<String, Integer> want = LaszipOracle.keys(source, -1);
    java.util.Map<String, Integer> own = new java.util.HashMap<>();
    long buffered = 0;
    for (JsonNode f : json.get("files")) {
      Path file = ObjectLocation.of(f.get("location").asText()).localPath().orElseThrow();
      assertThat(file.getParent()).isEqualTo(out.toAbsolutePath());
      assertThat(file.getFileName().toString()).matches("tile_[0-3]\\.las");
      long points = f.get("points").asLong();
      long buffer = f.get("buffer_points").asLong();
      LaszipOracle.assertHeaderMatchesPoints(file, points + buffer);
      assertThat(LaszipOracle.keys(file, 1).values().stream().mapToLong(Integer::longValue).sum())
          .as("withheld points of %s", file)
          .isEqualTo(buffer);
      LaszipOracle.keys(file, 0).forEach((k, v) -> own.merge(k, v, Integer::sum));
      buffered += buffer;
    }
    assertThat(own).as("own points of all tiles").isEqualTo(want);
    assertThat(buffered).isEqualTo(json.get("buffer_points").asLong());

    String bucket = S3TestServer.newBucket("tiles");
    Run s3 =
        run(
            "tile",
            upload(SharedTestData.file("laz/simple.laz"), "simple.laz"),
            "--tiles",
            "2",
            "--out",
            "s3://" + bucket + "/out",
            "--backend",
            "process",
            "--endpoint",
            endpoint());
    assertThat(s3.code()).as(s3.err()).isZero();
    JsonNode written = new ObjectMapper().readTree(s3.lastLine());
    assertThat(written.get("points").asLong()).isEqualTo(1065); // GROUND_TRUTH.md
    for (JsonNode f : written.get("files")) {
      ObjectLocation location = ObjectLocation.of(f.get("location").asText());
      assertThat(location.toString()).startsWith("s3://" + bucket + "/out/tile_");
      Path copy = dir.resolve(location.fileName());
      Files.write(
          copy,
          S3TestServer.store()
              .readFully(
                  location,
                  new io.dataplug.storage.ByteRange(
                      0, S3TestServer.store().metadata(location).size()),
                  null));
      LaszipOracle.assertHeaderMatchesPoints(copy, f.get("points").asLong());
    }

    Path text = Files.writeString(dir.resolve("lines.txt"), "a\nb\n");
    Run notWritable = run("tile", text.toString(), "--format", "text", "--out", out.toString());
    assertThat(notWritable.code()).isEqualTo(1);
    assertThat(notWritable.err())
        .isEqualTo(
            "dataplug tile: error: Format text cannot write its slices as files: " + text + "\n");
    Run noOut = run("tile", text.toString());
    assertThat(noOut.code()).isEqualTo(2);
    assertThat(noOut.err()).contains("Missing required option: '--out=FOLDER'");
  }

  @Test
  void countsTheNodesOfACopcDownToALevel() throws IOException {
    // copc.js 0.0.8 + laz-perf 0.0.7 (see CopcContractSuite): lone-star holds 58,393 points at
    // depth 0 and 105,600 at depth 1; 518,862 in all (GROUND_TRUTH.md)
    Path file = dir.resolve("lone-star.copc.laz");
    Files.copy(SharedTestData.file("copc/lone-star.copc.laz"), file);
    Run level = run("count", file.toString(), "--level", "1");
    assertThat(level.code()).as(level.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(level.lastLine());
    assertThat(json.get("format").asText()).isEqualTo("copc");
    assertThat(json.get("strategy").asText()).isEqualTo("level");
    assertThat(json.get("slices").asInt()).isEqualTo(8);
    assertThat(json.get("records").asLong()).isEqualTo(58_393 + 105_600);
    // root spacing 0.318436: 0.2 is first reached at depth 1 (0.159)
    Run tiles =
        run("count", file.toString(), "--resolution", "0.2", "--tiles", "4", "--buffer", "1");
    assertThat(tiles.code()).as(tiles.err()).isZero();
    json = new ObjectMapper().readTree(tiles.lastLine());
    assertThat(json.get("strategy").asText()).isEqualTo("buffer");
    assertThat(json.get("slices").asInt()).isEqualTo(4);
    assertThat(json.get("records").asLong()).isEqualTo(58_393 + 105_600);
    assertThat(json.get("buffer_points").asLong()).isPositive();
    Run both = run("count", file.toString(), "--level", "1", "--resolution", "0.2");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err())
        .startsWith("dataplug count: --level and --resolution cannot be combined");
    Run las = run("count", file.toString(), "--format", "las", "--level", "1");
    assertThat(las.code()).as("a usage error").isEqualTo(2);
    assertThat(las.err())
        .isEqualTo(
            "dataplug count: Format las does not support 'level' (it supports: slices,"
                + " records, tiles, tile-size, bbox, polygon, buffer) (see 'dataplug count --help')\n");
  }

  @Test
  void runsAJobFoundOnTheClassPath() throws IOException {
    // GROUND_TRUTH.md: cutadapt_illumina.fastq.gz has 100 reads and 10100 bases (seqtk comp)
    String uri =
        upload(SharedTestData.file("fastq/cutadapt_illumina.fastq.gz"), "job-illumina.fastq.gz");
    Run list = run("jobs");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("fastq-stats").contains("[fastq]");
    Run help = run("fastq-stats", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("read statistics of FASTQ").contains("--png");
    Run r = run("fastq-stats", uri, "--slices", "3", "--endpoint", endpoint());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastLine());
    assertThat(json.get("job").asText()).isEqualTo("fastq-stats");
    // 100 reads hold one sampled read start by default (every 4096th): one slice, not two empty
    // ones more, and the command says so
    assertThat(json.get("slices").asInt()).isEqualTo(1);
    assertThat(r.err()).contains("3 slices asked, 1 made");
    assertThat(json.get("reads").asLong()).isEqualTo(100);
    assertThat(json.get("bases").asLong()).isEqualTo(10100);
    Run wrongFormat =
        run(
            "fastq-stats",
            upload(SharedTestData.file("vcf/dataplug_sample.vcf"), "job.vcf"),
            "--endpoint",
            endpoint());
    assertThat(wrongFormat.code()).isEqualTo(1);
    assertThat(wrongFormat.err()).contains("Job fastq-stats reads [fastq], not vcf");
  }

  @Test
  void demWritesAGeoTiffGdalReadsAndAPicture() throws IOException {
    // GROUND_TRUTH.md: autzen_trim spans (636001.760, 848935.200, 406.260) →
    // (637179.220, 849497.900, 520.510), as laszip4j decodes it
    Run help = run("dem", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("--cell-size=C", "(default: auto)", "--stat=min|mean", "--fill=K", "--out=FILE");
    for (String fixture : List.of("las/autzen_trim.las", "laz/autzen_trim.laz")) {
      Path tif = dir.resolve(Path.of(fixture).getFileName() + ".tif");
      Path png = dir.resolve(Path.of(fixture).getFileName() + ".png");
      Run r =
          run(
              "dem",
              upload(SharedTestData.file(fixture), "lidar/" + Path.of(fixture).getFileName()),
              "--endpoint",
              endpoint(),
              "--tiles",
              "16",
              "--buffer",
              "10",
              "--cell-size",
              "2",
              "--workers",
              "2",
              "--out",
              tif.toString(),
              "--png",
              png.toString());
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode json = new ObjectMapper().readTree(r.lastLine());
      assertThat(json.get("job").asText()).isEqualTo("dem");
      assertThat(json.get("slices").asInt()).isEqualTo(16);
      // cells of 2 from floor(min / 2) to floor(max / 2)
      assertThat(json.get("width").asInt()).isEqualTo(318589 - 318000 + 1);
      assertThat(json.get("height").asInt()).isEqualTo(424748 - 424467 + 1);
      assertThat(json.get("cell_size").asDouble()).isEqualTo(2.0);
      assertThat(json.get("min_elevation").asDouble()).isBetween(406.26, 520.51);
      assertThat(json.get("max_elevation").asDouble()).isBetween(406.26, 520.51);
      assertThat(json.get("bytes_read").asLong()).isPositive();
      assertThat(json.has("seconds")).isTrue();
      assertThat(r.out()).contains("written", tif.toString(), "picture");
      assertThat(png).isNotEmptyFile();

      io.dataplug.testing.ExternalTools.require("gdalinfo", "gdal-bin");
      JsonNode info =
          new ObjectMapper()
              .readTree(
                  io.dataplug.testing.ExternalTools.sh(
                      "gdalinfo -json -stats " + io.dataplug.testing.ExternalTools.q(tif)));
      assertThat(info.get("size").get(0).asInt()).isEqualTo(json.get("width").asInt());
      assertThat(info.get("size").get(1).asInt()).isEqualTo(json.get("height").asInt());
      assertThat(info.get("geoTransform").get(0).asDouble()).isEqualTo(318000 * 2.0);
      assertThat(info.get("geoTransform").get(3).asDouble()).isEqualTo(424749 * 2.0);
      JsonNode band = info.get("bands").get(0);
      assertThat(band.get("noDataValue").asDouble()).isEqualTo(-9999.0);
      // gdalinfo prints its statistics to 3 decimals, as the JSON line does
      assertThat(band.get("minimum").asDouble()).isEqualTo(json.get("min_elevation").asDouble());
      assertThat(band.get("maximum").asDouble()).isEqualTo(json.get("max_elevation").asDouble());
      assertThat(info.at("/coordinateSystem/wkt").asText()).startsWith("PROJCRS[");
    }
    Run noFile =
        run(
            "fastq-stats",
            upload(SharedTestData.file("fastq/fastp_R1.fq"), "out.fq"),
            "--endpoint",
            endpoint(),
            "--out",
            dir.resolve("x").toString());
    assertThat(noFile.code()).as(noFile.err()).isZero();
    assertThat(noFile.err()).contains("Job fastq-stats writes no file: --out ignored");
    Run bad =
        run(
            "dem",
            upload(SharedTestData.file("laz/autzen_trim.laz"), "bad.laz"),
            "--endpoint",
            endpoint(),
            "--stat",
            "median");
    assertThat(bad.code()).isEqualTo(2);
    // (the object is indexed first: the job checks its values against the data's slices)
    assertThat(bad.err())
        .contains(
            "dataplug dem: stat must be min or mean, not 'median' (see 'dataplug dem --help')");
  }

  @Test
  void helloRunsOnEachBackend() {
    for (String backend : List.of("localhost", "process")) {
      Run r = run("hello", "--backend", backend, "--workers", "2");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out())
          .contains(
              "Dataplug is working as expected",
              "backend " + backend + ", 2 workers",
              "succeeded=2");
    }
    Run unknown = run("hello", "--backend", "nowhere");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err())
        .isEqualTo(
            "dataplug hello: error: Unknown backend 'nowhere' (known: aws_lambda, localhost, process, spark)\n");
  }

  /** The count and the demo pipeline on aws_lambda, with the handler run in this JVM. */
  @Test
  void countAndDemoRunOnLambda() throws IOException {
    String uri =
        upload(SharedTestData.file("fastq/cutadapt_illumina.fastq.gz"), "illumina.fastq.gz");
    System.setProperty("dataplug.lambda.invoker", "local");
    System.setProperty(
        "dataplug.lambda.jobs", "s3://" + S3TestServer.newBucket("cli-jobs") + "/jobs");
    System.setProperty("dataplug.lambda.store.endpoint", endpoint());
    try {
      Run count =
          run("count", uri, "--slices", "3", "--endpoint", endpoint(), "--backend", "aws_lambda");
      assertThat(count.code()).as(count.err()).isZero();
      JsonNode json = new ObjectMapper().readTree(count.lastLine());
      assertThat(json.get("records").asLong()).isEqualTo(100); // GROUND_TRUTH.md (seqtk comp)
      assertThat(json.get("bases").asLong()).isEqualTo(10100);

      Run demo =
          run(
              "demo",
              "--reads",
              "5000",
              "--slices",
              "3",
              "--backend",
              "aws_lambda",
              "--plot",
              dir.resolve("lambda.png").toString());
      assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
      assertThat(demo.out()).contains("check          OK", "aws_lambda");
    } finally {
      for (String p : List.of("invoker", "jobs", "store.endpoint")) {
        System.clearProperty("dataplug.lambda." + p);
      }
    }
  }

  @Test
  void demoRunsEndToEnd() {
    Path png = dir.resolve("demo.png");
    Run r =
        run(
            "demo",
            "--reads",
            "20000",
            "--slices",
            "4",
            "--workers",
            "2",
            "--plot",
            png.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains(
            "check          OK",
            "s3://demo/reads.fastq.gz.dataplug/",
            "total",
            "gc percent",
            "mean quality",
            "reads          20,000");
    assertThat(png).exists();
  }
}
