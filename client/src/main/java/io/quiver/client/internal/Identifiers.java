package io.quiver.client.internal;

/** The one place that quotes SQL identifiers for the statements Quiver writes itself. */
public final class Identifiers {
  private Identifiers() {
  }

  /** {@code name} as a double-quoted identifier, inner quotes doubled. */
  public static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** {@code USE "database"}. */
  public static String use(String database) {
    return "USE " + quote(database);
  }
}
