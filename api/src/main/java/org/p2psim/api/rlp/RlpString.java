package org.p2psim.api.rlp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An RLP byte string. Integers, text and hashes are all strings in RLP; the {@code as...} methods
 * of {@link RlpItem} read them as a type.
 *
 * <p>A decoded string refers to the decoder's private copy of the input, so decoding does not copy
 * each value; {@link #asBytes()} copies.
 */
public final class RlpString implements RlpItem {
  private static final HexFormat HEX = HexFormat.of();

  /** Holds the encoding: header at {@code start}, value in {@code [valueStart, end)}. */
  private final byte[] buf;

  private final int start;
  private final int valueStart;
  private final int end;

  /** Position of the header in the decoder's input, or -1 for a built item. */
  private final int offset;

  RlpString(byte[] buf, int start, int valueStart, int end, int offset) {
    this.buf = buf;
    this.start = start;
    this.valueStart = valueStart;
    this.end = end;
    this.offset = offset;
  }

  /**
   * Returns a string item holding a copy of {@code value}.
   *
   * @throws NullPointerException if {@code value} is null
   */
  public static RlpString of(byte[] value) {
    requireNonNull(value, "value");
    byte[] encoded = Rlp.encodeBytes(value);
    return new RlpString(encoded, 0, encoded.length - value.length, encoded.length, -1);
  }

  /** Returns {@code false}. */
  @Override
  public boolean isList() {
    return false;
  }

  @Override
  public byte[] asBytes() {
    return Arrays.copyOfRange(buf, valueStart, end);
  }

  @Override
  public String asString() {
    return new String(buf, valueStart, end - valueStart, UTF_8);
  }

  @Override
  public long asLong() {
    int length = end - valueStart;
    if (length > Long.BYTES) {
      throw new RlpException("uint overflow", offset);
    }
    checkCanonicalInteger();
    long value = 0;
    for (int i = valueStart; i < end; i++) {
      value = (value << 8) | (buf[i] & 0xff);
    }
    if (value < 0) {
      throw new RlpException("uint overflow", offset);
    }
    return value;
  }

  @Override
  public int asInt() {
    long value = asLong();
    if (value > Integer.MAX_VALUE) {
      throw new RlpException("uint overflow (" + value + " does not fit in an int)", offset);
    }
    return (int) value;
  }

  @Override
  public BigInteger asBigInteger() {
    checkCanonicalInteger();
    return end == valueStart
        ? BigInteger.ZERO
        : new BigInteger(1, buf, valueStart, end - valueStart);
  }

  @Override
  public boolean asBoolean() {
    long value = asLong();
    if (value > 1) {
      throw new RlpException("invalid boolean value: " + value, offset);
    }
    return value == 1;
  }

  /** Throws: a string is not a list. */
  @Override
  public RlpList asList() {
    throw expectedList();
  }

  /** Throws: a string is not a list. */
  @Override
  public int size() {
    throw expectedList();
  }

  /** Throws: a string is not a list. */
  @Override
  public RlpItem get(int index) {
    throw expectedList();
  }

  @Override
  public byte[] encoded() {
    return Arrays.copyOfRange(buf, start, end);
  }

  /** Compares the value bytes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RlpString other
        && Arrays.equals(buf, valueStart, end, other.buf, other.valueStart, other.end);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = valueStart; i < end; i++) {
      h = 31 * h + buf[i];
    }
    return h;
  }

  /** Returns the value in hex with a {@code 0x} prefix, for example {@code 0x646f67}. */
  @Override
  public String toString() {
    return "0x" + HEX.formatHex(buf, valueStart, end);
  }

  /** Writes the encoding into {@code out} at {@code pos}; returns the position after it. */
  int writeEncoded(byte[] out, int pos) {
    System.arraycopy(buf, start, out, pos, end - start);
    return pos + end - start;
  }

  int encodedLength() {
    return end - start;
  }

  private void checkCanonicalInteger() {
    if (end > valueStart && buf[valueStart] == 0) {
      throw new RlpException("non-canonical integer (leading zero bytes)", offset);
    }
  }

  private RlpException expectedList() {
    return new RlpException("expected list, got string", offset);
  }
}
