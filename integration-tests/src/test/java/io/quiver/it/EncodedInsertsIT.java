package io.quiver.it;

import io.quiver.client.SessionDataSet;
import io.quiver.client.TableSession;
import io.quiver.it.support.AllTypes;
import io.quiver.it.support.Databases;
import java.time.LocalDate;
import java.util.Random;
import org.apache.iotdb.isession.ITableSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Column-encoded inserts ({@code encodeInserts(true)}: TS_2DIFF times and integers, GORILLA
 * floats; and with {@code gzipInserts(true)} GZIP on top) read back exactly by the real server: every type, edge values, nulls alone and in runs,
 * more rows than one TS_2DIFF block, checked cell by cell through Quiver and the official client.
 */
class EncodedInsertsIT {
  private static final String DB = "it_encoded";

  @BeforeAll
  static void createDatabase() {
    Databases.recreate(DB);
  }

  @AfterAll
  static void dropDatabase() {
    Databases.drop(DB);
  }

  /** The edge rows of {@link AllTypes}, then {@code more} rows of sensor-like data with nulls. */
  private static AllTypes rows(int more, long seed) {
    AllTypes data = AllTypes.edgeValues();
    Random random = new Random(seed);
    double level = 20;
    for (int r = 0; r < more; r++) {
      int device = r % 3;
      level += (random.nextInt(3) - 1) * 0.25;
      Object[] row = {"e" + device, "b" + device, r % 7 == 0, 100 + random.nextInt(5),
          5_000L + r, (float) level, Math.round(level * 4) / 4.0, "t" + (r % 11),
          "s" + random.nextInt(1000), new byte[] {(byte) r}, LocalDate.of(2024, 1, 1).plusDays(r / 50),
          1_600_000_000_000L + 1000L * r};
      for (int c = 2; c < row.length; c++) {
        // Nulls alone and in runs (rows 40 to 44 are null in every field).
        if (random.nextInt(8) == 0 || (r >= 40 && r < 45)) {
          row[c] = null;
        }
      }
      data.add(100L + r, row);
    }
    return data;
  }

  private static void writeEncodedAndCheck(AllTypes data, String table) throws Exception {
    writeEncodedAndCheck(data, table, false);
  }

  private static void writeEncodedAndCheck(AllTypes data, String table, boolean gzip)
      throws Exception {
    try (TableSession s = TableSession.open(
        Databases.quiverConfig(DB).encodeInserts(true).gzipInserts(gzip).build())) {
      s.insert(data.quiverTablet(table));
      try (SessionDataSet rs = s.executeQueryStatement(AllTypes.select(table))) {
        data.assertReadByQuiver(rs);
      }
    }
    try (ITableSession official = Databases.official(DB);
        org.apache.iotdb.isession.SessionDataSet rs =
            official.executeQueryStatement(AllTypes.select(table))) {
      data.assertReadByOfficial(rs.iterator());
    }
  }

  @Test
  void everyTypeWithEdgeValuesAndNullsReadsBackExactly() throws Exception {
    writeEncodedAndCheck(rows(12, 1), "edges");
  }

  @Test
  void severalTwoDiffBlocksWithNullRunsReadBackExactly() throws Exception {
    writeEncodedAndCheck(rows(1_000, 2), "blocks");
  }

  /**
   * BOOLEAN columns are RLE-encoded: a run longer than one rle run holds (32,767), runs just
   * around 8 (where the encoder switches between rle and bit-packed runs), more than 63 packed
   * groups in a row, and nulls inside runs.
   */
  @Test
  void booleanRunsOfEveryKindReadBackExactly() throws Exception {
    AllTypes data = new AllTypes();
    Random random = new Random(4);
    boolean flag = true;
    int left = 33_000;
    for (int r = 0; r < 40_000; r++) {
      if (left-- == 0) {
        flag = !flag;
        left = r < 36_000 ? 1 + random.nextInt(16) : (r < 38_000 ? 1 : 20 + random.nextInt(200));
      }
      Boolean b = random.nextInt(50) == 0 ? null : flag;
      data.add(1L + r, new Object[] {"e", "b", b, 1, 1L, 1f, 1.0, "t", "s", new byte[] {1},
          LocalDate.of(2024, 1, 1), 1L});
    }
    writeEncodedAndCheck(data, "booleans");
  }

  @Test
  void gzipCompressedEncodedInsertsReadBackExactly() throws Exception {
    writeEncodedAndCheck(rows(1_000, 3), "gzipped", true);
  }
}
