package io.quiver.arrow;

import static io.quiver.arrow.TestVectors.dictionaryField;
import static io.quiver.arrow.TestVectors.field;
import static io.quiver.arrow.TestVectors.timestamp;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.client.Tablet;
import io.quiver.client.TimePrecision;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random schemas over every supported Arrow type, random null patterns (none, 10 %, all), row
 * counts around the bitmap's byte and word edges and one large batch, each also sliced at several
 * offsets with {@code TransferPair.splitAndTransfer} (which shifts unaligned validity and rebases
 * offsets): the ArrowTablet must encode exactly as a row Tablet built from the values read back
 * through the vectors' {@code getObject}, in every server precision. The seed of each case is in
 * its failure message.
 */
class ArrowTabletRandomizedTest {
  private static final long SEED = 0x51_7E_2026L;
  private static final int[] ROWS = {0, 1, 7, 8, 9, 100_000};
  private static final double[] NULL_RATIOS = {0.0, 0.1, 1.0};
  private static final int[] SLICE_OFFSETS = {0, 1, 3, 8, 13};
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close(); // fails the test if any buffer leaked
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (double ratio : NULL_RATIOS) {
      for (int rows : ROWS) {
        cases.add(Arguments.of(rows, ratio));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} rows, null ratio {1}")
  @MethodSource("cases")
  void randomSchemasAndSlicesEncodeLikeTheRowTablet(int rows, double nullRatio) {
    long seed = SEED ^ (rows * 1_000_003L) ^ Double.doubleToLongBits(nullRatio);
    Random random = new Random(seed);
    String context = "seed " + seed + " (" + rows + " rows, null ratio " + nullRatio + ")";
    int total = rows + SLICE_OFFSETS[SLICE_OFFSETS.length - 1];

    try (DictionaryProvider.MapDictionaryProvider dictionaries = dictionaries(allocator, random)) {
      Schema schema = Schema.random(random);
      List<FieldVector> source = new ArrayList<>();
      try {
        source.add(schema.time.fill(allocator, schema.timeName, total, 0.0, random));
        for (int c = 0; c < schema.kinds.size(); c++) {
          source.add(schema.kinds.get(c).fill(allocator, "c" + c, total, nullRatio, random));
        }
        try (VectorSchemaRoot whole = TestVectors.root(source)) {
          source.clear();
          check(whole, schema, dictionaries, context + ", whole root of " + total + " rows");
          for (int offset : SLICE_OFFSETS) {
            try (VectorSchemaRoot slice = slice(whole, offset, rows)) {
              check(slice, schema, dictionaries, context + ", slice at " + offset);
            }
          }
        }
      } finally {
        source.forEach(FieldVector::close);
      }
    }
  }

  private void check(VectorSchemaRoot root, Schema schema, DictionaryProvider dictionaries,
      String context) {
    ArrowTablet.Builder builder = ArrowTablet.builder("t1", root).dictionaries(dictionaries);
    if (!schema.timeName.equals("time")) {
      builder.time(schema.timeName);
    }
    List<String> names = new ArrayList<>();
    List<DataType> types = new ArrayList<>();
    for (int c = 0; c < schema.kinds.size(); c++) {
      String name = "c" + c;
      names.add(name);
      builder.category(schema.categories.get(c), name);
      if (schema.text.get(c)) {
        builder.asText(name);
      }
      DataType type = schema.kinds.get(c).type;
      types.add(schema.text.get(c) ? DataType.TEXT : type);
    }
    ArrowTablet actual = builder.build();

    int rows = root.getRowCount();
    FieldVector time = root.getVector(0);
    List<Object> times = new ArrayList<>(rows);
    List<List<Object>> values = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      times.add(schema.time.expected(time, r, dictionaries));
      List<Object> row = new ArrayList<>(schema.kinds.size());
      for (int c = 0; c < schema.kinds.size(); c++) {
        row.add(schema.kinds.get(c).expected(root.getVector(c + 1), r, dictionaries));
      }
      values.add(row);
    }
    Tablet expected = new Tablet("t1", names, types, schema.categories, values, times);
    for (TimePrecision precision : TimePrecision.values()) {
      Wire.assertSameRequest(expected, actual, precision, context);
    }
  }

  /** A root over {@code rows} rows of {@code whole} from {@code offset}, by splitAndTransfer. */
  private VectorSchemaRoot slice(VectorSchemaRoot whole, int offset, int rows) {
    List<FieldVector> parts = new ArrayList<>();
    for (FieldVector v : whole.getFieldVectors()) {
      TransferPair pair = v.getTransferPair(allocator);
      pair.splitAndTransfer(offset, rows);
      parts.add((FieldVector) pair.getTo());
    }
    VectorSchemaRoot slice = TestVectors.root(parts);
    slice.setRowCount(rows);
    return slice;
  }

  /**
   * The dictionaries of the DICT_ kinds (ids 1 to 3), random values; sets each kind's dictionary
   * size. Closing the provider closes them.
   */
  static DictionaryProvider.MapDictionaryProvider dictionaries(BufferAllocator allocator,
      Random random) {
    Object[] small = {"north", "south", "", "ünïcødé", "a dictionary value longer than twelve"};
    Object[] wide = new Object[256];
    for (int i = 0; i < wide.length; i++) {
      wide[i] = Kind.randomString(random);
    }
    Object[] blobs = new Object[40];
    for (int i = 0; i < blobs.length; i++) {
      blobs[i] = Kind.randomBytes(random);
    }
    return new DictionaryProvider.MapDictionaryProvider(
        dictionary(allocator, 1L, Kind.DICT_UTF8_INT32, new ArrowType.Utf8(), small),
        dictionary(allocator, 2L, Kind.DICT_UTF8_UINT8, new ArrowType.LargeUtf8(), wide),
        dictionary(allocator, 3L, Kind.DICT_BINARY_INT16, new ArrowType.Binary(), blobs));
  }

  private static Dictionary dictionary(BufferAllocator allocator, long id, Kind kind,
      ArrowType valueType, Object[] values) {
    kind.dictionarySize = values.length;
    ArrowType.Int indexType = (ArrowType.Int) kind.arrowType;
    return new Dictionary(TestVectors.vector(allocator, field("dict" + id, valueType), values),
        new DictionaryEncoding(id, false, indexType));
  }

  /** The columns of one case: the time column's kind and name, and each value column's. */
  private static final class Schema {
    final Kind time;
    final String timeName;
    final List<Kind> kinds = new ArrayList<>();
    final List<ColumnCategory> categories = new ArrayList<>();
    final List<Boolean> text = new ArrayList<>();

    private Schema(Kind time, String timeName) {
      this.time = time;
      this.timeName = timeName;
    }

    /** Every value kind once, shuffled, plus a few more at random. */
    static Schema random(Random random) {
      Kind[] timeKinds = {Kind.INT64, Kind.TS_SEC, Kind.TS_MILLI_TZ, Kind.TS_MICRO, Kind.TS_NANO_TZ};
      Schema s = new Schema(timeKinds[random.nextInt(timeKinds.length)],
          random.nextBoolean() ? "time" : "ts");
      List<Kind> kinds = new ArrayList<>(Arrays.asList(Kind.values()));
      for (int i = random.nextInt(4); i > 0; i--) {
        kinds.add(Kind.values()[random.nextInt(Kind.values().length)]);
      }
      java.util.Collections.shuffle(kinds, random);
      for (Kind k : kinds) {
        s.kinds.add(k);
        boolean string = k.type == DataType.STRING;
        ColumnCategory category = string
            ? ColumnCategory.values()[random.nextInt(3)] : ColumnCategory.FIELD;
        s.categories.add(category);
        s.text.add(string && random.nextInt(4) == 0);
      }
      return s;
    }
  }

  /**
   * A supported Arrow type: how to make random values of it, and what the row Tablet expects. Also
   * used by {@link ArrowTabletRangesTest}.
   */
  enum Kind {
    BOOL(new ArrowType.Bool(), DataType.BOOLEAN),
    INT8(new ArrowType.Int(8, true), DataType.INT32),
    INT16(new ArrowType.Int(16, true), DataType.INT32),
    INT32(new ArrowType.Int(32, true), DataType.INT32),
    INT64(new ArrowType.Int(64, true), DataType.INT64),
    UINT8(new ArrowType.Int(8, false), DataType.INT32),
    UINT16(new ArrowType.Int(16, false), DataType.INT32),
    UINT32(new ArrowType.Int(32, false), DataType.INT64),
    UINT64(new ArrowType.Int(64, false), DataType.INT64),
    FLOAT4(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), DataType.FLOAT),
    FLOAT8(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), DataType.DOUBLE),
    UTF8(new ArrowType.Utf8(), DataType.STRING),
    LARGE_UTF8(new ArrowType.LargeUtf8(), DataType.STRING),
    UTF8_VIEW(new ArrowType.Utf8View(), DataType.STRING),
    BINARY(new ArrowType.Binary(), DataType.BLOB),
    LARGE_BINARY(new ArrowType.LargeBinary(), DataType.BLOB),
    BINARY_VIEW(new ArrowType.BinaryView(), DataType.BLOB),
    FIXED_BINARY(new ArrowType.FixedSizeBinary(5), DataType.BLOB),
    DATE_DAY(new ArrowType.Date(DateUnit.DAY), DataType.DATE),
    DATE_MILLI(new ArrowType.Date(DateUnit.MILLISECOND), DataType.DATE),
    TS_SEC(timestamp(TimeUnit.SECOND, null), DataType.TIMESTAMP),
    TS_MILLI_TZ(timestamp(TimeUnit.MILLISECOND, "UTC"), DataType.TIMESTAMP),
    TS_MICRO(timestamp(TimeUnit.MICROSECOND, null), DataType.TIMESTAMP),
    TS_NANO_TZ(timestamp(TimeUnit.NANOSECOND, "Europe/Berlin"), DataType.TIMESTAMP),
    DICT_UTF8_INT32(new ArrowType.Int(32, true), DataType.STRING),
    DICT_UTF8_UINT8(new ArrowType.Int(8, false), DataType.STRING),
    DICT_BINARY_INT16(new ArrowType.Int(16, true), DataType.BLOB);

    private static final long MIN_DAY = LocalDate.of(1000, 1, 1).toEpochDay();
    private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    final ArrowType arrowType;
    final DataType type;
    /** For the dictionary kinds: the size of their dictionary in the current case. */
    int dictionarySize;

    Kind(ArrowType arrowType, DataType type) {
      this.arrowType = arrowType;
      this.type = type;
    }

    private long dictionaryId() {
      return this == DICT_UTF8_INT32 ? 1L : this == DICT_UTF8_UINT8 ? 2L : 3L;
    }

    private boolean isDictionary() {
      return name().startsWith("DICT_");
    }

    /**
     * A vector of {@code rows} random values with about {@code nullRatio} nulls; half the nulls
     * are set over a random value, so their slots hold data.
     */
    FieldVector fill(BufferAllocator allocator, String name, int rows, double nullRatio,
        Random random) {
      Field f = isDictionary()
          ? dictionaryField(name, dictionaryId(), (ArrowType.Int) arrowType)
          : field(name, arrowType);
      FieldVector v = f.createVector(allocator);
      v.setInitialCapacity(Math.max(1, rows));
      v.allocateNew();
      for (int r = 0; r < rows; r++) {
        boolean isNull = nullRatio >= 1.0 || random.nextDouble() < nullRatio;
        if (!isNull || random.nextBoolean()) {
          TestVectors.set(v, r, random(random));
        }
        if (isNull) {
          TestVectors.setNull(v, r);
        }
      }
      v.setValueCount(rows);
      return v;
    }

    Object random(Random r) {
      switch (this) {
        case BOOL:
          return r.nextBoolean();
        case INT8:
        case INT16:
        case INT32:
        case UINT8:
        case UINT16:
        case UINT32:
        case INT64:
          return r.nextLong();
        case UINT64:
          return r.nextLong() & Long.MAX_VALUE;
        case FLOAT4:
          return Float.intBitsToFloat(r.nextInt());
        case FLOAT8:
          return Double.longBitsToDouble(r.nextLong());
        case UTF8:
        case LARGE_UTF8:
        case UTF8_VIEW:
          return randomString(r);
        case BINARY:
        case LARGE_BINARY:
        case BINARY_VIEW:
          return randomBytes(r);
        case FIXED_BINARY: {
          byte[] b = new byte[5];
          r.nextBytes(b);
          return b;
        }
        case DATE_DAY:
          return MIN_DAY + (long) (r.nextDouble() * (MAX_DAY - MIN_DAY + 1));
        case DATE_MILLI:
          return (MIN_DAY + (long) (r.nextDouble() * (MAX_DAY - MIN_DAY + 1))) * MILLIS_PER_DAY
              + (long) (r.nextDouble() * MILLIS_PER_DAY);
        case TS_SEC:
          return bounded(r, 9_000_000_000L);
        case TS_MILLI_TZ:
          return bounded(r, 9_000_000_000_000L);
        case TS_MICRO:
          return bounded(r, 9_000_000_000_000_000L);
        case TS_NANO_TZ:
          return bounded(r, 4_000_000_000_000_000_000L);
        default:
          return (long) r.nextInt(dictionarySize);
      }
    }

    /** A value in [-bound, bound], the bounds themselves now and then. */
    private static long bounded(Random r, long bound) {
      int pick = r.nextInt(20);
      if (pick == 0) {
        return bound;
      }
      if (pick == 1) {
        return -bound;
      }
      return (long) ((r.nextDouble() * 2 - 1) * bound);
    }

    static String randomString(Random r) {
      StringBuilder s = new StringBuilder();
      int length = r.nextInt(4) == 0 ? 0 : r.nextInt(30);
      int[] starts = {0x20, 0xA0, 0x4E00, 0x1F600};
      int[] spans = {0x5F, 0x100, 0x200, 0x50};
      for (int i = 0; i < length; i++) {
        int range = r.nextInt(10) < 7 ? 0 : 1 + r.nextInt(3);
        s.appendCodePoint(starts[range] + r.nextInt(spans[range]));
      }
      return s.toString();
    }

    static byte[] randomBytes(Random r) {
      byte[] b = new byte[r.nextInt(4) == 0 ? 0 : r.nextInt(30)];
      r.nextBytes(b);
      return b;
    }

    /** The Java value a row Tablet takes for row {@code i}, read through {@code getObject}. */
    Object expected(FieldVector v, int i, DictionaryProvider dictionaries) {
      if (v.isNull(i)) {
        return null;
      }
      switch (this) {
        case UINT8:
          return Byte.toUnsignedInt((Byte) v.getObject(i));
        case UINT16:
          return (int) (Character) v.getObject(i);
        case UINT32:
          return Integer.toUnsignedLong((Integer) v.getObject(i));
        case UTF8:
        case LARGE_UTF8:
        case UTF8_VIEW:
          return v.getObject(i).toString();
        case DATE_DAY:
          return LocalDate.ofEpochDay((Integer) v.getObject(i));
        case DATE_MILLI:
          return ((LocalDateTime) v.getObject(i)).toLocalDate();
        case TS_SEC:
        case TS_MILLI_TZ:
        case TS_MICRO:
        case TS_NANO_TZ:
          return ArrowTabletGoldenTest.instant(((ArrowType.Timestamp) arrowType).getUnit(),
              ((TimeStampVector) v).get(i));
        case DICT_UTF8_INT32:
        case DICT_UTF8_UINT8:
        case DICT_BINARY_INT16: {
          int index = (int) ((BaseIntVector) v).getValueAsLong(i);
          Object value = dictionaries.lookup(dictionaryId()).getVector().getObject(index);
          return type == DataType.BLOB ? value : value.toString();
        }
        default:
          return v.getObject(i); // Boolean, Byte, Short, Integer, Long, Float, Double, byte[]
      }
    }
  }
}
