package org.p2psim.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A node's identity: the Keccak-256 hash of its 64-byte secp256k1 public key, as in devp2p's v4
 * identity scheme. Written as 64 lowercase hex characters without {@code 0x}.
 *
 * <p>The bytes are copied on the way in and out, so a {@code NodeId} is immutable.
 */
public final class NodeId implements Comparable<NodeId> {
  /** Length of a node id in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private NodeId(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps 32 bytes as a node id.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
   */
  public static NodeId of(byte[] bytes) {
    requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "bad node id: expected " + LENGTH + " bytes, got " + bytes.length);
    }
    return new NodeId(bytes.clone());
  }

  /**
   * Parses 64 hex characters, with or without a {@code 0x} prefix, in either case.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code hex}
   */
  @JsonCreator
  public static NodeId parse(String hex) {
    requireNonNull(hex, "hex");
    String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (digits.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "bad node id \"" + hex + "\": expected 64 hex characters, got " + digits.length());
    }
    try {
      return new NodeId(HEX.parseHex(digits));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bad node id \"" + hex + "\": not hexadecimal (" + e.getMessage() + ")", e);
    }
  }

  /** Returns a copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Returns the 64 lowercase hex characters, without {@code 0x}. */
  @JsonValue
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** Returns the first 12 hex characters, the short form used in logs and directory names. */
  public String shortHex() {
    return hex().substring(0, 12);
  }

  @Override
  public int compareTo(NodeId other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Same as {@link #hex()}. */
  @Override
  public String toString() {
    return hex();
  }
}
