package io.quiver.client.internal;

/** A node address, parsed from {@code host:port} (or {@code [v6-address]:port}). */
public record Endpoint(String host, int port) {

  /**
   * Parses a node URL.
   *
   * @param setting the setting the URL came from, named in the error
   * @throws IllegalArgumentException naming the setting and the value when it is not host:port
   */
  public static Endpoint parse(String url, String setting) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(setting + ": a node URL is empty; expected host:port");
    }
    String s = url.trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException(
          setting + ": '" + url + "' is not host:port (for example 127.0.0.1:6667)");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          setting + ": '" + url + "' has no numeric port (for example 127.0.0.1:6667)", e);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          setting + ": '" + url + "' has port " + port + ", outside 1..65535");
    }
    return new Endpoint(host, port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
