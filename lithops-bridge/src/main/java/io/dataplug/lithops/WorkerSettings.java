package io.dataplug.lithops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What worker JVMs inherit from this one: the AWS, dataplug and logging system properties. */
public final class WorkerSettings {
  private WorkerSettings() {}

  /** The system properties to pass on, by name. */
  public static Map<String, String> forwardedProperties() {
    Map<String, String> out = new TreeMap<>();
    for (String p : System.getProperties().stringPropertyNames()) {
      if (p.startsWith("aws.") || p.startsWith("dataplug.") || p.startsWith("org.slf4j.")) {
        out.put(p, System.getProperty(p));
      }
    }
    return out;
  }

  /** The system property in which the launcher names its class-data sharing archive. */
  public static final String SHARED_ARCHIVE = "dataplug.cds.archive";

  /**
   * JVM options that map the launcher's class-data sharing archive ({@value #SHARED_ARCHIVE}: an
   * AppCDS archive {@code .jsa}, or an ahead-of-time cache {@code .aot} on Java 24 and newer) into
   * a worker JVM started with this JVM's class path, so it does not load those classes from the jar
   * again; none when there is no archive. The JVM runs without the archive, and says nothing, if it
   * does not fit.
   */
  public static List<String> sharedArchiveOptions() {
    String archive = System.getProperty(SHARED_ARCHIVE);
    if (archive == null || !Files.isRegularFile(Path.of(archive))) {
      return List.of();
    }
    if (archive.endsWith(".aot")) {
      return Runtime.version().feature() >= 25
          ? List.of("-Xlog:cds*=off", "-Xlog:aot*=off", "-XX:AOTCache=" + archive)
          : List.of("-Xlog:cds*=off", "-XX:AOTCache=" + archive);
    }
    return List.of("-Xlog:cds*=off", "-Xshare:auto", "-XX:SharedArchiveFile=" + archive);
  }

  /** The same as {@code -Dname=value} JVM options. */
  public static String javaOptions() {
    StringBuilder sb = new StringBuilder();
    forwardedProperties()
        .forEach(
            (k, v) ->
                sb.append(sb.length() == 0 ? "" : " ")
                    .append("-D")
                    .append(k)
                    .append('=')
                    .append(v));
    return sb.toString();
  }
}
