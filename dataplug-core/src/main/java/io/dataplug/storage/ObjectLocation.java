package io.dataplug.storage;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an object lives: {@code s3://bucket/key}, {@code file:/path} (or a plain path), or {@code
 * http(s)://host[:port]/path}.
 *
 * <p>Parsed by hand rather than with {@link java.net.URI}: object keys are not valid URIs (spaces,
 * {@code %}, brackets). {@link #toString()} gives the canonical form, which {@link #of} parses back
 * to an equal location.
 */
public final class ObjectLocation implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final java.util.regex.Pattern SCHEME =
      java.util.regex.Pattern.compile("[a-z][a-z0-9+.-]*");

  private final String scheme;
  private final String authority;
  private final String path;

  private ObjectLocation(String scheme, String authority, String path) {
    this.scheme = scheme;
    this.authority = authority;
    this.path = path;
  }

  /**
   * Parses a location.
   *
   * @param location {@code s3://bucket/key}, {@code file:/abs/path}, {@code file:///abs/path}, a
   *     plain relative or absolute path, or {@code http(s)://host/path}
   * @throws IllegalArgumentException if the location is empty or malformed
   */
  public static ObjectLocation of(String location) {
    requireNonNull(location, "location is null");
    if (location.isBlank()) {
      throw new IllegalArgumentException("location is empty");
    }
    int colon = location.indexOf("://");
    if (location.startsWith("file:")) {
      String p = location.substring("file:".length());
      if (p.startsWith("//")) {
        p = p.substring(2);
        if (!p.startsWith("/")) {
          throw new IllegalArgumentException("file location must have an empty host: " + location);
        }
      }
      return ofPath(Path.of(p));
    }
    if (colon < 0) {
      return ofPath(Path.of(location));
    }
    String scheme = location.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    String rest = location.substring(colon + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    if (!SCHEME.matcher(scheme).matches()) {
      throw new IllegalArgumentException("Malformed location scheme '" + scheme + "': " + location);
    }
    if (scheme.equals("s3a") || scheme.equals("s3n")) {
      scheme = "s3";
    }
    if (authority.isEmpty()) {
      throw new IllegalArgumentException(
          (scheme.equals("s3") ? "S3 location has no bucket: " : "Location has no host or bucket: ")
              + location);
    }
    // whether a store serves the scheme is the store registry's question (ObjectStoreProvider)
    return new ObjectLocation(scheme, authority, path);
  }

  /** A location for a local file; the path is made absolute and normalized. */
  public static ObjectLocation ofPath(Path file) {
    String abs = file.toAbsolutePath().normalize().toString();
    return new ObjectLocation("file", "", abs.startsWith("/") ? abs.substring(1) : abs);
  }

  /** {@code s3}, {@code file}, {@code http} or {@code https}. */
  public String scheme() {
    return scheme;
  }

  /** The bucket for S3, the host[:port] for HTTP, empty for files. */
  public String authority() {
    return authority;
  }

  /** The key for S3, the path without its leading slash for files and HTTP. */
  public String key() {
    return path;
  }

  /** The local file this location names, if it is a file location. */
  public Optional<Path> localPath() {
    return scheme.equals("file") ? Optional.of(Path.of("/" + path)) : Optional.empty();
  }

  /** The last path element (the file name). */
  public String fileName() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /**
   * A location whose key is this key followed by {@code suffix}, e.g. {@code k} → {@code k.fai}.
   */
  public ObjectLocation withKeySuffix(String suffix) {
    requireNonNull(suffix, "suffix is null");
    return new ObjectLocation(scheme, authority, path + suffix);
  }

  /**
   * The object named {@code name} in the same folder: {@code a/b/run.imzML} with {@code run.ibd}
   * gives {@code a/b/run.ibd}. For companion objects (an {@code .ibd} next to its {@code .imzML}, a
   * {@code .fai} next to its FASTA).
   *
   * @throws IllegalArgumentException if the name is empty or contains {@code /}
   */
  public ObjectLocation sibling(String name) {
    requireNonNull(name, "name is null");
    if (name.isEmpty() || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException("Invalid sibling name: '" + name + "'");
    }
    int slash = path.lastIndexOf('/');
    return new ObjectLocation(scheme, authority, path.substring(0, slash + 1) + name);
  }

  /** A location under this one as a folder: {@code k} + {@code name} → {@code k/name}. */
  public ObjectLocation child(String name) {
    requireNonNull(name, "name is null");
    String base = path.isEmpty() || path.endsWith("/") ? path : path + "/";
    return new ObjectLocation(scheme, authority, base + name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectLocation other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    if (scheme.equals("file")) {
      return "file:/" + path;
    }
    return scheme + "://" + authority + "/" + path;
  }
}
