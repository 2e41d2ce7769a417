package org.p2psim.adapter.inproc;

import java.util.HashMap;
import java.util.Map;
import org.p2psim.api.NodeId;
import org.p2psim.api.RpcClient;
import org.p2psim.api.spi.RpcDialer;
import org.p2psim.nodehost.NodeStack;
import org.p2psim.rpc.InMemoryRpc;

/**
 * One node's way to other in-process nodes' RPC, as a child's {@code PeerAddrDialer} is: one client
 * per node it reaches, kept for later dials (a client per dial would leave a session open on the
 * other node each time), made again when that node has been restarted, and all closed when this
 * node stops.
 */
final class InProcDialer implements RpcDialer, AutoCloseable {
  private final InProcAdapter adapter;
  private final Map<NodeId, Dialled> clients = new HashMap<>(); // guarded by this
  private boolean closed;

  private record Dialled(NodeStack stack, RpcClient client) {}

  InProcDialer(InProcAdapter adapter) {
    this.adapter = adapter;
  }

  @Override
  public synchronized RpcClient dial(NodeId id) {
    if (closed) {
      throw new IllegalStateException("this node is stopped: it dials no other node");
    }
    NodeStack stack = adapter.upStack(id);
    if (stack == null) {
      throw new IllegalArgumentException("node " + id + " is not up in this adapter");
    }
    Dialled d = clients.get(id);
    if (d == null || d.stack() != stack) {
      if (d != null) {
        d.client().close(); // that node was restarted: its old stack is gone
      }
      d =
          new Dialled(
              stack, InMemoryRpc.connect(stack.rpc(), Runnable::run, adapter.callTimeout()));
      clients.put(id, d);
    }
    return d.client();
  }

  @Override
  public synchronized void close() {
    closed = true;
    clients.values().forEach(d -> d.client().close());
    clients.clear();
  }
}
