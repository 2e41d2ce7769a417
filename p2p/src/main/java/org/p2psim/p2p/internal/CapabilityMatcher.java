package org.p2psim.p2p.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out the capabilities two nodes share on the wire, as devp2p specifies: only name and version
 * matches count, the highest shared version of each name wins, and names are laid out
 * alphabetically from code 0x10, each taking as many codes as it has messages.
 */
public final class CapabilityMatcher {

  /** Message codes below this belong to the base protocol. */
  public static final int BASE_PROTOCOL_LENGTH = 16;

  private CapabilityMatcher() {}

  /** A protocol offered locally. */
  public record Offer<T>(String name, int version, int length, T protocol) {}

  /** A protocol both sides run, with its first wire code. */
  public record Match<T>(Offer<T> offer, int offset) {
    /** Whether the wire code falls in this protocol's range. */
    public boolean owns(long wireCode) {
      return wireCode >= offset && wireCode < offset + offer.length();
    }
  }

  /** A capability as announced on the wire (the name may be anything the peer sent). */
  public record Cap(String name, int version) {}

  /**
   * Matches the remote's capabilities against the local offers.
   *
   * @return the shared protocols in wire order
   */
  public static <T> List<Match<T>> match(
      Collection<org.p2psim.api.Capability> remote, Collection<Offer<T>> local) {
    return matchCaps(remote.stream().map(c -> new Cap(c.name(), c.version())).toList(), local);
  }

  /** Like {@link #match}, on raw wire capabilities. */
  public static <T> List<Match<T>> matchCaps(Collection<Cap> remote, Collection<Offer<T>> local) {
    List<Cap> sorted =
        remote.stream()
            .sorted(Comparator.comparing(Cap::name).thenComparingInt(Cap::version))
            .toList();
    Map<String, Offer<T>> chosen = new LinkedHashMap<>();
    for (Cap cap : sorted) {
      for (Offer<T> offer : local) {
        if (offer.name().equals(cap.name()) && offer.version() == cap.version()) {
          // Sorted by version too, so a later match of the same name is a higher version.
          chosen.put(cap.name(), offer);
        }
      }
    }
    List<Match<T>> out = new ArrayList<>();
    int offset = BASE_PROTOCOL_LENGTH;
    for (Offer<T> offer : chosen.values()) {
      out.add(new Match<>(offer, offset));
      offset += offer.length();
    }
    return out;
  }
}
