package org.p2psim.p2p;

/** {@link LinkIT}'s tests over in-memory pipes with the full RLPx handshake and encryption. */
class PipeLinkIT extends LinkIT {
  @Override
  TestNet newNet() {
    return new TestNet(InMemoryNetwork.create());
  }
}
