package org.p2psim.p2p;

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
}
