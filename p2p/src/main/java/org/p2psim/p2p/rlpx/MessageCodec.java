package org.p2psim.p2p.rlpx;

import static java.util.Objects.requireNonNull;

import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.util.Objects;

/**
 * Turns messages into RLPx frame-data and back (devp2p spec §3.6, §3.7):
 *
 * <pre>
 * frame-data = rlp(msg-id) ‖ msg-data              msg-data snappy-compressed (block format) when on
 * </pre>
 *
 * <p>Snappy is decided per call, so that the caller can send and read Hello uncompressed and switch
 * compression on once both sides have announced p2p version 5. For the lenient Disconnect handling
 * of spec §7, a caller whose snappy decode fails can decode the same frame-data again with {@code
 * snappy = false}.
 *
 * <p>Not thread-safe (it reuses a compression table and buffer): use one per connection, or one per
 * thread.
 */
public final class MessageCodec {

  /** Default limit on a received message's payload, after decompression: 16 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

  /** go-ethereum refuses to compress a payload larger than a frame can carry. */
  private static final int MAX_SNAPPY_INPUT = FrameCodec.MAX_FRAME_SIZE;

  /** Compression scratch buffers up to this size are kept between calls. */
  private static final int MAX_RETAINED_SCRATCH = 1 << 20;

  private final int maxMessageSize;
  private final SnappyCompressor compressor = new SnappyCompressor();
  private final SnappyDecompressor decompressor = new SnappyDecompressor();
  private byte[] scratch = new byte[0];

  /** A codec that accepts payloads up to {@link #DEFAULT_MAX_MESSAGE_SIZE}. */
  public MessageCodec() {
    this(DEFAULT_MAX_MESSAGE_SIZE);
  }

  /**
   * A codec that rejects received payloads longer than {@code maxMessageSize} bytes; with snappy
   * the declared uncompressed length is checked before anything is inflated.
   */
  public MessageCodec(int maxMessageSize) {
    if (maxMessageSize < 0) {
      throw new IllegalArgumentException("maxMessageSize: expected >= 0, got " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
  }

  public int maxMessageSize() {
    return maxMessageSize;
  }

  /**
   * Builds frame-data for one message.
   *
   * @param code the wire message id, an unsigned 64-bit value
   * @param payload the RLP msg-data, uncompressed
   * @param snappy whether to compress {@code payload}
   * @throws IllegalArgumentException if the frame-data would not fit in one frame ({@value
   *     FrameCodec#MAX_FRAME_SIZE} bytes)
   */
  public byte[] encodeMessage(long code, byte[] payload, boolean snappy) {
    requireNonNull(payload, "payload");
    int idLen = idLength(code);
    if (!snappy) {
      checkFits(code, idLen, payload.length, "");
      byte[] out = new byte[idLen + payload.length];
      writeId(code, out);
      System.arraycopy(payload, 0, out, idLen, payload.length);
      return out;
    }
    if (payload.length > MAX_SNAPPY_INPUT) {
      throw new IllegalArgumentException(
          "message 0x"
              + Long.toHexString(code)
              + ": payload of "
              + payload.length
              + " bytes is too large to compress: expected at most "
              + MAX_SNAPPY_INPUT);
    }
    int max = compressor.maxCompressedLength(payload.length);
    byte[] buf = scratch.length >= max ? scratch : new byte[max];
    int n = compressor.compress(payload, 0, payload.length, buf, 0, max);
    if (max <= MAX_RETAINED_SCRATCH) {
      scratch = buf;
    }
    checkFits(code, idLen, n, "compressed ");
    byte[] out = new byte[idLen + n];
    writeId(code, out);
    System.arraycopy(buf, 0, out, idLen, n);
    return out;
  }

  /**
   * Splits frame-data into message id and payload, inflating the payload when {@code snappy} is on.
   *
   * @throws FrameException if the msg-id is not a canonical RLP unsigned integer of at most 8
   *     bytes, the payload (or with snappy its declared uncompressed length) exceeds {@link
   *     #maxMessageSize()}, or the snappy data is corrupt
   */
  public RlpxMessage decodeMessage(byte[] frameData, boolean snappy) {
    requireNonNull(frameData, "frameData");
    return decodeMessage(frameData, 0, frameData.length, snappy);
  }

  /**
   * Like {@link #decodeMessage(byte[], boolean)} for the frame-data in {@code buf[off, off+len)},
   * for example a body that {@link FrameCodec#decodeBody(byte[], int, int, byte[], int)} decrypted
   * in place. The payload is always a fresh array.
   */
  public RlpxMessage decodeMessage(byte[] buf, int off, int len, boolean snappy) {
    requireNonNull(buf, "buf");
    Objects.checkFromIndexSize(off, len, buf.length);
    long code = readId(buf, off, len);
    int idLen = idLength(code);
    int n = len - idLen;
    if (!snappy) {
      if (n > maxMessageSize) {
        throw new FrameException(
            "message 0x"
                + Long.toHexString(code)
                + ": payload of "
                + n
                + " bytes exceeds limit "
                + maxMessageSize);
      }
      byte[] payload = new byte[n];
      System.arraycopy(buf, off + idLen, payload, 0, n);
      return new RlpxMessage(code, payload);
    }
    return new RlpxMessage(code, inflate(code, buf, off + idLen, n));
  }

  private byte[] inflate(long code, byte[] in, int off, int len) {
    // The block starts with the uncompressed length as a little-endian base-128 varint (at most
    // 5 bytes for a 32-bit length). Check it against the limit before allocating anything.
    long declared = 0;
    int pos = off;
    int end = off + len;
    for (int shift = 0; ; shift += 7) {
      if (pos == end) {
        throw new FrameException(
            "message 0x" + Long.toHexString(code) + ": truncated snappy length varint");
      }
      if (shift > 28) {
        throw new FrameException(
            "message 0x" + Long.toHexString(code) + ": snappy length varint longer than 5 bytes");
      }
      int b = in[pos++];
      declared |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        break;
      }
    }
    if (declared > maxMessageSize) {
      throw new FrameException(
          "message 0x"
              + Long.toHexString(code)
              + ": snappy length "
              + declared
              + " exceeds limit "
              + maxMessageSize);
    }
    // Snappy expands at most about 21 times (a 3-byte copy of 64 bytes): a longer declared length
    // is a lie, refused before it is allocated.
    if (declared > 22L * len + 32) {
      throw new FrameException(
          "message 0x"
              + Long.toHexString(code)
              + ": snappy length "
              + declared
              + " cannot come from "
              + len
              + " compressed bytes");
    }
    byte[] out = new byte[(int) declared];
    int written;
    try {
      written = decompressor.decompress(in, off, len, out, 0, out.length);
    } catch (RuntimeException e) {
      // aircompressor throws MalformedInputException and, on some inputs, other runtime
      // exceptions; for the caller they all mean the same thing.
      throw new FrameException(
          "message 0x" + Long.toHexString(code) + ": corrupt snappy data: " + e.getMessage(), e);
    }
    if (written != out.length) {
      throw new FrameException(
          "message 0x"
              + Long.toHexString(code)
              + ": corrupt snappy data: inflated to "
              + written
              + " bytes, expected "
              + out.length);
    }
    return out;
  }

  private static void checkFits(long code, int idLen, int n, String what) {
    if ((long) idLen + n > FrameCodec.MAX_FRAME_SIZE) {
      throw new IllegalArgumentException(
          "message 0x"
              + Long.toHexString(code)
              + ": "
              + what
              + "payload of "
              + n
              + " bytes does not fit in one frame: expected frame-data of at most "
              + FrameCodec.MAX_FRAME_SIZE
              + " bytes");
    }
  }

  // --- RLP of the msg-id: an unsigned integer (spec §2.1); 0 is 0x80, 1..127 the byte itself.

  /** Length of rlp(code), with {@code code} read as unsigned. */
  private static int idLength(long code) {
    if (code >= 0 && code < 0x80) {
      return 1;
    }
    return 1 + (Long.BYTES - Long.numberOfLeadingZeros(code) / 8);
  }

  private static void writeId(long code, byte[] out) {
    if (code == 0) {
      out[0] = (byte) 0x80;
    } else if (code > 0 && code < 0x80) {
      out[0] = (byte) code;
    } else {
      int n = Long.BYTES - Long.numberOfLeadingZeros(code) / 8;
      out[0] = (byte) (0x80 + n);
      for (int i = n; i >= 1; i--) {
        out[i] = (byte) code;
        code >>>= 8;
      }
    }
  }

  /**
   * Reads rlp(msg-id) at the start of {@code frameData} as go-ethereum's {@code SplitUint64} does:
   * a canonical RLP string of at most 8 bytes with no leading zero.
   */
  private static long readId(byte[] buf, int off, int len) {
    if (len == 0) {
      throw new FrameException("empty frame-data: expected rlp(msg-id) ‖ msg-data");
    }
    int b0 = buf[off] & 0xff;
    if (b0 == 0) {
      throw new FrameException("non-canonical msg-id 0x00: zero is encoded as 0x80");
    }
    if (b0 < 0x80) {
      return b0;
    }
    if (b0 >= 0xc0) {
      throw new FrameException(
          String.format("bad msg-id: expected an RLP integer, got a list (0x%02x)", b0));
    }
    int n = b0 - 0x80;
    if (n > Long.BYTES) {
      throw new FrameException(
          String.format("bad msg-id: expected at most 8 bytes, got RLP prefix 0x%02x", b0));
    }
    if (len < 1 + n) {
      throw new FrameException(
          "truncated msg-id: expected " + n + " bytes after the RLP prefix, got " + (len - 1));
    }
    if (n == 1 && (buf[off + 1] & 0xff) < 0x80) {
      throw new FrameException(
          String.format(
              "non-canonical msg-id 0x81%02x: a byte below 0x80 is its own encoding",
              buf[off + 1]));
    }
    if (n > 0 && buf[off + 1] == 0) {
      throw new FrameException("non-canonical msg-id: integer with a leading zero byte");
    }
    long code = 0;
    for (int i = 1; i <= n; i++) {
      code = code << 8 | (buf[off + i] & 0xff);
    }
    return code;
  }
}
