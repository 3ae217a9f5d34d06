package io.quiver.cli.load;

import io.quiver.cli.ConnectionSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code ./quiver load FILE --device root.sg.d1} or {@code --device-column COL
 * [--prefix root.sg]}: a load into the tree model, checked without reading the file. Exactly one
 * of {@code device} and {@code deviceColumn} is set.
 *
 * @param file the Arrow IPC file or stream
 * @param device the one device every row goes to, or null
 * @param deviceColumn the column naming each row's device, or null
 * @param prefix prepended (with a dot) to the device column's values, or null for full paths
 * @param aligned insert into aligned devices
 * @param timeColumn the column holding the time ({@code --time}, default "time")
 * @param shape {@code --batch-rows}, {@code --threads} and {@code --skip-rows}, as for a table
 * @param connection where and how to connect
 */
public record TreeLoadOptions(Path file, String device, String deviceColumn, String prefix,
    boolean aligned, String timeColumn, LoadShape shape, ConnectionSettings connection) {

  /** The table-model options a tree load refuses. */
  static final List<String> TABLE_ONLY =
      List.of("--table", "--database", "--tags", "--attributes", "--create-table", "--encode-inserts",
          "--gzip-inserts");

  /**
   * Checks the values of a tree-model load.
   *
   * @param values option name to value, for the options given (flags with any value)
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  static TreeLoadOptions of(List<String> files, Map<String, String> values, boolean aligned,
      ConnectionSettings connection) {
    String device = trimmed(values.get("--device"));
    String column = trimmed(values.get("--device-column"));
    String prefix = trimmed(values.get("--prefix"));
    if (device == null && column == null) {
      throw new IllegalArgumentException("give the device with --device root.sg.d1, or the column"
          + " naming each row's device with --device-column COL");
    }
    if (device != null && column != null) {
      throw new IllegalArgumentException("give either --device or --device-column, not both");
    }
    if (prefix != null && column == null) {
      throw new IllegalArgumentException("--prefix goes with --device-column (with --device give"
          + " the full path)");
    }
    List<String> clash = new ArrayList<>();
    for (String option : TABLE_ONLY) {
      if (values.containsKey(option)) {
        clash.add(option);
      }
    }
    if (!clash.isEmpty()) {
      throw new IllegalArgumentException(String.join(", ", clash)
          + (clash.size() == 1 ? " is" : " are") + " for the table model; a tree-model load (" + (device != null ? "--device"
          : "--device-column") + ") takes none of " + String.join(", ", TABLE_ONLY));
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("give the Arrow file to load");
    }
    if (files.size() > 1) {
      throw new IllegalArgumentException("give one file; got " + files);
    }
    if (prefix != null && (prefix.endsWith(".") || !prefix.startsWith("root"))) {
      throw new IllegalArgumentException("--prefix '" + prefix + "' is not a path such as root.sg");
    }
    if (device != null && !device.startsWith("root.")) {
      throw new IllegalArgumentException("--device '" + device + "' is not a device path such as"
          + " root.sg.d1");
    }
    String time = values.getOrDefault("--time", "time").trim();
    if (time.isEmpty()) {
      throw new IllegalArgumentException("--time needs a column name");
    }
    if (column != null && LoadOptions.key(column).equals(LoadOptions.key(time))) {
      throw new IllegalArgumentException("--device-column '" + column + "' is the time column");
    }
    return new TreeLoadOptions(Path.of(files.get(0)), device, column, prefix, aligned, time,
        LoadShape.of(values), connection);
  }

  /** What the rows go to, for messages. */
  String target() {
    return device != null ? device : "the devices in column '" + deviceColumn + "'"
        + (prefix != null ? " under " + prefix : "");
  }

  private static String trimmed(String value) {
    if (value == null) {
      return null;
    }
    String t = value.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("an empty value was given for a device option");
    }
    return t;
  }
}
