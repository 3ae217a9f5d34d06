package io.quiver.client.internal;

/**
 * The SQL dialect a connection opens its server session in: what {@code sql_dialect} says in the
 * open request, and how query results read. The table model sends no separate time column (the
 * time is a value column); the tree model's results carry their times in the TsBlock's own time
 * column, shown as a leading {@code Time} column unless the server says {@code ignoreTimeStamp}.
 */
public enum Dialect {
  TABLE("table"),
  TREE("tree");

  private final String wireName;

  Dialect(String wireName) {
    this.wireName = wireName;
  }

  /** The value of {@code sql_dialect} in the open-session configuration. */
  public String wireName() {
    return wireName;
  }
}
