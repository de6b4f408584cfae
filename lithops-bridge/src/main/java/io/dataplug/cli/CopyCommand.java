package io.dataplug.cli;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectMetadata;
import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.StoreConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "cp",
    mixinStandardHelpOptions = true,
    description = "Copy an object between local files, S3 and HTTP(S) (read-only).")
final class CopyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SRC")
  String source;

  @Parameters(
      index = "1",
      paramLabel = "DST",
      description = "Destination; a key ending in '/' takes the source's file name.")
  String target;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "S3 endpoint (default: $AWS_ENDPOINT_URL).")
  @Nullable String endpoint;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StoreConfig config =
        endpoint == null
            ? StoreConfig.fromEnvironment()
            : StoreConfig.fromEnvironment().withEndpoint(endpoint);
    ObjectLocation src = ObjectLocation.of(source);
    String dst = target.endsWith("/") ? target + src.fileName() : target;
    ObjectLocation to = ObjectLocation.of(dst);
    long start = System.nanoTime();
    long size;
    if (src.localPath().isPresent()) {
      size = Files.size(src.localPath().get());
      ObjectStores.writable(to, config).put(to, src.localPath().get());
    } else {
      ObjectStore store = ObjectStores.shared(src, config);
      ObjectMetadata meta = store.metadata(src);
      size = meta.size();
      Path local = to.localPath().orElse(null);
      Path tmp =
          local != null
              ? local.resolveSibling("." + local.getFileName() + ".part")
              : Files.createTempFile("dataplug-cp", ".part");
      if (local != null && local.getParent() != null) {
        Files.createDirectories(local.getParent());
      }
      try (RangeReader reader = store.newReader(src, meta.etag());
          InputStream in = reader.stream(new ByteRange(0, meta.size()))) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        if (local != null) {
          Files.move(
              tmp, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
          ObjectStores.writable(to, config).put(to, tmp);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    spec.commandLine()
        .getOut()
        .printf(
            "copied %s -> %s (%,d bytes, %.2f s)%n",
            src, to, size, (System.nanoTime() - start) / 1e9);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
