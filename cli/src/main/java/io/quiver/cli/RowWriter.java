package io.quiver.cli;

import io.quiver.examples.ResultPrinter;
import java.io.PrintStream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes query rows as text, one row at a time, for {@code query --format csv|json}. Cells are
 * rendered as the table shows them ({@link ResultPrinter#text}: times in the column's zone, dates
 * yyyy-MM-dd, binary 0x-hex).
 */
interface RowWriter {
  /** Writes what comes before the rows. */
  void header(VectorSchemaRoot root);

  /** Writes row {@code r} of the root's current batch. */
  void row(VectorSchemaRoot root, int r);

  /** RFC 4180: a header line, cells quoted when they hold a comma, quote or line break; null empty. */
  final class Csv implements RowWriter {
    private final PrintStream out;

    Csv(PrintStream out) {
      this.out = out;
    }

    @Override
    public void header(VectorSchemaRoot root) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < root.getFieldVectors().size(); c++) {
        if (c > 0) {
          line.append(',');
        }
        line.append(quote(root.getVector(c).getName()));
      }
      out.print(line.append("\r\n"));
    }

    @Override
    public void row(VectorSchemaRoot root, int r) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < root.getFieldVectors().size(); c++) {
        if (c > 0) {
          line.append(',');
        }
        String cell = ResultPrinter.text(root.getVector(c), r);
        if (cell != null) {
          line.append(quote(cell));
        }
      }
      out.print(line.append("\r\n"));
    }

    static String quote(String cell) {
      boolean needs = cell.isEmpty() ? false : cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0
          || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
      return needs ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
  }

  /** JSON Lines: one object per row, keys the column names; numbers and booleans as JSON's own. */
  final class JsonLines implements RowWriter {
    private final PrintStream out;

    JsonLines(PrintStream out) {
      this.out = out;
    }

    @Override
    public void header(VectorSchemaRoot root) {
    }

    @Override
    public void row(VectorSchemaRoot root, int r) {
      StringBuilder line = new StringBuilder("{");
      for (int c = 0; c < root.getFieldVectors().size(); c++) {
        FieldVector v = root.getVector(c);
        if (c > 0) {
          line.append(',');
        }
        string(line, v.getName()).append(':');
        if (v.isNull(r)) {
          line.append("null");
        } else if (v instanceof IntVector || v instanceof BigIntVector || v instanceof BitVector) {
          line.append(ResultPrinter.text(v, r));
        } else if (v instanceof Float4Vector || v instanceof Float8Vector) {
          String number = ResultPrinter.text(v, r);
          boolean finite = !number.contains("N") && !number.contains("I");
          if (finite) {
            line.append(number);
          } else {
            string(line, number);
          }
        } else {
          string(line, ResultPrinter.text(v, r));
        }
      }
      out.print(line.append("}\n"));
    }

    static StringBuilder string(StringBuilder sb, String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char ch = s.charAt(i);
        switch (ch) {
          case '"': sb.append("\\\""); break;
          case '\\': sb.append("\\\\"); break;
          case '\n': sb.append("\\n"); break;
          case '\r': sb.append("\\r"); break;
          case '\t': sb.append("\\t"); break;
          default:
            if (ch < 0x20) {
              sb.append(String.format("\\u%04x", (int) ch));
            } else {
              sb.append(ch);
            }
        }
      }
      return sb.append('"');
    }
  }
}
