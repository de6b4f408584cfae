package io.dataplug.lithops;

import io.dataplug.lithops.spi.BackendSession;
import io.dataplug.lithops.spi.ExecutorBackend;
import io.dataplug.lithops.spi.Task;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Long-lived worker JVMs on this machine ({@code process} backend): each runs {@link ProcessWorker}
 * with this JVM's class path and AWS settings, and takes one task at a time over its pipes. A
 * worker that exits, or sends no heartbeat for {@code dataplug.process.heartbeatTimeoutMs} (default
 * 10 s), is killed and replaced, and its task is reported lost (the executor retries it). A new
 * worker has {@code dataplug.process.startTimeoutMs} (default 60 s) to say its first word: starting
 * a JVM on a busy machine can take longer than a heartbeat.
 */
public final class ProcessBackend implements ExecutorBackend {
  @Override
  public String name() {
    return "process";
  }

  @Override
  public String description() {
    return "long-lived worker JVMs on this machine, fed over pipes; a crashed or frozen worker is replaced";
  }

  @Override
  public BackendSession start(int workers) {
    return new Session(workers);
  }

  private static final class Session implements BackendSession {
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Map<Object, Long> functionIds = new IdentityHashMap<>();
    private final List<Slot> slots = new ArrayList<>();
    private final long heartbeatTimeout =
        Long.getLong("dataplug.process.heartbeatTimeoutMs", 10_000);
    private final long startTimeout =
        Math.max(heartbeatTimeout, Long.getLong("dataplug.process.startTimeoutMs", 60_000));
    private volatile boolean closed;

    Session(int workers) {
      for (int i = 0; i < workers; i++) {
        Slot slot = new Slot(i);
        slots.add(slot);
        Thread t = new Thread(slot::loop, "dataplug-process-slot-" + i);
        t.setDaemon(true);
        t.start();
      }
    }

    synchronized long functionId(Object function) {
      return functionIds.computeIfAbsent(function, f -> (long) functionIds.size() + 1);
    }

    @Override
    public void submit(Task task) {
      queue.add(task);
    }

    @Override
    public void abandon(Task task) {
      for (Slot s : slots) {
        if (s.current == task) {
          s.kill();
        }
      }
    }

    @Override
    public int parallelism() {
      return slots.size();
    }

    @Override
    public void close() {
      closed = true;
      for (Slot s : slots) {
        s.stop();
      }
    }

    /** A running worker JVM: its process, its input, and the messages read from its output. */
    private record Worker(
        Process process, DataOutputStream out, BlockingQueue<Object[]> messages) {}

    /** One worker process and the thread that feeds it. */
    private final class Slot {
      private final int id;
      private @Nullable Worker worker;
      private final Set<Long> sent = new HashSet<>();

      /** Whether the current worker has sent anything yet (until then it may still be starting). */
      private boolean answered;

      private volatile @Nullable Task current;

      Slot(int id) {
        this.id = id;
      }

      void loop() {
        while (!closed) {
          Task task;
          try {
            task = queue.poll(200, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            return;
          }
          if (task == null || task.abandoned()) {
            continue;
          }
          current = task;
          try {
            run(ensureStarted(), task);
          } catch (IOException | ClassNotFoundException e) {
            int code = exitCode();
            kill();
            if (!closed) {
              task.lost(
                  "worker "
                      + id
                      + (code >= 0 ? " exited with code " + code : " stopped answering")
                      + " ("
                      + e.getMessage()
                      + ")");
            }
          } finally {
            current = null;
          }
        }
      }

      private void run(Worker w, Task task) throws IOException, ClassNotFoundException {
        DataOutputStream out = w.out();
        BlockingQueue<Object[]> messages = w.messages();
        long fn = functionId(task.function());
        if (sent.add(fn)) {
          byte[] f = JavaSerialization.toBytes(task.function());
          out.writeInt(ProcessWorker.FUNCTION);
          out.writeLong(fn);
          out.writeInt(f.length);
          out.write(f);
        }
        messages.removeIf(m -> (Integer) m[0] == ProcessWorker.HEARTBEAT);
        byte[] input = JavaSerialization.toBytes(task.input());
        out.writeInt(ProcessWorker.TASK);
        out.writeLong(task.index());
        out.writeLong(fn);
        out.writeInt(input.length);
        out.write(input);
        out.flush();
        while (true) {
          Object[] m;
          long timeout = answered ? heartbeatTimeout : startTimeout;
          try {
            m = messages.poll(timeout, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            throw new IOException("interrupted");
          }
          if (m == null) {
            throw new IOException(
                answered
                    ? "no heartbeat for " + timeout + " ms"
                    : "the new worker said nothing for " + timeout + " ms");
          }
          answered = true;
          int type = (Integer) m[0];
          if (type == ProcessWorker.STARTED) {
            task.started();
          } else if (type == ProcessWorker.RESULT) {
            long bytes = (Long) m[2];
            long requests = (Long) m[3];
            long retries = (Long) m[4];
            Object payload = JavaSerialization.fromBytes((byte[]) m[5]);
            if ((Boolean) m[1]) {
              task.succeeded(payload, bytes, requests, retries);
            } else {
              task.failed((Throwable) payload, bytes, requests, retries);
            }
            return;
          } else if (type == -1) {
            throw new IOException((String) m[1]);
          }
        }
      }

      /** Reads the worker's messages into the queue; a heartbeat is a message too. */
      private void read(DataInputStream from, BlockingQueue<Object[]> to) {
        try {
          while (true) {
            int type = from.readInt();
            switch (type) {
              case ProcessWorker.HEARTBEAT -> to.put(new Object[] {type});
              case ProcessWorker.STARTED -> {
                from.readLong();
                to.put(new Object[] {type});
              }
              case ProcessWorker.RESULT -> {
                from.readLong();
                boolean ok = from.readBoolean();
                long bytes = from.readLong();
                long requests = from.readLong();
                long retries = from.readLong();
                int n = from.readInt();
                if (n < 0 || n > 1 << 30) {
                  throw new IOException("bad frame length " + n);
                }
                to.put(new Object[] {type, ok, bytes, requests, retries, from.readNBytes(n)});
              }
              default -> throw new IOException("unexpected message " + type);
            }
          }
        } catch (IOException | InterruptedException e) {
          to.offer(new Object[] {-1, "end of stream"});
        }
      }

      private synchronized Worker ensureStarted() throws IOException {
        Worker w = worker;
        if (w != null && w.process().isAlive()) {
          return w;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xss1m");
        cmd.addAll(WorkerSettings.sharedArchiveOptions());
        WorkerSettings.forwardedProperties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ProcessWorker.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = pb.start();
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        DataInputStream in =
            new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> read(in, queue), "dataplug-process-reader-" + id);
        reader.setDaemon(true);
        reader.start();
        sent.clear();
        answered = false;
        w = new Worker(process, out, queue);
        worker = w;
        return w;
      }

      private int exitCode() {
        Worker w = worker;
        try {
          return w != null && w.process().waitFor(200, TimeUnit.MILLISECONDS)
              ? w.process().exitValue()
              : -1;
        } catch (InterruptedException e) {
          return -1;
        }
      }

      /** Kills the worker and waits until it is gone, so the next task starts a fresh one. */
      synchronized void kill() {
        Worker w = worker;
        if (w != null) {
          w.process().destroyForcibly();
          try {
            w.process().waitFor(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          worker = null;
        }
      }

      void stop() {
        Worker w = worker;
        try {
          if (w != null && w.process().isAlive()) {
            w.out().writeInt(ProcessWorker.EXIT);
            w.out().flush();
            if (!w.process().waitFor(2, TimeUnit.SECONDS)) {
              w.process().destroyForcibly();
            }
          }
        } catch (IOException | InterruptedException e) {
          kill();
        }
      }
    }
  }
}
