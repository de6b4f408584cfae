package io.dataplug.storage.local;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.CountingInputStream;
import io.dataplug.storage.IoStats;
import io.dataplug.storage.ObjectChangedException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectMetadata;
import io.dataplug.storage.WritableObjectStore;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Local files, read with positional channel reads. The ETag is made from the modification time and
 * size (as web servers do for static files), so a rewritten file is detected.
 */
public final class LocalObjectStore implements WritableObjectStore {
  private final IoStats stats = new IoStats();

  @Override
  public ObjectMetadata metadata(ObjectLocation location) throws IOException {
    Path path = path(location);
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        throw new FileNotFoundException(
            (attrs.isDirectory()
                ? "Object is a directory, not a file: " + location + " (name a file in it)"
                : "Object is not a regular file: " + location));
      }
      long mtime = attrs.lastModifiedTime().toMillis();
      long nanos = attrs.lastModifiedTime().toInstant().getNano();
      String etag =
          Long.toHexString(mtime)
              + "."
              + Long.toHexString(nanos)
              + "-"
              + Long.toHexString(attrs.size());
      return new ObjectMetadata(attrs.size(), etag, mtime);
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("Object does not exist: " + location);
    }
  }

  @Override
  public InputStream newStream(
      ObjectLocation location, ByteRange range, @Nullable String expectedEtag) throws IOException {
    ObjectMetadata meta = metadata(location);
    if (expectedEtag != null && !expectedEtag.equals(meta.etag())) {
      throw new ObjectChangedException(
          "Object has changed since it was indexed: "
              + location
              + " (ETag "
              + meta.etag()
              + ", expected "
              + expectedEtag
              + ")");
    }
    if (range.end() > meta.size()) {
      throw new EOFException(
          "Range " + range + " ends past the end of " + location + " (" + meta.size() + " bytes)");
    }
    FileChannel channel = FileChannel.open(path(location), StandardOpenOption.READ);
    try {
      channel.position(range.offset());
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    stats.addRequest();
    return new CountingInputStream(
        Channels.newInputStream(channel), range.length(), stats, location + " " + range);
  }

  @Override
  public void put(ObjectLocation location, byte[] data) throws IOException {
    Path target = path(location);
    Path tmp = temporarySibling(target);
    Files.write(tmp, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void put(ObjectLocation location, Path file) throws IOException {
    Path target = path(location);
    Path tmp = temporarySibling(target);
    Files.copy(file, tmp);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void delete(ObjectLocation location) throws IOException {
    Files.deleteIfExists(path(location));
  }

  @Override
  public List<String> list(ObjectLocation folder) throws IOException {
    Path dir = path(folder);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> names = new java.util.ArrayList<>();
    // files deleted while the walk runs (another process cleaning up) are skipped, not an error
    Files.walkFileTree(
        dir,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && !isTemporary(f)) {
              names.add(dir.relativize(f).toString().replace(java.io.File.separatorChar, '/'));
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e)
              throws IOException {
            if (e instanceof NoSuchFileException) {
              return java.nio.file.FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return names;
  }

  @Override
  public IoStats stats() {
    return stats;
  }

  /**
   * A fresh name for a temporary file next to {@code target}, not yet created: the caller creates
   * it the ordinary way, so it gets the permissions the user's umask gives (a temporary file made
   * by {@code Files.createTempFile} would be private, 0600, and stay so after the move).
   */
  private static Path temporarySibling(Path target) throws IOException {
    Path dir = java.util.Objects.requireNonNull(target.toAbsolutePath().getParent(), "no parent");
    Files.createDirectories(dir);
    long random = java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1;
    return dir.resolve("." + target.getFileName() + "." + Long.toString(random, 36) + ".tmp");
  }

  private static boolean isTemporary(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  private static Path path(ObjectLocation location) {
    return location
        .localPath()
        .orElseThrow(() -> new IllegalArgumentException("Not a file location: " + location));
  }
}
