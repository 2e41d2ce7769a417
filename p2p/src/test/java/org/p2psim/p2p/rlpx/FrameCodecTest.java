package org.p2psim.p2p.rlpx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {

  /** Two ends of one connection: A's egress is B's ingress and the other way round. */
  record Pair(FrameCodec a, FrameCodec b) {}

  /** Mirrored secrets from fixed random aes/mac secrets and identically seeded MAC states. */
  static Pair pair(long seed, int maxFrameSizeOfB) {
    Random random = new Random(seed);
    byte[] aes = new byte[32];
    byte[] mac = new byte[32];
    random.nextBytes(aes);
    random.nextBytes(mac);
    Secrets a = new Secrets(aes, mac, keccak("A->B " + seed), keccak("B->A " + seed), new byte[64]);
    Secrets b = new Secrets(aes, mac, keccak("B->A " + seed), keccak("A->B " + seed), new byte[64]);
    return new Pair(new FrameCodec(a), new FrameCodec(b, maxFrameSizeOfB));
  }

  static Pair pair(long seed) {
    return pair(seed, FrameCodec.DEFAULT_MAX_INGRESS_FRAME_SIZE);
  }

  private static KeccakDigest keccak(String seed) {
    KeccakDigest d = new KeccakDigest(256);
    byte[] b = seed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    d.update(b, 0, b.length);
    return d;
  }

  /** Reads one frame the way a TCP reader does: header first, then exactly the body. */
  static byte[] read(FrameCodec codec, byte[] wire) {
    int size = codec.decodeHeader(Arrays.copyOf(wire, FrameCodec.HEADER_LENGTH), 0);
    byte[] body = Arrays.copyOfRange(wire, FrameCodec.HEADER_LENGTH, wire.length);
    assertEquals(body.length, FrameCodec.bodyLength(size));
    return codec.decodeBody(body, 0, size);
  }

  @Test
  void roundTripOfManyFramesOfRandomSizesBothWays() {
    Pair p = pair(1);
    Random random = new Random(7);
    for (int i = 0; i < 600; i++) {
      byte[] data = new byte[sizeFor(random, i)];
      random.nextBytes(data);
      boolean aToB = random.nextBoolean();
      FrameCodec from = aToB ? p.a() : p.b();
      FrameCodec to = aToB ? p.b() : p.a();
      byte[] wire = from.encodeFrame(data);
      assertEquals(FrameCodec.encodedLength(data.length), wire.length);
      assertArrayEquals(data, read(to, wire), "frame " + i + " of " + data.length + " bytes");
    }
  }

  @ParameterizedTest(name = "snappy={0}")
  @ValueSource(booleans = {false, true})
  void messageRoundTripOfRandomSizes(boolean snappy) {
    Pair p = pair(2);
    MessageCodec sender = new MessageCodec();
    MessageCodec receiver = new MessageCodec();
    Random random = new Random(snappy ? 11 : 12);
    for (int i = 0; i < 400; i++) {
      int size = sizeFor(random, i);
      byte[] payload =
          random.nextBoolean() ? MessageCodecTest.compressible(size, i) : randomBytes(random, size);
      long code = random.nextInt(40);
      byte[] wire = p.a().encodeFrame(sender.encodeMessage(code, payload, snappy));
      RlpxMessage m = receiver.decodeMessage(read(p.b(), wire), snappy);
      assertEquals(new RlpxMessage(code, payload), m, "message " + i);
    }
  }

  /** Sizes 0..70 KiB, with the edges around the 16-byte padding and small sizes well covered. */
  private static int sizeFor(Random random, int i) {
    switch (i % 4) {
      case 0:
        return random.nextInt(70 * 1024 + 1);
      case 1:
        return random.nextInt(64);
      case 2:
        return Math.max(0, 16 * random.nextInt(100) + random.nextInt(3) - 1);
      default:
        return random.nextInt(2048);
    }
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @Test
  void encodeIntoCallerBufferAndDecodeInPlace() {
    Pair p = pair(3);
    byte[] data = randomBytes(new Random(3), 1000);
    byte[] out = new byte[7 + FrameCodec.encodedLength(990)];
    assertEquals(out.length - 7, p.a().encodeFrame(data, 5, 990, out, 7));

    int size = p.b().decodeHeader(out, 7);
    assertEquals(990, size);
    // Decrypt into the same array, moved to the start.
    assertEquals(990, p.b().decodeBody(out, 7 + FrameCodec.HEADER_LENGTH, size, out, 0));
    assertArrayEquals(Arrays.copyOfRange(data, 5, 995), Arrays.copyOf(out, 990));

    // And exactly in place, then a further frame on the same streams.
    byte[] wire = p.a().encodeFrame(data);
    size = p.b().decodeHeader(wire, 0);
    p.b().decodeBody(wire, FrameCodec.HEADER_LENGTH, size, wire, FrameCodec.HEADER_LENGTH);
    assertArrayEquals(
        data, Arrays.copyOfRange(wire, FrameCodec.HEADER_LENGTH, FrameCodec.HEADER_LENGTH + 1000));
    assertArrayEquals(data, read(p.b(), p.a().encodeFrame(data)));
  }

  @Test
  void emptyFrame() {
    Pair p = pair(4);
    byte[] wire = p.a().encodeFrame(new byte[0]);
    assertEquals(48, wire.length);
    assertArrayEquals(new byte[0], read(p.b(), wire));
  }

  @Test
  void maximumFrameSize() {
    Pair p = pair(5);
    byte[] data = new byte[FrameCodec.MAX_FRAME_SIZE];
    data[data.length - 1] = 42;
    assertArrayEquals(data, read(p.b(), p.a().encodeFrame(data)));
  }

  @Test
  void encodeRejectsFrameDataLongerThanTheSizeField() {
    Pair p = pair(6);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> p.a().encodeFrame(new byte[FrameCodec.MAX_FRAME_SIZE + 1]));
    assertEquals(
        "frame-data of 16777216 bytes: expected 0..16777215 (the frame-size field is 3 bytes)",
        e.getMessage());
    // Nothing was consumed from the streams.
    assertArrayEquals(new byte[] {1}, read(p.b(), p.a().encodeFrame(new byte[] {1})));
  }

  /** A flipped bit anywhere in a frame is caught by the MAC that covers it. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "header ciphertext, 0, bad header MAC",
    "header ciphertext, 15, bad header MAC",
    "header MAC, 16, bad header MAC",
    "header MAC, 31, bad header MAC",
    "body ciphertext, 32, bad frame MAC",
    "body ciphertext padding, 32+100+3, bad frame MAC",
    "body MAC, 32+112, bad frame MAC",
    "body MAC, 32+112+15, bad frame MAC",
  })
  void flippedBitIsRejected(String where, String offset, String message) {
    int at = Arrays.stream(offset.split("\\+")).mapToInt(Integer::parseInt).sum();
    for (int bit = 0; bit < 8; bit += 7) {
      Pair p = pair(8);
      read(p.b(), p.a().encodeFrame(new byte[40])); // not the first frame on the streams
      byte[] wire = p.a().encodeFrame(new byte[100]);
      assertEquals(32 + 112 + 16, wire.length);
      wire[at] ^= (byte) (1 << bit);
      FrameException e = assertThrows(FrameException.class, () -> read(p.b(), wire));
      assertEquals(message, e.getMessage(), where);
      // After a failure the ingress side refuses to go on.
      IllegalStateException after =
          assertThrows(IllegalStateException.class, () -> p.b().decodeHeader(wire, 0));
      assertEquals(
          "ingress side unusable: an earlier frame failed to decode; drop the connection",
          after.getMessage());
    }
  }

  @Test
  void oversizedFrameIsRejectedAfterTheHeaderBeforeTheBody() {
    Pair p = pair(9, 1000);
    assertArrayEquals(new byte[1000], read(p.b(), p.a().encodeFrame(new byte[1000])));
    byte[] wire = p.a().encodeFrame(new byte[1001]);
    // Only the 32 header bytes are handed over: the check must not need the body.
    byte[] header = Arrays.copyOf(wire, FrameCodec.HEADER_LENGTH);
    FrameException e = assertThrows(FrameException.class, () -> p.b().decodeHeader(header, 0));
    assertEquals("frame size 1001 exceeds limit 1000", e.getMessage());
  }

  @Test
  void frameSizeLimitCanBeRaisedAfterHello() {
    Pair p = pair(10, 2048);
    assertThrows(
        FrameException.class, () -> p.b().decodeHeader(p.a().encodeFrame(new byte[4000]), 0));
    Pair q = pair(10, 2048);
    read(q.b(), q.a().encodeFrame(new byte[2048]));
    q.b().setMaxIngressFrameSize(FrameCodec.DEFAULT_MAX_INGRESS_FRAME_SIZE);
    assertEquals(FrameCodec.DEFAULT_MAX_INGRESS_FRAME_SIZE, q.b().maxIngressFrameSize());
    read(q.b(), q.a().encodeFrame(new byte[4000]));
  }

  @Test
  void decodeCallsMustAlternate() {
    Pair p = pair(11);
    byte[] wire = p.a().encodeFrame(new byte[20]);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> p.b().decodeBody(wire, 32, 20));
    assertEquals("expected decodeHeader before decodeBody", e.getMessage());
    assertEquals(20, p.b().decodeHeader(wire, 0));
    e = assertThrows(IllegalStateException.class, () -> p.b().decodeHeader(wire, 0));
    assertEquals(
        "expected decodeBody for the frame of size 20 announced by the previous header, got"
            + " decodeHeader",
        e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> p.b().decodeBody(wire, 32, 21));
    assertEquals("expected frameSize 20 from the header, got 21", e.getMessage());
    assertArrayEquals(new byte[20], p.b().decodeBody(wire, 32, 20));
  }

  @Test
  void secretsAreValidatedAndTheirDigestsAreNotAdvanced() {
    KeccakDigest egress = keccak("e");
    Secrets s = new Secrets(new byte[32], new byte[32], egress, keccak("i"), new byte[64]);
    byte[] before = digest(egress);
    new FrameCodec(s).encodeFrame(new byte[100]);
    assertArrayEquals(before, digest(egress));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new FrameCodec(
                    new Secrets(new byte[16], new byte[32], egress, egress, new byte[64])));
    assertEquals("aesSecret: expected 32 bytes, got 16", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new FrameCodec(
                    new Secrets(
                        new byte[32],
                        new byte[32],
                        new org.bouncycastle.crypto.digests.SHA3Digest(256),
                        egress,
                        new byte[64])));
    assertEquals("egressMac: expected a Keccak-256 digest, got SHA3-256", e.getMessage());
  }

  private static byte[] digest(KeccakDigest d) {
    byte[] out = new byte[32];
    new KeccakDigest(d).doFinal(out, 0);
    return out;
  }

  /**
   * What FrameCodec relies on in JCA AES/CTR: update() returns every byte it is given (including
   * 16-byte multiples and odd sizes) and successive calls continue one keystream.
   */
  @Test
  void jcaCtrIsOneContinuousKeystream() throws Exception {
    byte[] key = new byte[32];
    new Random(12).nextBytes(key);
    byte[] data = randomBytes(new Random(13), 5000);
    Cipher whole = ctr(key);
    byte[] expected = whole.update(data);
    assertEquals(data.length, expected.length);

    Cipher pieces = ctr(key);
    byte[] got = new byte[data.length];
    int[] sizes = {16, 32, 3, 13, 16, 1, 0, 15, 17, 1024, 2048, 33};
    int off = 0;
    for (int i = 0; off < data.length; i++) {
      int n = Math.min(sizes[i % sizes.length], data.length - off);
      assertEquals(n, pieces.update(data, off, n, got, off));
      off += n;
    }
    assertArrayEquals(expected, got);
  }

  private static Cipher ctr(byte[] key) throws Exception {
    Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
    return c;
  }
}
