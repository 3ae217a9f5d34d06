package io.quiver.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a command runs with: where it prints results ({@code out}) and errors ({@code err}), the
 * environment it reads settings from, and how it asks for a password. Tests pass their own.
 *
 * @param out results and progress
 * @param err errors and usage messages
 * @param env the environment
 * @param prompt asks for a password without echo (null answer: no terminal)
 */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env,
    ConnectionSettings.PasswordPrompt prompt) {

  /** The process's streams, environment and console. */
  public static CliContext system() {
    return new CliContext(System.out, System.err, System.getenv(),
        ConnectionSettings.PasswordPrompt.CONSOLE);
  }

  /** Everything printed to {@code out}, the process's environment, no terminal. */
  public static CliContext of(PrintStream out) {
    return of(out, System.getenv());
  }

  /** Everything printed to {@code out}, this environment, no terminal. */
  public static CliContext of(PrintStream out, Map<String, String> env) {
    return new CliContext(out, out, env, prompt -> null);
  }
}
