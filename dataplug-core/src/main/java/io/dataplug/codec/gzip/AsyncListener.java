package io.dataplug.codec.gzip;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link GzipIndexer.Listener} on its own thread, so scanning the decompressed stream (for
 * record boundaries) overlaps with inflating it: the index pass then runs at the speed of the
 * slower of the two instead of their sum. Chunks are copied into a small pool of buffers; data and
 * checkpoint events keep their order. A failure of the listener surfaces in the indexer's thread.
 */
public final class AsyncListener implements GzipIndexer.Listener, AutoCloseable {
  private static final int BUFFERS = 8;
  private static final int CHUNK = 256 << 10;

  private record Event(byte @Nullable [] data, int length, int checkpoint, long offset) {}

  private static final Event END = new Event(null, 0, -1, -1);

  private final GzipIndexer.Listener target;
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<Event> events = new ArrayBlockingQueue<>(BUFFERS * 2);
  private final Thread thread;
  private volatile @Nullable Throwable failure;

  public AsyncListener(GzipIndexer.Listener target) {
    this.target = target;
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new byte[CHUNK]);
    }
    thread = new Thread(this::consume, "dataplug-index-scan");
    thread.setDaemon(true);
    thread.start();
  }

  private void consume() {
    try {
      while (true) {
        Event e = events.take();
        if (e == END) {
          return;
        }
        if (e.data() == null) {
          target.checkpoint(e.checkpoint(), e.offset());
        } else {
          target.data(e.data(), 0, e.length());
          free.put(e.data());
        }
      }
    } catch (Throwable t) {
      failure = t;
      free.clear();
      events.clear();
      // unblock a producer waiting for a buffer
      free.offer(new byte[CHUNK]);
    }
  }

  @Override
  public void data(byte[] buf, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, CHUNK);
      byte[] copy = take();
      System.arraycopy(buf, off, copy, 0, n);
      put(new Event(copy, n, -1, -1));
      off += n;
      len -= n;
    }
  }

  @Override
  public void checkpoint(int index, long uncompressedOffset) throws IOException {
    put(new Event(null, 0, index, uncompressedOffset));
  }

  /** Waits until the listener has seen everything; rethrows its failure, if any. */
  public void finish() throws IOException {
    put(END);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while finishing the index pass");
    }
    rethrow();
  }

  private byte[] take() throws IOException {
    rethrow();
    try {
      byte[] b = free.take();
      rethrow();
      return b;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted during the index pass");
    }
  }

  private void put(Event e) throws IOException {
    rethrow();
    try {
      while (!events.offer(e, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        rethrow();
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted during the index pass");
    }
  }

  private void rethrow() throws IOException {
    Throwable t = failure;
    if (t == null) {
      return;
    }
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    throw new UncheckedIOException(new IOException(t));
  }

  /** Stops the listener thread if the pass ended early. */
  @Override
  public void close() {
    thread.interrupt();
  }
}
