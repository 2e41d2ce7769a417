package org.p2psim.p2p.rlpx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The frame vectors of {@code vectors/rlpx-eip8.json}, one test per section (spec §5). */
class FrameVectorsTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final JsonNode VECTORS = load("/vectors/rlpx-eip8.json");

  /**
   * go-ethereum {@code TestFrameReadWrite}: its MAC hash is fake (Write ignored, Sum returns 32
   * bytes of 0x01), so both MACs are 16 × 0x01. The fake is substituted for the MAC states through
   * the package-private constructor; AES-256-CTR, the header layout and the frame layout are real.
   */
  @Test
  @DisplayName("go_ethereum_frame_read_write")
  void goEthereumFrameReadWrite() {
    JsonNode v = VECTORS.get("go_ethereum_frame_read_write");
    byte[] aes = hex(v, "aes_secret");
    byte[] mac = hex(v, "mac_secret");
    byte[] golden = hex(v, "golden_wire");
    byte[] frameData = hex(v, "frame_data");

    MessageCodec messages = new MessageCodec();
    assertArrayEquals(
        frameData,
        messages.encodeMessage(v.get("msg_code").asLong(), hex(v, "msg_payload_rlp"), false));

    FrameCodec writer = new FrameCodec(aes, mac, fakeMac(), fakeMac(), 1 << 24);
    assertArrayEquals(golden, writer.encodeFrame(frameData));

    FrameCodec reader = new FrameCodec(aes, mac, fakeMac(), fakeMac(), 1 << 24);
    int size = reader.decodeHeader(golden, 0);
    assertEquals(frameData.length, size);
    assertEquals(golden.length - FrameCodec.HEADER_LENGTH, FrameCodec.bodyLength(size));
    byte[] content = reader.decodeBody(golden, FrameCodec.HEADER_LENGTH, size);
    assertArrayEquals(hex(v, "read_back_content"), content);
    RlpxMessage m = messages.decodeMessage(content, false);
    assertEquals(8, m.code());
    assertArrayEquals(hex(v, "msg_payload_rlp"), m.payload());
  }

  /**
   * Besu FramerTest captures of real geth sessions: each frame passes both MACs and decrypts to the
   * verified plaintext, in order, on one continuous keystream; a sender whose egress state is the
   * captured side's ingress state re-encodes them byte for byte.
   */
  @Test
  @DisplayName("besu_captured_frames")
  void besuCapturedFrames() {
    JsonNode section = VECTORS.get("besu_captured_frames");
    int frames = 0;
    for (String peer : new String[] {"peer1", "peer2"}) {
      JsonNode p = section.get(peer);
      byte[] aes = hex(p, "aes_secret");
      byte[] mac = hex(p, "mac_secret");
      KeccakDigest ingress = seeded(p.get("ingress_gen"));
      KeccakDigest egress = seeded(p.get("egress_gen"));
      // The receiver that captured the frames, and a sender with the MAC states swapped.
      FrameCodec reader = new FrameCodec(secrets(aes, mac, egress, ingress));
      FrameCodec sender =
          new FrameCodec(secrets(aes, mac, new KeccakDigest(ingress), new KeccakDigest(egress)));
      MessageCodec messages = new MessageCodec();

      boolean snappy = false;
      for (JsonNode msg : p.get("messages")) {
        String where = peer + " frame " + frames;
        byte[] wire = hex(msg, "data");
        byte[] expectedFrameData = hex(msg, "verified_frame_data");
        assertArrayEquals(
            hex(msg, "verified_header_plain"),
            header(expectedFrameData.length),
            where + " header plaintext");

        int size = reader.decodeHeader(wire, 0);
        assertEquals(msg.get("frame_size").asInt(), size, where);
        assertEquals(wire.length, FrameCodec.HEADER_LENGTH + FrameCodec.bodyLength(size), where);
        byte[] frameData = reader.decodeBody(wire, FrameCodec.HEADER_LENGTH, size);
        assertArrayEquals(expectedFrameData, frameData, where);

        RlpxMessage m = messages.decodeMessage(frameData, snappy);
        assertEquals(msg.get("verified_msg_code").asLong(), m.code(), where);
        if (msg.has("verified_snappy_decompressed_payload")) {
          assertArrayEquals(hex(msg, "verified_snappy_decompressed_payload"), m.payload(), where);
        }
        snappy = true; // Hello (p2p v5) first, then snappy

        assertArrayEquals(wire, sender.encodeFrame(frameData), where + " re-encoded");
        frames++;
      }
    }
    assertEquals(4, frames);
  }

  /**
   * Derived frames on the EIP-8 (Auth₂, Ack₂) session, both directions, chained: Hello, snappy Ping
   * and snappy Disconnect from B to A, Hello from A to B.
   */
  @Test
  @DisplayName("derived_chained_frames")
  void derivedChainedFrames() {
    JsonNode hs = VECTORS.get("eip8_handshake");
    byte[] aes = hex(hs.get("expected_official"), "aes_secret");
    byte[] mac = hex(hs.get("expected_official"), "mac_secret");
    byte[] nonceA = hex(hs, "nonce_A");
    byte[] nonceB = hex(hs, "nonce_B");
    byte[] auth2 = hex(hs.get("packets").get("auth2_eip8_vsn4"), "hex");
    byte[] ack2 = hex(hs.get("packets").get("ack2_eip8_vsn4"), "hex");

    // Spec §3.5. B = recipient, A = initiator.
    KeccakDigest bEgress = seeded(xor(mac, nonceA), ack2);
    KeccakDigest bIngress = seeded(xor(mac, nonceB), auth2);
    // The official check on B's ingress state (EIP-8): update with "foo", take the digest.
    KeccakDigest foo = new KeccakDigest(bIngress);
    foo.update("foo".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 3);
    byte[] fooDigest = new byte[32];
    foo.doFinal(fooDigest, 0);
    assertArrayEquals(hex(hs.get("expected_official"), "ingress_mac_after_update_foo"), fooDigest);

    FrameCodec b = new FrameCodec(secrets(aes, mac, bEgress, bIngress));
    FrameCodec a =
        new FrameCodec(secrets(aes, mac, new KeccakDigest(bIngress), new KeccakDigest(bEgress)));
    JsonNode chained = VECTORS.get("derived_chained_frames");

    RlpxMessage[] bToA = {
      new RlpxMessage(0, dropFirst(hex(chained.get("b_to_a").get(0), "frame_data"))),
      new RlpxMessage(2, HEX.parseHex("c0")),
      new RlpxMessage(1, HEX.parseHex("c108")),
    };
    boolean[] snappy = {false, true, true};
    MessageCodec messages = new MessageCodec();
    int i = 0;
    for (JsonNode f : chained.get("b_to_a")) {
      byte[] frameData = hex(f, "frame_data");
      byte[] wire = hex(f, "wire");
      assertArrayEquals(
          frameData, messages.encodeMessage(bToA[i].code(), bToA[i].payload(), snappy[i]));
      byte[] encoded = b.encodeFrame(frameData);
      assertArrayEquals(wire, encoded, "B->A frame " + (i + 1));
      assertArrayEquals(hex(f, "header_ciphertext"), Arrays.copyOfRange(encoded, 0, 16));
      assertArrayEquals(hex(f, "header_mac"), Arrays.copyOfRange(encoded, 16, 32));
      assertArrayEquals(
          hex(f, "frame_mac"), Arrays.copyOfRange(encoded, wire.length - 16, wire.length));
      assertArrayEquals(hex(f, "header_plain"), header(frameData.length));

      int size = a.decodeHeader(wire, 0);
      byte[] read = a.decodeBody(wire, FrameCodec.HEADER_LENGTH, size);
      assertArrayEquals(frameData, read);
      assertEquals(bToA[i], messages.decodeMessage(read, snappy[i]));
      i++;
    }
    assertEquals(3, i);

    for (JsonNode f : chained.get("a_to_b")) {
      byte[] frameData = hex(f, "frame_data");
      byte[] wire = hex(f, "wire");
      assertArrayEquals(wire, a.encodeFrame(frameData), "A->B frame");
      int size = b.decodeHeader(wire, 0);
      assertArrayEquals(frameData, b.decodeBody(wire, FrameCodec.HEADER_LENGTH, size));
      RlpxMessage hello = messages.decodeMessage(frameData, false);
      assertEquals(0, hello.code());
    }
  }

  /** go-ethereum's fake MAC hash: update ignored, every digest is 0x01 bytes. */
  private static MacState fakeMac() {
    return new MacState(new KeccakDigest(256), "fake") {
      @Override
      void update(byte[] in, int off, int len) {}

      @Override
      void digest16(byte[] out, int off) {
        Arrays.fill(out, off, off + 16, (byte) 1);
      }
    };
  }

  private static Secrets secrets(
      byte[] aes, byte[] mac, KeccakDigest egress, KeccakDigest ingress) {
    return new Secrets(aes, mac, egress, ingress, new byte[64]);
  }

  private static byte[] dropFirst(byte[] b) {
    return Arrays.copyOfRange(b, 1, b.length);
  }

  private static byte[] header(int frameSize) {
    byte[] h = new byte[16];
    h[0] = (byte) (frameSize >>> 16);
    h[1] = (byte) (frameSize >>> 8);
    h[2] = (byte) frameSize;
    h[3] = (byte) 0xc2;
    h[4] = (byte) 0x80;
    h[5] = (byte) 0x80;
    return h;
  }

  private static KeccakDigest seeded(JsonNode gen) {
    return seeded(HEX.parseHex(gen.get(0).asText()), HEX.parseHex(gen.get(1).asText()));
  }

  private static KeccakDigest seeded(byte[] first, byte[] second) {
    KeccakDigest d = new KeccakDigest(256);
    d.update(first, 0, first.length);
    d.update(second, 0, second.length);
    return d;
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] r = new byte[a.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (byte) (a[i] ^ b[i]);
    }
    return r;
  }

  private static byte[] hex(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      throw new IllegalArgumentException("vector field missing: " + field);
    }
    return HEX.parseHex(v.asText());
  }

  static JsonNode load(String resource) {
    try (InputStream in = FrameVectorsTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + resource);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
