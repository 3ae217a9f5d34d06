package io.quiver.client;

import java.util.HexFormat;

/** Hex helpers for golden-byte tests: spaces and '|' separators in expected strings are ignored. */
public final class Hex {
  private Hex() {}

  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
  }

  public static String of(byte[] b, int from, int to) {
    return HexFormat.of().formatHex(b, from, to);
  }

  public static String utf8(String s) {
    return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
