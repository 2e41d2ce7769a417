package org.p2psim.p2p;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.p2p.crypto.Keccak;
import org.p2psim.p2p.crypto.Secp256k1;

/**
 * Writes a node's record (EIP-778, "v4" identity scheme) in its text form {@code enr:...}, as
 * {@code admin_nodeInfo} shows it. {@link Enode#parse} reads such records.
 */
public final class Enr {
  private Enr() {}

  /**
   * Signs a record with {@code key}: {@code id}, {@code ip} (IPv4 only), {@code secp256k1}, and
   * {@code tcp} and {@code udp} when not 0.
   *
   * @throws IllegalArgumentException when {@code ip} is not an IPv4 literal
   */
  public static String encode(NodeKey key, long seq, String ip, int tcp, int udp) {
    requireNonNull(key, "key");
    Secp256k1 ec = Secp256k1.get();
    // Keys in sorted order, as the record format requires.
    List<byte[]> pairs = new ArrayList<>();
    pairs.add(Rlp.encodeString("id"));
    pairs.add(Rlp.encodeString("v4"));
    if (ip != null) {
      pairs.add(Rlp.encodeString("ip"));
      pairs.add(Rlp.encodeBytes(ipv4(ip)));
    }
    pairs.add(Rlp.encodeString("secp256k1"));
    pairs.add(Rlp.encodeBytes(ec.compressPublicKey(key.publicKey())));
    if (tcp != 0) {
      pairs.add(Rlp.encodeString("tcp"));
      pairs.add(Rlp.encodeLong(tcp));
    }
    if (udp != 0) {
      pairs.add(Rlp.encodeString("udp"));
      pairs.add(Rlp.encodeLong(udp));
    }
    List<byte[]> content = new ArrayList<>();
    content.add(Rlp.encodeLong(seq));
    content.addAll(pairs);
    byte[] signature =
        Arrays.copyOf(ec.sign(key.privateKey(), Keccak.keccak256(Rlp.encodeList(content))), 64);
    List<byte[]> record = new ArrayList<>();
    record.add(Rlp.encodeBytes(signature));
    record.addAll(content);
    return "enr:" + Base64.getUrlEncoder().withoutPadding().encodeToString(Rlp.encodeList(record));
  }

  private static byte[] ipv4(String ip) {
    try {
      if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        throw new UnknownHostException(ip);
      }
      InetAddress a = InetAddress.getByName(ip);
      if (a instanceof Inet4Address) {
        return a.getAddress();
      }
    } catch (UnknownHostException e) {
      // fall through
    }
    throw new IllegalArgumentException(
        "bad ip \"" + ip + "\" for a node record: expected an IPv4 literal");
  }
}
