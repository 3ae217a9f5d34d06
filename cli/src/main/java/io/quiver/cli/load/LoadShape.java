package io.quiver.cli.load;

import java.util.Locale;
import java.util.Map;

/**
 * How a load runs, whatever it loads into: the most rows in one insert ({@code --batch-rows}), the
 * inserting threads ({@code --threads}, one pooled session each), the rows of the file to skip
 * ({@code --skip-rows}, to resume a load that stopped) and the form of the insert requests ({@code
 * --encode-inserts}, {@code --gzip-inserts}: column-encoded, and GZIP-compressed, for slow links).
 * Shared by the table-model and the tree-model loads.
 *
 * @param batchRows the most rows sent in one insert; bigger record batches are cut
 * @param threads the inserting threads (and pooled sessions)
 * @param skipRows rows at the start of the file not to load
 * @param encodeInserts send column-encoded requests (the client's {@code encodeInserts})
 * @param gzipInserts also GZIP-compress them (the client's {@code gzipInserts}; implies encoding)
 */
public record LoadShape(int batchRows, int threads, long skipRows, boolean encodeInserts,
    boolean gzipInserts) {

  /** Plain requests. */
  public LoadShape(int batchRows, int threads, long skipRows) {
    this(batchRows, threads, skipRows, false, false);
  }

  /**
   * Reads {@code --batch-rows}, {@code --threads} and {@code --skip-rows} from the given options,
   * each defaulted when absent.
   *
   * @throws IllegalArgumentException naming the option whose value is not a number in its range
   */
  static LoadShape of(Map<String, String> values) {
    int batchRows = (int) number("--batch-rows", values.get("--batch-rows"),
        LoadOptions.DEFAULT_BATCH_ROWS, 1, 10_000_000);
    int threads = (int) number("--threads", values.get("--threads"), LoadOptions.DEFAULT_THREADS,
        1, LoadOptions.MAX_THREADS);
    long skipRows = number("--skip-rows", values.get("--skip-rows"), 0, 0, Long.MAX_VALUE);
    return new LoadShape(batchRows, threads, skipRows, values.containsKey("--encode-inserts"),
        values.containsKey("--gzip-inserts"));
  }

  /** Applies the request form to a session or pool configuration. */
  <B extends io.quiver.client.SessionSettings<B>> B applyTo(B builder) {
    return builder.encodeInserts(encodeInserts || gzipInserts).gzipInserts(gzipInserts);
  }

  /** How the requests travel, for the load's first line: "" for plain ones. */
  String requestText() {
    return gzipInserts ? ", requests encoded and GZIP-compressed" : encodeInserts ? ", requests encoded" : "";
  }

  private static long number(String option, String value, long fallback, long min, long max) {
    if (value == null) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(value.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + value + "' is not a whole number", e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(option + " " + n + " is outside " + min + ".."
          + (max == Long.MAX_VALUE ? "" : String.format(Locale.ROOT, "%d", max)));
    }
    return n;
  }
}
