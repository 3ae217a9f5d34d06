package io.quiver.examples;

import io.quiver.client.SessionDataSet;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints query results as an aligned text table. */
public final class ResultPrinter {
  private ResultPrinter() {}

  /**
   * Reads up to {@code maxRows} rows and prints them with a header; says how many more were left.
   *
   * @return the number of rows printed
   */
  public static int print(SessionDataSet rows, PrintStream out, int maxRows) {
    List<String> header = rows.getColumnNames();
    List<String[]> cells = new ArrayList<>();
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
    }
    boolean more = false;
    while (rows.next()) {
      if (cells.size() == maxRows) {
        more = true;
        break;
      }
      String[] row = new String[header.size()];
      for (int c = 0; c < row.length; c++) {
        String v = rows.getString(c);
        row[c] = v == null ? "null" : v;
        width[c] = Math.max(width[c], Math.min(row[c].length(), 60));
      }
      cells.add(row);
    }
    printRow(out, header.toArray(new String[0]), width);
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append("-".repeat(w)).append("-+-");
    }
    out.println(rule.substring(0, Math.max(0, rule.length() - 2)));
    for (String[] row : cells) {
      printRow(out, row, width);
    }
    out.println(cells.size() + " row" + (cells.size() == 1 ? "" : "s") + (more ? " shown (more not shown)" : ""));
    return cells.size();
  }

  private static void printRow(PrintStream out, String[] row, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < row.length; c++) {
      String v = row[c].length() > 60 ? row[c].substring(0, 57) + "..." : row[c];
      sb.append(v).append(" ".repeat(width[c] - v.length()));
      if (c < row.length - 1) {
        sb.append(" | ");
      }
    }
    out.println(sb.toString().stripTrailing());
  }
}
