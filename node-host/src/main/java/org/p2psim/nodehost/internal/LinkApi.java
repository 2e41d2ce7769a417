package org.p2psim.nodehost.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.p2psim.api.Link;
import org.p2psim.api.NodeId;
import org.p2psim.api.Partition;
import org.p2psim.p2p.P2pServer;

/**
 * The {@code link} RPC namespace: the conditions of what this node sends, and the partition it is
 * in. A simulation's network sets them on both ends of a link; p2psim's own, the reference had
 * none. Its methods run on the node's context.
 */
public final class LinkApi {
  /** The RPC namespace. */
  public static final String NAMESPACE = "link";

  private final P2pServer p2p;

  /** Serves the links of the node that {@code p2p} runs. */
  public LinkApi(P2pServer p2p) {
    this.p2p = requireNonNull(p2p, "p2p");
  }

  /** {@code link_setDefault(link)}: what is sent to peers without a link of their own. */
  public CompletionStage<Link> setDefault(Link link) {
    return p2p.setDefaultLink(link).thenApply(v -> link);
  }

  /**
   * {@code link_set(peer, link)}: what is sent to {@code peer}; a null or missing link goes back to
   * the default. Answers the link now in force.
   */
  public CompletionStage<Link> set(String peer, Optional<Link> link) {
    NodeId id = NodeId.parse(peer);
    return p2p.setLink(id, link.orElse(null)).thenApply(v -> p2p.linkTo(id));
  }

  /**
   * {@code link_partition(groups)}: the groups of nodes that cannot reach each other, those in no
   * group forming the rest; an empty list heals. Connections across the cut drop at once.
   */
  public CompletionStage<Partition> partition(List<List<String>> groups) {
    Partition p =
        Partition.of(groups.stream().map(g -> g.stream().map(NodeId::parse).toList()).toList());
    return p2p.setPartition(p).thenApply(v -> p);
  }

  /** {@code link_info()}: the default link, the links of single peers, and the partition. */
  public Info info() {
    return new Info(p2p.defaultLink(), new TreeMap<>(p2p.links()), p2p.partition());
  }

  /**
   * What {@code link_info} answers.
   *
   * @param defaultLink what is sent to peers without a link of their own (JSON {@code default})
   * @param peers the links of single peers, by peer id
   * @param partition the partition this node is in
   */
  public record Info(
      @JsonProperty("default") Link defaultLink,
      @JsonProperty("peers") Map<NodeId, Link> peers,
      @JsonProperty("partition") Partition partition) {}
}
