package org.p2psim.p2p.rlpx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {

  private static final HexFormat HEX = HexFormat.of();
  private final MessageCodec codec = new MessageCodec();

  /** p2p-base.json {@code derived_encodings}: Ping, Pong and Disconnect, plain and snappy. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ping_uncompressed, 2, c0, false",
    "pong_uncompressed, 3, c0, false",
    "ping_snappy, 2, c0, true",
    "pong_snappy, 3, c0, true",
    "disconnect_quitting_uncompressed, 1, c108, false",
    "disconnect_quitting_snappy, 1, c108, true",
  })
  @DisplayName("p2p-base derived_encodings")
  void derivedEncodings(String name, long code, String payload, boolean snappy) {
    byte[] expected = derived(name);
    RlpxMessage m = new RlpxMessage(code, HEX.parseHex(payload));
    assertArrayEquals(expected, codec.encodeMessage(code, m.payload(), snappy));
    assertEquals(m, codec.decodeMessage(expected, snappy));
  }

  @Test
  @DisplayName("p2p-base derived_encodings: Ping 02c0, snappy Ping 020100c0")
  void pingLiterals() {
    assertEquals("02c0", HEX.formatHex(codec.encodeMessage(2, HEX.parseHex("c0"), false)));
    assertEquals("020100c0", HEX.formatHex(codec.encodeMessage(2, HEX.parseHex("c0"), true)));
  }

  /** The EIP-8 Hello (p2p-base.json {@code hello_eip8}) as frame-data: 0x80 ‖ payload. */
  @Test
  @DisplayName("p2p-base hello_eip8 with hello_msg_id_byte 80")
  void helloMessageId() {
    byte[] payload = HEX.parseHex(VECTORS.get("hello_eip8").get("payload_hex").asText());
    byte[] frameData = codec.encodeMessage(0, payload, false);
    assertEquals(derived("hello_msg_id_byte")[0], frameData[0]);
    assertArrayEquals(payload, Arrays.copyOfRange(frameData, 1, frameData.length));
    assertEquals(new RlpxMessage(0, payload), codec.decodeMessage(frameData, false));
  }

  @ParameterizedTest(name = "msg-id {0} -> {1}")
  @CsvSource({
    "0, 80",
    "1, 01",
    "16, 10",
    "127, 7f",
    "128, 8180",
    "255, 81ff",
    "256, 820100",
    "65535, 82ffff",
    "4294967296, 850100000000",
    "9223372036854775807, 887fffffffffffffff",
    "-1, 88ffffffffffffffff",
  })
  void messageIdIsRlpOfAnUnsignedInteger(long code, String rlp) {
    byte[] frameData = codec.encodeMessage(code, new byte[] {(byte) 0xc0}, false);
    assertEquals(rlp + "c0", HEX.formatHex(frameData));
    assertEquals(code, codec.decodeMessage(frameData, false).code());
    assertEquals(
        code, codec.decodeMessage(codec.encodeMessage(code, new byte[0], true), true).code());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "00c0, non-canonical msg-id 0x00: zero is encoded as 0x80",
    "8105c0, non-canonical msg-id 0x8105: a byte below 0x80 is its own encoding",
    "820005c0, non-canonical msg-id: integer with a leading zero byte",
    "89010203040506070809c0, 'bad msg-id: expected at most 8 bytes, got RLP prefix 0x89'",
    "b838, 'bad msg-id: expected at most 8 bytes, got RLP prefix 0xb8'",
    "c0, 'bad msg-id: expected an RLP integer, got a list (0xc0)'",
    "8201, 'truncated msg-id: expected 2 bytes after the RLP prefix, got 1'",
  })
  void badMessageIdIsRejected(String frameData, String message) {
    for (boolean snappy : new boolean[] {false, true}) {
      FrameException e =
          assertThrows(
              FrameException.class, () -> codec.decodeMessage(HEX.parseHex(frameData), snappy));
      assertEquals(message, e.getMessage());
    }
  }

  @Test
  void emptyFrameDataIsRejected() {
    FrameException e =
        assertThrows(FrameException.class, () -> codec.decodeMessage(new byte[0], false));
    assertEquals("empty frame-data: expected rlp(msg-id) ‖ msg-data", e.getMessage());
  }

  @Test
  void snappyRoundTripOfLargeCompressiblePayload() {
    byte[] payload = compressible(200_000, 1);
    byte[] frameData = codec.encodeMessage(0x21, payload, true);
    assertTrue(frameData.length < payload.length / 2, "compressed to " + frameData.length);
    assertEquals(new RlpxMessage(0x21, payload), codec.decodeMessage(frameData, true));
    // The scratch buffer is reused: a second, smaller message must not carry stale bytes.
    byte[] small = compressible(100, 2);
    assertEquals(
        new RlpxMessage(0x22, small),
        codec.decodeMessage(codec.encodeMessage(0x22, small, true), true));
  }

  @Test
  void truncatedSnappyIsRejected() {
    byte[] frameData = codec.encodeMessage(0x10, compressible(10_000, 3), true);
    for (int cut = frameData.length - 1; cut >= 1; cut -= Math.max(1, cut / 7)) {
      byte[] truncated = Arrays.copyOf(frameData, cut);
      FrameException e =
          assertThrows(FrameException.class, () -> codec.decodeMessage(truncated, true));
      assertTrue(
          e.getMessage().startsWith("message 0x10: "), "cut at " + cut + ": " + e.getMessage());
    }
  }

  @Test
  void snappyLengthAboveLimitIsRejectedBeforeInflating() {
    // 0x10, then a varint of 16 MiB + 1 and nothing else: the length alone must reject it.
    byte[] frameData = {0x10, (byte) 0x81, (byte) 0x80, (byte) 0x80, 0x08};
    FrameException e =
        assertThrows(FrameException.class, () -> codec.decodeMessage(frameData, true));
    assertEquals("message 0x10: snappy length 16777217 exceeds limit 16777216", e.getMessage());

    MessageCodec small = new MessageCodec(1000);
    byte[] fine = small.encodeMessage(0x10, new byte[1000], true);
    assertEquals(1000, small.decodeMessage(fine, true).payload().length);
    byte[] tooBig = small.encodeMessage(0x10, new byte[1001], true);
    e = assertThrows(FrameException.class, () -> small.decodeMessage(tooBig, true));
    assertEquals("message 0x10: snappy length 1001 exceeds limit 1000", e.getMessage());
  }

  @Test
  void uncompressedPayloadAboveLimitIsRejected() {
    MessageCodec small = new MessageCodec(10);
    FrameException e =
        assertThrows(
            FrameException.class,
            () -> small.decodeMessage(new byte[] {3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, false));
    assertEquals("message 0x3: payload of 11 bytes exceeds limit 10", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"02", "02ffffffffff0f", "02ffffffffffff", "02808080"})
  void malformedSnappyLengthIsRejected(String frameData) {
    assertThrows(FrameException.class, () -> codec.decodeMessage(HEX.parseHex(frameData), true));
  }

  @Test
  void snappyLengthThatDoesNotMatchTheDataIsRejected() {
    // Declares 3 bytes but holds a 1-byte literal.
    FrameException e =
        assertThrows(
            FrameException.class, () -> codec.decodeMessage(HEX.parseHex("020300c0"), true));
    assertTrue(e.getMessage().startsWith("message 0x2: corrupt snappy data"), e.getMessage());
  }

  /** Random corruption of valid snappy data: a FrameException or a message, never anything else. */
  @Test
  void corruptSnappyOnlyEverGivesFrameException() {
    Random random = new Random(42);
    byte[] valid = codec.encodeMessage(0x10, compressible(5_000, 4), true);
    int rejected = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] bad = valid.clone();
      int flips = 1 + random.nextInt(4);
      for (int i = 0; i < flips; i++) {
        int at = 1 + random.nextInt(bad.length - 1);
        bad[at] =
            random.nextBoolean()
                ? (byte) random.nextInt()
                : (byte) (bad[at] ^ 1 << random.nextInt(8));
      }
      try {
        codec.decodeMessage(bad, true);
      } catch (FrameException e) {
        rejected++;
      }
    }
    assertTrue(rejected > 1000, "rejected " + rejected);
  }

  /**
   * Spec §7: a peer may send Disconnect uncompressed and as a bare integer ({@code 01 08}) after
   * snappy was agreed. A strict snappy decode fails with FrameException; the same frame-data
   * decodes without snappy.
   */
  @Test
  void lenientDisconnectCanBeReadWithoutSnappy() {
    byte[] frameData = HEX.parseHex("0108");
    assertThrows(FrameException.class, () -> codec.decodeMessage(frameData, true));
    assertEquals(new RlpxMessage(1, new byte[] {8}), codec.decodeMessage(frameData, false));
  }

  @Test
  void encodeRejectsPayloadsThatCannotFitInAFrame() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> codec.encodeMessage(0x10, new byte[FrameCodec.MAX_FRAME_SIZE], false));
    assertEquals(
        "message 0x10: payload of 16777215 bytes does not fit in one frame: expected frame-data of"
            + " at most 16777215 bytes",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> codec.encodeMessage(0x10, new byte[FrameCodec.MAX_FRAME_SIZE + 1], true));
    assertEquals(
        "message 0x10: payload of 16777216 bytes is too large to compress: expected at most"
            + " 16777215",
        e.getMessage());
    // The largest payload that fits, uncompressed.
    assertEquals(
        FrameCodec.MAX_FRAME_SIZE,
        codec.encodeMessage(0x10, new byte[FrameCodec.MAX_FRAME_SIZE - 1], false).length);
  }

  @ParameterizedTest(name = "snappy={0}")
  @ValueSource(booleans = {false, true})
  void decodeFromARangeOfALargerBuffer(boolean snappy) {
    byte[] payload = compressible(3000, 5);
    byte[] frameData = codec.encodeMessage(0x1234, payload, snappy);
    byte[] buf = new byte[frameData.length + 20];
    Arrays.fill(buf, (byte) 0x55);
    System.arraycopy(frameData, 0, buf, 7, frameData.length);
    assertEquals(
        new RlpxMessage(0x1234, payload), codec.decodeMessage(buf, 7, frameData.length, snappy));
    // A range that ends inside the msg-id is truncated, whatever follows it.
    FrameException e =
        assertThrows(FrameException.class, () -> codec.decodeMessage(buf, 7, 2, snappy));
    assertEquals("truncated msg-id: expected 2 bytes after the RLP prefix, got 1", e.getMessage());
    assertThrows(
        IndexOutOfBoundsException.class, () -> codec.decodeMessage(buf, 7, buf.length, snappy));
  }

  @Test
  void rlpxMessageComparesPayloadBytes() {
    assertEquals(new RlpxMessage(2, new byte[] {1}), new RlpxMessage(2, new byte[] {1}));
    assertEquals(
        new RlpxMessage(2, new byte[] {1}).hashCode(),
        new RlpxMessage(2, new byte[] {1}).hashCode());
    assertEquals(
        "RlpxMessage[code=0x2, payload(1)=c0]",
        new RlpxMessage(2, new byte[] {(byte) 0xc0}).toString());
    assertThrows(NullPointerException.class, () -> new RlpxMessage(2, null));
  }

  /** Repetitive bytes that snappy compresses well, with some noise. */
  static byte[] compressible(int n, long seed) {
    Random random = new Random(seed);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (random.nextInt(64) == 0 ? random.nextInt() : i % 61);
    }
    return b;
  }

  private static final JsonNode VECTORS = FrameVectorsTest.load("/vectors/p2p-base.json");

  private static byte[] derived(String name) {
    return HEX.parseHex(VECTORS.get("derived_encodings").get(name).asText());
  }
}
