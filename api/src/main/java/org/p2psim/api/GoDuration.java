package org.p2psim.api;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations as Go's {@code time.Duration} reads and writes them ({@code 50ms}, {@code 1.5s}, {@code
 * 1h2m3s}), the form the link JSON uses.
 */
final class GoDuration {
  private static final long MICRO = 1_000;
  private static final long MILLI = 1_000_000;
  private static final long SECOND = 1_000_000_000;

  private GoDuration() {}

  /**
   * {@code d} as Go's {@code Duration.String()} writes it: {@code 0s}, {@code 1.5ms}, {@code
   * 1m30s}.
   */
  static String format(Duration d) {
    long n = d.toNanos();
    if (n == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    if (n < 0) {
      b.append('-');
      n = -n;
    }
    if (n < SECOND) {
      if (n < MICRO) {
        return b.append(n).append("ns").toString();
      }
      long unit = n < MILLI ? MICRO : MILLI;
      appendWithFraction(b, n, unit);
      return b.append(unit == MICRO ? "\u00b5s" : "ms").toString();
    }
    long seconds = n / SECOND;
    long hours = seconds / 3600;
    long minutes = seconds / 60 % 60;
    if (hours > 0) {
      b.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      b.append(minutes).append('m');
    }
    appendWithFraction(b, n % (60 * SECOND), SECOND);
    return b.append('s').toString();
  }

  /** Appends {@code n / unit} with its fraction, trailing zeros (and a bare point) dropped. */
  private static void appendWithFraction(StringBuilder b, long n, long unit) {
    b.append(n / unit);
    long frac = n % unit;
    if (frac != 0) {
      String digits = String.valueOf(unit + frac).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      b.append('.').append(digits, 0, end);
    }
  }

  /**
   * Reads a Go duration: an optional sign, then numbers with units ({@code ns}, {@code us}, {@code
   * µs}, {@code ms}, {@code s}, {@code m}, {@code h}), e.g. {@code 1.5s} or {@code 1m30s}; {@code
   * 0} alone is zero.
   *
   * @param field what the duration is, for the error
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  static Duration parse(String field, String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw bad(field, text, "it is empty");
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (isAsciiDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !isAsciiDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (number.isEmpty()
          || number.equals(".")
          || number.indexOf('.') != number.lastIndexOf('.')) {
        throw bad(field, text, "expected a number before \"" + unit + "\"");
      }
      long nanos =
          switch (unit) {
            case "ns" -> 1;
            case "us", "\u00b5s", "\u03bcs" -> MICRO;
            case "ms" -> MILLI;
            case "s" -> SECOND;
            case "m" -> 60 * SECOND;
            case "h" -> 3600 * SECOND;
            case "" -> throw bad(field, text, "missing unit after " + number);
            default -> throw bad(field, text, "unknown unit \"" + unit + "\"");
          };
      total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(nanos)));
    }
    try {
      long n = total.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
      return Duration.ofNanos(negative ? -n : n);
    } catch (ArithmeticException e) {
      throw bad(field, text, "it is too long");
    }
  }

  private static IllegalArgumentException bad(String field, String text, String why) {
    return new IllegalArgumentException(
        field
            + " \""
            + text
            + "\" is not a duration such as \"50ms\" or \"1.5s\": "
            + why
            + " (units ns, us, ms, s, m, h)");
  }

  /** 0 to 9 only: Go reads no other digits. */
  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
