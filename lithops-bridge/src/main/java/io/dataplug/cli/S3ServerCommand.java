package io.dataplug.cli;

import io.dataplug.storage.s3.EmbeddedS3Server;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "s3-server",
    mixinStandardHelpOptions = true,
    description =
        "Run the embedded S3-compatible server (S3Proxy) on 127.0.0.1, keeping data in a folder.")
final class S3ServerCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      required = true,
      paramLabel = "D",
      description = "Folder for the data (one subfolder per bucket).")
  Path dir;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "Port (default: 9000; 0 for any free port).")
  int port = 9000;

  @Option(
      names = "--bucket",
      paramLabel = "NAME",
      description = "Create this bucket at start (repeatable).")
  List<String> buckets = List.of();

  @Option(
      names = "--anonymous",
      description = "Accept unsigned requests (objects are then plain HTTP resources too).")
  boolean anonymous;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (EmbeddedS3Server server = EmbeddedS3Server.start(dir, port, anonymous)) {
      for (String b : buckets) {
        server.createBucket(b);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "S3-compatible server on %s, data in %s%n", server.endpoint(), dir.toAbsolutePath());
      out.printf(
          "Use it with:%n  export AWS_ENDPOINT_URL=%s AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s%n",
          server.endpoint(), EmbeddedS3Server.ACCESS_KEY, EmbeddedS3Server.SECRET_KEY);
      out.println("Press Ctrl-C to stop.");
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }
}
