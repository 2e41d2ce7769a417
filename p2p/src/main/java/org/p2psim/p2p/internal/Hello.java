package org.p2psim.p2p.internal;

import java.util.ArrayList;
import java.util.List;
import org.p2psim.api.Capability;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.rlp.RlpException;
import org.p2psim.api.rlp.RlpItem;

/**
 * The base protocol's Hello: {@code [protocolVersion, clientId, [[cap, version]...], listenPort,
 * nodeKey, ...]}. Extra trailing elements are ignored, as EIP-8 asks.
 */
public record Hello(
    long protocolVersion,
    String clientId,
    List<Capability> capabilities,
    long listenPort,
    byte[] nodeKey) {

  /** The base protocol version p2psim speaks: 5, with snappy. */
  public static final int VERSION = 5;

  /** go-ethereum's limit on an encoded Hello. */
  public static final int MAX_SIZE = 2048;

  public Hello {
    capabilities = List.copyOf(capabilities);
  }

  /** Encodes the Hello; capabilities go out sorted by name then version (spec §7). */
  public byte[] encode() {
    List<byte[]> caps = new ArrayList<>();
    for (Capability c : capabilities.stream().sorted().toList()) {
      caps.add(Rlp.encodeList(Rlp.encodeString(c.name()), Rlp.encodeLong(c.version())));
    }
    return Rlp.encodeList(
        Rlp.encodeLong(protocolVersion),
        Rlp.encodeString(clientId),
        Rlp.encodeList(caps),
        Rlp.encodeLong(listenPort),
        Rlp.encodeBytes(nodeKey));
  }

  /**
   * Decodes a Hello payload.
   *
   * @throws RlpException when it is not one, including a capability whose name {@link Capability}
   *     refuses
   */
  public static Hello decode(byte[] payload) {
    if (payload.length > MAX_SIZE) {
      throw new RlpException("hello of " + payload.length + " bytes is too big", -1);
    }
    RlpItem hello = Rlp.decode(payload);
    if (hello.size() < 5) {
      throw new RlpException("hello has " + hello.size() + " elements, expected at least 5", 0);
    }
    List<Capability> caps = new ArrayList<>();
    for (RlpItem cap : hello.get(2).asList()) {
      if (cap.size() < 2) {
        throw new RlpException("capability has " + cap.size() + " elements, expected 2", 0);
      }
      String name = cap.get(0).asString();
      int version = (int) lenientUint(cap.get(1));
      try {
        caps.add(new Capability(name, version));
      } catch (IllegalArgumentException e) {
        // A name Capability refuses (empty, over 8, '/', not ASCII) is bad input like any other.
        throw new RlpException("hello capability " + caps.size() + ": " + e.getMessage(), -1);
      }
    }
    return new Hello(
        hello.get(0).asLong(),
        hello.get(1).asString(),
        caps,
        hello.get(3).asLong(),
        hello.get(4).asBytes());
  }

  // Some peers encode version 0 as 0x00 instead of 0x80 (spec §7): accept it.
  private static long lenientUint(RlpItem item) {
    byte[] b = item.asBytes();
    if (b.length == 1 && b[0] == 0) {
      return 0;
    }
    long v = item.asLong();
    if (v > Integer.MAX_VALUE) {
      throw new RlpException("capability version " + v + " is too large", 0);
    }
    return v;
  }
}
