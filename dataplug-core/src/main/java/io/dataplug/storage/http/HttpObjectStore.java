package io.dataplug.storage.http;

import io.dataplug.storage.Backoff;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.CountingInputStream;
import io.dataplug.storage.IoStats;
import io.dataplug.storage.ObjectChangedException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectMetadata;
import io.dataplug.storage.ObjectStore;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Read-only objects on any web server, fetched with HTTP range GETs. The ETag of each response is
 * compared with the expected one, so a file replaced on the server is detected. Requests that fail
 * to connect, or get 429 or a 5xx status, are sent again (up to {@code maxAttempts} in all) after
 * an exponential backoff with full jitter, or after the server's {@code Retry-After}; each is
 * counted as a retry in {@link IoStats}. Readers resume a body cut mid-way ({@link
 * ObjectStore#newReader}); every response's ETag is compared with the pinned one, so a resumed read
 * never mixes two versions of a file.
 */
public final class HttpObjectStore implements ObjectStore {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(20))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private final IoStats stats = new IoStats();
  private final int maxAttempts;

  /** A store that makes up to 5 attempts per request. */
  public HttpObjectStore() {
    this(5);
  }

  /** A store that makes up to {@code maxAttempts} attempts per request (1: no retries). */
  public HttpObjectStore(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
  }

  @Override
  public ObjectMetadata metadata(ObjectLocation location) throws IOException {
    HttpRequest head =
        HttpRequest.newBuilder(uri(location))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .timeout(TIMEOUT)
            .build();
    HttpResponse<Void> response = send(location, head, HttpResponse.BodyHandlers.discarding());
    checkStatus(location, response.statusCode(), null);
    HttpHeaders headers = response.headers();
    long size =
        headers
            .firstValueAsLong("Content-Length")
            .orElseThrow(() -> new IOException("No Content-Length in HEAD response: " + location));
    long lastModified =
        headers
            .firstValue("Last-Modified")
            .map(v -> ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME))
            .map(t -> t.toInstant().toEpochMilli())
            .orElse(-1L);
    return new ObjectMetadata(size, headers.firstValue("ETag").orElse(null), lastModified);
  }

  @Override
  public InputStream newStream(
      ObjectLocation location, ByteRange range, @Nullable String expectedEtag) throws IOException {
    if (range.isEmpty()) {
      return InputStream.nullInputStream();
    }
    HttpRequest get =
        HttpRequest.newBuilder(uri(location))
            .header("Range", range.httpRangeHeader())
            .timeout(TIMEOUT)
            .GET()
            .build();
    stats.addRequest();
    HttpResponse<InputStream> response =
        send(location, get, HttpResponse.BodyHandlers.ofInputStream());
    int status = response.statusCode();
    if (status != 206 && status != 200) {
      response.body().close();
      checkStatus(location, status, range);
    }
    Optional<String> etag = response.headers().firstValue("ETag").map(ObjectMetadata::unquote);
    if (expectedEtag != null && etag.isPresent() && !etag.get().equals(expectedEtag)) {
      response.body().close();
      throw new ObjectChangedException(
          "Object has changed since it was indexed: "
              + location
              + " (ETag "
              + etag.get()
              + ", expected "
              + expectedEtag
              + ")");
    }
    InputStream body = response.body();
    if (status == 200) {
      // The server ignored the Range header: skip to the range in the full body.
      long skipped = body.skip(range.offset());
      stats.addBytes(skipped);
      if (skipped != range.offset()) {
        body.close();
        throw new EOFException("Range " + range + " starts past the end of " + location);
      }
    }
    return new CountingInputStream(body, range.length(), stats, location + " " + range);
  }

  @Override
  public IoStats stats() {
    return stats;
  }

  @Override
  public int readAttempts() {
    return maxAttempts;
  }

  private <T> HttpResponse<T> send(
      ObjectLocation location, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<T> response;
      try {
        response = client.send(request, handler);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while reading " + location);
      } catch (IOException e) {
        if (attempt >= maxAttempts) {
          throw new IOException(
              "Failed to reach " + location + " (" + attempt + " attempts): " + e, e);
        }
        backOff(location, attempt, -1);
        continue;
      }
      int status = response.statusCode();
      if ((status == 429 || status >= 500) && attempt < maxAttempts) {
        if (response.body() instanceof InputStream body) {
          body.close();
        }
        backOff(location, attempt, response.headers().firstValueAsLong("Retry-After").orElse(-1));
        continue;
      }
      return response;
    }
  }

  /**
   * Waits before attempt {@code attempt + 1}: the server's Retry-After (seconds), else full jitter.
   */
  private void backOff(ObjectLocation location, int attempt, long retryAfterSeconds)
      throws IOException {
    stats.addRetry();
    Backoff.pause(attempt, retryAfterSeconds < 0 ? -1 : retryAfterSeconds * 1000, location);
  }

  private static void checkStatus(ObjectLocation location, int status, @Nullable ByteRange range)
      throws IOException {
    switch (status) {
      case 200, 206 -> {}
      case 404, 410 -> throw new FileNotFoundException("Object does not exist: " + location);
      case 412 -> throw new ObjectChangedException("Object has changed: " + location);
      case 416 -> throw new EOFException("Range " + range + " ends past the end of " + location);
      case 401, 403 ->
          throw new AccessDeniedException(
              null, null, "Access denied (HTTP " + status + "): " + location);
      default -> throw new IOException("HTTP " + status + " from " + location);
    }
  }

  private static URI uri(ObjectLocation location) {
    return URI.create(
        location.scheme() + "://" + location.authority() + "/" + encodePath(location.key()));
  }

  private static String encodePath(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
