package org.p2psim.api.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.p2psim.api.Capability;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.NodeId;

/**
 * A connected remote node, as one protocol sees it. Handed to {@link Protocol#connect(Peer)} when a
 * connection that shares the protocol's capability is up.
 *
 * <p>All methods may be called from any thread; callbacks of the protocol's {@link PeerHandler} run
 * on the node's own event-loop context.
 */
public interface Peer {

  /** The remote node's id. */
  NodeId id();

  /** The remote node's 64-byte public key (a copy). */
  byte[] publicKey();

  /** The client id the remote node sent in its Hello, e.g. {@code p2psim/0.1.0/java17}. */
  String clientId();

  /** Every capability the remote node announced. */
  List<Capability> capabilities();

  /** Whether the remote node dialled us. */
  boolean inbound();

  /** The remote TCP address, {@code host:port}. */
  String remoteAddress();

  /** The local TCP address, {@code host:port}. */
  String localAddress();

  /**
   * Sends one message of this protocol.
   *
   * @param code the protocol-relative message code, from 0 to {@link Protocol#length()} - 1
   * @param payload the RLP-encoded message body (see {@link org.p2psim.api.rlp.Rlp})
   * @return completes when the message is written to the connection, or fails if the peer is gone
   *     or the code is out of range
   */
  CompletionStage<Void> send(int code, byte[] payload);

  /** Sends Disconnect with {@code reason} and closes the connection. Does nothing once closed. */
  void disconnect(DisconnectReason reason);
}
