package io.dataplug.cli;

import io.dataplug.lithops.lambda.LambdaApi;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.StoreConfig;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "lambda-deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Deploy the aws_lambda backend's handler: upload this jar to S3 and create (or update) the function "
          + "on the Java 17 runtime (like 'lithops runtime deploy').",
      "Then run jobs with --backend aws_lambda and DATAPLUG_LAMBDA_JOBS=s3://bucket/prefix."
    })
final class LambdaDeployCommand implements Callable<Integer> {
  @Option(
      names = "--role",
      required = true,
      paramLabel = "ARN",
      description =
          "Execution role; it must be allowed to read the data and write under the jobs prefix.")
  String role;

  @Option(
      names = "--code",
      required = true,
      paramLabel = "S3URI",
      description = "Where the jar goes, e.g. s3://bucket/dataplug.jar.")
  String code;

  @Option(
      names = "--function",
      paramLabel = "NAME",
      description = "Function name (default: dataplug).")
  String function = "dataplug";

  @Option(
      names = "--memory",
      paramLabel = "MB",
      description = "Memory (default: 1769, one full vCPU).")
  int memory = 1769;

  @Option(names = "--timeout", paramLabel = "S", description = "Timeout in seconds (default: 900).")
  int timeout = 900;

  @Option(
      names = "--jar",
      paramLabel = "PATH",
      description = "The shaded jar (default: the one running this command).")
  @Nullable Path jar;

  @Option(
      names = "--lambda-endpoint",
      paramLabel = "URL",
      description = "Lambda API endpoint (default: $AWS_ENDPOINT_URL, else AWS).")
  @Nullable String lambdaEndpoint;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "S3 endpoint for the upload (default: $AWS_ENDPOINT_URL, else AWS).")
  @Nullable String endpoint;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path source = jar != null ? jar : runningJar();
    StoreConfig store = StoreConfig.fromEnvironment();
    if (endpoint != null) {
      store = store.withEndpoint(endpoint);
    }
    String api = lambdaEndpoint != null ? lambdaEndpoint : System.getenv("AWS_ENDPOINT_URL");
    new LambdaApi(api, store.region())
        .deploy(function, role, source, ObjectLocation.of(code), store, memory, timeout);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Function %s is active: handler %s, code %s (%,d bytes)%n",
        function, LambdaApi.HANDLER, code, Files.size(source));
    out.flush();
    return 0;
  }

  private Path runningJar() throws URISyntaxException {
    Path path =
        Path.of(
            LambdaDeployCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!Files.isRegularFile(path) || !path.getFileName().toString().endsWith(".jar")) {
      throw new ParameterException(
          spec.commandLine(), "Not running from the shaded jar (" + path + "): pass --jar");
    }
    return path;
  }
}
