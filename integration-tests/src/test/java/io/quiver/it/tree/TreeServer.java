package io.quiver.it.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.it.support.TestIoTDB;
import java.util.ArrayList;
import java.util.List;
import org.apache.iotdb.isession.SessionDataSet;
import org.apache.iotdb.session.Session;
import org.apache.tsfile.read.common.Field;
import org.apache.tsfile.read.common.RowRecord;

/** The official tree-model {@code Session} on the test server, and tree databases for tests. */
final class TreeServer {
  private TreeServer() {}

  /** An open official tree session (sql_dialect=tree, the official default). */
  static Session official() throws Exception {
    String[] hp = TestIoTDB.endpoint().split(":");
    Session s = new Session.Builder().host(hp[0]).port(Integer.parseInt(hp[1])).build();
    s.open(false);
    return s;
  }

  /** Creates an empty tree database (deleting an old one of the same name). */
  static void recreateDatabase(Session s, String database) throws Exception {
    dropDatabase(s, database);
    s.executeNonQueryStatement("CREATE DATABASE " + database);
  }

  static void dropDatabase(Session s, String database) throws Exception {
    boolean exists;
    try (SessionDataSet ds = s.executeQueryStatement("SHOW DATABASES " + database)) {
      exists = ds.hasNext();
    }
    if (exists) {
      s.executeNonQueryStatement("DELETE DATABASE " + database);
    }
  }

  /** Every row of a query as strings (null for a null cell), the Time column left out. */
  static List<List<String>> rows(Session s, String sql) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (SessionDataSet ds = s.executeQueryStatement(sql)) {
      while (ds.hasNext()) {
        RowRecord r = ds.next();
        List<String> cells = new ArrayList<>();
        for (Field f : r.getFields()) {
          cells.add(f == null || f.getDataType() == null ? null : f.getStringValue());
        }
        rows.add(cells);
      }
    }
    return rows;
  }

  /** SHOW DEVICES says the device is (or is not) aligned. */
  static void assertAligned(Session s, String device, boolean aligned) throws Exception {
    List<List<String>> rows = rows(s, "SHOW DEVICES " + device);
    assertEquals(1, rows.size(), "SHOW DEVICES " + device + ": " + rows);
    assertEquals(device, rows.get(0).get(0));
    assertTrue(rows.get(0).get(1).equals(String.valueOf(aligned)),
        device + " IsAligned " + rows.get(0).get(1) + ", expected " + aligned);
  }
}
