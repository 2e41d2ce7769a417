package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import org.p2psim.network.internal.GoTime;

/**
 * Something that happened in a {@link Network}, in the JSON shape of go-ethereum's {@code
 * simulations.Event}: a node came up or went down, a connection came up or went down, or a message
 * was sent or received. Exactly one of {@link #node()}, {@link #conn()} and {@link #msg()} is set,
 * as {@link #type()} says.
 *
 * <p>A <em>control</em> event records an action the network was asked to take, with the state
 * before it took effect (create, stop, connect, disconnect); a live event records what the nodes
 * reported (a node up or down, a peer added or dropped, a message). A node's events never carry its
 * private key.
 *
 * @param type which of node, conn and msg is set
 * @param time when the network saw it, written as RFC 3339 with nanoseconds
 * @param control whether it records an action (true) or what nodes reported (false)
 * @param node for a node event: the node's info, config and whether it is up
 * @param conn for a conn event: the two nodes ({@code one} dialled) and whether it is up
 * @param msg for a msg event: sender, receiver, protocol, code and which end saw it
 * @param data what a user attached to an event of their own; null for the network's events
 */
@JsonPropertyOrder({"type", "time", "control", "node", "conn", "msg", "data"})
public record Event(
    @JsonProperty("type") Type type,
    @JsonProperty("time")
        @JsonSerialize(using = GoTime.Writer.class)
        @JsonDeserialize(using = GoTime.Reader.class)
        Instant time,
    @JsonProperty("control") boolean control,
    @JsonProperty("node") @JsonInclude(JsonInclude.Include.NON_NULL) NodeState node,
    @JsonProperty("conn") @JsonInclude(JsonInclude.Include.NON_NULL) ConnState conn,
    @JsonProperty("msg") @JsonInclude(JsonInclude.Include.NON_NULL) MsgState msg,
    @JsonProperty("data") @JsonInclude(JsonInclude.Include.ALWAYS) Object data) {

  /** Checks that exactly the part that {@code type} names is set. */
  public Event {
    requireNonNull(type, "type");
    requireNonNull(time, "time");
    int parts = (node == null ? 0 : 1) + (conn == null ? 0 : 1) + (msg == null ? 0 : 1);
    Object part = type == Type.NODE ? node : type == Type.CONN ? conn : msg;
    if (parts != 1 || part == null) {
      throw new IllegalArgumentException(
          "a " + type.json() + " event needs its \"" + type.json() + "\" part and no other");
    }
  }

  /** A node event. */
  public static Event of(Instant time, boolean control, NodeState node) {
    return new Event(Type.NODE, time, control, node, null, null, null);
  }

  /** A conn event. */
  public static Event of(Instant time, boolean control, ConnState conn) {
    return new Event(Type.CONN, time, control, null, conn, null, null);
  }

  /** A msg event (always live). */
  public static Event of(Instant time, MsgState msg) {
    return new Event(Type.MSG, time, false, null, null, msg, null);
  }

  /** The kinds of event. */
  public enum Type {
    /** A node was created, started or stopped, or went down. */
    NODE("node"),
    /** A connection was asked for or ended, or came up or went down. */
    CONN("conn"),
    /** A message was sent or received. */
    MSG("msg");

    private final String json;

    Type(String json) {
      this.json = json;
    }

    /** The JSON name, e.g. {@code node}. */
    @JsonValue
    public String json() {
      return json;
    }

    /** The type named {@code json}. */
    @JsonCreator
    public static Type of(String json) {
      for (Type t : values()) {
        if (t.json.equals(json)) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "bad event type \"" + json + "\": expected node, conn or msg");
    }
  }
}
