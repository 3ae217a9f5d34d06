package io.quiver.spark.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.client.ColumnCategory;
import io.quiver.client.DataType;
import io.quiver.spark.QuiverOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class WritePlanTest {
  private static final TableInfo TABLE = new TableInfo("t", "time", List.of(
      new TableInfo.Column("region", DataType.STRING, ColumnCategory.TAG),
      new TableInfo.Column("model", DataType.STRING, ColumnCategory.ATTRIBUTE),
      new TableInfo.Column("temp", DataType.DOUBLE, ColumnCategory.FIELD),
      new TableInfo.Column("note", DataType.TEXT, ColumnCategory.FIELD),
      new TableInfo.Column("flag", DataType.BOOLEAN, ColumnCategory.FIELD)));

  private static QuiverOptions options(String... kv) {
    Map<String, String> m = new HashMap<>(Map.of("table", "db.t"));
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return QuiverOptions.of(m);
  }

  private static StructType base() {
    return new StructType().add("time", DataTypes.TimestampType).add("Region", DataTypes.StringType);
  }

  @Test
  void categoriesComeFromTheTableAndTextColumnsAreSentAsText() {
    WritePlan p = WritePlan.of(base().add("temp", DataTypes.FloatType).add("note", DataTypes.StringType),
        TABLE, options());
    assertEquals(0, p.timeIndex());
    assertEquals(List.of("region"), List.of(p.names(ColumnCategory.TAG)));
    assertEquals(List.of("note"), List.of(p.textColumns()));
    assertEquals(DataType.FLOAT, p.columns().get(2).type());
  }

  private static void refused(StructType schema, TableInfo table, QuiverOptions o, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WritePlan.of(schema, table, o));
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), e.getMessage());
    }
  }

  @Test
  void typesIoTDBCannotStoreAreRefusedNamingTheColumn() {
    refused(base().add("price", DataTypes.createDecimalType(10, 2)), TABLE, options(), "'price'", "decimal");
    refused(base().add("xs", new ArrayType(DataTypes.IntegerType, true)), TABLE, options(), "'xs'", "array");
    refused(base().add("m", new MapType(DataTypes.StringType, DataTypes.StringType, true)), null,
        options("tags", "region"), "'m'", "map");
    refused(base().add("s", new StructType().add("a", DataTypes.IntegerType)), null, options(), "'s'", "struct");
  }

  @Test
  void aFieldTypeTheTableDoesNotConvertIsRefused() {
    refused(base().add("flag", DataTypes.IntegerType), TABLE, options(), "'flag'", "BOOLEAN");
    refused(base().add("missing", DataTypes.IntegerType), TABLE, options(), "'missing'", "ALTER TABLE");
  }

  @Test
  void theTimeColumnMustExistAndBeATime() {
    refused(new StructType().add("ts", DataTypes.TimestampType), TABLE, options(), "no time column 'time'");
    refused(new StructType().add("time", DataTypes.StringType), TABLE, options(), "'time'", "timestamp");
    assertEquals(0, WritePlan.of(new StructType().add("ts", DataTypes.LongType), TABLE, options("time", "ts"))
        .timeIndex());
  }

  @Test
  void tagsMustBeStringsAndAgreeWithTheTable() {
    refused(new StructType().add("time", DataTypes.TimestampType).add("region", DataTypes.IntegerType), TABLE,
        options(), "'region'", "TAG", "string");
    refused(base().add("model", DataTypes.StringType), TABLE, options("tags", "region,model"), "'model'",
        "ATTRIBUTE");
    refused(base(), null, options("tags", "nope"), "'nope'");
  }

  @Test
  void aNewTableIsCreatedFromTheDataFrame() {
    WritePlan p = WritePlan.of(base().add("model", DataTypes.StringType).add("v", DataTypes.ShortType)
        .add("when", DataTypes.TimestampNTZType), null, options("tags", "region", "attributes", "model"));
    assertEquals("CREATE TABLE IF NOT EXISTS \"t\" (\"time\" TIMESTAMP TIME, \"region\" STRING TAG, "
        + "\"model\" STRING ATTRIBUTE, \"v\" INT32 FIELD, \"when\" TIMESTAMP FIELD)", p.createStatement());
    assertFalse(p.columns().get(1).asText());
  }

  @Test
  void aColumnNamedTwiceIsRefused() {
    refused(base().add("region", DataTypes.StringType), null, options(), "'region'", "twice");
  }

  @Test
  void aTreeWriteKeepsMeasurementNamesAndRefusesABadDeviceColumnNamingIt() {
    QuiverOptions tree = QuiverOptions.of(Map.of("deviceColumn", "dev", "prefix", "root.sg"));
    StructType df = new StructType().add("time", DataTypes.TimestampType).add("dev", DataTypes.StringType)
        .add("Temp", DataTypes.DoubleType).add("n", DataTypes.LongType);
    WritePlan p = WritePlan.forTree(df, tree);
    assertEquals(0, p.timeIndex());
    assertEquals(List.of("Temp", "n"), List.of(p.names(ColumnCategory.FIELD)), "case kept: tree names are");
    assertEquals("root.sg", p.table());

    String m = assertThrows(IllegalArgumentException.class, () -> WritePlan.forTree(
        new StructType().add("time", DataTypes.TimestampType).add("v", DataTypes.DoubleType), tree)).getMessage();
    assertTrue(m.contains("'deviceColumn' names 'dev'"), m);
    m = assertThrows(IllegalArgumentException.class, () -> WritePlan.forTree(new StructType()
        .add("time", DataTypes.TimestampType).add("dev", DataTypes.IntegerType), tree)).getMessage();
    assertTrue(m.contains("column 'dev'") && m.contains("must be a string"), m);
    m = assertThrows(IllegalArgumentException.class, () -> WritePlan.forTree(df.add("price",
        DataTypes.createDecimalType(10, 2)), tree)).getMessage();
    assertTrue(m.contains("column 'price'") && m.contains("decimal"), m);
  }
}
