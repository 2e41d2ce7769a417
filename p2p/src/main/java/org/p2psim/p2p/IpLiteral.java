package org.p2psim.p2p;

import java.util.Arrays;

/**
 * IP address literals as go-ethereum reads and writes them ({@code net.ParseIP}, {@code
 * netip.Addr.String}): dotted-decimal IPv4 without leading zeros, IPv6 in RFC 4291 text form (with
 * an optional dotted IPv4 tail), no zones; IPv6 written in RFC 5952 canonical form. Never resolves
 * names.
 */
final class IpLiteral {
  private IpLiteral() {}

  /**
   * Returns the 4 or 16 bytes of an IP literal, or {@code null} if {@code text} is not one. An
   * IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) comes back as its 4 IPv4 bytes, as
   * go-ethereum stores it.
   */
  static byte[] parse(String text) {
    if (text.isEmpty()) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      return parseIpv4(text, 0);
    }
    byte[] v6 = parseIpv6(text);
    if (v6 == null) {
      return null;
    }
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return v6;
      }
    }
    if (v6[10] == (byte) 0xff && v6[11] == (byte) 0xff) {
      return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }
    return v6;
  }

  /** Returns the canonical text of 4 or 16 address bytes. */
  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    if (address.length != 16) {
      throw new IllegalArgumentException(
          "bad IP address: expected 4 or 16 bytes, got " + address.length);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    // RFC 5952: compress the longest run (first on a tie) of two or more zero groups.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /** Parses dotted-decimal IPv4 from {@code text[start..]}, or returns {@code null}. */
  private static byte[] parseIpv4(String text, int start) {
    byte[] out = new byte[4];
    int field = 0;
    int value = -1;
    int digits = 0;
    for (int i = start; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return null; // leading zero
        }
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        digits++;
        if (value > 255) {
          return null;
        }
      } else if (c == '.') {
        if (digits == 0 || field == 4) {
          return null;
        }
        out[field++] = (byte) value;
        value = -1;
        digits = 0;
      } else {
        return null;
      }
    }
    return field == 4 ? out : null;
  }

  /**
   * The value of an ASCII hex digit, or -1. Not {@link Character#digit(char, int)}, which also
   * takes other scripts' digits and the full-width letters: {@code ::١} is not {@code ::1}, as go's
   * {@code net.ParseIP} agrees.
   */
  static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static byte[] parseIpv6(String text) {
    byte[] out = new byte[16];
    int n = text.length();
    int i = 0;
    int pos = 0; // bytes written
    int ellipsis = -1;
    if (n >= 2 && text.charAt(0) == ':' && text.charAt(1) == ':') {
      ellipsis = 0;
      i = 2;
      if (i == n) {
        return out; // "::"
      }
    }
    while (i < n) {
      int start = i;
      int value = 0;
      int digit;
      while (i < n && i - start < 5 && (digit = hexDigit(text.charAt(i))) >= 0) {
        value = (value << 4) | digit;
        i++;
      }
      int length = i - start;
      if (length == 0 || length > 4) {
        return null;
      }
      if (i < n && text.charAt(i) == '.') {
        // A dotted IPv4 tail fills the last 4 bytes.
        if (ellipsis < 0 && pos != 12 || pos > 12) {
          return null;
        }
        byte[] v4 = parseIpv4(text, start);
        if (v4 == null) {
          return null;
        }
        System.arraycopy(v4, 0, out, pos, 4);
        pos += 4;
        i = n;
        break;
      }
      if (pos >= 16) {
        return null;
      }
      out[pos++] = (byte) (value >> 8);
      out[pos++] = (byte) value;
      if (i == n) {
        break;
      }
      if (text.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < n && text.charAt(i) == ':') {
        if (ellipsis >= 0) {
          return null; // a second "::"
        }
        ellipsis = pos;
        i++;
        if (i == n) {
          break;
        }
      } else if (i == n) {
        return null; // trailing single ':'
      }
    }
    if (ellipsis < 0) {
      return pos == 16 ? out : null;
    }
    if (pos == 16) {
      return null; // "::" must stand for at least one zero group
    }
    int tail = pos - ellipsis;
    System.arraycopy(out, ellipsis, out, 16 - tail, tail);
    Arrays.fill(out, ellipsis, 16 - tail, (byte) 0);
    return out;
  }
}
