package org.p2psim.adapter.inproc;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.p2psim.api.Link;
import org.p2psim.api.Node;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.Partition;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcConnection;
import org.p2psim.nodehost.NodeStack;
import org.p2psim.nodehost.NodeStackConfig;
import org.p2psim.rpc.InMemoryRpc;

/**
 * One in-process node: a {@link NodeStack} on its own event-loop context, made anew for each start
 * (a stack starts once), with an RPC client in memory.
 */
public final class InProcNode implements Node {
  private final InProcAdapter adapter;
  private final NodeConfig config;
  private final Path dir;
  private final String label;
  private final NodeInfo downInfo; // what it reports while down
  // Guarded by this.
  private NodeStack stack;
  private RpcClient client;
  private InProcDialer dialer;
  private NodeInfo info;
  private CompletableFuture<Void> starting;

  InProcNode(InProcAdapter adapter, NodeConfig config, Path dir) {
    this.adapter = adapter;
    this.config = config;
    this.dir = dir;
    this.label = config.name() != null ? config.name() : config.id().shortHex();
    this.downInfo = NodeStack.downInfo(config);
  }

  @Override
  public NodeId id() {
    return config.id();
  }

  @Override
  public NodeConfig config() {
    return config;
  }

  /** The node's data directory. */
  public Path dir() {
    return dir;
  }

  synchronized NodeStack stack() {
    return client == null ? null : stack;
  }

  @Override
  public synchronized CompletionStage<Void> start(Map<String, byte[]> snapshots) {
    requireNonNull(snapshots, "snapshots");
    if (client != null || (starting != null && !starting.isDone())) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("node " + label + " already started"));
    }
    InProcNode current = adapter.current(id());
    if (current != null && current != this) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "node " + label + " was replaced by a newer node with its id; start that one"));
    }
    NodeStack s;
    InProcDialer d = new InProcDialer(adapter);
    try {
      s =
          NodeStack.create(
              adapter.vertx(),
              new NodeStackConfig(config, snapshots, Map.of(), dir, "127.0.0.1", -1),
              adapter.registry(),
              d,
              adapter.network());
    } catch (RuntimeException e) {
      d.close();
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    starting = done;
    s.start()
        .thenCompose(
            up -> {
              RpcClient c = InMemoryRpc.connect(s.rpc(), Runnable::run, adapter.callTimeout());
              return c.call("admin_nodeInfo", NodeInfo.class)
                  .thenApply(
                      i -> {
                        synchronized (this) {
                          stack = s;
                          client = c;
                          dialer = d;
                          info = i;
                        }
                        return i;
                      });
            })
        .whenComplete(
            (i, err) -> {
              if (err != null) {
                d.close();
                s.stop();
                done.completeExceptionally(err);
              } else {
                done.complete(null);
              }
            });
    return done;
  }

  @Override
  public CompletionStage<Void> stop() {
    NodeStack s;
    RpcClient c;
    InProcDialer d;
    synchronized (this) {
      if (starting != null && !starting.isDone()) {
        // Asked to stop while it starts: stop once it is up (or has failed), never leave it up.
        return starting.handle((v, e) -> null).thenCompose(v -> stop());
      }
      s = stack;
      c = client;
      d = dialer;
      stack = null;
      client = null;
      dialer = null;
      info = null;
    }
    if (s == null) {
      return CompletableFuture.completedFuture(null);
    }
    c.close(); // the subscriptions on it end: a network sees the node go down
    d.close();
    return s.stop();
  }

  @Override
  public synchronized boolean isUp() {
    return client != null;
  }

  @Override
  public synchronized RpcClient client() {
    if (client == null) {
      throw new IllegalStateException("node " + label + " is not up");
    }
    return client;
  }

  @Override
  public void serveRpc(RpcConnection connection) {
    NodeStack s = stack();
    if (s == null) {
      throw new IllegalStateException("node " + label + " is not up");
    }
    InMemoryRpc.serve(s.rpc(), connection);
  }

  @Override
  public CompletionStage<Map<String, byte[]>> snapshots() {
    NodeStack s = stack();
    if (s == null) {
      return notUp();
    }
    return s.snapshots();
  }

  // The links go straight to the node's server, not through RPC: a partition of thousands of nodes
  // is then one shared immutable object, not thousands of JSON copies.

  @Override
  public CompletionStage<Void> setDefaultLink(Link link) {
    NodeStack s = stack();
    return s == null ? notUp() : s.p2p().setDefaultLink(link);
  }

  @Override
  public CompletionStage<Void> setLink(NodeId peer, Link link) {
    NodeStack s = stack();
    return s == null ? notUp() : s.p2p().setLink(peer, link);
  }

  @Override
  public CompletionStage<Void> setPartition(Partition partition) {
    NodeStack s = stack();
    return s == null ? notUp() : s.p2p().setPartition(partition);
  }

  private <T> CompletionStage<T> notUp() {
    return CompletableFuture.failedFuture(
        new IllegalStateException("node " + label + " is not up"));
  }

  /**
   * From {@code admin_nodeInfo} when up; when down, the node's id, name (its client id) and key,
   * with no address.
   */
  @Override
  public synchronized NodeInfo nodeInfo() {
    if (info != null && client != null) {
      return info;
    }
    return downInfo;
  }

  /**
   * The node's enode URL, with the loopback address it listens on (over pipes, the address its
   * adapter's in-memory network gave it: no socket is opened on it).
   *
   * @throws IllegalStateException when the node is down
   */
  @Override
  public synchronized String addr() {
    if (stack == null || client == null) {
      throw new IllegalStateException(
          "node " + label + " is down: it has no address until it is started");
    }
    return stack.enode().toString();
  }

  @Override
  public String toString() {
    return "in-process node " + label;
  }
}
