package org.p2psim.p2p;

import io.vertx.core.Future;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.NodeId;

/**
 * A {@link P2pServer}'s outbound dials, bounded so that no number of {@code connect} calls (an
 * {@code admin_addPeer} flood) can take the node's file descriptors: at most {@link
 * P2pConfig#maxActiveDials()} dials are in flight, from the TCP connect to the end of the Hello
 * exchange; up to {@link P2pConfig#maxQueuedDials()} more wait their turn, first come first served;
 * past that a dial fails at once. A node being dialled is dialled once: a second dial to it, at
 * whatever address, joins the first and completes with it.
 *
 * <p>Runs on the node's context only, so it needs no locks.
 */
final class Dialer {
  private final P2pServer server;
  private final NetClient client;

  /** Dials in flight or waiting, by the node they go to. */
  private final Map<NodeId, CompletableFuture<PeerInfo>> pending = new HashMap<>();

  private final Deque<Enode> waiting = new ArrayDeque<>();
  private int active;

  Dialer(P2pServer server) {
    this.server = server;
    this.client =
        server.config().network() != null
            ? null
            : server
                .context()
                .owner()
                .createNetClient(
                    new NetClientOptions()
                        .setConnectTimeout((int) server.config().dialTimeout().toMillis())
                        .setTcpNoDelay(true));
  }

  /**
   * Dials {@code enode}, or joins the dial already going to its node; the caller has checked that
   * the server runs, that the node is not this one nor a peer, and that the enode has an address.
   */
  CompletableFuture<PeerInfo> dial(Enode enode) {
    CompletableFuture<PeerInfo> joined = pending.get(enode.id());
    if (joined != null) {
      return joined.copy();
    }
    P2pConfig config = server.config();
    boolean free = active < config.maxActiveDials();
    if (!free && waiting.size() >= config.maxQueuedDials()) {
      return CompletableFuture.failedFuture(
          new P2pException(
              null,
              "too many dials: "
                  + active
                  + " in flight and "
                  + waiting.size()
                  + " waiting (maxActiveDials "
                  + config.maxActiveDials()
                  + ", maxQueuedDials "
                  + config.maxQueuedDials()
                  + ")"));
    }
    CompletableFuture<PeerInfo> done = new CompletableFuture<>();
    pending.put(enode.id(), done);
    if (free) {
      begin(enode);
    } else {
      waiting.add(enode);
    }
    return done.copy();
  }

  private void begin(Enode enode) {
    active++;
    InMemoryNetwork network = server.config().network();
    if (network != null) {
      network
          .dial(server, enode)
          .whenComplete(
              (end, err) -> {
                if (err != null) {
                  server.onContext(() -> end(enode, null, err));
                  return;
                }
                byte[] key = end.plaintextPeerKey();
                if (key != null && !Arrays.equals(key, enode.publicKey())) {
                  // What the handshake would find out: someone else listens at that address.
                  end.close();
                  server.onContext(
                      () ->
                          end(
                              enode,
                              null,
                              new P2pException(
                                  null,
                                  "handshake failed: the node at "
                                      + end.remoteAddress()
                                      + " is "
                                      + NodeKey.idOf(key).shortHex()
                                      + ", not "
                                      + enode.id().shortHex())));
                  return;
                }
                server.onContext(() -> connected(enode, end));
              });
      return;
    }
    client
        .connect(enode.tcpPort(), enode.host())
        .onComplete(
            ar -> {
              if (ar.failed()) {
                server.onContext(
                    () ->
                        end(
                            enode,
                            null,
                            new P2pException(
                                null,
                                "cannot dial "
                                    + enode.host()
                                    + ":"
                                    + enode.tcpPort()
                                    + ": "
                                    + ar.cause().getMessage())));
                return;
              }
              connected(enode, new SocketDuplex(ar.result()));
            });
  }

  private void connected(Enode enode, Duplex stream) {
    Connection c = Connection.dial(server, stream, enode.publicKey());
    c.added().whenComplete((info, err) -> server.onContext(() -> end(enode, info, err)));
  }

  /** Frees the dial's slot, gives it to the next in line, then tells the dial's callers. */
  private void end(Enode enode, PeerInfo info, Throwable error) {
    active--;
    CompletableFuture<PeerInfo> done = pending.remove(enode.id());
    if (server.isRunning() && !waiting.isEmpty()) {
      begin(waiting.poll());
    }
    if (error != null) {
      done.completeExceptionally(error);
    } else {
      done.complete(info);
    }
  }

  /** Fails the dials still waiting for their turn; those in flight end with their connections. */
  void failWaiting() {
    P2pException stopped =
        new P2pException(
            DisconnectReason.QUITTING,
            DisconnectReason.QUITTING.text() + ": the server stopped before this dial began");
    while (!waiting.isEmpty()) {
      pending.remove(waiting.poll().id()).completeExceptionally(stopped);
    }
  }

  /** Closes the TCP client. */
  Future<Void> close() {
    failWaiting();
    return client == null ? Future.succeededFuture() : client.close();
  }
}
