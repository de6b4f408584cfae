package io.dataplug.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * An HTTP proxy on 127.0.0.1 in front of a server on 127.0.0.1 (the embedded S3 server) that
 * injects faults into chosen responses, whatever the request (HEAD, GET of a range or of a whole
 * object, PUT, list): {@code 503 SlowDown}, {@code 500 InternalError}, a response cut half-way then
 * reset, a body cut short, or a slow response. Requests pass through unchanged (so SigV4 signatures
 * stay valid); each response closes its connection. Only loopback traffic.
 */
public final class FaultProxy implements AutoCloseable {
  /** What to do to one response. */
  public enum Fault {
    NONE,
    SLOW_DOWN_503,
    ERROR_500,
    /**
     * Half the body, then a connection reset (TCP RST); a response without a body is cut in its
     * headers instead.
     */
    RESET_MID_BODY,
    /** Half the body, then an orderly close, short of the Content-Length. */
    TRUNCATED_BODY,
    /** The whole response, after a 300 ms delay. */
    SLOW
  }

  /** Chooses the fault for one request. */
  @FunctionalInterface
  public interface Plan {
    /**
     * @param number the request's number (from 1)
     * @param requestLine e.g. {@code GET /b/k HTTP/1.1}
     * @param head the request line and headers
     */
    Fault faultFor(int number, String requestLine, String head);
  }

  /**
   * How often each fault is injected: fractions of all requests, which must add up to at most 1.
   */
  public record Rates(double slowDown503, double error500, double cutAndReset, double slow) {
    /** The rates of the field report: 15% 503, 5% 500, 10% cut and reset; and 5% slow. */
    public static final Rates ISSUE = new Rates(0.15, 0.05, 0.10, 0.05);

    public Rates {
      if (slowDown503 < 0 || error500 < 0 || cutAndReset < 0 || slow < 0) {
        throw new IllegalArgumentException("negative rate");
      }
      if (slowDown503 + error500 + cutAndReset + slow > 1) {
        throw new IllegalArgumentException("rates add up to more than 1");
      }
    }
  }

  private final ServerSocket server;
  private final int targetPort;
  private final Plan plan;
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
  private final Map<String, AtomicInteger> injectedByMethod = new ConcurrentHashMap<>();
  private final Thread acceptor;
  private volatile boolean closed;

  /**
   * @param plan given the request number (from 1) and the request line ({@code GET /b/k HTTP/1.1}),
   *     the fault to inject
   */
  public FaultProxy(int targetPort, BiFunction<Integer, String, Fault> plan) throws IOException {
    this(targetPort, (Plan) (n, line, head) -> plan.apply(n, line));
  }

  /** A proxy whose faults {@code plan} chooses. */
  public FaultProxy(int targetPort, Plan plan) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.plan = plan;
    for (Fault f : Fault.values()) {
      injected.put(f, new AtomicInteger());
    }
    this.acceptor = new Thread(this::accept, "fault-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * A proxy that injects faults at random at {@code rates}, reproducibly: the fault a request gets
   * depends only on the seed, the request (method, path, query and {@code Range}) and how many
   * times the same request came before, not on the order in which threads send requests.
   */
  public static FaultProxy random(int targetPort, long seed, Rates rates) throws IOException {
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    return new FaultProxy(
        targetPort,
        (n, line, head) -> {
          // a sidecar blob's name ends in a random generation: leave it out, so runs repeat
          String key =
              line.replaceAll("\\.[0-9a-f]{6,12}(?=[/? ])", "") + " " + header(head, "range");
          int occurrence = seen.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
          double x =
              new SplittableRandom(seed * 1_000_003L + key.hashCode() * 31L + occurrence)
                  .nextDouble();
          if ((x -= rates.slowDown503()) < 0) {
            return Fault.SLOW_DOWN_503;
          }
          if ((x -= rates.error500()) < 0) {
            return Fault.ERROR_500;
          }
          if ((x -= rates.cutAndReset()) < 0) {
            return Fault.RESET_MID_BODY;
          }
          return (x - rates.slow()) < 0 ? Fault.SLOW : Fault.NONE;
        });
  }

  /** Requests the proxy received so far. */
  public int requests() {
    return requests.get();
  }

  /** How many responses to requests with {@code method} (GET, HEAD, PUT, ...) got {@code fault}. */
  public int injected(Fault fault, String method) {
    AtomicInteger n = injectedByMethod.get(fault + " " + method);
    return n == null ? 0 : n.get();
  }

  /** The faults injected so far, by method: {@code GET 120 (SLOW_DOWN_503 17, ...)}, one a line. */
  public String summary() {
    Map<String, StringBuilder> lines = new java.util.TreeMap<>();
    new java.util.TreeMap<>(injectedByMethod)
        .forEach(
            (k, n) -> {
              String[] faultAndMethod = k.split(" ", 2);
              lines
                  .computeIfAbsent(faultAndMethod[1], m -> new StringBuilder(m + ":"))
                  .append(' ')
                  .append(faultAndMethod[0])
                  .append(' ')
                  .append(n.get());
            });
    StringBuilder sb = new StringBuilder();
    lines.values().forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  /** The proxy's endpoint, {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** How many responses got each fault. */
  public int injected(Fault fault) {
    return injected.get(fault).get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout(30_000);
      InputStream in = client.getInputStream();
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      String headText = new String(head, StandardCharsets.ISO_8859_1);
      String requestLine = headText.substring(0, headText.indexOf("\r\n"));
      Fault fault = plan.faultFor(requests.incrementAndGet(), requestLine, headText);
      injected.get(fault).incrementAndGet();
      String method = requestLine.substring(0, Math.max(0, requestLine.indexOf(' ')));
      injectedByMethod
          .computeIfAbsent(fault + " " + method, k -> new AtomicInteger())
          .incrementAndGet();
      OutputStream out = client.getOutputStream();
      if (fault == Fault.SLOW_DOWN_503) {
        error(out, "503 Slow Down", "SlowDown", "Please reduce your request rate.");
        return;
      }
      if (fault == Fault.ERROR_500) {
        error(
            out, "500 Internal Server Error", "InternalError", "We encountered an internal error.");
        return;
      }
      byte[] response;
      byte[] responseHead;
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
        upstream.setSoTimeout(30_000);
        OutputStream upOut = upstream.getOutputStream();
        upOut.write(head);
        upOut.flush();
        // the request body (any framing: length, chunked, after 100-continue) streams through
        Thread pump =
            new Thread(
                () -> {
                  try {
                    in.transferTo(upOut);
                  } catch (IOException e) {
                    // the connection ended
                  }
                },
                "fault-proxy-body");
        pump.setDaemon(true);
        pump.start();
        InputStream up = upstream.getInputStream();
        String rh;
        while (true) {
          responseHead = readHead(up);
          if (responseHead == null) {
            return;
          }
          rh = new String(responseHead, StandardCharsets.ISO_8859_1);
          if (!rh.startsWith("HTTP/1.1 1")) {
            break;
          }
          out.write(responseHead); // 100 Continue
          out.flush();
        }
        boolean noBody =
            requestLine.startsWith("HEAD ")
                || rh.startsWith("HTTP/1.1 204")
                || rh.startsWith("HTTP/1.1 304");
        long n = noBody ? 0 : contentLength(rh);
        response =
            n >= 0
                ? up.readNBytes((int) n)
                : rh.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")
                    ? readChunked(up)
                    : up.readAllBytes();
        responseHead = withConnectionClose(rh).getBytes(StandardCharsets.ISO_8859_1);
      }
      if (fault == Fault.SLOW) {
        Thread.sleep(300);
      }
      if (fault == Fault.RESET_MID_BODY && response.length <= 1) {
        out.write(responseHead, 0, responseHead.length / 2);
        out.flush();
        client.setSoLinger(true, 0); // close with RST
        return;
      }
      out.write(responseHead);
      if ((fault == Fault.RESET_MID_BODY || fault == Fault.TRUNCATED_BODY) && response.length > 1) {
        out.write(response, 0, response.length / 2);
        out.flush();
        if (fault == Fault.RESET_MID_BODY) {
          client.setSoLinger(true, 0); // close with RST
        }
        return;
      }
      out.write(response);
      out.flush();
    } catch (IOException | InterruptedException | RuntimeException e) {
      // the client sees a broken connection, which is what faults are for
    }
  }

  /** An S3-style error response, with its connection closed after it. */
  private static void error(OutputStream out, String status, String code, String message)
      throws IOException {
    byte[] xml =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 "
                + status
                + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + xml.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(xml);
    out.flush();
  }

  /** The value of a request header (case-insensitive name), or the empty string. */
  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return "";
  }

  /** A chunked body, passed on raw (chunk sizes and all) up to and including the last chunk. */
  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      String size = readLine(in, out);
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) {
        readLine(in, out); // the blank line after the last chunk
        return out.toByteArray();
      }
      out.write(in.readNBytes(n + 2));
    }
  }

  private static String readLine(InputStream in, ByteArrayOutputStream copy) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      copy.write(b);
      if (b == '\n') {
        break;
      }
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  private static String withConnectionClose(String head) {
    StringBuilder sb = new StringBuilder();
    for (String line : head.split("\r\n")) {
      if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
        sb.append(line).append("\r\n");
      }
    }
    return sb.append("Connection: close\r\n\r\n").toString();
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring(15).trim());
      }
    }
    return -1;
  }

  /** Bytes up to and including the blank line after the headers; null at end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return out.size() == 0 ? null : out.toByteArray();
      }
      out.write(b);
      state =
          (b == '\r' && (state == 0 || state == 2))
              ? state + 1
              : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (out.size() > 1 << 20) {
        throw new IOException("header too long");
      }
    }
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }
}
