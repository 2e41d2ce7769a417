package org.p2psim.api.spi;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import java.util.function.Supplier;
import org.p2psim.api.Capability;

/**
 * A devp2p sub-protocol that a {@link Service} runs over RLPx. The node announces {@code
 * name/version} in its Hello; when a connected peer announces the same capability, the node calls
 * {@link #connect(Peer)} and routes that peer's messages for this protocol to the returned handler.
 *
 * <p>Message codes are protocol-relative, from 0 to {@link #length()} - 1: the node adds and
 * removes the offset that devp2p assigns on the wire.
 *
 * <pre>{@code
 * Protocol echo = Protocol.of("echo", 1, 1, peer -> (code, payload) -> peer.send(code, payload));
 * }</pre>
 */
public interface Protocol {

  /** The capability name, 1 to 8 ASCII characters. */
  String name();

  /** The capability version. */
  int version();

  /** How many message codes the protocol uses. */
  int length();

  /**
   * Called on the node's event-loop context when a peer that shares this capability is connected.
   *
   * @return the handler for this peer's messages; never null
   */
  PeerHandler connect(Peer peer);

  /**
   * What {@code admin_nodeInfo} shows under this protocol's name, as a JSON-serialisable object, or
   * {@code null} for nothing.
   */
  default Object nodeInfo() {
    return null;
  }

  /** The capability this protocol announces. */
  default Capability capability() {
    return new Capability(name(), version());
  }

  /** Makes a protocol from its capability, its number of codes and a per-peer handler factory. */
  static Protocol of(String name, int version, int length, Function<Peer, PeerHandler> connect) {
    return of(name, version, length, connect, () -> null);
  }

  /**
   * Makes a protocol from its capability, its number of codes, a per-peer handler factory and what
   * {@code admin_nodeInfo} shows for it (asked each time, so it may change).
   */
  static Protocol of(
      String name,
      int version,
      int length,
      Function<Peer, PeerHandler> connect,
      Supplier<Object> nodeInfo) {
    Capability cap = new Capability(name, version);
    requireNonNull(connect, "connect");
    requireNonNull(nodeInfo, "nodeInfo");
    if (length < 1) {
      throw new IllegalArgumentException("protocol " + cap + " must have at least one code");
    }
    return new Protocol() {
      @Override
      public String name() {
        return cap.name();
      }

      @Override
      public int version() {
        return cap.version();
      }

      @Override
      public int length() {
        return length;
      }

      @Override
      public PeerHandler connect(Peer peer) {
        return requireNonNull(connect.apply(peer), "handler of " + cap);
      }

      @Override
      public Object nodeInfo() {
        return nodeInfo.get();
      }

      @Override
      public String toString() {
        return cap.toString();
      }
    };
  }
}
