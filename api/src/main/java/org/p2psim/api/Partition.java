package org.p2psim.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cut through the network: groups of nodes that cannot reach each other. Nodes named in no group
 * form one more group, the rest, so {@code Partition.of(List.of(Set.of(a, b)))} cuts {@code a} and
 * {@code b} off from everyone else. While a partition holds, links across it drop and dials across
 * it fail; {@link #NONE} heals it.
 *
 * <p>Immutable, so many in-process nodes may hold one. JSON: {@code {"groups":[[id,..],[id,..]]}}.
 */
public final class Partition {
  /** No cut: every node reaches every other. */
  public static final Partition NONE = new Partition(List.of(), Map.of());

  private static final int REST = -1;

  private final List<Set<NodeId>> groups;
  private final Map<NodeId, Integer> groupOf;

  private Partition(List<Set<NodeId>> groups, Map<NodeId, Integer> groupOf) {
    this.groups = groups;
    this.groupOf = groupOf;
  }

  /**
   * A partition into these groups (empty ones are dropped); nodes in none form the rest.
   *
   * @throws IllegalArgumentException naming a node listed in two groups
   */
  @JsonCreator
  public static Partition of(@JsonProperty("groups") List<? extends Collection<NodeId>> groups) {
    if (groups == null || groups.isEmpty()) {
      return NONE;
    }
    List<Set<NodeId>> kept = new ArrayList<>();
    Map<NodeId, Integer> index = new HashMap<>();
    for (Collection<NodeId> group : groups) {
      if (group == null || group.isEmpty()) {
        continue;
      }
      Set<NodeId> members = new LinkedHashSet<>();
      for (NodeId id : group) {
        if (id == null) {
          throw new IllegalArgumentException("partition group " + kept.size() + " holds a null id");
        }
        Integer before = index.putIfAbsent(id, kept.size());
        if (before != null && before != kept.size()) {
          throw new IllegalArgumentException(
              "node " + id + " is in two partition groups, " + before + " and " + kept.size());
        }
        members.add(id);
      }
      kept.add(Collections.unmodifiableSet(members));
    }
    return kept.isEmpty() ? NONE : new Partition(List.copyOf(kept), Map.copyOf(index));
  }

  /** The groups, in the order given; the rest is not listed. */
  @JsonProperty("groups")
  public List<Set<NodeId>> groups() {
    return groups;
  }

  /** Whether this partition cuts nothing. */
  @JsonIgnore
  public boolean isNone() {
    return groups.isEmpty();
  }

  /** Whether {@code a} and {@code b} are on different sides of the cut. */
  public boolean separates(NodeId a, NodeId b) {
    return !groups.isEmpty()
        && groupOf.getOrDefault(a, REST).intValue() != groupOf.getOrDefault(b, REST).intValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Partition p && p.groupOf.equals(groupOf);
  }

  @Override
  public int hashCode() {
    return groupOf.hashCode();
  }

  @Override
  public String toString() {
    return "Partition" + groups;
  }
}
