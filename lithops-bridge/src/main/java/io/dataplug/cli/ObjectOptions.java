package io.dataplug.cli;

import io.dataplug.CloudObject;
import io.dataplug.storage.StoreConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options every command that opens an object takes. */
final class ObjectOptions {
  @Option(
      names = {"-f", "--format"},
      paramLabel = "F",
      description = "Format id (default: detected from name and content; see 'dataplug formats').")
  @Nullable String format;

  @Option(
      names = {"-o", "--option"},
      paramLabel = "K=V",
      description = "A format option, e.g. separator=';' (repeatable).")
  Map<String, String> options = new LinkedHashMap<>();

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "S3 endpoint (default: $AWS_ENDPOINT_URL, else AWS).")
  @Nullable String endpoint;

  @Option(
      names = "--region",
      paramLabel = "R",
      description = "S3 region (default: $AWS_REGION or the AWS chain).")
  @Nullable String region;

  @Option(
      names = "--metadata-location",
      paramLabel = "URI",
      description = "Keep indexes here instead of next to the object (for read-only sources).")
  @Nullable String metadataLocation;

  StoreConfig storeConfig() {
    StoreConfig config = StoreConfig.fromEnvironment();
    if (endpoint != null) {
      config = config.withEndpoint(endpoint);
    }
    if (region != null) {
      config = config.withRegion(region);
    }
    return config;
  }

  CloudObject open(String uri) {
    CloudObject.Builder b =
        CloudObject.builder(uri)
            .format(format)
            .storeConfig(storeConfig())
            .metadataLocation(metadataLocation);
    options.forEach(b::option);
    return b.build();
  }
}
