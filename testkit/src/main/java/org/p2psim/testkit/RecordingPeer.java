package org.p2psim.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.p2psim.api.Capability;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.NodeId;
import org.p2psim.api.spi.Peer;

/** A peer that records what is sent to it, for driving one handler by hand. */
public final class RecordingPeer implements Peer {
  private final NodeId id;
  private final List<Sent> sent = new ArrayList<>();
  private final List<DisconnectReason> disconnects = new ArrayList<>();

  public RecordingPeer(NodeId id) {
    this.id = id;
  }

  /** One message sent to this peer. */
  public record Sent(int code, byte[] payload) {}

  /** What was sent to this peer so far. */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** The reasons given to {@link #disconnect}, in order. */
  public List<DisconnectReason> disconnects() {
    return List.copyOf(disconnects);
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
    return "recording";
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
    return "127.0.0.1:30303";
  }

  @Override
  public String localAddress() {
    return "127.0.0.1:30304";
  }

  @Override
  public CompletionStage<Void> send(int code, byte[] payload) {
    sent.add(new Sent(code, payload.clone()));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void disconnect(DisconnectReason reason) {
    disconnects.add(reason);
  }
}
