package org.p2psim.p2p;

/** {@link LinkIT}'s tests over in-memory pipes without encryption. */
class PlaintextPipeLinkIT extends LinkIT {
  @Override
  TestNet newNet() {
    return new TestNet(InMemoryNetwork.builder().encryption(false).build());
  }
}
