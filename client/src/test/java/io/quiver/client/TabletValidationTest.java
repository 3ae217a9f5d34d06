package io.quiver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad row tablets fail when made, with messages naming the column and row. */
class TabletValidationTest {
  private static final List<String> NAMES = List.of("id", "v");
  private static final List<DataType> TYPES = List.of(DataType.STRING, DataType.DOUBLE);
  private static final List<ColumnCategory> CATS = List.of(ColumnCategory.TAG, ColumnCategory.FIELD);

  private static InvalidBatchException fails(Runnable r) {
    return assertThrows(InvalidBatchException.class, r::run);
  }

  @Test
  void wrongValueTypeNamesColumnRowAndTypes() {
    InvalidBatchException e = fails(() -> new Tablet("t", NAMES, TYPES, CATS,
        List.of(List.of("a", 1.0), List.of("b", "oops")), List.of(1L, 2L)));
    assertEquals("v", e.column());
    assertEquals(1, e.row());
    assertTrue(e.getMessage().contains("column 'v' (DOUBLE) row 1"), e.getMessage());
    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
  }

  @Test
  void raggedRowNamesTheRow() {
    InvalidBatchException e = fails(() -> new Tablet("t", NAMES, TYPES, CATS,
        List.of(List.of("a", 1.0), List.of("b")), List.of(1L, 2L)));
    assertEquals(1, e.row());
    assertTrue(e.getMessage().contains("row 1 has 1 values but the tablet has 2 columns"), e.getMessage());
  }

  @Test
  void nullTimestampNamesTheRow() {
    InvalidBatchException e = fails(() -> new Tablet("t", NAMES, TYPES, CATS,
        List.of(List.of("a", 1.0), List.of("b", 2.0)), Arrays.asList(1L, null)));
    assertEquals(1, e.row());
    assertTrue(e.getMessage().contains("timestamp of row 1 is null"), e.getMessage());
  }

  @Test
  void mismatchedNameTypeCategoryCountsAreRejected() {
    InvalidBatchException e = fails(() -> new Tablet("t", NAMES, List.of(DataType.STRING), CATS,
        List.of(), List.of()));
    assertTrue(e.getMessage().contains("2 column names, 1 data types and 2 categories"), e.getMessage());
  }

  @Test
  void emptyColumnNameNamesItsPosition() {
    InvalidBatchException e = fails(() -> new Tablet("t", List.of("id", " "), TYPES, CATS, List.of(), List.of()));
    assertTrue(e.getMessage().contains("column 1 has an empty name"), e.getMessage());
  }

  @Test
  void emptyTableNameIsRejected() {
    InvalidBatchException e = fails(() -> new Tablet("", NAMES, TYPES, CATS, List.of(), List.of()));
    assertTrue(e.getMessage().contains("table name is empty"), e.getMessage());
  }

  @Test
  void rowAndTimestampCountsMustMatch() {
    InvalidBatchException e = fails(() -> new Tablet("t", NAMES, TYPES, CATS,
        List.of(List.of("a", 1.0)), List.of(1L, 2L)));
    assertTrue(e.getMessage().contains("1 rows but 2 timestamps"), e.getMessage());
  }

  @Test
  void duplicateNamesDifferingOnlyInCaseAreRejected() {
    InvalidBatchException e = fails(() -> Tablet.builder("t").tag("Id").field("ID", DataType.INT32).build());
    assertEquals("ID", e.column());
  }

  @Test
  void aColumnNamedTimeIsRejected() {
    InvalidBatchException e = fails(() -> Tablet.builder("t").field("Time", DataType.INT64).build());
    assertTrue(e.getMessage().contains("time column"), e.getMessage());
  }

  @Test
  void tagOfANonStringTypeIsRejected() {
    InvalidBatchException e = fails(() -> Tablet.builder("t").column("id", DataType.INT32, ColumnCategory.TAG).build());
    assertTrue(e.getMessage().contains("TAG and ATTRIBUTE columns must be STRING"), e.getMessage());
  }

  @Test
  void datesOutsideYears1000To9999AreRejected() {
    for (LocalDate d : List.of(LocalDate.of(999, 12, 31), LocalDate.of(10000, 1, 1))) {
      InvalidBatchException e = fails(() -> Tablet.builder("t").field("d", DataType.DATE).row(1L, d).build());
      assertEquals("d", e.column());
      assertEquals(0, e.row());
    }
  }

  @Test
  void floatColumnRefusesADoubleButDoubleColumnTakesAFloat() {
    fails(() -> Tablet.builder("t").field("f", DataType.FLOAT).row(1L, 1.5).build());
    Tablet ok = Tablet.builder("t").field("d", DataType.DOUBLE).row(1L, 1.5f).build();
    assertEquals(1, ok.rowCount());
  }

  @Test
  void nullsAreAcceptedForEveryType() {
    Tablet.Builder b = Tablet.builder("t");
    for (DataType type : DataType.values()) {
      b.field("c_" + type.name().toLowerCase(java.util.Locale.ROOT), type);
    }
    Object[] allNull = new Object[DataType.values().length];
    Tablet t = b.row(1L, allNull).build();
    assertEquals(DataType.values().length, t.columnCount());
  }
}
