package io.dataplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dataplug} launcher script and its class-data sharing archive, run as a user runs it on
 * a copy of the command-line jar. Whether a class came from the archive is what the JVM itself
 * reports ({@code -Xlog:class+load}: "source: shared objects file (top)" is the archive on top of
 * the JDK's); what a command prints is checked against a plain {@code java -jar} run of the same
 * jar.
 */
class LauncherIT {
  private static final String SHARED = "io.dataplug.cli.FormatsCommand source: shared objects file";

  @TempDir Path root;
  private Path jar;

  /** What a process printed, and its exit code. */
  record Run(int code, String out, String err) {}

  @BeforeEach
  void copyLauncherAndJar() throws IOException {
    Path target = root.resolve("lithops-bridge").resolve("target");
    Files.createDirectories(target);
    Files.copy(Path.of("..", "dataplug"), root.resolve("dataplug"));
    root.resolve("dataplug").toFile().setExecutable(true);
    try (Stream<Path> jars = Files.list(Path.of("target"))) {
      Path built =
          jars.filter(p -> p.getFileName().toString().endsWith("-cli.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no -cli.jar in target (mvn package)"));
      jar = Files.copy(built, target.resolve(built.getFileName()));
    }
  }

  private Run exec(List<String> cmd, Map<String, String> env) throws Exception {
    Path out = Files.createTempFile(root, "out", ".txt");
    Path err = Files.createTempFile(root, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    pb.environment().remove("DATAPLUG_CDS");
    pb.environment().remove("DATAPLUG_JAVA_OPTS");
    pb.environment().putAll(env);
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + cmd);
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** {@code ./dataplug formats}, with the JVM's class-load log in {@code log}. */
  private Run launcher(Path log) throws Exception {
    return exec(
        List.of("bash", root.resolve("dataplug").toString(), "formats"),
        Map.of("DATAPLUG_JAVA_OPTS", "-Xlog:class+load:file=" + log));
  }

  private Path archive() throws IOException {
    try (Stream<Path> files = Files.list(jar.getParent())) {
      List<Path> archives =
          files.filter(p -> p.getFileName().toString().endsWith("-formats.jsa")).toList();
      assertThat(archives).hasSize(1);
      return archives.get(0);
    }
  }

  @Test
  void archiveIsMadeReusedRemadeAfterTheJarChangesAndABrokenOneIsNotUsed() throws Exception {
    Run plain = exec(List.of("java", "-jar", jar.toString(), "formats"), Map.of());
    assertThat(plain.code()).isZero();
    assertThat(plain.out()).contains("fastq");

    // --version makes no archive
    Run version = exec(List.of("bash", root.resolve("dataplug").toString(), "--version"), Map.of());
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("dataplug ");
    try (Stream<Path> files = Files.list(jar.getParent())) {
      assertThat(files.filter(p -> p.toString().endsWith(".jsa"))).isEmpty();
    }

    // the first run makes it (and loads its classes from the jar)
    Path log = root.resolve("classes.log");
    Run first = launcher(log);
    assertThat(first).isEqualTo(new Run(0, plain.out(), ""));
    assertThat(Files.readString(log)).doesNotContain(SHARED);
    Path archive = archive();
    FileTime made = Files.getLastModifiedTime(archive);

    // the next run maps them from it, and leaves it as it is
    Run second = launcher(log);
    assertThat(second).isEqualTo(new Run(0, plain.out(), ""));
    assertThat(Files.readString(log)).contains(SHARED);
    assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);

    // a rebuilt jar (newer): the stale archive is not used, and a new one is made
    Thread.sleep(50);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));
    Run rebuilt = launcher(log);
    assertThat(rebuilt).isEqualTo(new Run(0, plain.out(), ""));
    assertThat(Files.readString(log)).doesNotContain(SHARED);
    assertThat(Files.getLastModifiedTime(archive()).toMillis())
        .isGreaterThan(Files.getLastModifiedTime(jar).toMillis());
    assertThat(launcher(log).out()).isEqualTo(plain.out());
    assertThat(Files.readString(log)).contains(SHARED);

    // a truncated archive (it would crash a JVM that maps it): not used, and made again
    archive = archive();
    byte[] bytes = Files.readAllBytes(archive);
    archive.toFile().setWritable(true);
    Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Run truncated = launcher(log);
    assertThat(truncated).isEqualTo(new Run(0, plain.out(), ""));
    assertThat(Files.readString(log)).doesNotContain(SHARED);
    assertThat(Files.size(archive()))
        .isGreaterThan(bytes.length / 2)
        .isEqualTo(Long.parseLong(Files.readString(sizeOf(archive())).strip()));
    assertThat(launcher(log).out()).isEqualTo(plain.out());
    assertThat(Files.readString(log)).contains(SHARED);

    // garbage of the recorded size: the JVM rejects it without a word and runs without it
    archive = archive();
    archive.toFile().setWritable(true);
    byte[] garbage = new byte[(int) Files.size(archive)];
    java.util.Arrays.fill(garbage, (byte) 0x5a);
    Files.write(archive, garbage);
    Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    Run broken = launcher(log);
    assertThat(broken).isEqualTo(new Run(0, plain.out(), ""));
    assertThat(Files.readString(log)).doesNotContain(SHARED);
  }

  private static Path sizeOf(Path archive) {
    return archive.resolveSibling(archive.getFileName() + ".size");
  }
}
