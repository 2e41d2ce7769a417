package org.p2psim.api.rlp;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * An RLP list of items. {@link #items()} is unmodifiable; iteration goes through the elements in
 * order.
 *
 * <p>A message is usually a list: read its fields with {@link #get(int)}, which names the index and
 * the size when a peer sends too few. As devp2p requires for Hello and the handshake bodies, extra
 * elements at the end are simply not read.
 */
public final class RlpList implements RlpItem, Iterable<RlpItem> {
  private final List<RlpItem> items;

  /** The encoding this list was decoded from, or null for a built list. */
  private final byte[] buf;

  private final int start;
  private final int end;
  private final int payloadLength;

  /** Position of the header in the decoder's input, or -1 for a built item. */
  private final int offset;

  /** A decoded list: {@code items} must already be unmodifiable. */
  RlpList(List<RlpItem> items, byte[] buf, int start, int valueStart, int end, int offset) {
    this.items = items;
    this.buf = buf;
    this.start = start;
    this.end = end;
    this.payloadLength = end - valueStart;
    this.offset = offset;
  }

  private RlpList(List<RlpItem> items) {
    this.items = items;
    this.buf = null;
    this.start = 0;
    this.end = 0;
    long length = 0;
    for (RlpItem item : items) {
      length += encodedLength(item);
    }
    if (length > Integer.MAX_VALUE - 9) {
      throw new IllegalArgumentException("RLP list too large: " + length + " bytes");
    }
    this.payloadLength = (int) length;
    this.offset = -1;
  }

  /**
   * Returns a list of the given items.
   *
   * @throws NullPointerException if {@code items} or one of them is null
   */
  public static RlpList of(RlpItem... items) {
    return new RlpList(List.of(items));
  }

  /**
   * Returns a list of the given items.
   *
   * @throws NullPointerException if {@code items} or one of them is null
   */
  public static RlpList of(List<? extends RlpItem> items) {
    requireNonNull(items, "items");
    return new RlpList(List.copyOf(items));
  }

  /** Returns the elements, in order, as an unmodifiable list. */
  public List<RlpItem> items() {
    return items;
  }

  /** Returns an iterator over the elements, in order. */
  @Override
  public Iterator<RlpItem> iterator() {
    return items.iterator();
  }

  /** Returns {@code true}. */
  @Override
  public boolean isList() {
    return true;
  }

  /** Throws: a list is not a string. */
  @Override
  public byte[] asBytes() {
    throw expectedString();
  }

  /** Throws: a list is not a string. */
  @Override
  public String asString() {
    throw expectedString();
  }

  /** Throws: a list is not a string. */
  @Override
  public long asLong() {
    throw expectedString();
  }

  /** Throws: a list is not a string. */
  @Override
  public int asInt() {
    throw expectedString();
  }

  /** Throws: a list is not a string. */
  @Override
  public BigInteger asBigInteger() {
    throw expectedString();
  }

  /** Throws: a list is not a string. */
  @Override
  public boolean asBoolean() {
    throw expectedString();
  }

  /** Returns this list. */
  @Override
  public RlpList asList() {
    return this;
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public RlpItem get(int index) {
    if (index < 0 || index >= items.size()) {
      throw new RlpException(
          "index " + index + " out of range for list of " + items.size() + " elements", offset);
    }
    return items.get(index);
  }

  @Override
  public byte[] encoded() {
    if (buf != null) {
      return Arrays.copyOfRange(buf, start, end);
    }
    byte[] out = new byte[encodedLength()];
    writeEncoded(out, 0);
    return out;
  }

  /** Compares the elements. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RlpList other && items.equals(other.items);
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }

  /** Returns the elements in brackets, for example {@code [0x01, [0x646f67]]}. */
  @Override
  public String toString() {
    return items.toString();
  }

  int encodedLength() {
    return Rlp.headerLength(payloadLength) + payloadLength;
  }

  int writeEncoded(byte[] out, int pos) {
    if (buf != null) {
      System.arraycopy(buf, start, out, pos, end - start);
      return pos + end - start;
    }
    pos = Rlp.writeHeader(out, pos, payloadLength, Rlp.LIST_OFFSET);
    for (RlpItem item : items) {
      pos =
          item instanceof RlpString s
              ? s.writeEncoded(out, pos)
              : ((RlpList) item).writeEncoded(out, pos);
    }
    return pos;
  }

  private static int encodedLength(RlpItem item) {
    return item instanceof RlpString s ? s.encodedLength() : ((RlpList) item).encodedLength();
  }

  private RlpException expectedString() {
    return new RlpException("expected string, got list", offset);
  }
}
