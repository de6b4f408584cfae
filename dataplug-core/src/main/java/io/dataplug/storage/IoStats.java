package io.dataplug.storage;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the range reads a store makes: requests and bytes. Every store keeps one for its whole
 * life; in addition, a task can open a {@link #beginTask() task scope} to count what its own thread
 * fetched (the executor does this for every task, so a slice shows exactly what it read).
 *
 * <p>Thread-safe.
 */
public final class IoStats {
  private static final ThreadLocal<IoStats> TASK = new ThreadLocal<>();

  private final boolean propagates;
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder resumes = new LongAdder();

  /** Stats that also count into the current task's scope (what stores keep). */
  public IoStats() {
    this(true);
  }

  private IoStats(boolean propagates) {
    this.propagates = propagates;
  }

  /**
   * Stats of one reader's own view (a slice's), which do not count into the task scope again: the
   * stores underneath already do.
   */
  public static IoStats local() {
    return new IoStats(false);
  }

  /** Records one request (a GET, a positional read, a HEAD does not count). */
  public void addRequest() {
    requests.increment();
    IoStats task = propagates ? TASK.get() : null;
    if (task != null && task != this) {
      task.requests.increment();
    }
  }

  /** Records {@code n} bytes received. */
  public void addBytes(long n) {
    bytes.add(n);
    IoStats task = propagates ? TASK.get() : null;
    if (task != null && task != this) {
      task.bytes.add(n);
    }
  }

  /** Records that a request was sent again after a transient failure. */
  public void addRetry() {
    retries.increment();
    IoStats task = propagates ? TASK.get() : null;
    if (task != null && task != this) {
      task.retries.increment();
    }
  }

  /**
   * Records that a read requested the rest of its range again after a cut body, a reset connection
   * or a failed request (a resume is also a {@link #addRetry() retry}).
   */
  public void addResume() {
    resumes.increment();
    IoStats task = propagates ? TASK.get() : null;
    if (task != null && task != this) {
      task.resumes.increment();
    }
    addRetry();
  }

  /** Requests sent again after transient failures, by the storage client or by a resumed read. */
  public long retries() {
    return retries.sum();
  }

  /** Reads that requested the rest of their range again after a failure (part of retries). */
  public long resumes() {
    return resumes.sum();
  }

  public long requests() {
    return requests.sum();
  }

  public long bytes() {
    return bytes.sum();
  }

  /**
   * Starts counting the reads made by the current thread into a fresh {@link IoStats}, until the
   * returned scope is closed.
   */
  public static TaskScope beginTask() {
    IoStats stats = new IoStats();
    IoStats previous = TASK.get();
    TASK.set(stats);
    return new TaskScope(stats, previous);
  }

  /** The reads of one task; closing it restores the enclosing scope. */
  public static final class TaskScope implements AutoCloseable {
    private final IoStats stats;
    private final IoStats previous;

    private TaskScope(IoStats stats, IoStats previous) {
      this.stats = stats;
      this.previous = previous;
    }

    public IoStats stats() {
      return stats;
    }

    @Override
    public void close() {
      if (previous == null) {
        TASK.remove();
      } else {
        TASK.set(previous);
      }
    }
  }

  @Override
  public String toString() {
    return requests()
        + " requests, "
        + bytes()
        + " bytes, "
        + retries()
        + " retries ("
        + resumes()
        + " resumed reads)";
  }
}
