package org.p2psim.api.spi;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.p2psim.api.Capability;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.NodeId;

/** A {@link Peer} that records what a protocol sends it and how it is disconnected. */
final class FakePeer implements Peer {
  /** One message sent to the peer, its payload as hex so that records compare by content. */
  record Sent(int code, String payloadHex) {
    Sent(int code, byte[] payload) {
      this(code, HexFormat.of().formatHex(payload));
    }
  }

  final List<Sent> sent = new ArrayList<>();
  final List<DisconnectReason> disconnects = new ArrayList<>();
  private final NodeId id;

  FakePeer() {
    this(NodeId.of(new byte[NodeId.LENGTH]));
  }

  FakePeer(NodeId id) {
    this.id = id;
  }

  @Override
  public NodeId id() {
    return id;
  }

  @Override
  public byte[] publicKey() {
    return new byte[64];
  }

  @Override
  public String clientId() {
    return "fake/0.0.0";
  }

  @Override
  public List<Capability> capabilities() {
    return List.of();
  }

  @Override
  public boolean inbound() {
    return false;
  }

  @Override
  public String remoteAddress() {
    return "127.0.0.1:2";
  }

  @Override
  public String localAddress() {
    return "127.0.0.1:1";
  }

  @Override
  public CompletionStage<Void> send(int code, byte[] payload) {
    sent.add(new Sent(code, payload));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void disconnect(DisconnectReason reason) {
    disconnects.add(reason);
  }
}
