package io.quiver.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.cli.load.ColumnPlan.Column;
import io.quiver.cli.load.TargetTable.TableColumn;
import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTableTest {
  private static final ColumnPlan PLAN = new ColumnPlan("ts", "Timestamp(MILLISECOND, null)", List.of(
      new Column("Device", "Utf8 (dictionary-encoded)", DataType.STRING, ColumnCategory.TAG),
      new Column("site", "Utf8", DataType.STRING, ColumnCategory.ATTRIBUTE),
      new Column("temp", "FloatingPoint(SINGLE)", DataType.FLOAT, ColumnCategory.FIELD),
      new Column("n", "Int(32, true)", DataType.INT32, ColumnCategory.FIELD),
      new Column("we\"ird", "Int(64, true)", DataType.INT64, ColumnCategory.FIELD)));

  private static final List<TableColumn> TABLE = List.of(
      new TableColumn("time", "TIMESTAMP", "TIME"),
      new TableColumn("device", "STRING", "TAG"),
      new TableColumn("site", "STRING", "ATTRIBUTE"),
      new TableColumn("temp", "DOUBLE", "FIELD"),
      new TableColumn("n", "INT32", "FIELD"),
      new TableColumn("we\"ird", "INT64", "FIELD"),
      new TableColumn("extra", "BOOLEAN", "FIELD"));

  @Test
  void theCreatedTableHasTheFilesColumnsWithTheirCategoriesAndTypes() {
    assertEquals("CREATE TABLE IF NOT EXISTS \"t1\" (\"ts\" TIMESTAMP TIME, \"Device\" STRING TAG,"
        + " \"site\" STRING ATTRIBUTE, \"temp\" FLOAT FIELD, \"n\" INT32 FIELD, \"we\"\"ird\" INT64"
        + " FIELD)", TargetTable.createStatement("t1", PLAN));
  }

  @Test
  void aTableThatFitsGivesNotesOnConversionsAndColumnsLeftNull() {
    List<String> notes = TargetTable.check("t1", TABLE, PLAN);
    assertEquals(List.of(
        "column 'temp': the file's FloatingPoint(SINGLE) (FLOAT) goes into the table's DOUBLE column;"
            + " IoTDB converts it",
        "columns of the table that the file lacks, left null: extra (FIELD)"), notes);
  }

  @Test
  void aFileColumnTheTableLacksIsRefusedWithTheStatementThatAddsIt() {
    List<TableColumn> table = TABLE.subList(0, 4);
    String m = assertThrows(LoadException.class, () -> TargetTable.check("t1", table, PLAN)).getMessage();
    assertEquals("column 'n' of the file is not in table 't1' (its columns: time, device, site, temp);"
        + " add it with ALTER TABLE \"t1\" ADD COLUMN \"n\" INT32 FIELD, or load into another table", m);
  }

  @Test
  void aCategoryMismatchSaysWhichOptionToChange() {
    List<TableColumn> table = List.of(new TableColumn("device", "STRING", "FIELD"),
        new TableColumn("site", "STRING", "ATTRIBUTE"));
    String m = assertThrows(LoadException.class, () -> TargetTable.check("t1", table, PLAN)).getMessage();
    assertEquals("column 'Device' is a FIELD in table 't1' but would be sent as a TAG; leave it out of"
        + " --tags and --attributes", m);
    ColumnPlan fieldSite = new ColumnPlan("time", "Int(64, true)",
        List.of(new Column("site", "Utf8", DataType.STRING, ColumnCategory.FIELD)));
    m = assertThrows(LoadException.class, () -> TargetTable.check("t1", table, fieldSite)).getMessage();
    assertTrue(m.endsWith("pass it in --attributes site"), m);
  }

  @Test
  void aTypeTheTableRefusesIsNamedWithBothTypes() {
    List<TableColumn> table = List.of(new TableColumn("n", "INT32", "FIELD"));
    ColumnPlan plan = new ColumnPlan("time", "Int(64, true)",
        List.of(new Column("n", "Int(64, true)", DataType.INT64, ColumnCategory.FIELD)));
    String m = assertThrows(LoadException.class, () -> TargetTable.check("t1", table, plan)).getMessage();
    assertEquals("column 'n': the file's Int(64, true) is sent as INT64, which the table's INT32 column"
        + " of table 't1' does not accept (it takes INT32); convert the column in the file, or load into"
        + " a table whose column is INT64", m);
  }

  @Test
  void aFileColumnNamedAsTheTablesTimeColumnIsRefused() {
    List<TableColumn> table = List.of(new TableColumn("ts", "TIMESTAMP", "TIME"));
    ColumnPlan plan = new ColumnPlan("time", "Int(64, true)",
        List.of(new Column("TS", "Int(64, true)", DataType.INT64, ColumnCategory.FIELD)));
    String m = assertThrows(LoadException.class, () -> TargetTable.check("t1", table, plan)).getMessage();
    assertTrue(m.contains("is the time column of table 't1'") && m.endsWith("pass --time TS if it holds the time"), m);
  }

  @Test
  void fieldColumnsAcceptTheirOwnTypeAndTheWideningsIoTDBMakes() {
    for (DataType t : DataType.values()) {
      assertTrue(TargetTable.accepts(t, t), t.name());
      assertTrue(TargetTable.accepts(DataType.STRING, t), t.name());
      assertTrue(TargetTable.accepts(DataType.TEXT, t), t.name());
    }
    assertTrue(TargetTable.accepts(DataType.DOUBLE, DataType.INT64));
    assertTrue(TargetTable.accepts(DataType.INT64, DataType.TIMESTAMP));
    assertTrue(TargetTable.accepts(DataType.BLOB, DataType.STRING));
    assertFalse(TargetTable.accepts(DataType.INT32, DataType.INT64));
    assertFalse(TargetTable.accepts(DataType.FLOAT, DataType.DOUBLE));
    assertFalse(TargetTable.accepts(DataType.DATE, DataType.INT32));
    assertFalse(TargetTable.accepts(DataType.BOOLEAN, DataType.INT32));
    assertFalse(TargetTable.accepts(DataType.BLOB, DataType.INT32));
  }
}
