package io.dataplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles the README's library example and runs it, so the README never rots. */
class ReadmeExampleTest {
  @TempDir Path dir;

  @Test
  void readmeExampleCompilesAndCountsTheLines() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m =
        Pattern.compile("<!-- example:QuickStart[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(m.find()).as("README has the QuickStart example").isTrue();
    Path source = dir.resolve("QuickStart.java");
    Files.writeString(source, m.group(1));

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc =
        compiler.run(
            null,
            diagnostics,
            diagnostics,
            "-d",
            dir.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            source.toString());
    assertThat(rc).as("javac: %s", diagnostics).isZero();

    Path data = dir.resolve("lines.txt");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 12_345; i++) {
      sb.append("line ").append(i).append(i % 7 == 0 ? "\r\n" : "\n");
    }
    Files.writeString(data, sb);
    List<String> lines = Files.readAllLines(data); // the JDK's count, not ours

    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      loader
          .loadClass("QuickStart")
          .getMethod("main", String[].class)
          .invoke(null, (Object) new String[] {data.toString()});
    } finally {
      System.setOut(stdout);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .isEqualTo(lines.size() + " records" + System.lineSeparator());
    assertThat(Files.exists(dir.resolve("lines.txt.dataplug").resolve("manifest.json"))).isTrue();
  }
}
