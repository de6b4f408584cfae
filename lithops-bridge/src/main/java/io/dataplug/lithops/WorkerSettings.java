package io.dataplug.lithops;

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
