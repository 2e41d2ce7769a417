package org.p2psim.nodehost.internal;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.p2psim.api.Capability;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.PeerInfo;
import org.p2psim.api.RpcError;
import org.p2psim.api.RpcException;
import org.p2psim.api.spi.Protocol;
import org.p2psim.api.spi.RpcSubscriber;
import org.p2psim.p2p.BadEnodeException;
import org.p2psim.p2p.Enode;
import org.p2psim.p2p.Enr;
import org.p2psim.p2p.P2pServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code admin} RPC namespace, with go-ethereum's method names and JSON shapes so that Ethereum
 * JSON-RPC client libraries can call it. Its methods run on the node's context.
 */
public final class AdminApi {
  /** The RPC namespace. */
  public static final String NAMESPACE = "admin";

  /** p2psim's code for an invalid argument of an admin method (go-ethereum answers -32000). */
  static final int INVALID_ARGUMENT = -32000;

  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

  private final P2pServer p2p;
  private final List<Protocol> protocols;
  private String enr; // signed once the port is known; methods run on the node's context

  /** Serves the node that {@code p2p} runs, with these protocols. */
  public AdminApi(P2pServer p2p, List<Protocol> protocols) {
    this.p2p = requireNonNull(p2p, "p2p");
    this.protocols = List.copyOf(protocols);
  }

  /** {@code admin_nodeInfo}. */
  public NodeInfo nodeInfo() {
    Enode enode = p2p.enode();
    Map<String, Object> protos = new LinkedHashMap<>();
    for (Protocol p : protocols) {
      Object info = p.nodeInfo();
      protos.put(p.name(), info == null ? "unknown" : info);
    }
    if (enr == null) {
      enr = Enr.encode(p2p.config().key(), 1, enode.host(), enode.tcpPort(), 0);
    }
    return new NodeInfo(
        p2p.id().hex(),
        p2p.config().clientId(),
        enode.toString(),
        enr,
        enode.host(),
        new NodeInfo.Ports(0, enode.tcpPort()),
        enode.host() + ":" + enode.tcpPort(),
        protos);
  }

  /** {@code admin_peers}. */
  public CompletionStage<List<PeerInfo>> peers() {
    return p2p.peers()
        .thenApply(
            list ->
                list.stream()
                    .map(
                        p ->
                            new PeerInfo(
                                p.enode(),
                                p.id().hex(),
                                p.clientId(),
                                p.caps().stream().map(Capability::toString).toList(),
                                new PeerInfo.Network(
                                    p.localAddress(), p.remoteAddress(), p.inbound(), false, false),
                                p.protocols()))
                    .toList());
  }

  /**
   * {@code admin_addPeer}: starts dialling and answers true at once, as go-ethereum does; the
   * connection shows up as a peer event.
   */
  public boolean addPeer(String url) {
    Enode enode = parse(url);
    p2p.connect(enode)
        .whenComplete(
            (info, err) -> {
              if (err != null) {
                log.debug("admin_addPeer {}: {}", enode.id().shortHex(), err.getMessage());
              }
            });
    return true;
  }

  /** {@code admin_removePeer}: disconnects the peer if connected; answers true, as go-ethereum. */
  public boolean removePeer(String url) {
    p2p.disconnect(parse(url).id());
    return true;
  }

  /** {@code admin_subscribe("peerEvents")}: every peer event of this node. */
  public void peerEvents(RpcSubscriber subscriber) {
    AutoCloseable subscription = p2p.subscribe(subscriber::send);
    subscriber.onClose(
        () -> {
          try {
            subscription.close();
          } catch (Exception e) {
            log.debug("closing a peer event subscription failed", e);
          }
        });
  }

  private static Enode parse(String url) {
    if (url == null) {
      // The RPC server refuses a missing or null url before calling; this is for Java callers.
      throw new RpcException(
          RpcError.INVALID_PARAMS.code(), "missing value for required argument 0");
    }
    try {
      Enode enode = Enode.parse(url);
      if (!enode.hasEndpoint()) {
        throw new RpcException(INVALID_ARGUMENT, "invalid enode: " + url + " has no address");
      }
      return enode;
    } catch (BadEnodeException e) {
      throw new RpcException(INVALID_ARGUMENT, "invalid enode: " + e.getMessage());
    }
  }
}
