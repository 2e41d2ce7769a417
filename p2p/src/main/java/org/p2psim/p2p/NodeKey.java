package org.p2psim.p2p;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.p2psim.api.NodeId;
import org.p2psim.p2p.crypto.Keccak;
import org.p2psim.p2p.crypto.Secp256k1;

/**
 * A node's secp256k1 key pair: the 32-byte private key and its 64-byte public key {@code X ‖ Y}
 * (the devp2p "node ID" of enode URLs and Hello messages).
 *
 * <p>The arrays are copied on the way in and out. {@link #toString()} never shows the private key.
 *
 * @param privateKey the 32-byte big-endian scalar {@code d}, {@code 1 <= d < n}
 * @param publicKey the 64-byte public key {@code X ‖ Y} of {@code privateKey}
 */
public record NodeKey(byte[] privateKey, byte[] publicKey) {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Validates the key pair.
   *
   * @throws IllegalArgumentException if the private key is not in {@code [1, n)}, or the public key
   *     is not the one of the private key
   */
  public NodeKey {
    requireNonNull(privateKey, "privateKey");
    requireNonNull(publicKey, "publicKey");
    byte[] derived = Secp256k1.get().publicKey(privateKey);
    if (publicKey.length != Secp256k1.PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "bad public key: expected "
              + Secp256k1.PUBLIC_KEY_LENGTH
              + " bytes X ‖ Y, got "
              + publicKey.length);
    }
    if (!Arrays.equals(derived, publicKey)) {
      throw new IllegalArgumentException(
          "bad node key: the public key " + HEX.formatHex(publicKey) + " is not the private key's");
    }
    privateKey = privateKey.clone();
    publicKey = derived;
  }

  /** Returns a fresh random key pair. */
  public static NodeKey generate() {
    return fromPrivateKey(Secp256k1.get().generatePrivateKey());
  }

  /**
   * Returns the key pair of a 32-byte private key.
   *
   * @throws IllegalArgumentException if the key is not 32 bytes, is zero, or is not less than n
   */
  public static NodeKey fromPrivateKey(byte[] privateKey) {
    return new NodeKey(privateKey, Secp256k1.get().publicKey(privateKey));
  }

  /**
   * Parses a private key written as 64 hex characters, with or without {@code 0x}, in either case.
   *
   * @throws IllegalArgumentException naming what is wrong, without echoing the key
   */
  public static NodeKey parse(String hex) {
    requireNonNull(hex, "hex");
    String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (digits.length() != 2 * Secp256k1.PRIVATE_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "bad private key: expected 64 hex characters, got " + digits.length());
    }
    byte[] key;
    try {
      key = HEX.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bad private key: expected 64 hex characters, got a non-hex character");
    }
    return fromPrivateKey(key);
  }

  /**
   * Returns the node id of a 64-byte public key: its Keccak-256 hash.
   *
   * @throws IllegalArgumentException if {@code publicKey} is not 64 bytes
   */
  public static NodeId idOf(byte[] publicKey) {
    requireNonNull(publicKey, "publicKey");
    if (publicKey.length != Secp256k1.PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "bad public key: expected "
              + Secp256k1.PUBLIC_KEY_LENGTH
              + " bytes X ‖ Y, got "
              + publicKey.length);
    }
    return NodeId.of(Keccak.keccak256(publicKey));
  }

  /** Returns a copy of the 32-byte private key. */
  @Override
  public byte[] privateKey() {
    return privateKey.clone();
  }

  /** Returns a copy of the 64-byte public key. */
  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Returns this node's id: the Keccak-256 hash of the public key. */
  public NodeId id() {
    return NodeId.of(Keccak.keccak256(publicKey));
  }

  /** Returns the private key as 64 lowercase hex characters, for persisting it. */
  public String privateKeyHex() {
    return HEX.formatHex(privateKey);
  }

  /** Returns the public key as 128 lowercase hex characters. */
  public String publicKeyHex() {
    return HEX.formatHex(publicKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeKey other && MessageDigest.isEqual(privateKey, other.privateKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  /** Shows the node id and public key; never the private key. */
  @Override
  public String toString() {
    return "NodeKey[id=" + id().hex() + ", publicKey=" + publicKeyHex() + "]";
  }
}
