package io.quiver.examples;

import io.quiver.arrow.ArrowResultStream;
import io.quiver.client.SessionDataSet;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Prints query results as an aligned text table: a header, a rule, one line per row (cells cut at
 * 60 characters), and a count. Reads a {@link SessionDataSet} row by row, or an {@link
 * ArrowResultStream} batch by batch (timestamps in the column's zone, dates as yyyy-MM-dd, binary
 * as 0x-hex).
 */
public final class ResultPrinter {
  private static final int MAX_WIDTH = 60;

  private ResultPrinter() {}

  /**
   * Reads up to {@code maxRows} rows and prints them with a header; says whether more were left.
   *
   * @return the number of rows printed
   */
  public static int print(SessionDataSet rows, PrintStream out, int maxRows) {
    Table table = new Table(rows.getColumnNames());
    boolean more = false;
    while (rows.next()) {
      if (table.rows.size() == maxRows) {
        more = true;
        break;
      }
      String[] row = new String[rows.columnCount()];
      for (int c = 0; c < row.length; c++) {
        row[c] = rows.getString(c);
      }
      table.add(row);
    }
    return table.print(out, more);
  }

  /**
   * Reads batches until {@code maxRows} rows, prints them with a header, and says whether more
   * were left (which may take one more fetch to know). The stream is left open.
   *
   * @return the number of rows printed
   */
  public static int print(ArrowResultStream stream, PrintStream out, int maxRows) {
    VectorSchemaRoot root = stream.getVectorSchemaRoot();
    List<String> names = new ArrayList<>();
    root.getSchema().getFields().forEach(f -> names.add(f.getName()));
    Table table = new Table(names);
    boolean more = false;
    while (!more && stream.loadNextBatch()) {
      for (int r = 0; r < root.getRowCount(); r++) {
        if (table.rows.size() == maxRows) {
          more = true;
          break;
        }
        String[] row = new String[names.size()];
        for (int c = 0; c < row.length; c++) {
          row[c] = text(root.getVector(c), r);
        }
        table.add(row);
      }
    }
    return table.print(out, more);
  }

  /** A cell of an Arrow vector as text, or null. */
  public static String text(FieldVector v, int row) {
    if (v.isNull(row)) {
      return null;
    }
    if (v instanceof VarCharVector) {
      return new String(((VarCharVector) v).get(row), StandardCharsets.UTF_8);
    }
    if (v instanceof VarBinaryVector) {
      return "0x" + HexFormat.of().formatHex(((VarBinaryVector) v).get(row));
    }
    if (v instanceof BitVector) {
      return String.valueOf(((BitVector) v).get(row) == 1);
    }
    if (v instanceof DateDayVector) {
      return LocalDate.ofEpochDay(((DateDayVector) v).get(row)).toString();
    }
    if (v instanceof TimeStampVector) {
      ArrowType.Timestamp type = (ArrowType.Timestamp) v.getField().getType();
      return timestamp(((TimeStampVector) v).get(row), type.getUnit(), type.getTimezone());
    }
    return String.valueOf(v.getObject(row));
  }

  private static String timestamp(long value, TimeUnit unit, String zone) {
    Instant instant;
    String fraction;
    switch (unit) {
      case SECOND:
        instant = Instant.ofEpochSecond(value);
        fraction = "";
        break;
      case MILLISECOND:
        instant = Instant.ofEpochMilli(value);
        fraction = ".SSS";
        break;
      case MICROSECOND:
        instant = Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
        fraction = ".SSSSSS";
        break;
      default:
        instant = Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        fraction = ".SSSSSSSSS";
    }
    ZoneId id = zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
    return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss" + fraction + "xxx").format(instant.atZone(id));
  }

  /** Rows of text cells and the width of each column. */
  private static final class Table {
    final List<String> header;
    final List<String[]> rows = new ArrayList<>();
    final int[] width;

    Table(List<String> header) {
      this.header = header;
      this.width = new int[header.size()];
      for (int c = 0; c < width.length; c++) {
        width[c] = Math.min(header.get(c).length(), MAX_WIDTH);
      }
    }

    void add(String[] row) {
      for (int c = 0; c < row.length; c++) {
        if (row[c] == null) {
          row[c] = "null";
        }
        width[c] = Math.max(width[c], Math.min(row[c].length(), MAX_WIDTH));
      }
      rows.add(row);
    }

    int print(PrintStream out, boolean more) {
      printRow(out, header.toArray(new String[0]), width);
      StringBuilder rule = new StringBuilder();
      for (int w : width) {
        rule.append("-".repeat(w)).append("-+-");
      }
      out.println(rule.substring(0, Math.max(0, rule.length() - 2)));
      for (String[] row : rows) {
        printRow(out, row, width);
      }
      out.println(rows.size() + " row" + (rows.size() == 1 ? "" : "s") + (more ? " shown (more not shown)" : ""));
      return rows.size();
    }
  }

  private static void printRow(PrintStream out, String[] row, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < row.length; c++) {
      String v = row[c].length() > MAX_WIDTH ? row[c].substring(0, MAX_WIDTH - 3) + "..." : row[c];
      sb.append(v).append(" ".repeat(width[c] - v.length()));
      if (c < row.length - 1) {
        sb.append(" | ");
      }
    }
    out.println(sb.toString().stripTrailing());
  }
}
