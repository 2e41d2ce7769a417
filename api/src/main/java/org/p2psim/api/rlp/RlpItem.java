package org.p2psim.api.rlp;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/**
 * A decoded (or built) RLP value: either a byte string ({@link RlpString}) or a list of items
 * ({@link RlpList}).
 *
 * <p>RLP itself is untyped; the accessors give a string item a type, and apply go-ethereum's
 * canonical rules while doing so: integers have no leading zero bytes (so a single {@code 0x00}
 * byte is not a valid integer: zero is the empty string {@code 0x80}) and must fit the target.
 * Reading an item as the wrong kind throws {@link RlpException} naming the item's offset, never
 * another exception.
 *
 * <p>Items are immutable and compare by value: two items are equal when they hold the same bytes or
 * the same items, wherever they came from.
 *
 * <pre>{@code
 * RlpItem hello = Rlp.decode(payload);
 * long version = hello.get(0).asLong();
 * String clientId = hello.get(1).asString();
 * }</pre>
 */
public sealed interface RlpItem permits RlpString, RlpList {

  /** Returns {@code true} for a {@link RlpList}, {@code false} for a {@link RlpString}. */
  boolean isList();

  /**
   * Returns a copy of the string's bytes.
   *
   * @throws RlpException if this item is a list
   */
  byte[] asBytes();

  /**
   * Returns the string's bytes decoded as UTF-8 (malformed sequences become U+FFFD, as in {@link
   * String#String(byte[], java.nio.charset.Charset)}).
   *
   * @throws RlpException if this item is a list
   */
  String asString();

  /**
   * Returns the string read as a canonical unsigned big-endian integer; the empty string is 0.
   *
   * <p>Values of 2<sup>63</sup> and above do not fit and are rejected; use {@link #asBigInteger()}
   * for those. To be lenient with a peer that sends non-canonical integers, read {@link #asBytes()}
   * instead.
   *
   * @throws RlpException if this item is a list, has leading zero bytes ({@code rlp: non-canonical
   *     integer (leading zero bytes)}), or does not fit in a non-negative {@code long} ({@code rlp:
   *     uint overflow})
   */
  long asLong();

  /**
   * Returns the string read as {@link #asLong()} does, checked to fit in a non-negative {@code
   * int}.
   *
   * @throws RlpException as {@link #asLong()} does, and if the value exceeds {@link
   *     Integer#MAX_VALUE}
   */
  int asInt();

  /**
   * Returns the string read as a canonical unsigned big-endian integer of any size; the empty
   * string is {@link BigInteger#ZERO}.
   *
   * @throws RlpException if this item is a list or has leading zero bytes
   */
  BigInteger asBigInteger();

  /**
   * Returns the string read as a boolean the way go-ethereum does: {@code 0x80} (zero) is {@code
   * false} and {@code 0x01} is {@code true}.
   *
   * @throws RlpException if this item is a list or any other value ({@code rlp: invalid boolean
   *     value: 2})
   */
  boolean asBoolean();

  /**
   * Returns this item as a list.
   *
   * @throws RlpException if this item is a string ({@code rlp: expected list, got string})
   */
  RlpList asList();

  /**
   * Returns the number of elements of this list.
   *
   * @throws RlpException if this item is a string
   */
  int size();

  /**
   * Returns element {@code index} of this list.
   *
   * @throws RlpException if this item is a string, or if {@code index} is out of range (the message
   *     names the index and the size, so that a short message from a peer reads clearly)
   */
  RlpItem get(int index);

  /**
   * Returns the RLP encoding of this item: the exact bytes it was decoded from, or for a built item
   * its canonical encoding. The two agree, since the decoder accepts only canonical input.
   */
  byte[] encoded();

  /**
   * The result of {@link Rlp#decodePrefix(byte[], int)}: the first value in the input and the
   * number of bytes it took, header included. Bytes after it (EIP-8 handshake padding, the next
   * message) are left to the caller.
   *
   * @param item the decoded value
   * @param length the number of bytes the value occupies, from the offset given to the decoder
   */
  record Prefix(RlpItem item, int length) {
    /** Checks that {@code item} is present and {@code length} positive. */
    public Prefix {
      requireNonNull(item, "item");
      if (length <= 0) {
        throw new IllegalArgumentException("length must be positive, got " + length);
      }
    }
  }
}
