package io.quiver.client.spi;

import java.util.function.IntPredicate;

/**
 * The one writer of the null-bitmap section that ends an insert request's values (see {@link
 * InsertBatch} and {@code docs/insert-request.md}): present only if some column has a null, then
 * one entry per column, a marker byte 0 (no nulls) or 1 followed by {@code rows / 8 + 1} bytes of
 * bitmap (row r at bit {@code r % 8} of byte {@code r / 8}, least significant bit first, set =
 * null; the one spare byte is a TsFile quirk the server relies on). The row {@code Tablet}, the
 * routed re-encoding and {@code ArrowTablet} all write it through this class.
 */
public final class NullSection {
  private NullSection() {}

  /** Writes one column's bitmap: exactly {@link #bitmapBytes} bytes for the batch's rows. */
  @FunctionalInterface
  public interface BitmapWriter {
    void write(int column, WireBuffer out);
  }

  /** A column bitmap's size in bytes for this many rows. */
  public static int bitmapBytes(int rows) {
    return rows / 8 + 1;
  }

  /** The section's size: 0 when no column has a null. */
  public static long size(int columns, int rows, IntPredicate hasNulls) {
    long size = 0;
    boolean any = false;
    for (int c = 0; c < columns; c++) {
      if (hasNulls.test(c)) {
        any = true;
        size += bitmapBytes(rows);
      }
    }
    return any ? size + columns : 0;
  }

  /**
   * Writes the section (nothing when no column has a null): each column's marker, and after a
   * marker 1 the bitmap {@code bitmaps} writes.
   *
   * @throws IllegalStateException if a bitmap writer wrote another number of bytes (a bug)
   */
  public static void write(WireBuffer out, int columns, int rows, IntPredicate hasNulls, BitmapWriter bitmaps) {
    boolean any = false;
    for (int c = 0; c < columns && !any; c++) {
      any = hasNulls.test(c);
    }
    if (!any) {
      return;
    }
    int bytes = bitmapBytes(rows);
    for (int c = 0; c < columns; c++) {
      if (!hasNulls.test(c)) {
        out.putByte((byte) 0);
        continue;
      }
      out.putByte((byte) 1);
      int before = out.position();
      bitmaps.write(c, out);
      if (out.position() - before != bytes) {
        throw new IllegalStateException("the null bitmap of column " + c + " took " + (out.position() - before)
            + " bytes, not the " + bytes + " of " + rows + " rows");
      }
    }
  }

  /**
   * Starts a bitmap of {@code rows} rows, all valid (zeroed); returns where it starts in {@code
   * out.array()}, for {@link #setNull}.
   */
  public static int startBitmap(WireBuffer out, int rows) {
    int at = out.position();
    out.putZeros(bitmapBytes(rows));
    return at;
  }

  /** Marks row {@code row} null in the bitmap starting at {@code start}. */
  public static void setNull(byte[] a, int start, int row) {
    a[start + (row >>> 3)] |= (byte) (1 << (row & 7));
  }

  /** True if the bitmap starting at {@code start} marks row {@code row} null. */
  public static boolean isNull(byte[] a, int start, int row) {
    return (a[start + (row >>> 3)] & (1 << (row & 7))) != 0;
  }
}
