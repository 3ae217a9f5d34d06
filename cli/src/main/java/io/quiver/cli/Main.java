package io.quiver.cli;

import io.quiver.cli.load.LoadCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The entry point of {@code ./quiver}: a picocli command whose subcommands are the commands; it
 * exits with their exit code. Usage errors (picocli's, and the commands' own checks thrown as
 * {@link ParameterException}) print one line naming the problem and the command's synopsis, and
 * exit with {@value #USAGE}.
 */
@Command(name = "quiver", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "Apache Arrow in and out of Apache IoTDB's table model.",
    subcommands = {DemoCommand.class, ExampleCommand.class, LoadCommand.class, QueryCommand.class,
        ServerCli.class, CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class},
    footer = {"", "Exit codes: 0 done, 1 error, 2 bad command line, 130 stopped (load).",
        "Run ./quiver COMMAND --help for a command's options."})
public final class Main implements Runnable {
  /** Exit code for a command line that cannot be understood. */
  public static final int USAGE = 2;

  @picocli.CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public Main() {}

  public Main(CliContext context) {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    int code = run(args, CliContext.system());
    System.out.flush();
    System.exit(code);
  }

  /** Runs one command line, printing everything to {@code out}; returns the exit code. */
  static int run(String[] args, PrintStream out) {
    return run(args, CliContext.of(out));
  }

  /** Runs one command line in {@code context}; returns the exit code. */
  public static int run(String[] args, CliContext context) {
    return commandLine(new Main(), context).execute(args);
  }

  /**
   * A picocli command line for {@code command} (the root, or one command run on its own, as the
   * tests and {@link QueryCommand#run} do) with Quiver's output, factory and error handling.
   */
  public static CommandLine commandLine(Object command, CliContext context) {
    CommandLine cl = new CommandLine(command, new Factory(context));
    cl.setOut(new PrintWriter(context.out(), true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(context.err(), true, StandardCharsets.UTF_8));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(Main::usageError);
    CommandLine server = cl.getSubcommands().get("server");
    if (server != null) {
      server.setUnmatchedOptionsArePositionalParams(true);
    }
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof IllegalArgumentException) {
        return usageError(new ParameterException(line, e.getMessage(), e), parsed.originalArgs()
            .toArray(new String[0]));
      }
      throw e;
    });
    return cl;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandName() + ": " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.print("usage: " + cl.getHelp().synopsis(0));
    err.println("(" + qualifiedName(cl) + " --help lists the options)");
    err.flush();
    return USAGE;
  }

  private static String qualifiedName(CommandLine cl) {
    String name = cl.getCommandSpec().qualifiedName();
    return name.startsWith("quiver") ? "./" + name : "./quiver " + name;
  }

  /** Creates the commands with the context's output and environment. */
  static final class Factory implements CommandLine.IFactory {
    private final CliContext context;

    Factory(CliContext context) {
      this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        Constructor<K> withContext = type.getDeclaredConstructor(CliContext.class);
        withContext.setAccessible(true);
        return withContext.newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  /** The version from the build ({@code quiver-version.properties}) and the running JVM's. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/quiver-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
          "quiver " + p.getProperty("version", "(unknown version)") + " (IoTDB client for 2.0.x)",
          "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")};
    }
  }
}
