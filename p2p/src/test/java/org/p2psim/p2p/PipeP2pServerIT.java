package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link P2pServerIT}'s tests between servers of one {@link InMemoryNetwork}: the full RLPx
 * handshake and encrypted frames over in-memory pipes, no socket.
 */
class PipeP2pServerIT extends P2pServerIT {
  @Override
  TestNet newNet() {
    return new TestNet(InMemoryNetwork.create());
  }

  @Test
  void nodesGetDistinctLoopbackAddressesAndNamePipeEndsApart() {
    P2pServer a = net.start(b -> b.protocol(new Recorder().protocol("test", 1)));
    P2pServer b = net.start(c -> c.protocol(new Recorder().protocol("test", 1)));
    Pattern address = Pattern.compile("127\\.\\d+\\.\\d+\\.\\d+");
    assertTrue(address.matcher(a.enode().host()).matches(), a.enode().toString());
    assertTrue(!a.enode().host().equals(b.enode().host()), a.enode() + " " + b.enode());
    assertEquals(InMemoryNetwork.PORT, b.port());
    assertEquals(a.enode(), Enode.parse(a.enode().toString()));

    PeerInfo info = TestNet.join(a.connect(b.enode()));
    assertEquals(b.enode().host() + ":" + InMemoryNetwork.PORT, info.remoteAddress());
    assertTrue(info.localAddress().startsWith(a.enode().host() + ":"), info.localAddress());
    PeerInfo back = TestNet.join(b.peers()).get(0);
    assertEquals(info.localAddress(), back.remoteAddress());
    assertEquals(info.remoteAddress(), back.localAddress());
  }

  @Test
  void aDialToAnotherNodesAddressFailsInTheHandshake() {
    P2pServer a = net.start(b -> b.protocol(new Recorder().protocol("test", 1)));
    P2pServer b = net.start(c -> c.protocol(new Recorder().protocol("test", 1)));
    Enode wrongKey = Enode.of(NodeKey.generate().publicKey(), b.enode().host(), b.port());
    assertThrows(P2pException.class, () -> TestNet.join(a.connect(wrongKey)));
    assertEquals(0, b.peerCount());
    TestNet.join(a.connect(b.enode()));
  }
}
