package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.p2psim.api.Capability;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.p2p.rlpx.FrameCodec;

/**
 * A misbehaving peer is dropped with the right reason, and the server goes on serving others. Each
 * test ends by connecting a well-behaved server to prove it.
 */
class BadInputIT {
  private static final List<Capability> CAPS = List.of(new Capability("test", 1));

  @RegisterExtension final TestNet net = new TestNet();

  private static Protocol test() {
    return Protocol.of("test", 1, 2, peer -> (PeerHandler) (code, payload) -> {});
  }

  private P2pServer server(Duration handshakeTimeout) {
    return net.start(
        b ->
            b.protocol(test())
                .handshakeTimeout(handshakeTimeout)
                .maxMessageSize(64 * 1024)
                .pingInterval(Duration.ofMillis(100))
                .readTimeout(Duration.ofMillis(600)));
  }

  private void stillServes(P2pServer server) {
    P2pServer good = net.start(b -> b.protocol(test()));
    PeerInfo info = TestNet.join(good.connect(server.enode()));
    assertEquals(server.id(), info.id());
  }

  @Test
  void garbageInsteadOfAHandshakeIsDropped() throws Exception {
    P2pServer server = server(Duration.ofSeconds(5));
    byte[] garbage = new byte[600];
    new Random(1).nextBytes(garbage);
    garbage[0] = 0x01; // an EIP-8 size prefix of 0x01xx: a plausible but bogus packet
    try (RawPeer raw = new RawPeer(server.enode())) {
      raw.out.write(garbage);
      raw.out.flush();
      assertTrue(raw.closedByRemote(5000), "server kept a connection that sent garbage");
    }
    stillServes(server);
  }

  @Test
  void anOversizedHandshakePacketIsDropped() throws Exception {
    P2pServer server = server(Duration.ofSeconds(5));
    try (RawPeer raw = new RawPeer(server.enode())) {
      raw.out.write(new byte[] {0x7f, (byte) 0xff}); // claims 32 KiB, over EIP-8's 2048 limit
      raw.out.flush();
      assertTrue(raw.closedByRemote(5000), "server waited for a 32 KiB handshake packet");
    }
    stillServes(server);
  }

  @Test
  void aStalledHandshakeTimesOut() throws Exception {
    P2pServer server = server(Duration.ofMillis(300));
    try (RawPeer raw = new RawPeer(server.enode())) {
      raw.out.write(new byte[] {0x01}); // one byte, then nothing
      raw.out.flush();
      long start = System.nanoTime();
      assertTrue(raw.closedByRemote(5000), "stalled handshake was not dropped");
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < 3000, "dropped only after " + ms + " ms");
    }
    stillServes(server);
  }

  @Test
  void aBadFrameMacDropsThePeer() throws Exception {
    P2pServer server = server(Duration.ofSeconds(5));
    List<PeerEvent> events = TestNet.record(server);
    try (RawPeer raw = new RawPeer(server.enode())) {
      raw.handshakeAndHello(server.enode(), CAPS);
      TestNet.await("peer added", Duration.ofSeconds(5), () -> server.peerCount() == 1);
      byte[] frame = raw.codec.encodeFrame(raw.messages.encodeMessage(16, Rlp.encodeLong(1), true));
      frame[frame.length - 1] ^= 1; // flip a bit of the frame MAC
      raw.out.write(frame);
      raw.out.flush();
      assertTrue(raw.closedByRemote(5000), "peer with a bad MAC was not dropped");
    }
    TestNet.await(
        "drop event",
        Duration.ofSeconds(5),
        () -> P2pServerIT.count(events, PeerEvent.Type.DROP) == 1);
    String error = P2pServerIT.drop(events).error();
    assertTrue(error.contains("MAC"), error);
    stillServes(server);
  }

  @Test
  void aFrameOverTheLimitDropsThePeerWithProtocolError() throws Exception {
    P2pServer server = server(Duration.ofSeconds(5));
    List<PeerEvent> events = TestNet.record(server);
    try (RawPeer raw = new RawPeer(server.enode())) {
      raw.handshakeAndHello(server.enode(), CAPS);
      TestNet.await("peer added", Duration.ofSeconds(5), () -> server.peerCount() == 1);
      raw.sendFrame(raw.messages.encodeMessage(16, Rlp.encodeBytes(new byte[100 * 1024]), false));
      // The server says why before it closes: Disconnect, breach of protocol (0x02).
      assertDisconnect(raw, 0x02);
    }
    TestNet.await(
        "drop event",
        Duration.ofSeconds(5),
        () -> P2pServerIT.count(events, PeerEvent.Type.DROP) == 1);
    String error = P2pServerIT.drop(events).error();
    assertTrue(error.contains("exceeds the limit"), error);
    stillServes(server);
  }

  @Test
  void aMessageThatInflatesPastTheLimitDropsThePeer() throws Exception {
    P2pServer server = server(Duration.ofSeconds(5));
    List<PeerEvent> events = TestNet.record(server);
    try (RawPeer raw = new RawPeer(server.enode())) {
      raw.handshakeAndHello(server.enode(), CAPS);
      TestNet.await("peer added", Duration.ofSeconds(5), () -> server.peerCount() == 1);
      // 1 MiB of zeros compresses to a few KiB: small on the wire, too big once inflated.
      raw.send(16, Rlp.encodeBytes(new byte[1024 * 1024]));
      assertDisconnect(raw, 0x02);
    }
    TestNet.await(
        "drop event",
        Duration.ofSeconds(5),
        () -> P2pServerIT.count(events, PeerEvent.Type.DROP) == 1);
    stillServes(server);
  }

  @Test
  void anUnknownMessageCodeDropsThePeer() throws Exception {
    P2pServer server = server(Duration.ofSeconds(5));
    try (RawPeer raw = new RawPeer(server.enode())) {
      raw.handshakeAndHello(server.enode(), CAPS);
      raw.send(16 + 2, Rlp.encodeLong(1)); // "test" has codes 16 and 17 only
      assertDisconnect(raw, 0x02);
    }
    stillServes(server);
  }

  @Test
  void aSilentPeerIsDroppedForReadTimeout() throws Exception {
    P2pServer server = server(Duration.ofSeconds(5));
    List<PeerEvent> events = TestNet.record(server);
    try (RawPeer raw = new RawPeer(server.enode())) {
      raw.handshakeAndHello(server.enode(), CAPS);
      // Never answer the pings; the server gives up after its 600 ms read timeout.
      assertDisconnect(raw, 0x0b);
    }
    TestNet.await(
        "drop event",
        Duration.ofSeconds(5),
        () -> P2pServerIT.count(events, PeerEvent.Type.DROP) == 1);
    assertTrue(
        P2pServerIT.drop(events).error().startsWith("read timeout"),
        P2pServerIT.drop(events).error());
    stillServes(server);
  }

  @Test
  void aHelloWithAnotherIdentityIsRejected() throws Exception {
    P2pServer server = server(Duration.ofSeconds(5));
    try (RawPeer raw = new RawPeer(server.enode())) {
      raw.handshake(server.enode());
      byte[] otherKey = NodeKey.generate().publicKey();
      raw.sendFrame(
          raw.messages.encodeMessage(
              0, new org.p2psim.p2p.internal.Hello(5, "liar", CAPS, 0, otherKey).encode(), false));
      raw.readFrame(); // the server's Hello
      assertDisconnect(raw, 0x09);
    }
    stillServes(server);
  }

  /** Reads frames until a Disconnect, and checks its reason code; pings are skipped. */
  private static void assertDisconnect(RawPeer raw, int reason) throws Exception {
    while (true) {
      byte[] frame = raw.readFrame();
      if (frame[0] == 1) {
        // Before Hello completes a Disconnect is sent uncompressed, after it with snappy.
        byte[] payload;
        try {
          payload = raw.messages.decodeMessage(frame, true).payload();
        } catch (RuntimeException notSnappy) {
          payload = raw.messages.decodeMessage(frame, false).payload();
        }
        assertEquals(reason, Rlp.decode(payload).get(0).asInt());
        return;
      }
    }
  }

  /** Bytes allocated so far by every live thread of this JVM. */
  private static long allocated() {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long a : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
      sum += Math.max(0, a);
    }
    return sum;
  }

  /** A peer whose Hello exchange is done and whom the server has added. */
  private RawPeer peerOf(P2pServer server) throws Exception {
    RawPeer raw = new RawPeer(server.enode());
    raw.handshakeAndHello(server.enode(), CAPS);
    TestNet.await("peer added", Duration.ofSeconds(5), () -> server.peerCount() == 1);
    return raw;
  }

  @Test
  void aHugeDisconnectPayloadIsNotDecoded() throws Exception {
    P2pServer server = net.start(b -> b.protocol(test())); // 16 MiB messages
    List<PeerEvent> events = TestNet.record(server);
    try (RawPeer raw = peerOf(server)) {
      // A list of 16 million empty lists: 770 KB snappy-compressed, one object each if decoded.
      int total = 0xFFFFFF;
      int n = total - 4;
      byte[] payload = new byte[total];
      payload[0] = (byte) 0xfa;
      payload[1] = (byte) (n >>> 16);
      payload[2] = (byte) (n >>> 8);
      payload[3] = (byte) n;
      Arrays.fill(payload, 4, total, (byte) 0xc0);
      byte[] frameData = raw.messages.encodeMessage(1, payload, true);
      long before = allocated();
      raw.sendFrame(frameData);
      TestNet.await(
          "the drop",
          Duration.ofSeconds(30),
          () -> P2pServerIT.count(events, PeerEvent.Type.DROP) == 1);
      long mib = (allocated() - before) >> 20;
      assertTrue(mib < 100, "a Disconnect made the node allocate " + mib + " MiB");
    }
    stillServes(server);
  }

  @Test
  void aSnappyLengthTheDataCannotHaveIsRefusedBeforeItIsAllocated() throws Exception {
    P2pServer server = net.start(b -> b.protocol(test()));
    List<PeerEvent> events = TestNet.record(server);
    try (RawPeer raw = peerOf(server)) {
      long before = allocated();
      raw.sendFrame(new byte[] {0x10, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x00});
      TestNet.await(
          "the drop",
          Duration.ofSeconds(10),
          () -> P2pServerIT.count(events, PeerEvent.Type.DROP) == 1);
      long mib = (allocated() - before) >> 20;
      assertTrue(mib < 4, "6 bytes made the node allocate " + mib + " MiB");
    }
    stillServes(server);
  }

  @Test
  void aPeerThatNeverFinishesAFrameIsDroppedAtTheReadTimeout() throws Exception {
    P2pServer server = server(Duration.ofSeconds(5)); // read timeout 600 ms
    try (RawPeer raw = peerOf(server)) {
      byte[] frame = raw.codec.encodeFrame(new byte[4000]);
      raw.out.write(frame, 0, FrameCodec.HEADER_LENGTH);
      raw.out.flush();
      long start = System.nanoTime();
      int pos = FrameCodec.HEADER_LENGTH;
      while (server.peerCount() == 1 && System.nanoTime() - start < 5_000_000_000L) {
        Thread.sleep(150);
        try {
          raw.out.write(frame, pos++, 1); // a byte at a time, never the whole frame
          raw.out.flush();
        } catch (java.io.IOException closed) {
          break;
        }
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      TestNet.await("the drop", Duration.ofSeconds(1), () -> server.peerCount() == 0);
      assertTrue(ms < 3000, "dropped after " + ms + " ms");
    }
    stillServes(server);
  }

  @Test
  void aDroppedPeerThatNeverReadsIsClosedAfterAGracePeriod() throws Exception {
    P2pServer server = net.start(b -> b.protocol(test()));
    List<PeerEvent> events = TestNet.record(server);
    int port = server.enode().tcpPort();
    try (RawPeer raw = peerOf(server)) {
      // Pings whose Pongs are never read fill the server's send queue, then a bad code drops it.
      byte[] ping = raw.messages.encodeMessage(2, new byte[] {(byte) 0xc0}, true);
      java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < 200_000; i++) {
        batch.write(raw.codec.encodeFrame(ping)); // each frame in turn: the cipher runs on
        if (batch.size() > 1 << 20) {
          raw.out.write(batch.toByteArray());
          batch.reset();
        }
      }
      raw.out.write(batch.toByteArray());
      raw.send(16 + 2, new byte[] {(byte) 0xc0}); // past the test protocol's codes
      TestNet.await(
          "the drop",
          Duration.ofSeconds(30),
          () -> P2pServerIT.count(events, PeerEvent.Type.DROP) == 1);
      TestNet.await(
          "the server's end of the socket to close",
          Duration.ofSeconds(10),
          () -> !established(port));
    }
    stillServes(server);
  }

  /** Whether a TCP connection from local port {@code port} is established, from /proc/net/tcp. */
  private static boolean established(int port) {
    String local = String.format(":%04X ", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 3 && (f[1] + " ").endsWith(local) && f[3].equals("01")) {
            return true;
          }
        }
      } catch (java.io.IOException e) {
        // no such table here
      }
    }
    return false;
  }
}
