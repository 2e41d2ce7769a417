package org.p2psim.snapshot;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.p2psim.api.Link;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;

/**
 * A whole network saved: its nodes (config with private key, whether up, each up node's service
 * state) and its up connections, in go-ethereum's snapshot JSON, so that the reference's files load
 * and its tools read ours. p2psim adds link conditions ({@code link} on a conn, {@code
 * default_link} at the top), which readers that do not know them ignore.
 *
 * <p>{@link SnapshotReader} reads and checks a document whole before anything is made from it.
 *
 * @param nodes the nodes, in the network's order
 * @param conns the connections that were up
 * @param defaultLink the network's default link conditions, or null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"nodes", "conns", "default_link"})
public record NetworkSnapshot(
    @JsonProperty("nodes") List<NodeSnapshot> nodes,
    @JsonProperty("conns") List<ConnSnapshot> conns,
    @JsonProperty("default_link") Link defaultLink) {

  /** Makes the lists immutable (empty rather than null). */
  public NetworkSnapshot {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    conns = conns == null ? List.of() : List.copyOf(conns);
  }

  /**
   * One node.
   *
   * @param node its config, whether it was up, and its info then (ignored on load)
   * @param snapshots each service's state, base64, for a node that was up; null otherwise
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record NodeSnapshot(
      @JsonProperty("node") SavedNode node,
      @JsonProperty("snapshots") Map<String, String> snapshots) {

    /** Checks the node and keeps the service states in order. */
    public NodeSnapshot {
      requireNonNull(node, "node");
      snapshots =
          snapshots == null
              ? Map.of()
              : Collections.unmodifiableMap(new LinkedHashMap<>(snapshots));
    }

    /** A node with its service states as bytes. */
    public static NodeSnapshot of(
        NodeConfig config, boolean up, Object info, Map<String, byte[]> state) {
      Map<String, String> b64 = new LinkedHashMap<>();
      state.forEach((k, v) -> b64.put(k, Base64.getEncoder().encodeToString(v)));
      return new NodeSnapshot(new SavedNode(config, up, info), b64);
    }

    /** The service states as bytes (checked by {@link SnapshotReader} before a load). */
    public Map<String, byte[]> stateBytes() {
      Map<String, byte[]> out = new LinkedHashMap<>();
      snapshots.forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
      return out;
    }
  }

  /**
   * A node as saved.
   *
   * @param config its config, private key included, so that it comes back with the same id
   * @param up whether it was up
   * @param info its {@code admin_nodeInfo} when saved, for readers; ignored on load
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"info", "config", "up"})
  public record SavedNode(
      @JsonProperty("config") NodeConfig config,
      @JsonProperty("up") boolean up,
      @JsonProperty("info") Object info) {

    /** Checks the config. */
    public SavedNode {
      requireNonNull(config, "config");
    }
  }

  /**
   * A connection that was up.
   *
   * @param one the node that dialled
   * @param other the node dialled
   * @param up always true in p2psim's snapshots
   * @param link its link conditions, or null for the network's default
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"one", "other", "up", "link"})
  public record ConnSnapshot(
      @JsonProperty("one") NodeId one,
      @JsonProperty("other") NodeId other,
      @JsonProperty("up") boolean up,
      @JsonProperty("link") Link link) {

    /** Checks the ids. */
    public ConnSnapshot {
      requireNonNull(one, "one");
      requireNonNull(other, "other");
    }
  }
}
