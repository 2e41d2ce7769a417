package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.p2psim.p2p.internal.Hello;

/**
 * {@link P2pServerIT}'s tests between servers of an {@link InMemoryNetwork} without encryption: no
 * handshake and unencrypted frames at both ends, the Hello exchange and everything above as over
 * TCP.
 */
class PlaintextPipeP2pServerIT extends PipeP2pServerIT {
  @Override
  TestNet newNet() {
    return new TestNet(InMemoryNetwork.builder().encryption(false).build());
  }

  @Test
  void theFirstBytesOnThePipeAreAPlainHelloFrameWithNoHandshake() {
    P2pServer b = net.start(c -> c.protocol(new Recorder().protocol("test", 1)));
    NodeKey mine = NodeKey.generate();
    Context mineContext = P2pServer.newNodeContext(net.vertx());
    Pipe pipe =
        new Pipe(
            mineContext,
            "127.9.9.9:1024",
            mine.publicKey(),
            b.context(),
            b.enode().host() + ":" + b.port(),
            b.config().key().publicKey(),
            net.network().maxQueuedBytes());
    List<byte[]> wire = new CopyOnWriteArrayList<>();
    mineContext.runOnContext(v -> pipe.a().handler(buf -> wire.add(buf.getBytes())));
    b.context().runOnContext(v -> b.acceptPipe(pipe.b()));
    TestNet.await("b's first write", Duration.ofSeconds(5), () -> !wire.isEmpty());

    byte[] first = wire.get(0);
    int size = (first[0] & 0xff) << 16 | (first[1] & 0xff) << 8 | (first[2] & 0xff);
    assertEquals(first.length - 3, size, "one frame: a 3-byte size, then the frame data");
    assertEquals((byte) 0x80, first[3], "message code 0, Hello, in RLP");
    Hello hello = Hello.decode(Arrays.copyOfRange(first, 4, first.length));
    assertArrayEquals(b.config().key().publicKey(), hello.nodeKey());
    pipe.a().close();
  }
}
