package org.p2psim.p2p.rlpx;

import static java.util.Objects.checkFromIndexSize;
import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RLPx frame layer of one connection (devp2p spec §3.6): AES-256-CTR encryption and the
 * Keccak-256 / AES-256-ECB frame MACs, in both directions.
 *
 * <p>Wire format of one frame:
 *
 * <pre>
 * header-ciphertext(16) ‖ header-mac(16) ‖ frame-ciphertext(frame-size rounded up to 16) ‖ frame-mac(16)
 * </pre>
 *
 * <p>Each direction has one continuous CTR keystream and one running MAC state for the life of the
 * connection, so frames must be encoded in the order they are sent and decoded in the order they
 * arrive. A TCP reader decodes in two steps: read {@value #HEADER_LENGTH} bytes and call {@link
 * #decodeHeader}, which returns the frame size; then read {@link #bodyLength bodyLength(size)}
 * bytes and call {@link #decodeBody}.
 *
 * <p>Not thread-safe. The egress side ({@code encodeFrame}) and the ingress side ({@code decode*})
 * share no mutable state, so one thread may encode while another decodes.
 */
public final class FrameCodec {

  /** Length of an encoded header: header-ciphertext and header-mac. */
  public static final int HEADER_LENGTH = 32;

  /** Length of a MAC on the wire. */
  public static final int MAC_LENGTH = 16;

  /** The largest frame-size the 3-byte header field can carry, 0xFFFFFF. */
  public static final int MAX_FRAME_SIZE = 0xFFFFFF;

  /**
   * Default limit on the frame-size of received frames: 16 MiB, which admits every frame-size the
   * header can carry.
   */
  public static final int DEFAULT_MAX_INGRESS_FRAME_SIZE = 16 * 1024 * 1024;

  /** header-data = rlp([capability-id=0, context-id=0]), as go-ethereum writes it. */
  private static final byte[] HEADER_DATA = {(byte) 0xc2, (byte) 0x80, (byte) 0x80};

  private static final byte[] ZEROS = new byte[16];

  // Egress side: used only by encodeFrame.
  private final Cipher egressCtr;
  private final Cipher egressMacCipher;
  private final MacState egressMac;
  private final byte[] egressHeader = new byte[16];
  private final byte[] egressDigest = new byte[16];
  private final byte[] egressSeed = new byte[16];

  // Ingress side: used only by decodeHeader and decodeBody.
  private final Cipher ingressCtr;
  private final Cipher ingressMacCipher;
  private final MacState ingressMac;
  private final byte[] ingressHeader = new byte[16];
  private final byte[] ingressDigest = new byte[16];
  private final byte[] ingressSeed = new byte[16];
  private final byte[] ingressPad = new byte[16];
  private int maxIngressFrameSize;

  /** Frame size announced by the last decoded header, or -1 when a header is expected next. */
  private int pendingFrameSize = -1;

  private boolean ingressFailed;

  /**
   * Builds the codec from handshake secrets, with the default ingress frame-size limit.
   *
   * <p>The codec copies the MAC states out of {@code secrets}; the digests in the record are not
   * advanced.
   */
  public FrameCodec(Secrets secrets) {
    this(secrets, DEFAULT_MAX_INGRESS_FRAME_SIZE);
  }

  /**
   * Builds the codec from handshake secrets; received frames whose frame-size exceeds {@code
   * maxIngressFrameSize} are rejected right after their header is decrypted.
   */
  public FrameCodec(Secrets secrets, int maxIngressFrameSize) {
    this(
        secret(requireNonNull(secrets, "secrets").aesSecret(), "aesSecret"),
        secret(secrets.macSecret(), "macSecret"),
        new MacState(secrets.egressMac(), "egressMac"),
        new MacState(secrets.ingressMac(), "ingressMac"),
        maxIngressFrameSize);
  }

  /** For tests that substitute the MAC states. */
  FrameCodec(
      byte[] aes, byte[] mac, MacState egressMac, MacState ingressMac, int maxIngressFrameSize) {
    setMaxIngressFrameSize(maxIngressFrameSize);
    this.egressMac = egressMac;
    this.ingressMac = ingressMac;
    egressCtr = ctr(aes);
    ingressCtr = ctr(aes);
    egressMacCipher = ecb(mac);
    ingressMacCipher = ecb(mac);
    System.arraycopy(HEADER_DATA, 0, egressHeader, 3, HEADER_DATA.length);
  }

  /** The current limit on the frame-size of received frames. */
  public int maxIngressFrameSize() {
    return maxIngressFrameSize;
  }

  /**
   * Sets the limit on the frame-size of received frames, for example low until the Hello exchange
   * is done; it applies to the next header decoded. Call it from the decoding thread.
   */
  public void setMaxIngressFrameSize(int maxIngressFrameSize) {
    if (maxIngressFrameSize < 0) {
      throw new IllegalArgumentException(
          "maxIngressFrameSize: expected >= 0, got " + maxIngressFrameSize);
    }
    this.maxIngressFrameSize = maxIngressFrameSize;
  }

  /** Number of bytes on the wire for a frame carrying {@code frameSize} bytes of frame-data. */
  public static int encodedLength(int frameSize) {
    checkFrameSize(frameSize);
    return HEADER_LENGTH + bodyLength(frameSize);
  }

  /**
   * Number of bytes that follow the header on the wire for a frame of {@code frameSize}: the
   * ciphertext rounded up to 16 bytes, then the 16-byte frame-mac.
   */
  public static int bodyLength(int frameSize) {
    if (frameSize < 0) {
      throw new IllegalArgumentException("frameSize: expected >= 0, got " + frameSize);
    }
    return padded(frameSize) + MAC_LENGTH;
  }

  /** Encodes one frame carrying all of {@code frameData}. */
  public byte[] encodeFrame(byte[] frameData) {
    requireNonNull(frameData, "frameData");
    return encodeFrame(frameData, 0, frameData.length);
  }

  /** Encodes one frame carrying {@code frameData[off, off+len)}. */
  public byte[] encodeFrame(byte[] frameData, int off, int len) {
    byte[] out = new byte[encodedLength(len)];
    encodeFrame(frameData, off, len, out, 0);
    return out;
  }

  /**
   * Encodes one frame carrying {@code frameData[off, off+len)} into {@code out} at {@code outOff},
   * which must have room for {@link #encodedLength encodedLength(len)} bytes. The input and output
   * ranges must not overlap.
   *
   * @return the number of bytes written, {@code encodedLength(len)}
   * @throws IllegalArgumentException if {@code len} exceeds {@value #MAX_FRAME_SIZE}
   */
  public int encodeFrame(byte[] frameData, int off, int len, byte[] out, int outOff) {
    requireNonNull(frameData, "frameData");
    requireNonNull(out, "out");
    int total = encodedLength(len);
    checkFromIndexSize(off, len, frameData.length);
    checkFromIndexSize(outOff, total, out.length);
    int padded = padded(len);

    // Header: frame-size ‖ header-data ‖ zero padding, encrypted, then its MAC.
    byte[] header = egressHeader;
    header[0] = (byte) (len >>> 16);
    header[1] = (byte) (len >>> 8);
    header[2] = (byte) len;
    crypt(egressCtr, header, 0, 16, out, outOff);
    updateMac(egressMac, egressMacCipher, out, outOff, egressDigest, egressSeed);
    egressMac.digest16(out, outOff + 16);

    // Body: frame-data ‖ zero padding, encrypted on the same keystream, then its MAC.
    int body = outOff + HEADER_LENGTH;
    crypt(egressCtr, frameData, off, len, out, body);
    if (padded > len) {
      crypt(egressCtr, ZEROS, 0, padded - len, out, body + len);
    }
    egressMac.update(out, body, padded);
    egressMac.digest16(egressDigest, 0);
    updateMac(egressMac, egressMacCipher, egressDigest, 0, egressDigest, egressSeed);
    egressMac.digest16(out, body + padded);
    return total;
  }

  /**
   * Checks and decrypts the {@value #HEADER_LENGTH}-byte header at {@code buf[off]}: the header MAC
   * is checked before anything is decrypted.
   *
   * @return the frame-size; the caller then reads {@link #bodyLength bodyLength(frameSize)} bytes
   *     and passes them to {@link #decodeBody}
   * @throws FrameException if the header MAC does not match, or the frame-size exceeds {@link
   *     #maxIngressFrameSize()}
   * @throws IllegalStateException if the previous header's body has not been decoded, or an earlier
   *     call failed
   */
  public int decodeHeader(byte[] buf, int off) {
    requireNonNull(buf, "buf");
    checkFromIndexSize(off, HEADER_LENGTH, buf.length);
    checkIngressUsable();
    if (pendingFrameSize >= 0) {
      throw new IllegalStateException(
          "expected decodeBody for the frame of size "
              + pendingFrameSize
              + " announced by the previous header, got decodeHeader");
    }
    ingressFailed = true; // cleared on success

    updateMac(ingressMac, ingressMacCipher, buf, off, ingressDigest, ingressSeed);
    ingressMac.digest16(ingressDigest, 0);
    if (!macEquals(ingressDigest, buf, off + 16)) {
      throw new FrameException("bad header MAC");
    }
    crypt(ingressCtr, buf, off, 16, ingressHeader, 0);
    int frameSize =
        (ingressHeader[0] & 0xff) << 16 | (ingressHeader[1] & 0xff) << 8 | ingressHeader[2] & 0xff;
    int limit = maxIngressFrameSize;
    if (frameSize > limit) {
      throw new FrameException("frame size " + frameSize + " exceeds limit " + limit);
    }
    pendingFrameSize = frameSize;
    ingressFailed = false;
    return frameSize;
  }

  /**
   * Checks and decrypts the body of the frame whose header was just decoded: {@link #bodyLength
   * bodyLength(frameSize)} bytes at {@code buf[off]}. The frame MAC is checked before anything is
   * decrypted.
   *
   * @return the frame-data, {@code frameSize} bytes
   * @throws FrameException if the frame MAC does not match
   * @throws IllegalStateException if {@code frameSize} is not what the last header announced
   */
  public byte[] decodeBody(byte[] buf, int off, int frameSize) {
    checkPending(frameSize);
    byte[] frameData = new byte[frameSize];
    decodeBody(buf, off, frameSize, frameData, 0);
    return frameData;
  }

  /**
   * Like {@link #decodeBody(byte[], int, int)}, but decrypts the frame-data into {@code out[outOff,
   * outOff+frameSize)}. {@code out} may be {@code buf} itself, with {@code outOff <= off}: the data
   * is decrypted in place or moved towards the start.
   *
   * @return {@code frameSize}
   */
  public int decodeBody(byte[] buf, int off, int frameSize, byte[] out, int outOff) {
    requireNonNull(buf, "buf");
    requireNonNull(out, "out");
    checkPending(frameSize);
    int padded = padded(frameSize);
    checkFromIndexSize(off, padded + MAC_LENGTH, buf.length);
    checkFromIndexSize(outOff, frameSize, out.length);
    ingressFailed = true; // cleared on success

    ingressMac.update(buf, off, padded);
    ingressMac.digest16(ingressDigest, 0);
    updateMac(ingressMac, ingressMacCipher, ingressDigest, 0, ingressDigest, ingressSeed);
    ingressMac.digest16(ingressDigest, 0);
    if (!macEquals(ingressDigest, buf, off + padded)) {
      throw new FrameException("bad frame MAC");
    }
    crypt(ingressCtr, buf, off, frameSize, out, outOff);
    if (padded > frameSize) {
      crypt(ingressCtr, buf, off + frameSize, padded - frameSize, ingressPad, 0);
    }
    pendingFrameSize = -1;
    ingressFailed = false;
    return frameSize;
  }

  private void checkPending(int frameSize) {
    checkIngressUsable();
    if (frameSize != pendingFrameSize) {
      throw new IllegalStateException(
          pendingFrameSize < 0
              ? "expected decodeHeader before decodeBody"
              : "expected frameSize " + pendingFrameSize + " from the header, got " + frameSize);
    }
  }

  private void checkIngressUsable() {
    if (ingressFailed) {
      throw new IllegalStateException(
          "ingress side unusable: an earlier frame failed to decode; drop the connection");
    }
  }

  /**
   * The MAC seed step of spec §3.6: {@code seed = AES(digest(mac)[:16]) XOR xorWith[xorOff..+16];
   * mac.update(seed)}. {@code scratch} and {@code seed} are 16-byte scratch arrays; {@code xorWith}
   * may be {@code scratch} (the frame-mac case, where the seed is XORed with the digest).
   */
  private static void updateMac(
      MacState mac, Cipher aes, byte[] xorWith, int xorOff, byte[] scratch, byte[] seed) {
    if (xorWith != scratch) {
      mac.digest16(scratch, 0);
    }
    try {
      aes.update(scratch, 0, 16, seed, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-ECB MAC block failed", e);
    }
    for (int i = 0; i < 16; i++) {
      seed[i] ^= xorWith[xorOff + i];
    }
    mac.update(seed, 0, 16);
  }

  private static void crypt(Cipher ctr, byte[] in, int inOff, int len, byte[] out, int outOff) {
    int n;
    try {
      n = ctr.update(in, inOff, len, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CTR failed", e);
    }
    if (n != len) {
      // JCA CTR is a stream mode (unit = 1 byte); it never holds back input.
      throw new IllegalStateException("AES-256-CTR returned " + n + " bytes for " + len);
    }
  }

  private static boolean macEquals(byte[] expected, byte[] buf, int off) {
    int diff = 0;
    for (int i = 0; i < 16; i++) {
      diff |= expected[i] ^ buf[off + i];
    }
    return diff == 0;
  }

  private static int padded(int size) {
    return (size + 15) & ~15;
  }

  private static void checkFrameSize(int frameSize) {
    if (frameSize < 0 || frameSize > MAX_FRAME_SIZE) {
      throw new IllegalArgumentException(
          "frame-data of "
              + frameSize
              + " bytes: expected 0.."
              + MAX_FRAME_SIZE
              + " (the frame-size field is 3 bytes)");
    }
  }

  private static byte[] secret(byte[] secret, String name) {
    requireNonNull(secret, name);
    if (secret.length != 32) {
      throw new IllegalArgumentException(name + ": expected 32 bytes, got " + secret.length);
    }
    return secret;
  }

  private static Cipher ctr(byte[] key) {
    try {
      Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR/NoPadding with a 256-bit key is unavailable", e);
    }
  }

  private static Cipher ecb(byte[] key) {
    try {
      Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB/NoPadding with a 256-bit key is unavailable", e);
    }
  }
}
