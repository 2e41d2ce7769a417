package org.p2psim.p2p;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.p2psim.api.NodeId;
import org.p2psim.p2p.crypto.Secp256k1;

/**
 * A node's address as an enode URL: {@code enode://<128 hex>@<host>:<tcp>[?discport=<udp>]}.
 *
 * <p>Parsing and printing follow go-ethereum ({@code enode.Parse}, {@code ParseV4}, {@code URLv4}).
 * The host is an IP literal, kept in canonical form, or a DNS name, kept as written and resolved
 * later by whoever dials; it is {@code null} for the incomplete form {@code enode://<128 hex>},
 * which has no endpoint. A port of 0 means "not set".
 *
 * @param publicKey the node's 64-byte secp256k1 public key {@code X ‖ Y}, a point on the curve
 * @param host an IP literal or DNS name, or {@code null} for a node without an endpoint
 * @param tcpPort the RLPx (TCP) port, 0 to 65535
 * @param udpPort the discovery (UDP) port, 0 to 65535
 */
public record Enode(byte[] publicKey, String host, int tcpPort, int udpPort) {
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern INCOMPLETE =
      Pattern.compile("(?:enode://)?([0-9a-f]+)", Pattern.CASE_INSENSITIVE);
  private static final String EXPECTED =
      "; expected enode://<128 hex chars>@<host>:<port>[?discport=<port>]";

  /**
   * Validates the fields and puts an IP-literal host in canonical form.
   *
   * @throws IllegalArgumentException if the key is not 64 bytes on the curve, a port is out of
   *     range, the host is neither an IP literal nor a DNS name, or a node without a host has a
   *     port
   */
  public Enode {
    requireNonNull(publicKey, "publicKey");
    if (publicKey.length != Secp256k1.PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "bad enode public key: expected 64 bytes X ‖ Y, got " + publicKey.length);
    }
    if (!Secp256k1.get().isValidPublicKey(publicKey)) {
      throw new IllegalArgumentException(
          "bad enode public key: " + HEX.formatHex(publicKey) + " is not on the secp256k1 curve");
    }
    checkPort("tcpPort", tcpPort);
    checkPort("udpPort", udpPort);
    if (host == null) {
      if (tcpPort != 0 || udpPort != 0) {
        throw new IllegalArgumentException(
            "bad enode: a node without a host has no ports, got tcpPort="
                + tcpPort
                + ", udpPort="
                + udpPort);
      }
    } else {
      String canonical = canonicalHost(host);
      if (canonical == null) {
        throw new IllegalArgumentException(
            "bad enode host \"" + host + "\": expected an IP address or a DNS name");
      }
      host = canonical;
    }
    publicKey = publicKey.clone();
  }

  /** Returns a node at {@code host} that uses {@code port} for both TCP and UDP. */
  public static Enode of(byte[] publicKey, String host, int port) {
    return new Enode(publicKey, host, port, port);
  }

  /**
   * Parses an enode URL or an {@code enr:} record the way go-ethereum's {@code enode.Parse} does:
   * text starting with {@code enode://} is read by {@link #parseV4(String)}; anything else must be
   * {@code enr:} followed by an unpadded base64url, RLP-encoded, validly signed "v4" node record.
   *
   * @throws BadEnodeException saying what is wrong
   */
  public static Enode parse(String url) {
    requireNonNull(url, "url");
    if (url.startsWith("enode://")) {
      return parseV4(url);
    }
    if (!url.startsWith("enr:")) {
      throw new BadEnodeException(
          url,
          "missing 'enr:' prefix for base64-encoded record"
              + "; expected enode://<128 hex chars>@<host>:<port> or enr:<base64>");
    }
    return EnrDecoder.decode(url);
  }

  /**
   * Parses an enode URL the way go-ethereum's {@code enode.ParseV4} does. Unlike {@link
   * #parse(String)} it also accepts the bare key, {@code <128 hex>}, as a node without an endpoint,
   * and it reads the scheme case-insensitively.
   *
   * @throws BadEnodeException saying what is wrong
   */
  public static Enode parseV4(String url) {
    requireNonNull(url, "url");
    var incomplete = INCOMPLETE.matcher(url);
    if (incomplete.matches()) {
      return new Enode(parsePublicKey(url, incomplete.group(1)), null, 0, 0);
    }
    return parseComplete(url);
  }

  private static Enode parseComplete(String url) {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw bad(url, "invalid control character in URL");
      }
    }
    int hash = url.indexOf('#');
    String rest = hash < 0 ? url : url.substring(0, hash);
    int colon = schemeEnd(rest);
    if (colon < 0 || !rest.substring(0, colon).equalsIgnoreCase("enode")) {
      throw bad(url, "invalid URL scheme, want \"enode\"");
    }
    rest = rest.substring(colon + 1);
    int question = rest.indexOf('?');
    String query = question < 0 ? "" : rest.substring(question + 1);
    rest = question < 0 ? rest : rest.substring(0, question);
    if (!rest.startsWith("//")) {
      throw bad(url, "does not contain node ID");
    }
    String authority = rest.substring(2);
    int slash = authority.indexOf('/');
    if (slash >= 0) {
      authority = authority.substring(0, slash); // go-ethereum ignores a path
    }
    int at = authority.lastIndexOf('@');
    if (at < 0) {
      throw bad(url, "does not contain node ID");
    }
    byte[] publicKey = parsePublicKey(url, authority.substring(0, at));

    String hostPort = authority.substring(at + 1);
    String hostname;
    String port;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw bad(url, "missing ']' in host");
      }
      hostname = hostPort.substring(1, close);
      String after = hostPort.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw bad(url, "invalid port \"" + after + "\" after host");
      }
      port = after.isEmpty() ? "" : after.substring(1);
      if (IpLiteral.parse(hostname) == null) {
        throw bad(url, "invalid IP address \"" + hostname + "\" in brackets");
      }
    } else {
      int portColon = hostPort.lastIndexOf(':');
      hostname = portColon < 0 ? hostPort : hostPort.substring(0, portColon);
      port = portColon < 0 ? "" : hostPort.substring(portColon + 1);
      if (hostname.indexOf(':') >= 0) {
        throw bad(url, "invalid host \"" + hostname + "\" (write an IPv6 address in brackets)");
      }
    }
    int tcp = parseUint16(port);
    if (tcp < 0) {
      throw bad(url, "invalid port");
    }
    int udp = tcp;
    String discport = queryValue(query, "discport");
    if (discport != null && !discport.isEmpty()) {
      udp = parseUint16(discport);
      if (udp < 0) {
        throw bad(url, "invalid discport in query");
      }
    }
    if (hostname.isEmpty()) {
      throw bad(url, "missing host");
    }
    if (canonicalHost(hostname) == null) {
      throw bad(url, "invalid host \"" + hostname + "\": expected an IP address or a DNS name");
    }
    return new Enode(publicKey, hostname, tcp, udp);
  }

  /** go-ethereum's {@code parsePubkey}: hex, 64 bytes, on the curve. */
  private static byte[] parsePublicKey(String url, String hex) {
    for (int i = 0; i < hex.length(); i++) {
      if (IpLiteral.hexDigit(hex.charAt(i)) < 0) {
        throw bad(
            url,
            "invalid public key (encoding/hex: invalid byte: " + describe(hex.charAt(i)) + ")");
      }
    }
    if (hex.length() % 2 != 0) {
      throw bad(url, "invalid public key (encoding/hex: odd length hex string)");
    }
    if (hex.length() != 2 * Secp256k1.PUBLIC_KEY_LENGTH) {
      throw bad(url, "invalid public key (wrong length, want 128 hex chars)");
    }
    byte[] key = HEX.parseHex(hex);
    if (!Secp256k1.get().isValidPublicKey(key)) {
      throw bad(url, "invalid public key (invalid secp256k1 public key)");
    }
    return key;
  }

  private static String describe(char c) {
    String quoted =
        c >= 0x20 && c < 0x7f
            ? "'" + (c == '\'' ? "\\'" : String.valueOf(c)) + "'"
            : String.format("'\\u%04x'", (int) c);
    return String.format("U+%04X %s", (int) c, quoted);
  }

  /** Returns the index of the ':' ending a valid URL scheme, or -1 if there is no scheme. */
  private static int schemeEnd(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ':') {
        return i == 0 ? -1 : i;
      }
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      boolean other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
      if (!letter && !(i > 0 && other)) {
        return -1;
      }
    }
    return -1;
  }

  /** Returns the first value of {@code key} in a query string, percent-decoded, or null. */
  private static String queryValue(String query, String key) {
    if (query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty() || pair.indexOf(';') >= 0) {
        continue; // go's ParseQuery skips pairs with a semicolon
      }
      int eq = pair.indexOf('=');
      String k = unescape(eq < 0 ? pair : pair.substring(0, eq));
      String v = unescape(eq < 0 ? "" : pair.substring(eq + 1));
      if (k != null && v != null && k.equals(key)) {
        return v;
      }
    }
    return null;
  }

  /** Percent- and plus-decodes a query component, or returns null if an escape is malformed. */
  private static String unescape(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '+') {
        out.append(' ');
      } else if (c == '%') {
        if (i + 2 >= text.length()) {
          return null;
        }
        int hi = IpLiteral.hexDigit(text.charAt(i + 1));
        int lo = IpLiteral.hexDigit(text.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.append((char) (hi << 4 | lo));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** go's {@code strconv.ParseUint(s, 10, 16)}: returns the value, or -1 if it is not one. */
  static int parseUint16(String text) {
    if (text.isEmpty()) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
      if (value > 0xffff) {
        return -1;
      }
    }
    return value;
  }

  /** Returns the canonical form of an IP literal, the DNS name as it is, or null if neither. */
  private static String canonicalHost(String host) {
    String bare =
        host.length() > 2 && host.startsWith("[") && host.endsWith("]")
            ? host.substring(1, host.length() - 1)
            : host;
    byte[] ip = IpLiteral.parse(bare);
    if (ip != null) {
      return IpLiteral.format(ip);
    }
    return isDnsName(host) ? host : null;
  }

  private static boolean isDnsName(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException(
          "bad enode " + name + ": expected 0 to 65535, got " + port);
    }
  }

  private static BadEnodeException bad(String url, String problem) {
    return new BadEnodeException(url, problem + EXPECTED);
  }

  /** Returns a copy of the 64-byte public key. */
  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Returns the node id: the Keccak-256 hash of the public key. */
  public NodeId id() {
    return NodeKey.idOf(publicKey);
  }

  /** Tells whether the node has an endpoint (a host), unlike the incomplete form. */
  public boolean hasEndpoint() {
    return host != null;
  }

  /**
   * Returns the host as an address if it is an IP literal; empty for a DNS name or no host. Never
   * resolves names.
   */
  public Optional<InetAddress> ipAddress() {
    byte[] ip = host == null ? null : IpLiteral.parse(host);
    if (ip == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(ip));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  /** Returns the same node with another host and ports. */
  public Enode withEndpoint(String host, int tcpPort, int udpPort) {
    return new Enode(publicKey, host, tcpPort, udpPort);
  }

  /**
   * Returns the URL in go-ethereum's {@code URLv4} form: lower-case hex, IPv6 in brackets, {@code
   * ?discport=} only when the UDP port differs, and {@code enode://<hex>} for a node without a
   * host.
   */
  public String url() {
    StringBuilder out = new StringBuilder(160).append("enode://").append(HEX.formatHex(publicKey));
    if (host == null) {
      return out.toString();
    }
    out.append('@');
    if (host.indexOf(':') >= 0) {
      out.append('[').append(host).append(']');
    } else {
      out.append(host);
    }
    out.append(':').append(tcpPort);
    if (udpPort != tcpPort) {
      out.append("?discport=").append(udpPort);
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Enode other
        && Arrays.equals(publicKey, other.publicKey)
        && Objects.equals(host, other.host)
        && tcpPort == other.tcpPort
        && udpPort == other.udpPort;
  }

  @Override
  public int hashCode() {
    return ((Arrays.hashCode(publicKey) * 31 + Objects.hashCode(host)) * 31 + tcpPort) * 31
        + udpPort;
  }

  /** Same as {@link #url()}. */
  @Override
  public String toString() {
    return url();
  }
}
