package io.dataplug.lithops;

import io.dataplug.job.TaskFunction;
import io.dataplug.storage.IoStats;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The worker JVM of the {@code process} backend: reads functions and tasks from standard input,
 * runs them, and writes results to standard output, with a heartbeat every second while it runs.
 * Framing: an int message type, then its fields. Only its parent (our own executor) talks to it
 * over its pipes, so values travel with Java serialization, as Spark ships closures.
 */
public final class ProcessWorker {
  static final int FUNCTION = 1;
  static final int TASK = 2;
  static final int STARTED = 3;
  static final int RESULT = 4;
  static final int HEARTBEAT = 5;
  static final int EXIT = 9;

  private ProcessWorker() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out, 1 << 16));
    System.setOut(System.err); // user code printing must not corrupt the channel
    Map<Long, TaskFunction<Object, Object>> functions = new HashMap<>();
    Thread heartbeat =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(1000);
                  synchronized (out) {
                    out.writeInt(HEARTBEAT);
                    out.flush();
                  }
                }
              } catch (InterruptedException | IOException e) {
                // stop beating
              }
            },
            "dataplug-worker-heartbeat");
    heartbeat.setDaemon(true);
    heartbeat.start();
    while (true) {
      int type;
      try {
        type = in.readInt();
      } catch (EOFException e) {
        return;
      }
      switch (type) {
        case FUNCTION -> {
          long id = in.readLong();
          functions.put(id, (TaskFunction<Object, Object>) read(in));
        }
        case TASK -> run(in, out, functions);
        case EXIT -> {
          return;
        }
        default -> throw new IOException("Unknown message type " + type);
      }
    }
  }

  private static void run(
      DataInputStream in, DataOutputStream out, Map<Long, TaskFunction<Object, Object>> functions)
      throws IOException {
    long task = in.readLong();
    long function = in.readLong();
    Object input;
    try {
      input = read(in);
    } catch (ClassNotFoundException e) {
      input = e;
    }
    synchronized (out) {
      out.writeInt(STARTED);
      out.writeLong(task);
      out.flush();
    }
    boolean ok;
    byte[] payload;
    IoStats io;
    try (IoStats.TaskScope scope = IoStats.beginTask()) {
      io = scope.stats();
      Object value;
      try {
        if (input instanceof ClassNotFoundException e) {
          throw e;
        }
        TaskFunction<Object, Object> f = functions.get(function);
        if (f == null) {
          throw new IllegalStateException("function " + function + " was never sent");
        }
        value = f.apply(input);
        payload = JavaSerialization.toBytes(value);
        ok = true;
      } catch (Throwable t) {
        payload = JavaSerialization.toBytes(portable(t));
        ok = false;
      }
    }
    synchronized (out) {
      out.writeInt(RESULT);
      out.writeLong(task);
      out.writeBoolean(ok);
      out.writeLong(io.bytes());
      out.writeLong(io.requests());
      out.writeLong(io.retries());
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
    }
  }

  /**
   * An exception that survives the trip: itself if serializable, else a copy of its message and
   * trace.
   */
  private static Throwable portable(Throwable t) {
    try {
      JavaSerialization.toBytes(t);
      return t;
    } catch (IOException e) {
      RuntimeException copy = new RuntimeException(t.toString());
      copy.setStackTrace(t.getStackTrace());
      return copy;
    }
  }

  static Object read(DataInputStream in) throws IOException, ClassNotFoundException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 30) {
      throw new IOException("Bad frame length " + n);
    }
    return JavaSerialization.fromBytes(in.readNBytes(n));
  }
}
