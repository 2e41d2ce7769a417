package org.p2psim.api.rlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The strict decoder behind {@link Rlp#decode(byte[])}: iterative, with an explicit stack of open
 * lists capped at {@link Rlp#MAX_DEPTH}, so that hostile input cannot overflow the call stack.
 */
final class RlpDecoder {
  private final byte[] buf;

  /** Offset in the caller's input of {@code buf[0]}, added to every offset that is reported. */
  private final int base;

  // The header most recently read by readHeader.
  private boolean isList;
  private int valueStart;
  private int valueEnd;

  private RlpDecoder(byte[] buf, int base) {
    this.buf = buf;
    this.base = base;
  }

  /**
   * Decodes the value at {@code input[from]}, which must end by {@code to}; with {@code exact}, it
   * must end exactly at {@code to}.
   */
  static RlpItem.Prefix decode(byte[] input, int from, int to, boolean exact) {
    if (from == to) {
      throw new RlpException("empty input", -1);
    }
    // Find the value's extent on the caller's array, then copy just that once and decode the copy.
    RlpDecoder scan = new RlpDecoder(input, 0);
    scan.readHeader(from, to, -1);
    int end = scan.valueEnd;
    if (exact && end != to) {
      int left = to - end;
      throw new RlpException(
          left + (left == 1 ? " byte" : " bytes") + " left after the value", end);
    }
    RlpItem item = new RlpDecoder(Arrays.copyOfRange(input, from, end), from).decodeAll();
    return new RlpItem.Prefix(item, end - from);
  }

  /** Decodes the value that fills {@code buf}. */
  private RlpItem decodeAll() {
    Frame top = null;
    int depth = 0;
    int pos = 0;
    while (true) {
      readHeader(pos, top == null ? buf.length : top.end, top == null ? -1 : top.start);
      RlpItem done;
      if (isList) {
        if (depth == Rlp.MAX_DEPTH) {
          throw new RlpException(
              "lists nested deeper than " + Rlp.MAX_DEPTH + " levels", base + pos);
        }
        if (valueStart < valueEnd) {
          top = new Frame(top, pos, valueStart, valueEnd);
          depth++;
          pos = valueStart;
          continue;
        }
        done = new RlpList(List.of(), buf, pos, valueStart, valueEnd, base + pos);
      } else {
        done = new RlpString(buf, pos, valueStart, valueEnd, base + pos);
      }
      pos = valueEnd;
      // Add the finished item to its list; close every list that it completes.
      while (true) {
        if (top == null) {
          return done;
        }
        top.items.add(done);
        if (pos < top.end) {
          break;
        }
        done =
            new RlpList(
                Collections.unmodifiableList(top.items),
                buf,
                top.start,
                top.valueStart,
                top.end,
                base + top.start);
        top = top.parent;
        depth--;
      }
    }
  }

  /**
   * Reads the header at {@code pos} (which is before {@code limit}) and sets {@link #isList},
   * {@link #valueStart} and {@link #valueEnd}. The value must end by {@code limit}: the end of the
   * input, or of the enclosing list that starts at {@code listStart} ({@code -1} for none).
   */
  private void readHeader(int pos, int limit, int listStart) {
    int b = buf[pos] & 0xff;
    int headerLength;
    long size;
    if (b < 0x80) {
      isList = false;
      valueStart = pos;
      valueEnd = pos + 1;
      return;
    } else if (b < 0xb8) {
      isList = false;
      headerLength = 1;
      size = b - 0x80;
    } else if (b < 0xc0) {
      isList = false;
      headerLength = 1 + b - 0xb7;
      size = readLongSize(pos, limit, headerLength - 1, listStart);
    } else if (b < 0xf8) {
      isList = true;
      headerLength = 1;
      size = b - 0xc0;
    } else {
      isList = true;
      headerLength = 1 + b - 0xf7;
      size = readLongSize(pos, limit, headerLength - 1, listStart);
    }
    int left = limit - pos - headerLength;
    if (Long.compareUnsigned(size, left) > 0) {
      String declared = Long.toUnsignedString(size);
      if (listStart >= 0) {
        throw elementPastList(pos, listStart, "declares " + declared + " bytes, " + left + " left");
      }
      throw new RlpException(
          (isList ? "list" : "value")
              + " size "
              + declared
              + " exceeds input ("
              + left
              + (left == 1 ? " byte" : " bytes")
              + " left)",
          base + pos);
    }
    valueStart = pos + headerLength;
    valueEnd = valueStart + (int) size;
    if (!isList && size == 1 && (buf[valueStart] & 0xff) < 0x80) {
      throw nonCanonicalSize(pos); // a single byte below 0x80 is its own encoding
    }
  }

  /** Reads the {@code n}-byte size of a long-form header at {@code pos}. */
  private long readLongSize(int pos, int limit, int n, int listStart) {
    int left = limit - pos - 1;
    if (left < n) {
      String detail = "size information needs " + n + " bytes, " + left + " left";
      if (listStart >= 0) {
        throw elementPastList(pos, listStart, detail);
      }
      throw new RlpException("truncated header (" + detail + ")", base + pos);
    }
    if (buf[pos + 1] == 0) {
      throw nonCanonicalSize(pos); // leading zero bytes
    }
    long size = 0;
    for (int i = 1; i <= n; i++) {
      size = (size << 8) | (buf[pos + i] & 0xff);
    }
    if (Long.compareUnsigned(size, 56) < 0) {
      throw nonCanonicalSize(pos); // should have been the short form
    }
    return size;
  }

  private RlpException nonCanonicalSize(int pos) {
    return new RlpException("non-canonical size information", base + pos);
  }

  private RlpException elementPastList(int pos, int listStart, String detail) {
    return RlpException.withMessage(
        "rlp: element of list at offset "
            + (base + listStart)
            + " runs past the end of its list (element at offset "
            + (base + pos)
            + ": "
            + detail
            + ")",
        base + pos);
  }

  /** A list being decoded. */
  private static final class Frame {
    final Frame parent;
    final int start;
    final int valueStart;
    final int end;
    final List<RlpItem> items = new ArrayList<>();

    Frame(Frame parent, int start, int valueStart, int end) {
      this.parent = parent;
      this.start = start;
      this.valueStart = valueStart;
      this.end = end;
    }
  }
}
