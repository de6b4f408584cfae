package io.dataplug.format;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The formats on the class path, by id. Immutable; loaded once. */
public final class FormatRegistry {
  private static final FormatRegistry DEFAULT =
      new FormatRegistry(
          ServiceLoader.load(FormatPlugin.class, FormatRegistry.class.getClassLoader()).stream()
              .map(ServiceLoader.Provider::get)
              .collect(Collectors.toList()));

  private final Map<String, FormatPlugin> byId;

  FormatRegistry(Collection<FormatPlugin> plugins) {
    Map<String, FormatPlugin> map = new LinkedHashMap<>();
    plugins.stream()
        .sorted(Comparator.comparing(FormatPlugin::id))
        .forEach(
            p -> {
              FormatPlugin previous = map.putIfAbsent(p.id(), p);
              if (previous != null) {
                throw new IllegalStateException(
                    "Two formats with id '"
                        + p.id()
                        + "': "
                        + previous.getClass().getName()
                        + " and "
                        + p.getClass().getName());
              }
            });
    this.byId = java.util.Collections.unmodifiableMap(map);
  }

  /** The formats found with {@link ServiceLoader}. */
  public static FormatRegistry get() {
    return DEFAULT;
  }

  /** All formats, sorted by id. */
  public List<FormatPlugin> formats() {
    return List.copyOf(byId.values());
  }

  /**
   * The format with this id.
   *
   * @throws IllegalArgumentException naming the known ids if there is none
   */
  public FormatPlugin format(String id) {
    FormatPlugin plugin = byId.get(id);
    if (plugin == null) {
      throw new IllegalArgumentException(
          "Unknown format '" + id + "' (known: " + String.join(", ", byId.keySet()) + ")");
    }
    return plugin;
  }

  /**
   * Picks the format for an object from its name and first bytes: the best {@link
   * FormatPlugin#detect} score wins.
   *
   * @throws IllegalArgumentException if no format fits, or two fit equally well
   */
  public FormatPlugin detect(String source, String name, byte[] head) {
    FormatPlugin best = null;
    int bestScore = 0;
    boolean tie = false;
    for (FormatPlugin p : byId.values()) {
      int score = p.detect(name, head);
      if (score > bestScore) {
        best = p;
        bestScore = score;
        tie = false;
      } else if (score == bestScore && score > 0) {
        tie = true;
      }
    }
    if (best == null || tie) {
      throw new IllegalArgumentException(
          "Cannot tell the format of "
              + source
              + (best == null ? "" : " (several formats fit)")
              + "; name one (known: "
              + String.join(", ", byId.keySet())
              + ")");
    }
    return best;
  }
}
