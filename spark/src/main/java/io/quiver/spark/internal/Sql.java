package io.quiver.spark.internal;

/** IoTDB SQL text: quoted identifiers and string literals. */
public final class Sql {
  private Sql() {}

  /** An identifier in double quotes (a quote inside doubled). */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** A string literal in single quotes (a quote inside doubled). */
  public static String literal(String value) {
    return '\'' + value.replace("'", "''") + '\'';
  }
}
