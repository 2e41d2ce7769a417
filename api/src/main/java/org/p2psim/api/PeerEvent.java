package org.p2psim.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Something that happened to one of a node's peers, in the JSON shape of go-ethereum's {@code
 * admin_subscribe("peerEvents")}: a peer was added or dropped, or a message was sent or received
 * (message events only when {@link NodeConfig#enableMsgEvents()} is on). One type is p2psim's own:
 * {@code dialfail}, a dial this node began that ended without a peer.
 *
 * @param type what happened
 * @param peer the remote node
 * @param error for {@code drop} and {@code dialfail}: why
 * @param protocol for messages: the protocol name
 * @param msgCode for messages: the protocol-relative code
 * @param msgSize for messages: the payload size in bytes
 * @param local the local TCP address, {@code ip:port}
 * @param remote the remote TCP address, {@code ip:port}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PeerEvent(
    @JsonProperty("type") Type type,
    @JsonProperty("peer") NodeId peer,
    @JsonProperty("error") String error,
    @JsonProperty("protocol") String protocol,
    @JsonProperty("msg_code") Long msgCode,
    @JsonProperty("msg_size") Integer msgSize,
    @JsonProperty("local") String local,
    @JsonProperty("remote") String remote) {

  /** Checks the fields that every event has. */
  public PeerEvent {
    requireNonNull(type, "type");
    requireNonNull(peer, "peer");
  }

  /** A peer was connected. */
  public static PeerEvent add(NodeId peer, String local, String remote) {
    return new PeerEvent(Type.ADD, peer, null, null, null, null, local, remote);
  }

  /** A peer was disconnected, for the reason given. */
  public static PeerEvent drop(NodeId peer, String error, String local, String remote) {
    return new PeerEvent(Type.DROP, peer, error, null, null, null, local, remote);
  }

  /**
   * A dial to {@code peer} failed, for the reason given. go-ethereum reports no such thing, so a
   * client of {@code admin_addPeer}, which answers before its dial ends, could only wait and time
   * out; consumers that know only go-ethereum's four types skip it.
   */
  public static PeerEvent dialFailed(NodeId peer, String error) {
    return new PeerEvent(Type.DIALFAIL, peer, error, null, null, null, null, null);
  }

  /** A message was sent ({@code received} false) or received. */
  public static PeerEvent message(
      boolean received, NodeId peer, String protocol, long code, int size) {
    return new PeerEvent(
        received ? Type.MSGRECV : Type.MSGSEND, peer, null, protocol, code, size, null, null);
  }

  /** The kinds of peer event. */
  public enum Type {
    /** A peer was connected. */
    ADD("add"),
    /** A peer was disconnected. */
    DROP("drop"),
    /** A message was sent to the peer. */
    MSGSEND("msgsend"),
    /** A message was received from the peer. */
    MSGRECV("msgrecv"),
    /** A dial to the peer failed: p2psim's own. */
    DIALFAIL("dialfail");

    private final String json;

    Type(String json) {
      this.json = json;
    }

    /** The JSON name, e.g. {@code add}. */
    @JsonValue
    public String json() {
      return json;
    }
  }
}
