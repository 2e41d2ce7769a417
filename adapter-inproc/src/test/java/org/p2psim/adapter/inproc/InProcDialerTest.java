package org.p2psim.adapter.inproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.p2psim.adapter.inproc.InProcAdapterTest.join;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.RpcClient;

/** How a node's services reach other in-process nodes' RPC. */
class InProcDialerTest {
  @TempDir Path dir;
  private InProcAdapter adapter;

  @AfterEach
  void close() {
    adapter.close();
  }

  @Test
  void oneClientPerNodeReachedMadeAgainAfterARestartAndClosedWithTheDialler() {
    adapter = InProcAdapter.builder(dir).eventLoops(1).build();
    InProcNode b = adapter.newNode(NodeConfig.builder().name("b").services("pingpong").build());
    join(b.start(Map.of()));
    InProcDialer dialer = new InProcDialer(adapter);

    RpcClient first = dialer.dial(b.id());
    assertSame(first, dialer.dial(b.id())); // not a new session on b for every dial
    assertEquals(b.id().hex(), join(first.call("admin_nodeInfo", NodeInfo.class)).id());

    join(b.stop());
    assertEquals(
        "node " + b.id() + " is not up in this adapter",
        assertThrows(IllegalArgumentException.class, () -> dialer.dial(b.id())).getMessage());
    join(b.start(Map.of()));
    RpcClient again = dialer.dial(b.id());
    assertNotSame(first, again);
    assertEquals(b.id().hex(), join(again.call("admin_nodeInfo", NodeInfo.class)).id());

    dialer.close();
    assertEquals(
        "this node is stopped: it dials no other node",
        assertThrows(IllegalStateException.class, () -> dialer.dial(b.id())).getMessage());
  }
}
