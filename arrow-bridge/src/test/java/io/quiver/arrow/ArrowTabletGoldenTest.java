package io.quiver.arrow;

import static io.quiver.arrow.TestVectors.dictionaryField;
import static io.quiver.arrow.TestVectors.field;
import static io.quiver.arrow.TestVectors.root;
import static io.quiver.arrow.TestVectors.timestamp;
import static io.quiver.arrow.TestVectors.vector;
import static io.quiver.arrow.Wire.assertSameBytes;
import static io.quiver.arrow.Wire.assertSameRequest;
import static io.quiver.client.ColumnCategory.ATTRIBUTE;
import static io.quiver.client.ColumnCategory.FIELD;
import static io.quiver.client.ColumnCategory.TAG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.Tablet;
import io.quiver.client.TimePrecision;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same data as a row {@link Tablet} and as an {@link ArrowTablet} encodes to identical
 * timestamp and value bytes, type by type, with nulls; and the worked example of docs/insert-request.md
 * byte for byte.
 */
class ArrowTabletGoldenTest {
  private static final ArrowType INT8 = new ArrowType.Int(8, true);
  private static final ArrowType INT16 = new ArrowType.Int(16, true);
  private static final ArrowType INT32 = new ArrowType.Int(32, true);
  private static final ArrowType INT64 = new ArrowType.Int(64, true);
  private static final ArrowType UINT8 = new ArrowType.Int(8, false);
  private static final ArrowType UINT16 = new ArrowType.Int(16, false);
  private static final ArrowType UINT32 = new ArrowType.Int(32, false);
  private static final ArrowType UINT64 = new ArrowType.Int(64, false);
  private static final ArrowType FLOAT4 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  private static final ArrowType FLOAT8 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  private static final ArrowType DATE_DAY = new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY);
  private static final ArrowType DATE_MILLI =
      new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.MILLISECOND);

  /** The times of the 5-row batches, an Int64 column taken as the server's precision. */
  private static final Object[] TIMES = {1_000L, 2_000L, 3_000L, 4_000L, 5_000L};

  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close(); // fails the test if any buffer leaked
  }

  private FieldVector timeColumn(Object... times) {
    return vector(allocator, field("time", INT64), times);
  }

  /** A row tablet from column-major values. */
  private static Tablet tablet(List<String> names, List<DataType> types,
      List<ColumnCategory> categories, List<?> times, Object[]... columns) {
    List<List<Object>> rows = new ArrayList<>();
    for (int r = 0; r < times.size(); r++) {
      List<Object> row = new ArrayList<>();
      for (Object[] column : columns) {
        row.add(column[r]);
      }
      rows.add(row);
    }
    return new Tablet("t1", names, types, categories, rows, times);
  }

  private static List<ColumnCategory> fields(int n) {
    ColumnCategory[] c = new ColumnCategory[n];
    Arrays.fill(c, FIELD);
    return Arrays.asList(c);
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void booleansAreOneByteZeroOrOneAndIntegersWidenWithoutLoss(TimePrecision precision) {
    Object[] bools = {true, false, null, true, null};
    Object[] i8 = {(byte) -128, (byte) 127, null, (byte) 0, (byte) -1};
    Object[] i16 = {(short) -32768, (short) 32767, null, (short) 0, (short) -1};
    Object[] i32 = {Integer.MIN_VALUE, Integer.MAX_VALUE, null, 0, -1};
    Object[] i64 = {Long.MIN_VALUE, Long.MAX_VALUE, null, 0L, -1L};
    try (VectorSchemaRoot root = root(timeColumn(TIMES),
        vector(allocator, field("b", new ArrowType.Bool()), bools),
        vector(allocator, field("i8", INT8), i8),
        vector(allocator, field("i16", INT16), i16),
        vector(allocator, field("i32", INT32), i32),
        vector(allocator, field("i64", INT64), i64))) {
      Tablet expected = tablet(List.of("b", "i8", "i16", "i32", "i64"),
          List.of(DataType.BOOLEAN, DataType.INT32, DataType.INT32, DataType.INT32, DataType.INT64),
          fields(5), List.of(TIMES), bools, i8, i16, i32, i64);
      assertSameRequest(expected, ArrowTablet.of("t1", root), precision, "signed integers");
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void unsignedIntegersAreZeroExtended(TimePrecision precision) {
    try (VectorSchemaRoot root = root(timeColumn(TIMES),
        vector(allocator, field("u1", UINT8), 255, 0, null, 128, 1),
        vector(allocator, field("u2", UINT16), 65535, 0, null, 32768, 1),
        vector(allocator, field("u4", UINT32), 4_294_967_295L, 0, null, 2_147_483_648L, 1),
        vector(allocator, field("u8", UINT64), Long.MAX_VALUE, 0L, null, 1L, 42L))) {
      Tablet expected = tablet(List.of("u1", "u2", "u4", "u8"),
          List.of(DataType.INT32, DataType.INT32, DataType.INT64, DataType.INT64), fields(4),
          List.of(TIMES),
          new Object[] {255, 0, null, 128, 1},
          new Object[] {65535, 0, null, 32768, 1},
          new Object[] {4_294_967_295L, 0L, null, 2_147_483_648L, 1L},
          new Object[] {Long.MAX_VALUE, 0L, null, 1L, 42L});
      assertSameRequest(expected, ArrowTablet.of("t1", root), precision, "unsigned integers");
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void floatsAndDoublesKeepTheirBits(TimePrecision precision) {
    Object[] f = {Float.NaN, -0.0f, Float.POSITIVE_INFINITY, null, Float.MIN_VALUE};
    Object[] d = {Double.NaN, -0.0, Double.NEGATIVE_INFINITY, null, Math.PI};
    try (VectorSchemaRoot root = root(timeColumn(TIMES),
        vector(allocator, field("f", FLOAT4), f), vector(allocator, field("d", FLOAT8), d))) {
      Tablet expected = tablet(List.of("f", "d"), List.of(DataType.FLOAT, DataType.DOUBLE),
          fields(2), List.of(TIMES), f, d);
      assertSameRequest(expected, ArrowTablet.of("t1", root), precision, "floats");
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void stringsOfEveryLayoutWithTagsAttributesAndText(TimePrecision precision) {
    Object[] utf8 = {"north", "", null, "ünïcødé 😀", "x"};
    Object[] large = {"m1", "m1", "m2", null, ""};
    Object[] view = {"short", "a value longer than twelve bytes", null, "", "exactly12byt"};
    Object[] note = {null, "n", "a note longer than the inline view", null, ""};
    try (VectorSchemaRoot root = root(timeColumn(TIMES),
        vector(allocator, field("region", new ArrowType.Utf8()), utf8),
        vector(allocator, field("model", new ArrowType.LargeUtf8()), large),
        vector(allocator, field("v", new ArrowType.Utf8View()), view),
        vector(allocator, field("note", new ArrowType.Utf8View()), note))) {
      Tablet expected = tablet(List.of("region", "model", "v", "note"),
          List.of(DataType.STRING, DataType.STRING, DataType.STRING, DataType.TEXT),
          List.of(TAG, ATTRIBUTE, FIELD, FIELD), List.of(TIMES), utf8, large, view, note);
      ArrowTablet actual = ArrowTablet.builder("t1", root)
          .tag("REGION").attribute("model").asText("Note").build();
      assertSameRequest(expected, actual, precision, "strings");
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void binariesOfEveryLayoutAreBlobs(TimePrecision precision) {
    byte[] a = {0, 1, 2, (byte) 0xFF};
    byte[] b = new byte[40];
    Arrays.fill(b, (byte) 7);
    Object[] bin = {a, new byte[0], null, b, a};
    Object[] fixed = {new byte[] {1, 2, 3}, null, new byte[] {0, 0, 0}, new byte[] {9, 8, 7}, null};
    try (VectorSchemaRoot root = root(timeColumn(TIMES),
        vector(allocator, field("bin", new ArrowType.Binary()), bin),
        vector(allocator, field("large", new ArrowType.LargeBinary()), bin),
        vector(allocator, field("view", new ArrowType.BinaryView()), bin),
        vector(allocator, field("fixed", new ArrowType.FixedSizeBinary(3)), fixed))) {
      Tablet expected = tablet(List.of("bin", "large", "view", "fixed"),
          List.of(DataType.BLOB, DataType.BLOB, DataType.BLOB, DataType.BLOB), fields(4),
          List.of(TIMES), bin, bin, bin, fixed);
      assertSameRequest(expected, ArrowTablet.of("t1", root), precision, "binaries");
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void dictionaryEncodedStringsAreSentLookedUp(TimePrecision precision) {
    DictionaryEncoding strings = new DictionaryEncoding(1L, false, new ArrowType.Int(8, true));
    DictionaryEncoding blobs = new DictionaryEncoding(2L, false, new ArrowType.Int(64, true));
    try (DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider(
            new Dictionary(vector(allocator, field("d1", new ArrowType.Utf8()), "north", "south", ""), strings),
            new Dictionary(vector(allocator, field("d2", new ArrowType.LargeBinary()), new byte[] {1}, new byte[] {2, 3}), blobs));
        VectorSchemaRoot root = root(timeColumn(TIMES),
            vector(allocator, dictionaryField("region", 1L, new ArrowType.Int(8, true)), 0, 1, null, 2, 0),
            vector(allocator, dictionaryField("site", 1L, new ArrowType.Int(8, true)), 1, 1, 1, 1, 1),
            vector(allocator, dictionaryField("raw", 2L, new ArrowType.Int(64, true)), 1, null, 0, 0, 1))) {
      Tablet expected = tablet(List.of("region", "site", "raw"),
          List.of(DataType.STRING, DataType.TEXT, DataType.BLOB), List.of(TAG, FIELD, FIELD),
          List.of(TIMES),
          new Object[] {"north", "south", null, "", "north"},
          new Object[] {"south", "south", "south", "south", "south"},
          new Object[] {new byte[] {2, 3}, null, new byte[] {1}, new byte[] {1}, new byte[] {2, 3}});
      ArrowTablet actual = ArrowTablet.builder("t1", root).tag("region").asText("site")
          .dictionaries(provider).build();
      assertSameRequest(expected, actual, precision, "dictionaries");
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void unsignedDictionaryIndicesAreZeroExtended(TimePrecision precision) {
    DictionaryEncoding encoding = new DictionaryEncoding(5L, false, new ArrowType.Int(16, false));
    Object[] names = new Object[300];
    for (int i = 0; i < names.length; i++) {
      names[i] = "v" + i;
    }
    try (DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider(
            new Dictionary(vector(allocator, field("d", new ArrowType.Utf8()), names), encoding));
        VectorSchemaRoot root = root(timeColumn(TIMES),
            vector(allocator, dictionaryField("v", 5L, new ArrowType.Int(16, false)), 299, 0, 200, null, 1))) {
      Tablet expected = tablet(List.of("v"), List.of(DataType.STRING), fields(1), List.of(TIMES),
          new Object[] {"v299", "v0", "v200", null, "v1"});
      ArrowTablet actual = ArrowTablet.builder("t1", root).dictionaries(provider).build();
      assertSameRequest(expected, actual, precision, "uint16 indices");
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void datesAreYyyymmddIncludingTheSupportedEdges(TimePrecision precision) {
    LocalDate first = LocalDate.of(1000, 1, 1);
    LocalDate last = LocalDate.of(9999, 12, 31);
    LocalDate leap = LocalDate.of(2024, 2, 29);
    LocalDate epoch = LocalDate.of(1970, 1, 1);
    long day = 86_400_000L;
    try (VectorSchemaRoot root = root(timeColumn(TIMES),
        vector(allocator, field("dd", DATE_DAY),
            first.toEpochDay(), last.toEpochDay(), null, epoch.toEpochDay(), leap.toEpochDay()),
        vector(allocator, field("dm", DATE_MILLI),
            first.toEpochDay() * day, last.toEpochDay() * day + day - 1, null, -1L,
            leap.toEpochDay() * day + 12 * 3_600_000L))) {
      Tablet expected = tablet(List.of("dd", "dm"), List.of(DataType.DATE, DataType.DATE),
          fields(2), List.of(TIMES),
          new Object[] {first, last, null, epoch, leap},
          new Object[] {first, last, null, epoch.minusDays(1), leap});
      assertSameRequest(expected, ArrowTablet.of("t1", root), precision, "dates");
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void timestampsOfEveryUnitAndZoneAreConvertedToTheServerPrecision(TimePrecision precision) {
    Object[] sec = {0L, 1L, -1L, null, 1_700_000_000L};
    Object[] milli = {1_700_000_000_123L, -1L, 999L, null, -1_001L};
    Object[] micro = {1_700_000_000_123_456L, -1L, 1_999L, null, -1_000_001L};
    Object[] nano = {1_700_000_000_123_456_789L, -1L, 1_999_999L, null, -999_999_999L};
    try (VectorSchemaRoot root = root(timeColumn(TIMES),
        vector(allocator, field("s", timestamp(TimeUnit.SECOND, null)), sec),
        vector(allocator, field("ms", timestamp(TimeUnit.MILLISECOND, "UTC")), milli),
        vector(allocator, field("us", timestamp(TimeUnit.MICROSECOND, null)), micro),
        vector(allocator, field("ns", timestamp(TimeUnit.NANOSECOND, "Asia/Shanghai")), nano))) {
      Tablet expected = tablet(List.of("s", "ms", "us", "ns"),
          List.of(DataType.TIMESTAMP, DataType.TIMESTAMP, DataType.TIMESTAMP, DataType.TIMESTAMP),
          fields(4), List.of(TIMES),
          instants(TimeUnit.SECOND, sec), instants(TimeUnit.MILLISECOND, milli),
          instants(TimeUnit.MICROSECOND, micro), instants(TimeUnit.NANOSECOND, nano));
      assertSameRequest(expected, ArrowTablet.of("t1", root), precision, "timestamps");
    }
  }

  @ParameterizedTest
  @EnumSource(TimeUnit.class)
  void aTimestampTimeColumnOfAnyUnitIsConvertedToEachPrecision(TimeUnit unit) {
    Object[] raw = {0L, 1_700_000_000L, -5L, 123_456_789L, -1L};
    try (VectorSchemaRoot root = root(
        vector(allocator, field("x", INT32), 1, 2, 3, 4, 5),
        vector(allocator, field("Ts", timestamp(unit, unit == TimeUnit.SECOND ? "UTC" : null)), raw))) {
      Tablet expected = tablet(List.of("x"), List.of(DataType.INT32), fields(1),
          Arrays.asList(instants(unit, raw)), new Object[] {1, 2, 3, 4, 5});
      ArrowTablet actual = ArrowTablet.builder("t1", root).time("ts").build();
      assertEquals("Ts", actual.timeColumnName());
      for (TimePrecision precision : TimePrecision.values()) {
        assertSameRequest(expected, actual, precision, "time column in " + unit);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void everyTypeAllNullIsSentAsPlaceholdersWithAFullBitmap(TimePrecision precision) {
    ArrowType[] types = {new ArrowType.Bool(), INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32,
        UINT64, FLOAT4, FLOAT8, new ArrowType.Utf8(), new ArrowType.LargeUtf8(),
        new ArrowType.Utf8View(), new ArrowType.Binary(), new ArrowType.LargeBinary(),
        new ArrowType.BinaryView(), new ArrowType.FixedSizeBinary(4), DATE_DAY, DATE_MILLI,
        timestamp(TimeUnit.SECOND, null), timestamp(TimeUnit.NANOSECOND, "UTC")};
    DataType[] iotdb = {DataType.BOOLEAN, DataType.INT32, DataType.INT32, DataType.INT32,
        DataType.INT64, DataType.INT32, DataType.INT32, DataType.INT64, DataType.INT64,
        DataType.FLOAT, DataType.DOUBLE, DataType.STRING, DataType.STRING, DataType.STRING,
        DataType.BLOB, DataType.BLOB, DataType.BLOB, DataType.BLOB, DataType.DATE, DataType.DATE,
        DataType.TIMESTAMP, DataType.TIMESTAMP};
    Object[] nulls = new Object[TIMES.length];
    List<FieldVector> vectors = new ArrayList<>();
    vectors.add(timeColumn(TIMES));
    List<String> names = new ArrayList<>();
    Object[][] columns = new Object[types.length][];
    for (int i = 0; i < types.length; i++) {
      names.add("c" + i);
      vectors.add(vector(allocator, field("c" + i, types[i]), nulls));
      columns[i] = nulls;
    }
    try (VectorSchemaRoot root = root(vectors)) {
      Tablet expected = tablet(names, Arrays.asList(iotdb), fields(types.length), List.of(TIMES),
          columns);
      assertSameRequest(expected, ArrowTablet.of("t1", root), precision, "all null");
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void whateverANullSlotHoldsIsNeitherSentNorChecked(TimePrecision precision) {
    // Each column gets a value in row 1 and then a null over it: Arrow keeps the value (or offsets)
    // in the slot. Some are values that would fail the batch if they were not null.
    Object[][] values = {
        {1L, Long.MAX_VALUE, 3L},                             // Int64
        {1.5, 2.5, 3.5},                                       // Float8
        {true, true, true},                                    // Bool
        {"a", "a long string in a null slot", "c"},             // Utf8
        {"a", "a long string in a null slot", "c"},             // Utf8View
        {0, 5_000_000, 0},                                     // DateDay far past 9999
        {0L, Long.MAX_VALUE / 10, 0L},                          // Timestamp(SECOND): overflows in ns
        {0L, -1L, 0L},                                         // UInt64 2^64 - 1
        {1, 200, 2},                                           // dictionary index out of range
    };
    ArrowType[] types = {INT64, FLOAT8, new ArrowType.Bool(), new ArrowType.Utf8(),
        new ArrowType.Utf8View(), DATE_DAY, timestamp(TimeUnit.SECOND, null), UINT64, null};
    DictionaryEncoding encoding = new DictionaryEncoding(9L, false, new ArrowType.Int(32, true));
    try (DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider(
        new Dictionary(vector(allocator, field("d", new ArrowType.Utf8()), "x", "y", "z"), encoding))) {
      List<FieldVector> vectors = new ArrayList<>();
      vectors.add(timeColumn(1L, 2L, 3L));
      for (int i = 0; i < values.length; i++) {
        FieldVector v = types[i] == null
            ? vector(allocator, dictionaryField("c" + i, 9L, new ArrowType.Int(32, true)), values[i])
            : vector(allocator, field("c" + i, types[i]), values[i]);
        TestVectors.setNull(v, 1);
        vectors.add(v);
      }
      try (VectorSchemaRoot root = root(vectors)) {
        Tablet expected = tablet(
            List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"),
            List.of(DataType.INT64, DataType.DOUBLE, DataType.BOOLEAN, DataType.STRING,
                DataType.STRING, DataType.DATE, DataType.TIMESTAMP, DataType.INT64, DataType.STRING),
            fields(9), List.of(1L, 2L, 3L),
            new Object[] {1L, null, 3L}, new Object[] {1.5, null, 3.5},
            new Object[] {true, null, true}, new Object[] {"a", null, "c"},
            new Object[] {"a", null, "c"},
            new Object[] {LocalDate.of(1970, 1, 1), null, LocalDate.of(1970, 1, 1)},
            new Object[] {Instant.EPOCH, null, Instant.EPOCH}, new Object[] {0L, null, 0L},
            new Object[] {"y", null, "z"});
        ArrowTablet actual = ArrowTablet.builder("t1", root).dictionaries(provider).build();
        assertSameRequest(expected, actual, precision, "null slots");
      }
    }
  }

  @Test
  void theWorkedExampleOfTheWireNotesEncodesByteForByte() {
    try (VectorSchemaRoot root = root(
        vector(allocator, field("time", timestamp(TimeUnit.MILLISECOND, null)), 1L, 2L, 3L),
        vector(allocator, field("region", new ArrowType.Utf8()), "north", "north", "south"),
        vector(allocator, field("model", new ArrowType.Utf8()), "m1", "m1", "m2"),
        vector(allocator, field("temp", FLOAT4), 20.5f, null, 21.0f),
        vector(allocator, field("status", new ArrowType.Bool()), true, false, true))) {
      ArrowTablet actual = ArrowTablet.builder("t1", root).tag("region").attribute("model").build();

      ByteArrayOutputStream values = new ByteArrayOutputStream();
      for (String s : new String[] {"north", "north", "south", "m1", "m1", "m2"}) {
        values.writeBytes(ByteBuffer.allocate(4).putInt(s.length()).array());
        values.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
      }
      values.writeBytes(ByteBuffer.allocate(12).putFloat(20.5f).putFloat(0f).putFloat(21.0f).array());
      values.writeBytes(new byte[] {1, 0, 1});
      values.writeBytes(new byte[] {0, 0, 1, 0x02, 0});
      byte[] times = ByteBuffer.allocate(24).putLong(1).putLong(2).putLong(3).array();

      Wire.Encoded encoded = Wire.encode(actual, TimePrecision.MILLISECONDS);
      assertSameBytes(times, encoded.times, "timestamps");
      assertSameBytes(values.toByteArray(), encoded.values, "values");
      assertEquals(List.of(DataType.STRING, DataType.STRING, DataType.FLOAT, DataType.BOOLEAN),
          List.of(actual.dataType(0), actual.dataType(1), actual.dataType(2), actual.dataType(3)));
      assertEquals(List.of(TAG, ATTRIBUTE, FIELD, FIELD),
          List.of(actual.category(0), actual.category(1), actual.category(2), actual.category(3)));

      Tablet expected = tablet(List.of("region", "model", "temp", "status"),
          List.of(DataType.STRING, DataType.STRING, DataType.FLOAT, DataType.BOOLEAN),
          List.of(TAG, ATTRIBUTE, FIELD, FIELD), List.of(1L, 2L, 3L),
          new Object[] {"north", "north", "south"}, new Object[] {"m1", "m1", "m2"},
          new Object[] {20.5f, null, 21.0f}, new Object[] {true, false, true});
      assertSameRequest(expected, actual, TimePrecision.MILLISECONDS, "worked example");
    }
  }

  @Test
  void aBatchWithoutNullsHasNoBitmapSection() {
    try (VectorSchemaRoot root = root(timeColumn(1L, 2L),
        vector(allocator, field("a", INT32), 7, 8),
        vector(allocator, field("s", new ArrowType.Utf8()), "x", ""))) {
      Wire.Encoded encoded = Wire.encode(ArrowTablet.of("t1", root), TimePrecision.MILLISECONDS);
      byte[] expected = ByteBuffer.allocate(8 + 5 + 4).putInt(7).putInt(8)
          .putInt(1).put((byte) 'x').putInt(0).array();
      assertSameBytes(expected, encoded.values, "values");
    }
  }

  @Test
  void aRootWithoutRowsWritesNothing() {
    try (VectorSchemaRoot root = root(timeColumn(),
        vector(allocator, field("a", INT32)), vector(allocator, field("s", new ArrowType.Utf8())),
        vector(allocator, field("v", new ArrowType.Utf8View())))) {
      ArrowTablet tablet = ArrowTablet.of("t1", root);
      assertEquals(0, tablet.rowCount());
      Wire.Encoded encoded = Wire.encode(tablet, TimePrecision.NANOSECONDS);
      assertEquals(0, encoded.times.length);
      assertEquals(0, encoded.values.length);
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void stringOffsetsNeedNotStartAtZero(TimePrecision precision) {
    // The layout imported data may have: offsets [5, 8, 8, 12], a null in row 1 with 0 bytes, and
    // 5 bytes before the first value and 3 after the last that belong to no row.
    byte[] data = "#####abcdefg###".getBytes(StandardCharsets.US_ASCII);
    try (ArrowBuf validity = allocator.buffer(8);
        ArrowBuf offsets = allocator.buffer(16);
        ArrowBuf bytes = allocator.buffer(data.length)) {
      validity.setZero(0, 8);
      validity.setByte(0, 0b101);
      offsets.setInt(0, 5);
      offsets.setInt(4, 8);
      offsets.setInt(8, 8);
      offsets.setInt(12, 12);
      bytes.setBytes(0, data);
      VarCharVector imported = new VarCharVector("s", allocator);
      imported.loadFieldBuffers(new ArrowFieldNode(3, 1), List.of(validity, offsets, bytes));
      try (VectorSchemaRoot root = root(timeColumn(1L, 2L, 3L), imported)) {
        Tablet expected = tablet(List.of("s"), List.of(DataType.STRING), fields(1),
            List.of(1L, 2L, 3L), new Object[] {"abc", null, "defg"});
        assertSameRequest(expected, ArrowTablet.of("t1", root), precision, "imported offsets");
      }
    }
  }

  @Test
  void theTimeColumnIsNotSentAndColumnsKeepTheRootOrder() {
    try (VectorSchemaRoot root = root(
        vector(allocator, field("a", INT32), 1, 2),
        vector(allocator, field("TIME", INT64), 10L, 20L),
        vector(allocator, field("b", FLOAT8), 1.0, 2.0))) {
      ArrowTablet actual = ArrowTablet.of("t1", root);
      assertEquals("TIME", actual.timeColumnName());
      Tablet expected = tablet(List.of("a", "b"), List.of(DataType.INT32, DataType.DOUBLE),
          fields(2), List.of(10L, 20L), new Object[] {1, 2}, new Object[] {1.0, 2.0});
      assertSameRequest(expected, actual, TimePrecision.MICROSECONDS, "time in the middle");
    }
  }

  @ParameterizedTest
  @EnumSource(TimePrecision.class)
  void bitmapsCrossWordBoundaries(TimePrecision precision) {
    // 130 rows: two whole 64-bit words of validity and a 2-row tail; nulls at word edges.
    int rows = 130;
    Object[] times = new Object[rows];
    Object[] ints = new Object[rows];
    for (int r = 0; r < rows; r++) {
      times[r] = (long) r;
      boolean isNull = r == 0 || r == 63 || r == 64 || r == 127 || r == 128 || r % 7 == 3;
      ints[r] = isNull ? null : r * 3;
    }
    try (VectorSchemaRoot root = root(vector(allocator, field("time", INT64), times),
        vector(allocator, field("i", INT32), ints), vector(allocator, field("j", INT64), times))) {
      Tablet expected = tablet(List.of("i", "j"), List.of(DataType.INT32, DataType.INT64),
          fields(2), Arrays.asList(times), ints, times);
      assertSameRequest(expected, ArrowTablet.of("t1", root), precision, "130 rows");
    }
  }

  /** The instants of raw Arrow timestamp values (null stays null). */
  static Object[] instants(TimeUnit unit, Object[] raw) {
    Object[] out = new Object[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = raw[i] == null ? null : instant(unit, ((Number) raw[i]).longValue());
    }
    return out;
  }

  static Instant instant(TimeUnit unit, long v) {
    switch (unit) {
      case SECOND:
        return Instant.ofEpochSecond(v);
      case MILLISECOND:
        return Instant.ofEpochMilli(v);
      case MICROSECOND:
        return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1_000L);
      default:
        return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
    }
  }
}
