package io.quiver.spark.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Listeners told each statement a read partition sends, in the JVM that runs the task (with
 * {@code local[n]} the driver's): lets a test see what the server was asked.
 */
public final class QueryLog {
  private static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();

  private QueryLog() {}

  public static void addListener(Consumer<String> listener) {
    LISTENERS.add(listener);
  }

  public static void removeListener(Consumer<String> listener) {
    LISTENERS.remove(listener);
  }

  static void sent(String sql) {
    LISTENERS.forEach(l -> l.accept(sql));
  }
}
