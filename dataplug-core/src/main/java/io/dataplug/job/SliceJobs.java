package io.dataplug.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The jobs on the class path, by id (found with {@link ServiceLoader}). Immutable. */
public final class SliceJobs {
  private static final Map<String, SliceJob<?>> BY_ID = load();

  private SliceJobs() {}

  @SuppressWarnings("rawtypes")
  private static Map<String, SliceJob<?>> load() {
    Map<String, SliceJob<?>> byId = new LinkedHashMap<>();
    for (SliceJob job : ServiceLoader.load(SliceJob.class, SliceJobs.class.getClassLoader())) {
      SliceJob<?> previous = byId.putIfAbsent(job.id(), job);
      if (previous != null) {
        throw new IllegalStateException(
            "Two jobs with id '"
                + job.id()
                + "': "
                + previous.getClass().getName()
                + " and "
                + job.getClass().getName());
      }
    }
    return java.util.Collections.unmodifiableMap(byId);
  }

  /** All jobs, in class-path order. */
  public static List<SliceJob<?>> all() {
    return List.copyOf(BY_ID.values());
  }

  /**
   * The job with this id.
   *
   * @throws IllegalArgumentException naming the known ids if there is none
   */
  public static SliceJob<?> get(String id) {
    SliceJob<?> job = BY_ID.get(id);
    if (job == null) {
      throw new IllegalArgumentException(
          "Unknown job '" + id + "' (known: " + String.join(", ", BY_ID.keySet()) + ")");
    }
    return job;
  }
}
