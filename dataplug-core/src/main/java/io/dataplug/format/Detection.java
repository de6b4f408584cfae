package io.dataplug.format;

import java.util.Locale;

/** Helpers for {@link FormatPlugin#detect}. */
public final class Detection {
  private Detection() {}

  /**
   * Whether {@code name} ends with one of {@code extensions} (case-insensitive), optionally
   * followed by {@code .gz} or {@code .bgz}.
   */
  public static boolean hasExtension(String name, String... extensions) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    } else if (n.endsWith(".bgz")) {
      n = n.substring(0, n.length() - 4);
    }
    for (String ext : extensions) {
      if (n.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }
}
