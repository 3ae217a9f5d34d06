package io.quiver.client.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.InvalidBatchException;
import io.quiver.client.Tablet;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.InsertBatch;
import io.quiver.client.spi.WireBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EncodedRows}: any subset of an encoded batch's rows writes exactly the bytes of a row
 * tablet made of only those rows (golden comparison, every type, nulls), and the device hash tells
 * devices apart by database, table, tag names and tag values.
 */
class EncodedRowsTest {
  private static final List<String> NAMES = List.of("region", "plant", "b", "i", "l", "f", "d", "x", "blob", "date", "ts");
  private static final List<DataType> TYPES = List.of(DataType.STRING, DataType.STRING, DataType.BOOLEAN,
      DataType.INT32, DataType.INT64, DataType.FLOAT, DataType.DOUBLE, DataType.TEXT, DataType.BLOB, DataType.DATE,
      DataType.TIMESTAMP);
  private static final List<ColumnCategory> CATEGORIES = List.of(ColumnCategory.TAG, ColumnCategory.TAG,
      ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD,
      ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD, ColumnCategory.FIELD);

  private static List<List<Object>> randomRows(Random random, int n, double nullRatio) {
    List<List<Object>> rows = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      byte[] blob = new byte[random.nextInt(9)];
      random.nextBytes(blob);
      Object[] row = {"region-" + random.nextInt(4), random.nextBoolean() ? "plänt" : "", random.nextBoolean(),
          random.nextInt(), random.nextLong(), random.nextFloat(), random.nextDouble(), "text " + random.nextInt(100),
          blob, LocalDate.ofEpochDay(random.nextInt(20_000)), random.nextLong()};
      for (int c = 0; c < row.length; c++) {
        if (random.nextDouble() < nullRatio) {
          row[c] = null;
        }
      }
      rows.add(Arrays.asList(row));
    }
    return rows;
  }

  private static Tablet tablet(List<List<Object>> rows, List<Object> times) {
    return new Tablet("t1", NAMES, TYPES, CATEGORIES, rows, times);
  }

  private static byte[] times(InsertBatch b) {
    WireBuffer out = new WireBuffer(8);
    b.writeTimestamps(out, TimePrecision.MILLISECONDS);
    return Arrays.copyOf(out.array(), out.position());
  }

  private static byte[] values(InsertBatch b) {
    WireBuffer out = new WireBuffer(8);
    b.writeValues(out, TimePrecision.MILLISECONDS);
    assertEquals(b.valuesSize(), out.position(), "valuesSize() equals the bytes written");
    return Arrays.copyOf(out.array(), out.position());
  }

  @ParameterizedTest(name = "null ratio {0}")
  @ValueSource(doubles = {0.0, 0.05, 0.5, 1.0})
  void aSelectionWritesWhatATabletOfOnlyThoseRowsWrites(double nullRatio) {
    EncodedRows encoded = new EncodedRows();
    for (int n : new int[] {1, 7, 8, 9, 64, 200}) {
      Random random = new Random(n * 17L + Double.doubleToLongBits(nullRatio));
      List<List<Object>> rows = randomRows(random, n, nullRatio);
      List<Object> times = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        times.add(1_700_000_000_000L + r);
      }
      Tablet whole = tablet(rows, times);
      encoded.encode(whole, TimePrecision.MILLISECONDS);
      assertArrayEquals(values(whole), values(encoded), n + " rows: the encoded batch sends the tablet's bytes");
      assertArrayEquals(times(whole), times(encoded));
      for (int trial = 0; trial < 20; trial++) {
        List<Integer> chosen = new ArrayList<>();
        for (int r = 0; r < n; r++) {
          if (random.nextInt(3) == 0) {
            chosen.add(r);
          }
        }
        if (chosen.isEmpty() || chosen.size() == n) {
          continue;
        }
        int[] picked = chosen.stream().mapToInt(Integer::intValue).toArray();
        InsertBatch selection = encoded.select(picked, picked.length);
        Tablet expected = tablet(chosen.stream().map(rows::get).toList(), chosen.stream().map(times::get).toList());
        String context = n + " rows, null ratio " + nullRatio + ", rows " + chosen;
        assertEquals(picked.length, selection.rowCount(), context);
        assertEquals(expected.valuesSize(), selection.valuesSize(), context + ": valuesSize");
        assertArrayEquals(values(expected), values(selection), context + ": values");
        assertArrayEquals(times(expected), times(selection), context + ": times");
      }
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      assertSame(encoded, encoded.select(all, n), "all rows: the encoded batch itself");
    }
  }

  private static Tablet devices(String table, String... regionPlantPairs) {
    Tablet.Builder b = Tablet.builder(table).tag("region").tag("plant").field("v", DataType.INT64);
    for (int i = 0; i < regionPlantPairs.length; i += 2) {
      b.row((long) i, regionPlantPairs[i], regionPlantPairs[i + 1], 1L);
    }
    return b.build();
  }

  @Test
  void rowsOfOneDeviceHashEqualAndDifferentDevicesDiffer() {
    EncodedRows encoded = new EncodedRows();
    encoded.encode(devices("t", "north", "p1", "north", "p1", "north", "p2", "south", "p1", "north", null,
        "north", "", "northp", "1"), TimePrecision.MILLISECONDS);
    long[] h = encoded.deviceHashes("db").clone();
    assertEquals(h[0], h[1], "same tags, same device");
    assertNotEquals(h[0], h[2]);
    assertNotEquals(h[0], h[3]);
    assertNotEquals(h[4], h[5], "a null tag is not an empty one");
    assertNotEquals(h[0], h[6], "values are not just concatenated");
    assertTrue(encoded.isNull(1, 4));
    long[] otherDb = encoded.deviceHashes("db2").clone();
    assertNotEquals(h[0], otherDb[0], "the database is part of the device");

    encoded.encode(devices("t", "north", "p1"), TimePrecision.MILLISECONDS);
    assertEquals(h[0], encoded.deviceHashes("db")[0], "the same device hashes equal across batches");
    encoded.encode(devices("u", "north", "p1"), TimePrecision.MILLISECONDS);
    assertNotEquals(h[0], encoded.deviceHashes("db")[0], "the table is part of the device");
    encoded.encode(Tablet.builder("t").tag("plant").tag("region").field("v", DataType.INT64)
        .row(0L, "north", "p1", 1L).build(), TimePrecision.MILLISECONDS);
    assertNotEquals(h[0], encoded.deviceHashes("db")[0], "tag names are part of the device");
  }

  @Test
  void badDataFailsTheEncodingAsItWouldFailTheSend() {
    Tablet good = devices("t", "a", "b");
    InsertBatch bad = new InsertBatch() {
      @Override public String tableName() { return "t"; }
      @Override public int rowCount() { return 1; }
      @Override public int columnCount() { return good.columnCount(); }
      @Override public String columnName(int i) { return good.columnName(i); }
      @Override public DataType dataType(int i) { return good.dataType(i); }
      @Override public ColumnCategory category(int i) { return good.category(i); }
      @Override public long valuesSize() { return good.valuesSize(); }
      @Override public void writeTimestamps(WireBuffer out, TimePrecision p) { good.writeTimestamps(out, p); }
      @Override public void writeValues(WireBuffer out, TimePrecision p) {
        throw new InvalidBatchException("column 'v' row 0: out of range", "v", 0);
      }
    };
    EncodedRows encoded = new EncodedRows();
    InvalidBatchException e = assertThrows(InvalidBatchException.class,
        () -> encoded.encode(bad, TimePrecision.MILLISECONDS));
    assertTrue(e.getMessage().contains("'v'"), e.getMessage());
  }

  @Test
  void aBatchWritingOtherSizesThanItDeclaresIsRefused() {
    Tablet good = devices("t", "a", "b");
    InsertBatch lying = new InsertBatch() {
      @Override public String tableName() { return "t"; }
      @Override public int rowCount() { return 1; }
      @Override public int columnCount() { return good.columnCount(); }
      @Override public String columnName(int i) { return good.columnName(i); }
      @Override public DataType dataType(int i) { return good.dataType(i); }
      @Override public ColumnCategory category(int i) { return good.category(i); }
      @Override public long valuesSize() { return good.valuesSize() + 3; }
      @Override public void writeTimestamps(WireBuffer out, TimePrecision p) { good.writeTimestamps(out, p); }
      @Override public void writeValues(WireBuffer out, TimePrecision p) { good.writeValues(out, p); }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new EncodedRows().encode(lying, TimePrecision.MILLISECONDS));
    assertTrue(e.getMessage().contains("valuesSize()"), e.getMessage());
  }

  @Test
  void rowsEncodedForOnePrecisionRefuseAnother() {
    EncodedRows encoded = new EncodedRows();
    encoded.encode(devices("t", "a", "b"), TimePrecision.MILLISECONDS);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> encoded.writeTimestamps(new WireBuffer(8), TimePrecision.NANOSECONDS));
    assertTrue(e.getMessage().contains("MILLISECONDS"), e.getMessage());
  }
}
