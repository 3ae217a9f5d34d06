package io.quiver.it;

import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.it.support.AllTypes;
import io.quiver.it.support.Databases;
import org.apache.iotdb.isession.ITableSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every type with nulls and edge values, through the real server, in both directions: what Quiver
 * writes, Quiver and the official client read back cell by cell; what the official client writes,
 * Quiver reads back the same.
 */
class AllTypesRoundTripIT {
  private static final String DB = "it_types";

  @BeforeAll
  static void createDatabase() {
    Databases.recreate(DB);
  }

  @AfterAll
  static void dropDatabase() {
    Databases.drop(DB);
  }

  @Test
  void quiverWritesEveryTypeAndBothClientsReadItBackCellByCell() throws Exception {
    AllTypes data = AllTypes.edgeValues();
    try (TableSession s = Databases.quiver(DB)) {
      s.insert(data.quiverTablet("written_by_quiver"));
      try (SessionDataSet rs = s.executeQueryStatement(AllTypes.select("written_by_quiver"))) {
        data.assertReadByQuiver(rs);
      }
    }
    try (ITableSession official = Databases.official(DB);
        org.apache.iotdb.isession.SessionDataSet rs =
            official.executeQueryStatement(AllTypes.select("written_by_quiver"))) {
      data.assertReadByOfficial(rs.iterator());
    }
  }

  @Test
  void officialClientWritesEveryTypeAndQuiverReadsItTheSame() throws Exception {
    AllTypes data = AllTypes.edgeValues();
    try (ITableSession official = Databases.official(DB)) {
      official.insert(data.officialTablet("written_by_official"));
    }
    try (TableSession s = Databases.quiver(DB);
        SessionDataSet rs = s.executeQueryStatement(AllTypes.select("written_by_official"))) {
      data.assertReadByQuiver(rs);
    }
  }
}
