package io.dataplug.cli;

import io.dataplug.job.SliceJob;
import io.dataplug.job.SliceJobs;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code dataplug} command. */
@Command(
    name = "dataplug",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Process huge scientific files in object storage in parallel, without converting or copying them. "
          + "Preprocess an object once (a small index is stored alongside it), then cut it into any number of "
          + "slices and run work over them; each slice reads only its own bytes with range requests.",
      ""
    },
    footer = {
      "",
      "Objects are s3://bucket/key, a local path, or an http(s):// URL. S3 credentials come from the "
          + "standard AWS chain; the endpoint from --endpoint or $AWS_ENDPOINT_URL.",
      "Each job of a format module is a command too ('dataplug jobs' lists them): dataplug JOB URI.",
      "Exit codes: 0 success, 1 failure, 2 bad usage."
    },
    subcommands = {
      DemoCommand.class,
      FormatsCommand.class,
      CopyCommand.class,
      PreprocessCommand.class,
      PartitionCommand.class,
      CountCommand.class,
      TileCommand.class,
      CatCommand.class,
      JobsCommand.class,
      S3ServerCommand.class,
      HelloCommand.class,
      LambdaDeployCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @Option(
      names = {"-v", "--verbose"},
      scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces on errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // answered before the command line model is built: picocli's classes cannot be in a
      // class-data sharing archive (they are Java 5 class files), so building it costs a JVM start
      System.out.println(new Version().getVersion()[0]);
      return;
    }
    // warnings (such as retries of storage requests) as short lines on standard error
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.showLogName", "false");
    System.exit(run(args));
  }

  /** Runs the command and returns its exit code (for tests). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    if (namesJob(cli, args)) {
      for (SliceJob<?> job : SliceJobs.all()) {
        cli.addSubcommand(job.id(), JobCommand.of(job));
      }
    }
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          boolean verbose = parsed.matchedOption("--verbose") != null || isVerbose(parsed);
          PrintWriter err = cmd.getErr();
          err.println("dataplug " + cmd.getCommandName() + ": error: " + message(e));
          if (verbose) {
            e.printStackTrace(err);
          }
          err.flush();
          // an option the format does not have is found only once the format is detected, but it
          // is still a usage error
          return e instanceof io.dataplug.format.UnknownOptionException ? 2 : 1;
        });
    cli.setParameterExceptionHandler(
        (e, args2) -> {
          CommandLine cmd = e.getCommandLine();
          boolean top = cmd.getParent() == null;
          cmd.getErr()
              .println(
                  (top ? "dataplug: " : "dataplug " + cmd.getCommandName() + ": ")
                      + usageMessage(e)
                      + " (see 'dataplug "
                      + (top ? "" : cmd.getCommandName() + " ")
                      + "--help')");
          cmd.getErr().flush();
          return 2;
        });
    return cli.execute(args);
  }

  /** What was wrong with the command line; an unknown first word is an unknown command. */
  private static String usageMessage(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u
        && e.getCommandLine().getParent() == null
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      String word = u.getUnmatched().get(0);
      List<String> like = u.getSuggestions();
      return "unknown command '"
          + word
          + "'"
          + (like.isEmpty() ? "" : " (did you mean " + quoted(like) + "?)");
    }
    return String.valueOf(e.getMessage());
  }

  private static String quoted(List<String> words) {
    return String.join(" or ", words.stream().limit(3).map(w -> "'" + w + "'").toList());
  }

  /**
   * Whether the arguments may name a job: the jobs are found (with ServiceLoader, which loads the
   * format modules' job classes) only when the command is not a built-in one. {@code help JOB}
   * names one too.
   */
  static boolean namesJob(CommandLine cli, String... args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("-")) {
        continue;
      }
      if (args[i].equals("help")) {
        return namesJob(cli, java.util.Arrays.copyOfRange(args, i + 1, args.length));
      }
      return !cli.getSubcommands().containsKey(args[i]);
    }
    return false;
  }

  private static boolean isVerbose(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** One line for an exception: its message, or its type when it has none. */
  static String message(Throwable e) {
    Throwable t = e;
    while ((t.getMessage() == null || t instanceof java.io.UncheckedIOException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof java.io.FileNotFoundException
        && !m.startsWith("Object")
        && !m.startsWith("Bucket")) {
      m = "not found: " + m;
    }
    return m;
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"dataplug " + (v == null ? "(development build)" : v)};
    }
  }
}
