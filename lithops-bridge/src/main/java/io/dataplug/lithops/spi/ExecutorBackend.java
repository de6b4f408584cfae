package io.dataplug.lithops.spi;

/**
 * A place where tasks run (threads in this JVM, worker processes, a cluster, serverless functions).
 * Found with {@link java.util.ServiceLoader}; register implementations in {@code
 * META-INF/services/io.dataplug.lithops.spi.ExecutorBackend}.
 */
public interface ExecutorBackend {
  /** Stable lowercase name, e.g. {@code localhost}. */
  String name();

  /** One line for help texts. */
  String description();

  /**
   * Starts the backend.
   *
   * @param workers requested parallelism, at least 1
   */
  BackendSession start(int workers);
}
