package io.quiver.it.support;

import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import java.util.HashSet;
import java.util.Set;

/** The sessions the server holds open, as it lists them in {@code information_schema.connections}. */
public final class ServerSessions {
  private ServerSessions() {}

  /** The ids of every session the server holds, the observer's own among them. */
  public static Set<String> ids(TableSession observer) {
    Set<String> ids = new HashSet<>();
    try (SessionDataSet rows = observer.executeQueryStatement("SELECT session_id FROM information_schema.connections")) {
      while (rows.next()) {
        ids.add(rows.getString(0));
      }
    }
    return ids;
  }
}
