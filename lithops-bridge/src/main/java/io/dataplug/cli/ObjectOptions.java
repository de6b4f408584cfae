package io.dataplug.cli;

import io.dataplug.CloudObject;
import io.dataplug.format.FormatRegistry;
import io.dataplug.storage.StoreConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every command that opens an object takes. */
final class ObjectOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Nullable String format;

  /** An unknown format id is a usage error (exit code 2), found before anything is read. */
  @Option(
      names = {"-f", "--format"},
      paramLabel = "F",
      description = "Format id (default: detected from name and content; see 'dataplug formats').")
  void format(String id) {
    try {
      FormatRegistry.get().format(id);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    format = id;
  }

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

  /**
   * The object to open. Options the format (when given) does not have are a usage error here,
   * before anything is read; with a detected format the library rejects them once it knows it.
   */
  CloudObject open(String uri) {
    if (format != null) {
      try {
        FormatRegistry.get().format(format).info().checkOptions(format, options);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    CloudObject.Builder b =
        CloudObject.builder(uri)
            .format(format)
            .storeConfig(storeConfig())
            .metadataLocation(metadataLocation);
    options.forEach(b::option);
    return b.build();
  }
}
