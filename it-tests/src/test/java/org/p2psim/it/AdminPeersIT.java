package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.it.ExecAdapterIT.join;
import static org.p2psim.it.ExecAdapterIT.pingpong;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.api.Node;
import org.p2psim.api.PeerInfo;
import org.p2psim.api.Version;
import org.p2psim.testkit.Await;

/** {@code admin_peers} read as typed records, and the node names that peers announce. */
class AdminPeersIT {
  @TempDir Path dir;

  @Test
  void eachPeerShowsWhichNodeItIs() {
    try (ExecAdapter adapter = ExecAdapter.builder(dir).build()) {
      Node alice = adapter.newNode(pingpong("alice"));
      Node bob = adapter.newNode(pingpong("bob"));
      join(alice.start(Map.of()));
      join(bob.start(Map.of()));
      assertEquals(Version.clientId("alice"), alice.nodeInfo().name());

      assertTrue(join(alice.client().call("admin_addPeer", Boolean.class, bob.addr())));
      List<PeerInfo> ofAlice =
          Await.value(
              "alice has a peer",
              Duration.ofSeconds(10),
              () -> {
                List<PeerInfo> peers = join(alice.client().call("admin_peers", PeerInfo.LIST));
                return peers.isEmpty() ? null : peers;
              });
      PeerInfo peer = ofAlice.get(0);
      assertEquals(Version.clientId("bob"), peer.name());
      assertEquals(bob.nodeInfo().id(), peer.id());
      assertEquals(bob.addr(), peer.enode());
      assertEquals(List.of("pingpong/1"), peer.caps());
      assertFalse(peer.network().inbound());
      assertTrue(peer.protocols().containsKey("pingpong"), peer.toString());

      List<PeerInfo> ofBob = join(bob.client().call("admin_peers", PeerInfo.LIST));
      assertEquals(Version.clientId("alice"), ofBob.get(0).name());
      assertTrue(ofBob.get(0).network().inbound());
    }
  }
}
