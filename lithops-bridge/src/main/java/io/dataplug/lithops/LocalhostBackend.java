package io.dataplug.lithops;

import io.dataplug.lithops.spi.BackendSession;
import io.dataplug.lithops.spi.ExecutorBackend;
import io.dataplug.lithops.spi.Task;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads in this JVM: a fixed pool of worker threads (the {@code localhost} backend). */
public final class LocalhostBackend implements ExecutorBackend {
  @Override
  public String name() {
    return "localhost";
  }

  @Override
  public String description() {
    return "a bounded pool of threads in this JVM";
  }

  @Override
  public BackendSession start(int workers) {
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool =
        new ThreadPoolExecutor(
            workers,
            workers,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "dataplug-worker-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    return new BackendSession() {
      @Override
      public void submit(Task task) {
        pool.execute(task::runHere);
      }

      @Override
      public int parallelism() {
        return workers;
      }

      @Override
      public void close() {
        pool.shutdownNow();
      }
    };
  }
}
