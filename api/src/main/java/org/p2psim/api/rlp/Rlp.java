package org.p2psim.api.rlp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes RLP, the serialisation of devp2p messages (Ethereum Yellow Paper, appendix
 * B).
 *
 * <p>Encode a message with {@link #encodeListOf(Object...)} or {@link #encode(Object)}; decode one
 * with {@link #decode(byte[])} and read its fields through {@link RlpItem}:
 *
 * <pre>{@code
 * byte[] payload = Rlp.encodeListOf(7, "text"); // [id, "text"]: c6 07 8474657874
 * RlpItem msg = Rlp.decode(payload); // msg.get(0).asLong() == 7, msg.get(1).asString() == "text"
 * }</pre>
 *
 * <p>The encoder writes canonical RLP only. The decoder is strict in the way go-ethereum's is: it
 * rejects non-canonical sizes (a single byte below {@code 0x80} wrapped in a string header, a long
 * form for a length under 56, a length with leading zero bytes), values that run past the input or
 * past their list, lists nested deeper than {@value #MAX_DEPTH} levels, and bytes left after the
 * value. Integer canonicality (no leading zero bytes) is checked when an item is read as a number.
 * Whatever the input, the decoder throws only {@link RlpException}, with a message that names the
 * problem and its offset.
 *
 * <p>The decoder copies the value's bytes once, so the items it returns do not change if the input
 * array does; decoded strings share that copy rather than each holding its own.
 */
public final class Rlp {
  /** The deepest nesting of lists that the decoder (and {@link #encode(Object)}) accepts. */
  static final int MAX_DEPTH = 1024;

  static final int STRING_OFFSET = 0x80;
  static final int LIST_OFFSET = 0xc0;

  private static final byte[] EMPTY_STRING = {(byte) STRING_OFFSET};

  private Rlp() {}

  // ---------------------------------------------------------------------------------------------
  // Encoding

  /**
   * Encodes {@code value} as an RLP string: a single byte below {@code 0x80} as itself, anything
   * else behind a length header.
   *
   * @throws NullPointerException if {@code value} is null
   */
  public static byte[] encodeBytes(byte[] value) {
    requireNonNull(value, "value");
    if (value.length == 1 && value[0] >= 0) {
      return new byte[] {value[0]};
    }
    byte[] out = new byte[headerLength(value.length) + value.length];
    int pos = writeHeader(out, 0, value.length, STRING_OFFSET);
    System.arraycopy(value, 0, out, pos, value.length);
    return out;
  }

  /**
   * Encodes the UTF-8 bytes of {@code utf8} as an RLP string.
   *
   * @throws NullPointerException if {@code utf8} is null
   */
  public static byte[] encodeString(String utf8) {
    requireNonNull(utf8, "utf8");
    return encodeBytes(utf8.getBytes(UTF_8));
  }

  /**
   * Encodes {@code value} as an unsigned integer: its minimal big-endian bytes, so 0 is the empty
   * string {@code 0x80}, 1 to 127 a single byte, and 128 is {@code 0x8180}.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static byte[] encodeLong(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("cannot RLP-encode " + value + ": integers are unsigned");
    }
    if (value == 0) {
      return EMPTY_STRING.clone();
    }
    if (value < STRING_OFFSET) {
      return new byte[] {(byte) value};
    }
    int length = byteLength(value);
    byte[] out = new byte[1 + length];
    out[0] = (byte) (STRING_OFFSET + length);
    writeBigEndian(out, 1, value, length);
    return out;
  }

  /**
   * Encodes {@code value} as an unsigned integer, in its minimal big-endian bytes (0 is {@code
   * 0x80}).
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static byte[] encodeBigInteger(BigInteger value) {
    requireNonNull(value, "value");
    if (value.signum() < 0) {
      throw new IllegalArgumentException("cannot RLP-encode " + value + ": integers are unsigned");
    }
    if (value.bitLength() < Long.SIZE) {
      return encodeLong(value.longValue());
    }
    byte[] bytes = value.toByteArray();
    int skip = bytes[0] == 0 ? 1 : 0; // the sign byte
    byte[] out = new byte[headerLength(bytes.length - skip) + bytes.length - skip];
    int pos = writeHeader(out, 0, bytes.length - skip, STRING_OFFSET);
    System.arraycopy(bytes, skip, out, pos, bytes.length - skip);
    return out;
  }

  /**
   * Wraps already-encoded items in a list header. The items are not checked: each must be a
   * complete RLP encoding, as returned by the other {@code encode} methods.
   *
   * @throws NullPointerException if {@code encodedItems} or one of them is null
   */
  public static byte[] encodeList(byte[]... encodedItems) {
    requireNonNull(encodedItems, "encodedItems");
    return encodeList(List.of(encodedItems));
  }

  /**
   * Wraps already-encoded items in a list header. The items are not checked: each must be a
   * complete RLP encoding, as returned by the other {@code encode} methods.
   *
   * @throws NullPointerException if {@code encodedItems} or one of them is null
   */
  public static byte[] encodeList(List<byte[]> encodedItems) {
    requireNonNull(encodedItems, "encodedItems");
    long length = 0;
    for (byte[] item : encodedItems) {
      length += requireNonNull(item, "encoded item").length;
    }
    if (length > Integer.MAX_VALUE - 9) {
      throw new IllegalArgumentException("RLP list too large: " + length + " bytes");
    }
    byte[] out = new byte[headerLength((int) length) + (int) length];
    int pos = writeHeader(out, 0, (int) length, LIST_OFFSET);
    for (byte[] item : encodedItems) {
      System.arraycopy(item, 0, out, pos, item.length);
      pos += item.length;
    }
    return out;
  }

  /**
   * Encodes a Java value by its type:
   *
   * <ul>
   *   <li>{@code byte[]}: a string ({@link #encodeBytes(byte[])});
   *   <li>{@link String}: its UTF-8 bytes ({@link #encodeString(String)});
   *   <li>{@link Long}, {@link Integer}, {@link Short}, {@link Byte}, {@link BigInteger}: an
   *       unsigned integer, which must not be negative ({@link #encodeLong(long)});
   *   <li>{@link Boolean}: {@code true} as 1 ({@code 0x01}), {@code false} as 0 ({@code 0x80}), as
   *       go-ethereum does;
   *   <li>{@link RlpItem}: its {@link RlpItem#encoded() encoding};
   *   <li>{@link List} or {@code Object[]}: a list, its elements encoded by these same rules.
   * </ul>
   *
   * @throws IllegalArgumentException for a negative number, a null, any other type (the message
   *     names it), or lists nested deeper than {@value #MAX_DEPTH} levels (a list that contains
   *     itself)
   */
  public static byte[] encode(Object value) {
    return encodeValue(value, 0);
  }

  /**
   * Encodes the values as a list, each by the rules of {@link #encode(Object)}; so {@code
   * encodeListOf(1, "a", List.of())} is {@code [1, "a", []]}.
   *
   * @throws IllegalArgumentException as {@link #encode(Object)} does
   */
  public static byte[] encodeListOf(Object... values) {
    requireNonNull(values, "values");
    return encodeValue(values, 0);
  }

  private static byte[] encodeValue(Object value, int depth) {
    if (value instanceof byte[] bytes) {
      return encodeBytes(bytes);
    } else if (value instanceof String s) {
      return encodeString(s);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return encodeLong(((Number) value).longValue());
    } else if (value instanceof BigInteger b) {
      return encodeBigInteger(b);
    } else if (value instanceof Boolean b) {
      return encodeLong(b ? 1 : 0);
    } else if (value instanceof RlpItem item) {
      return item.encoded();
    } else if (value instanceof List<?> list) {
      return encodeElements(list, depth);
    } else if (value instanceof Object[] array) {
      return encodeElements(Arrays.asList(array), depth);
    } else if (value == null) {
      throw new IllegalArgumentException("cannot RLP-encode null");
    }
    throw new IllegalArgumentException(
        "cannot RLP-encode a "
            + value.getClass().getTypeName()
            + ": expected byte[], String, Long, Integer, Short, Byte, BigInteger, Boolean,"
            + " RlpItem, List or Object[]");
  }

  private static byte[] encodeElements(List<?> elements, int depth) {
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException(
          "cannot RLP-encode lists nested deeper than " + MAX_DEPTH + " levels (a cycle?)");
    }
    List<byte[]> encoded = new ArrayList<>(elements.size());
    for (Object element : elements) {
      encoded.add(encodeValue(element, depth + 1));
    }
    return encodeList(encoded);
  }

  // ---------------------------------------------------------------------------------------------
  // Decoding

  /**
   * Decodes exactly one RLP value that fills {@code input}.
   *
   * @throws NullPointerException if {@code input} is null
   * @throws RlpException if the input is empty, malformed, not canonical, or has bytes left after
   *     the value
   */
  public static RlpItem decode(byte[] input) {
    requireNonNull(input, "input");
    return RlpDecoder.decode(input, 0, input.length, true).item();
  }

  /**
   * Decodes exactly one RLP value that fills {@code input[offset, offset + length)}. Offsets in
   * error messages count from the start of {@code input}.
   *
   * @throws NullPointerException if {@code input} is null
   * @throws IndexOutOfBoundsException if the range is not inside {@code input}
   * @throws RlpException if the range is empty, malformed, not canonical, or has bytes left after
   *     the value
   */
  public static RlpItem decode(byte[] input, int offset, int length) {
    requireNonNull(input, "input");
    Objects.checkFromIndexSize(offset, length, input.length);
    return RlpDecoder.decode(input, offset, offset + length, true).item();
  }

  /**
   * Decodes the one RLP value that starts at {@code input[offset]}, and allows data after it: the
   * random padding after an EIP-8 auth or ack body, say. {@link RlpItem.Prefix#length()} gives the
   * number of bytes the value took.
   *
   * @throws NullPointerException if {@code input} is null
   * @throws IndexOutOfBoundsException if {@code offset} is negative or past the end of {@code
   *     input}
   * @throws RlpException if no byte is left at {@code offset} or the value is malformed or not
   *     canonical
   */
  public static RlpItem.Prefix decodePrefix(byte[] input, int offset) {
    requireNonNull(input, "input");
    Objects.checkFromToIndex(offset, input.length, input.length);
    return RlpDecoder.decode(input, offset, input.length, false);
  }

  // ---------------------------------------------------------------------------------------------
  // Shared with the item classes

  /** The size of the header for a payload of {@code length} bytes (not for a lone byte). */
  static int headerLength(int length) {
    return length < 56 ? 1 : 1 + byteLength(length);
  }

  /** Writes a string or list header; returns the position after it. */
  static int writeHeader(byte[] out, int pos, int length, int base) {
    if (length < 56) {
      out[pos] = (byte) (base + length);
      return pos + 1;
    }
    int lengthOfLength = byteLength(length);
    out[pos] = (byte) (base + 55 + lengthOfLength);
    writeBigEndian(out, pos + 1, length, lengthOfLength);
    return pos + 1 + lengthOfLength;
  }

  private static int byteLength(long value) {
    return (Long.SIZE - Long.numberOfLeadingZeros(value) + 7) / 8;
  }

  private static void writeBigEndian(byte[] out, int pos, long value, int length) {
    for (int i = length - 1; i >= 0; i--) {
      out[pos + i] = (byte) value;
      value >>>= 8;
    }
  }
}
