package io.quiver.client.internal.tree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The order that sorts one device's rows by time, read from the big-endian int64 times a batch
 * wrote into a frame. Both official clients send every tablet sorted by time; so does Quiver.
 *
 * <p>Sorted input (each time at least the one before it) costs one comparison per row and no
 * allocation: {@link #of} returns {@code null}. Otherwise it returns the stable order: rows with
 * equal times keep their input order, so when the server keeps the last of equal times, the
 * last row given wins, as in the input. The sort is a primitive merge sort of row indices (no
 * boxing): O(n log n) time, two int arrays and one long array of n.
 */
final class TimeOrder {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private TimeOrder() {}

  /**
   * The stable sorting order of the {@code rows} times at {@code offset} in {@code bytes}: {@code
   * order[i]} is the input row that goes to position {@code i}; {@code null} when already sorted.
   */
  static int[] of(byte[] bytes, int offset, int rows) {
    long previous = Long.MIN_VALUE;
    int firstDescent = -1;
    for (int r = 0; r < rows; r++) {
      long t = (long) LONG_BE.get(bytes, offset + 8 * r);
      if (t < previous) {
        firstDescent = r;
        break;
      }
      previous = t;
    }
    if (firstDescent < 0) {
      return null;
    }
    long[] times = new long[rows];
    for (int r = 0; r < rows; r++) {
      times[r] = (long) LONG_BE.get(bytes, offset + 8 * r);
    }
    int[] order = new int[rows];
    for (int r = 0; r < rows; r++) {
      order[r] = r;
    }
    mergeSort(order, new int[rows], times, 0, rows);
    return order;
  }

  /** Rewrites the {@code rows} times at {@code offset} in the given order, in place. */
  static void apply(byte[] bytes, int offset, int[] order) {
    long[] times = new long[order.length];
    for (int r = 0; r < order.length; r++) {
      times[r] = (long) LONG_BE.get(bytes, offset + 8 * r);
    }
    for (int i = 0; i < order.length; i++) {
      LONG_BE.set(bytes, offset + 8 * i, times[order[i]]);
    }
  }

  private static void mergeSort(int[] a, int[] scratch, long[] key, int from, int to) {
    int n = to - from;
    if (n < 2) {
      return;
    }
    if (n <= 16) {
      for (int i = from + 1; i < to; i++) {
        int v = a[i];
        long k = key[v];
        int j = i - 1;
        while (j >= from && key[a[j]] > k) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, scratch, key, from, mid);
    mergeSort(a, scratch, key, mid, to);
    if (key[a[mid - 1]] <= key[a[mid]]) {
      return;
    }
    System.arraycopy(a, from, scratch, from, n);
    int i = from;
    int j = mid;
    int out = from;
    while (i < mid && j < to) {
      a[out++] = key[scratch[j]] < key[scratch[i]] ? scratch[j++] : scratch[i++];
    }
    while (i < mid) {
      a[out++] = scratch[i++];
    }
    while (j < to) {
      a[out++] = scratch[j++];
    }
  }
}
