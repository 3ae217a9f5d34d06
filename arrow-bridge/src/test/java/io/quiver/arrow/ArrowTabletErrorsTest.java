package io.quiver.arrow;

import static io.quiver.arrow.TestVectors.dictionaryField;
import static io.quiver.arrow.TestVectors.field;
import static io.quiver.arrow.TestVectors.root;
import static io.quiver.arrow.TestVectors.timestamp;
import static io.quiver.arrow.TestVectors.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.InvalidBatchException;
import io.quiver.client.TimePrecision;
import io.quiver.client.spi.WireBuffer;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.Types.MinorType;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What ArrowTablet refuses, and that each refusal is an {@link InvalidBatchException} whose
 * message names the column (and the row, for a bad value).
 */
class ArrowTabletErrorsTest {
  private static final ArrowType INT32 = new ArrowType.Int(32, true);
  private static final ArrowType INT64 = new ArrowType.Int(64, true);

  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close(); // fails the test if any buffer leaked
  }

  private FieldVector time(Object... values) {
    return vector(allocator, field("time", INT64), values);
  }

  /** Asserts that the call fails naming the column (and the row, if row >= 0) in the message. */
  private static InvalidBatchException assertInvalid(String column, long row, Executable call,
      String... alsoMentions) {
    InvalidBatchException e = assertThrows(InvalidBatchException.class, call);
    String m = e.getMessage();
    assertTrue(m.contains("column '" + column + "'"), () -> "names the column: " + m);
    assertEquals(column, e.column(), () -> "column() of: " + m);
    assertEquals(row, e.row(), () -> "row() of: " + m);
    if (row >= 0) {
      assertTrue(m.contains("row " + row), () -> "names the row: " + m);
    }
    for (String s : alsoMentions) {
      assertTrue(m.contains(s), () -> "mentions '" + s + "': " + m);
    }
    assertTrue(!e.isRetryable(), "not retryable");
    return e;
  }

  private static void writeValues(ArrowTablet tablet, TimePrecision precision) {
    WireBuffer out = new WireBuffer(16);
    out.ensureRemaining(tablet.valuesSize());
    tablet.writeValues(out, precision);
  }

  private static void writeTimestamps(ArrowTablet tablet, TimePrecision precision) {
    tablet.writeTimestamps(new WireBuffer(16), precision);
  }

  static Stream<Arguments> unsupportedTypes() {
    Field int32 = field("item", INT32);
    Field entries = new Field("entries", FieldType.notNullable(new ArrowType.Struct()), List.of(
        new Field("key", FieldType.notNullable(new ArrowType.Utf8()), null),
        field("value", INT32)));
    return Stream.of(
        Arguments.of(field("x", new ArrowType.Decimal(10, 2, 128)), "Decimal"),
        Arguments.of(field("x", new ArrowType.Decimal(40, 2, 256)), "Decimal"),
        Arguments.of(field("x", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)), "HALF"),
        Arguments.of(field("x", new ArrowType.Time(TimeUnit.SECOND, 32)), "Time"),
        Arguments.of(field("x", new ArrowType.Time(TimeUnit.NANOSECOND, 64)), "Time"),
        Arguments.of(field("x", new ArrowType.Duration(TimeUnit.MILLISECOND)), "Duration"),
        Arguments.of(field("x", new ArrowType.Interval(IntervalUnit.DAY_TIME)), "Interval"),
        Arguments.of(field("x", new ArrowType.Interval(IntervalUnit.YEAR_MONTH)), "Interval"),
        Arguments.of(field("x", new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO)), "Interval"),
        Arguments.of(field("x", new ArrowType.Null()), "Null"),
        Arguments.of(new Field("x", FieldType.nullable(new ArrowType.List()), List.of(int32)), "List"),
        Arguments.of(new Field("x", FieldType.nullable(new ArrowType.LargeList()), List.of(int32)), "LargeList"),
        Arguments.of(new Field("x", FieldType.nullable(new ArrowType.FixedSizeList(2)), List.of(int32)), "FixedSizeList"),
        Arguments.of(new Field("x", FieldType.nullable(new ArrowType.ListView()), List.of(int32)), "ListView"),
        Arguments.of(new Field("x", FieldType.nullable(new ArrowType.Struct()), List.of(int32)), "Struct"),
        Arguments.of(new Field("x", FieldType.nullable(new ArrowType.Map(false)), List.of(entries)), "Map"),
        Arguments.of(new Field("x", FieldType.nullable(new ArrowType.Union(UnionMode.Sparse,
            new int[] {MinorType.INT.ordinal()})), List.of(field("int", INT32))), "Union"),
        Arguments.of(new Field("x", FieldType.nullable(new ArrowType.Union(UnionMode.Dense,
            new int[] {0})), List.of(field("int", INT32))), "Union"),
        Arguments.of(new Field("x", FieldType.nullable(new ArrowType.RunEndEncoded()), List.of(
            new Field("run_ends", FieldType.notNullable(INT32), null),
            field("values", new ArrowType.Utf8()))), "RunEndEncoded"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("unsupportedTypes")
  void anArrowTypeWithoutAnIotdbEquivalentIsRejectedAtBuildNamingColumnAndType(Field field,
      String typeName) {
    FieldVector v = field.createVector(allocator);
    v.allocateNew();
    v.setValueCount(2);
    try (VectorSchemaRoot root = root(time(1L, 2L), v)) {
      assertInvalid("x", -1, () -> ArrowTablet.of("t1", root), typeName);
    }
  }

  @Test
  void aNullTimeIsRejectedWithItsRow() {
    try (VectorSchemaRoot root = root(time(1L, 2L, null, 4L),
        vector(allocator, field("a", INT32), 1, 2, 3, 4))) {
      ArrowTablet tablet = ArrowTablet.of("t1", root);
      assertInvalid("time", 2, () -> writeTimestamps(tablet, TimePrecision.MILLISECONDS), "null");
    }
  }

  @Test
  void aTimeThatOverflowsTheServerPrecisionIsRejectedNotWrapped() {
    try (VectorSchemaRoot root = root(
        vector(allocator, field("ts", timestamp(TimeUnit.SECOND, null)), 0L, Long.MAX_VALUE / 10),
        vector(allocator, field("a", INT32), 1, 2))) {
      ArrowTablet tablet = ArrowTablet.builder("t1", root).time("ts").build();
      assertInvalid("ts", 1, () -> writeTimestamps(tablet, TimePrecision.NANOSECONDS),
          String.valueOf(Long.MAX_VALUE / 10), "nanoseconds");
    }
  }

  @Test
  void aTimestampValueThatOverflowsIsRejectedNamingColumnAndRow() {
    try (VectorSchemaRoot root = root(time(1L, 2L, 3L),
        vector(allocator, field("seen", timestamp(TimeUnit.MILLISECOND, "UTC")),
            0L, null, Long.MIN_VALUE / 100))) {
      ArrowTablet tablet = ArrowTablet.of("t1", root);
      assertInvalid("seen", 2, () -> writeValues(tablet, TimePrecision.MICROSECONDS));
    }
  }

  @Test
  void aUInt64AboveLongMaxIsRejectedNamingTheRow() {
    try (VectorSchemaRoot root = root(time(1L, 2L, 3L),
        vector(allocator, field("count", new ArrowType.Int(64, false)), Long.MAX_VALUE, null, -1L))) {
      ArrowTablet tablet = ArrowTablet.of("t1", root);
      assertInvalid("count", 2, () -> writeValues(tablet, TimePrecision.MILLISECONDS),
          "18446744073709551615");
    }
  }

  static Stream<Arguments> datesOutsideTheSupportedYears() {
    long day = 86_400_000L;
    long y999 = LocalDate.of(999, 12, 31).toEpochDay();
    long y10000 = LocalDate.of(10000, 1, 1).toEpochDay();
    return Stream.of(
        Arguments.of(new ArrowType.Date(DateUnit.DAY), y999, "0999-12-31"),
        Arguments.of(new ArrowType.Date(DateUnit.DAY), y10000, "+10000-01-01"),
        Arguments.of(new ArrowType.Date(DateUnit.MILLISECOND), y999 * day, "0999-12-31"),
        Arguments.of(new ArrowType.Date(DateUnit.MILLISECOND), y10000 * day, "+10000-01-01"),
        Arguments.of(new ArrowType.Date(DateUnit.MILLISECOND), Long.MIN_VALUE,
            LocalDate.ofEpochDay(Math.floorDiv(Long.MIN_VALUE, day)).toString()));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("datesOutsideTheSupportedYears")
  void aDateOutsideTheYears1000To9999IsRejectedNamingTheRow(ArrowType type, long value,
      String shown) {
    try (VectorSchemaRoot root = root(time(1L, 2L),
        vector(allocator, field("born", type), 0L, value))) {
      ArrowTablet tablet = ArrowTablet.of("t1", root);
      assertInvalid("born", 1, () -> writeValues(tablet, TimePrecision.MILLISECONDS), shown, "1000");
    }
  }

  @Test
  void aMissingTimeColumnIsRejected() {
    try (VectorSchemaRoot root = root(vector(allocator, field("ts", INT64), 1L),
        vector(allocator, field("a", INT32), 1))) {
      assertInvalid("time", -1, () -> ArrowTablet.of("t1", root), "[ts, a]", "time(");
      assertInvalid("when", -1, () -> ArrowTablet.builder("t1", root).time("when").build());
    }
  }

  @Test
  void aTimeColumnThatIsNeitherTimestampNorInt64IsRejected() {
    try (VectorSchemaRoot root = root(vector(allocator, field("time", new ArrowType.Utf8()), "x"))) {
      assertInvalid("time", -1, () -> ArrowTablet.of("t1", root), "Utf8", "Timestamp");
    }
    try (VectorSchemaRoot root = root(vector(allocator, field("time", INT32), 1))) {
      assertInvalid("time", -1, () -> ArrowTablet.of("t1", root), "Int(32, true)");
    }
  }

  @Test
  void aTagOrAttributeThatDoesNotHoldStringsIsRejected() {
    try (VectorSchemaRoot root = root(time(1L), vector(allocator, field("region", INT32), 1),
        vector(allocator, field("model", new ArrowType.Binary()), new byte[] {1}))) {
      assertInvalid("region", -1, () -> ArrowTablet.builder("t1", root).tag("region").build(),
          "TAG", "INT32");
      assertInvalid("model", -1, () -> ArrowTablet.builder("t1", root).attribute("model").build(),
          "ATTRIBUTE", "BLOB");
    }
  }

  @Test
  void columnNamesThatDifferOnlyInCaseAreRejected() {
    try (VectorSchemaRoot root = root(time(1L), vector(allocator, field("Temp", INT32), 1),
        vector(allocator, field("temp", INT32), 2))) {
      assertInvalid("temp", -1, () -> ArrowTablet.of("t1", root), "'Temp'", "case-insensitive");
    }
  }

  @Test
  void aColumnNamedTimeBesideAnotherTimeColumnIsRejected() {
    try (VectorSchemaRoot root = root(vector(allocator, field("ts", INT64), 1L),
        vector(allocator, field("Time", INT32), 2))) {
      assertInvalid("Time", -1, () -> ArrowTablet.builder("t1", root).time("ts").build(), "'ts'");
    }
  }

  @Test
  void builderSettingsThatDoNotFitTheRootAreRejected() {
    try (VectorSchemaRoot root = root(time(1L), vector(allocator, field("a", INT32), 1),
        vector(allocator, field("s", new ArrowType.Utf8()), "x"))) {
      assertInvalid("nope", -1, () -> ArrowTablet.builder("t1", root).tag("nope").build(), "[time, a, s]");
      assertInvalid("nope", -1, () -> ArrowTablet.builder("t1", root).asText("nope").build());
      assertInvalid("S", -1, () -> ArrowTablet.builder("t1", root).tag("s").attribute("S"),
          "TAG", "ATTRIBUTE");
      assertInvalid("a", -1, () -> ArrowTablet.builder("t1", root).asText("a").build(), "INT32");
      assertInvalid("time", -1, () -> ArrowTablet.builder("t1", root).tag("time").build());
      assertInvalid("time", -1, () -> ArrowTablet.builder("t1", root).asText("time").build());
    }
  }

  @Test
  void anEmptyTableNameIsRejected() {
    try (VectorSchemaRoot root = root(time(1L))) {
      InvalidBatchException e = assertThrows(InvalidBatchException.class,
          () -> ArrowTablet.of(" ", root));
      assertTrue(e.getMessage().contains("table name"), e.getMessage());
    }
  }

  @Test
  void aVectorWhoseValueCountDiffersFromTheRootsRowCountIsRejected() {
    try (VectorSchemaRoot root = root(time(1L, 2L), vector(allocator, field("a", INT32), 1, 2))) {
      root.getVector("a").setValueCount(1);
      assertInvalid("a", -1, () -> ArrowTablet.of("t1", root), "setRowCount");
    }
  }

  @Test
  void aRootChangedBetweenBuildAndInsertFailsTheInsertInsteadOfReadingStrayMemory() {
    try (VectorSchemaRoot root = root(time(1L, 2L, 3L),
        vector(allocator, field("s", new ArrowType.Utf8()), "a", "b", "c"))) {
      ArrowTablet tablet = ArrowTablet.of("t1", root);
      root.setRowCount(2);
      assertInvalid("s", -1, () -> tablet.valuesSize(), "build()");
      assertInvalid("time", -1, () -> writeTimestamps(tablet, TimePrecision.MILLISECONDS), "build()");
      root.clear();
      assertInvalid("s", -1, () -> writeValues(tablet, TimePrecision.MILLISECONDS));
    }
  }

  @Test
  void dictionaryProblemsAreRejectedNamingTheColumn() {
    DictionaryEncoding encoding = new DictionaryEncoding(1L, false, new ArrowType.Int(32, true));
    DictionaryEncoding withNulls = new DictionaryEncoding(2L, false, new ArrowType.Int(32, true));
    try (DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider(
            new Dictionary(vector(allocator, field("d", new ArrowType.Utf8()), "a", "b"), encoding),
            new Dictionary(vector(allocator, field("n", new ArrowType.Utf8()), "a", null), withNulls));
        VectorSchemaRoot root = root(time(1L, 2L, 3L),
            vector(allocator, dictionaryField("region", 1L, new ArrowType.Int(32, true)), 0, 1, 2));
        VectorSchemaRoot other = root(time(1L),
            vector(allocator, dictionaryField("unknown", 7L, new ArrowType.Int(32, true)), 0));
        VectorSchemaRoot nullEntries = root(time(1L),
            vector(allocator, dictionaryField("site", 2L, new ArrowType.Int(32, true)), 0))) {
      assertInvalid("region", -1, () -> ArrowTablet.of("t1", root), "dictionaries(");
      ArrowTablet tablet = ArrowTablet.builder("t1", root).dictionaries(provider).build();
      assertInvalid("region", 2, () -> writeValues(tablet, TimePrecision.MILLISECONDS),
          "index 2", "2 entries");
      assertInvalid("unknown", -1,
          () -> ArrowTablet.builder("t1", other).dictionaries(provider).build(), "id 7");
      assertInvalid("site", -1,
          () -> ArrowTablet.builder("t1", nullEntries).dictionaries(provider).build(), "null");
    }
  }
}
