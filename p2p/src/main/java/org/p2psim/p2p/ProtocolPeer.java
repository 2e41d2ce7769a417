package org.p2psim.p2p;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.p2psim.api.Capability;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.NodeId;
import org.p2psim.api.spi.Peer;
import org.p2psim.api.spi.Protocol;
import org.p2psim.p2p.internal.CapabilityMatcher.Match;

/** A connection as one sub-protocol sees it: its codes are relative to the protocol's offset. */
final class ProtocolPeer implements Peer {
  private final Connection connection;
  private final Match<Protocol> match;

  ProtocolPeer(Connection connection, Match<Protocol> match) {
    this.connection = connection;
    this.match = match;
  }

  @Override
  public NodeId id() {
    return connection.id();
  }

  @Override
  public byte[] publicKey() {
    return connection.remoteKey();
  }

  @Override
  public String clientId() {
    return connection.clientId();
  }

  @Override
  public List<Capability> capabilities() {
    return connection.capabilities();
  }

  @Override
  public boolean inbound() {
    return connection.inbound();
  }

  @Override
  public String remoteAddress() {
    return connection.remoteAddress();
  }

  @Override
  public String localAddress() {
    return connection.localAddress();
  }

  @Override
  public CompletionStage<Void> send(int code, byte[] payload) {
    return connection.send(match, code, payload);
  }

  @Override
  public void disconnect(DisconnectReason reason) {
    connection.disconnect(reason);
  }

  @Override
  public String toString() {
    return connection.toString();
  }
}
