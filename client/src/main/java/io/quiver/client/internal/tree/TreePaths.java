package io.quiver.client.internal.tree;

import io.quiver.client.InvalidBatchException;
import io.quiver.client.spi.InsertBatch;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks tree-model device paths and measurement names before any byte is sent, by the rules an
 * IoTDB 2.0.10 server applies to {@code insertTablet} (each rule below was observed on one; see
 * docs/tree-model.md). A refused name fails with an {@link InvalidBatchException} that names the
 * device path and, for a measurement, the column.
 *
 * <h2>Device paths</h2>
 *
 * <ul>
 *   <li>{@code root} (lower case) then at least one more node, separated by single dots: {@code
 *       root.sg}, {@code root.sg.d1}. {@code ROOT.sg} and a path without {@code root} are refused
 *       by the server as not existing; {@code root} alone, an empty node ({@code root..d}, {@code
 *       root.d.}) as illegal.
 *   <li>A plain node is made of ASCII letters and digits, {@code _ : @ # $ { }}, and the CJK
 *       characters U+2E80 to U+9FFF. Refused: any other character (space, {@code -}, {@code *},
 *       {@code "}, a lone backquote, other letters such as {@code é}); a node that reads as a
 *       number ({@code 12}, {@code 1e5}); the words {@code root}, {@code time} and {@code
 *       timestamp} in any case. {@code 1d}, {@code select} and {@code device} are fine.
 *   <li>A quoted node is anything between backquotes, a backquote inside doubled: {@code
 *       root.sg.`d-1`}, {@code root.sg.`a.b`}, {@code root.sg.`d``1`}, {@code root.sg.`12`};
 *       except {@code time} and {@code timestamp}, refused even quoted ({@code `root`} is fine).
 *   <li>Stricter than the server: white space outside backquotes is refused (the server trims
 *       {@code "root.sg.d1 "} to {@code root.sg.d1} and writes there), and so is an empty quoted
 *       node {@code ``} (which the server accepts).
 * </ul>
 *
 * <h2>Measurement names</h2>
 *
 * <p>One node, plain or quoted, as above, except that a plain measurement allows only ASCII
 * letters and digits, {@code _}, and U+2E80 to U+9FFF ({@code s:1}, {@code s@1} are refused,
 * although the same characters are accepted in a device node). Names must be distinct within a
 * device (the server refuses duplicates with status 701). Case is kept: {@code S1} and {@code
 * s1} are two measurements.
 */
public final class TreePaths {
  private static final Pattern NUMBER = Pattern.compile("[0-9]+([eE][+-]?[0-9]+)?");
  private static final Set<String> RESERVED = Set.of("root", "time", "timestamp");
  /** Refused even in backquotes ({@code `root`} is accepted quoted). */
  private static final Set<String> RESERVED_QUOTED = Set.of("time", "timestamp");

  private TreePaths() {}

  /** Checks a device's path and its batch's measurement names. */
  public static void check(DeviceBatch device) {
    checkDevice(device.devicePath());
    InsertBatch batch = device.batch();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < batch.columnCount(); i++) {
      String m = batch.columnName(i);
      checkMeasurement(device.devicePath(), m);
      if (!seen.add(m)) {
        throw new InvalidBatchException("device '" + device.devicePath() + "' measurement '" + m
            + "' appears twice; each measurement of a device must be named once", m, -1);
      }
    }
  }

  /**
   * Checks a device path.
   *
   * @throws InvalidBatchException naming the path and what is wrong with it
   */
  public static void checkDevice(String path) {
    if (path == null || path.isEmpty()) {
      throw invalidDevice(String.valueOf(path), "a device path is root.<database>...<device>");
    }
    int nodes = 0;
    int i = 0;
    int n = path.length();
    while (true) {
      int end = nodeEnd(path, i);
      if (end < n && path.charAt(end) != '.') {
        throw invalidDevice(path, "text follows the closing backquote of a node at index " + end);
      }
      String node = path.substring(i, end);
      if (nodes == 0 && !node.equals("root")) {
        throw invalidDevice(path, "it must start with 'root.' (lower case)");
      }
      if (nodes > 0) {
        String why = nodeProblem(node, true);
        if (why != null) {
          throw invalidDevice(path, "node '" + node + "' " + why);
        }
      }
      nodes++;
      if (end == n) {
        break;
      }
      i = end + 1;
      if (i == n) {
        throw invalidDevice(path, "it ends with a dot");
      }
    }
    if (nodes < 2) {
      throw invalidDevice(path, "it needs at least one node after 'root'");
    }
  }

  /**
   * Checks one measurement name of a device.
   *
   * @throws InvalidBatchException naming the device, the measurement and what is wrong
   */
  public static void checkMeasurement(String device, String name) {
    String why = name == null ? "is null" : nodeProblem(name, false);
    if (why != null) {
      throw new InvalidBatchException("device '" + device + "' measurement '" + name + "' " + why,
          name, -1);
    }
  }

  /** The index after the node starting at {@code i}: the next dot outside backquotes, or the end. */
  private static int nodeEnd(String path, int i) {
    int n = path.length();
    if (i < n && path.charAt(i) == '`') {
      int j = i + 1;
      while (j < n) {
        if (path.charAt(j) == '`') {
          if (j + 1 < n && path.charAt(j + 1) == '`') {
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      return n;
    }
    int dot = path.indexOf('.', i);
    return dot < 0 ? n : dot;
  }

  /** Why a node is refused, or null if it is fine. */
  private static String nodeProblem(String node, boolean deviceNode) {
    if (node.isEmpty()) {
      return "is empty";
    }
    if (node.charAt(0) == '`') {
      String why = quotedProblem(node);
      if (why == null && RESERVED_QUOTED.contains(
          node.substring(1, node.length() - 1).toLowerCase(Locale.ROOT))) {
        return "is a reserved word (time, timestamp), refused even in backquotes";
      }
      return why;
    }
    for (int k = 0; k < node.length(); k++) {
      char c = node.charAt(k);
      if (!plainChar(c, deviceNode)) {
        return "has the character '" + c + "' (U+" + String.format("%04X", (int) c) + "); "
            + (deviceNode ? "plain device nodes take letters a-z A-Z, digits, _ : @ # $ { } and "
                : "plain measurement names take letters a-z A-Z, digits, _ and ")
            + "CJK characters; put other names in backquotes, e.g. `" + node.replace("`", "``")
            + "`";
      }
    }
    if (NUMBER.matcher(node).matches()) {
      return "reads as a number; put it in backquotes or add a letter";
    }
    if (RESERVED.contains(node.toLowerCase(Locale.ROOT))) {
      return "is a reserved word (root, time, timestamp); choose another name";
    }
    return null;
  }

  private static String quotedProblem(String node) {
    int n = node.length();
    if (n < 3 || node.charAt(n - 1) != '`') {
      return "opens a backquote it does not close around a non-empty name";
    }
    for (int k = 1; k < n - 1; k++) {
      if (node.charAt(k) == '`') {
        if (k + 1 < n - 1 && node.charAt(k + 1) == '`') {
          k++;
          continue;
        }
        return "has a lone backquote inside backquotes; double it (``)";
      }
    }
    return null;
  }

  private static boolean plainChar(char c, boolean deviceNode) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
      return true;
    }
    if (c >= '\u2E80' && c <= '\u9FFF') {
      return true;
    }
    return deviceNode && (c == ':' || c == '@' || c == '#' || c == '$' || c == '{' || c == '}');
  }

  private static InvalidBatchException invalidDevice(String path, String why) {
    return new InvalidBatchException("device path '" + path + "' is not valid: " + why, null, -1);
  }
}
