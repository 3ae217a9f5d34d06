package io.quiver.benchmarks.rounds;

import java.util.Arrays;
import java.util.Locale;

/**
 * The median of a set of measurements with their minimum and maximum: what the round-based
 * benchmarks report instead of a mean and confidence interval, since one preempted round on a busy
 * machine moves a mean but not a median.
 */
public final class Spread {
  private final double median;
  private final double min;
  private final double max;
  private final int count;

  private Spread(double median, double min, double max, int count) {
    this.median = median;
    this.min = min;
    this.max = max;
    this.count = count;
  }

  /** The spread of {@code values}; NaN values (a figure not measured) are left out. */
  public static Spread of(double... values) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
    int n = v.length;
    if (n == 0) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return new Spread(median, v[0], v[n - 1], n);
  }

  public double median() {
    return median;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  /** How many values were not NaN. */
  public int count() {
    return count;
  }

  /** The half-width of [min, max] as a percentage of the median: 10 for [90, 110] about 100. */
  public double halfRangePercent() {
    return (max - min) / 2 / median * 100;
  }

  /**
   * {@code "median [min-max]"} with the given format per figure, e.g. {@code "%,.0f"}; {@code "-"}
   * when nothing was measured.
   */
  public String format(String figure) {
    if (count == 0) {
      return "-";
    }
    String pattern = figure + " [" + figure + "-" + figure + "]";
    return String.format(Locale.ROOT, pattern, median, min, max);
  }

  @Override
  public String toString() {
    return format("%.3g");
  }
}
