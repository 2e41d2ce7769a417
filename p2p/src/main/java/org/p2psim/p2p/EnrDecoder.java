package org.p2psim.p2p;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.rlp.RlpException;
import org.p2psim.api.rlp.RlpItem;
import org.p2psim.p2p.crypto.Keccak;
import org.p2psim.p2p.crypto.Secp256k1;

/**
 * Reads the text form of an EIP-778 node record ({@code enr:<base64url>}) into an {@link Enode},
 * checking it as go-ethereum's {@code enode.Parse} does: at most 300 bytes, strict RLP, keys sorted
 * and unique, identity scheme "v4" and a valid signature.
 */
final class EnrDecoder {
  /** The maximum encoded size of a record (EIP-778). */
  static final int SIZE_LIMIT = 300;

  private static final byte[] ID = ascii("id");
  private static final byte[] SECP256K1 = ascii("secp256k1");

  private EnrDecoder() {}

  static Enode decode(String text) {
    byte[] raw = base64UrlRaw(text, text.substring("enr:".length()));
    if (raw.length == 0) {
      throw new BadEnodeException(text, "EOF (the record is empty)");
    }
    if (raw.length > SIZE_LIMIT) {
      throw new BadEnodeException(
          text, "record bigger than " + SIZE_LIMIT + " bytes (got " + raw.length + ")");
    }
    RlpItem record;
    try {
      record = Rlp.decode(raw);
    } catch (RlpException e) {
      throw new BadEnodeException(text, "invalid node record (" + e.getMessage() + ")");
    }
    if (!record.isList()) {
      throw new BadEnodeException(text, "invalid node record (expected an RLP list, got a string)");
    }
    if (record.size() < 2) {
      throw new BadEnodeException(text, "invalid node record (incomplete list)");
    }
    if ((record.size() - 2) % 2 != 0) {
      throw new BadEnodeException(text, "invalid node record (incomplete key/value pair)");
    }
    try {
      record.get(1).asLong(); // seq, a uint64
      byte[] previous = null;
      for (int i = 2; i < record.size(); i += 2) {
        byte[] key = record.get(i).asBytes();
        if (previous != null) {
          int order = Arrays.compareUnsigned(key, previous);
          if (order == 0) {
            throw new BadEnodeException(text, "record contains duplicate key");
          }
          if (order < 0) {
            throw new BadEnodeException(text, "record key/value pairs are not sorted by key");
          }
        }
        previous = key;
      }
    } catch (RlpException e) {
      throw new BadEnodeException(text, "invalid node record (" + e.getMessage() + ")");
    }

    RlpItem scheme = value(record, ID);
    RlpItem compressed = value(record, SECP256K1);
    byte[] signature = record.get(0).isList() ? null : record.get(0).asBytes();
    if (scheme == null
        || scheme.isList()
        || !Arrays.equals(scheme.asBytes(), ascii("v4"))
        || signature == null) {
      throw new BadEnodeException(text, "invalid signature on node record (not a \"v4\" record)");
    }
    if (compressed == null) {
      throw new BadEnodeException(text, "missing ENR key \"secp256k1\"");
    }
    if (compressed.isList() || compressed.asBytes().length != 33) {
      throw new BadEnodeException(text, "invalid public key");
    }
    Secp256k1 ec = Secp256k1.get();
    byte[] publicKey;
    try {
      publicKey = ec.decompressPublicKey(compressed.asBytes());
    } catch (IllegalArgumentException e) {
      throw new BadEnodeException(
          text, "invalid signature on node record (" + e.getMessage() + ")");
    }
    byte[][] content = new byte[record.size() - 1][];
    for (int i = 1; i < record.size(); i++) {
      content[i - 1] = record.get(i).encoded();
    }
    byte[] hash = Keccak.keccak256(Rlp.encodeList(content));
    if (!ec.verify(signature, hash, publicKey)) {
      throw new BadEnodeException(text, "invalid signature on node record");
    }
    return toEnode(record, publicKey);
  }

  private static Enode toEnode(RlpItem record, byte[] publicKey) {
    byte[] ip4 = bytes(value(record, ascii("ip")), 4);
    byte[] ip6 = bytes(value(record, ascii("ip6")), 16);
    if (ip4 == null && ip6 == null) {
      return new Enode(publicKey, null, 0, 0);
    }
    int tcp = port(value(record, ascii("tcp")));
    int udp = port(value(record, ascii("udp")));
    if (ip4 == null) {
      int tcp6 = port(value(record, ascii("tcp6")));
      int udp6 = port(value(record, ascii("udp6")));
      tcp = tcp6 != 0 ? tcp6 : tcp;
      udp = udp6 != 0 ? udp6 : udp;
    }
    return new Enode(publicKey, IpLiteral.format(ip4 != null ? ip4 : ip6), tcp, udp);
  }

  private static RlpItem value(RlpItem record, byte[] key) {
    for (int i = 2; i < record.size(); i += 2) {
      if (Arrays.equals(record.get(i).asBytes(), key)) {
        return record.get(i + 1);
      }
    }
    return null;
  }

  private static byte[] bytes(RlpItem item, int length) {
    if (item == null || item.isList()) {
      return null;
    }
    byte[] b = item.asBytes();
    return b.length == length ? b : null;
  }

  /** Reads a port entry; like go-ethereum's {@code Load}, treats a malformed one as absent. */
  private static int port(RlpItem item) {
    if (item == null || item.isList()) {
      return 0;
    }
    try {
      long value = item.asLong();
      return value <= 0xffff ? (int) value : 0;
    } catch (RlpException e) {
      return 0;
    }
  }

  /**
   * Decodes unpadded base64url like go's {@code base64.RawURLEncoding}, reporting the offset of the
   * first bad byte as go does.
   */
  static byte[] base64UrlRaw(String text, String b64) {
    int n = b64.length();
    if (n % 4 == 1) {
      // A lone trailing character cannot hold a whole byte; go reports its offset, or that of an
      // earlier invalid character.
      int bad = firstInvalid(b64);
      throw new BadEnodeException(
          text, "illegal base64 data at input byte " + (bad >= 0 ? bad : n - 1));
    }
    int bad = firstInvalid(b64);
    if (bad >= 0) {
      throw new BadEnodeException(text, "illegal base64 data at input byte " + bad);
    }
    byte[] out = new byte[n * 3 / 4];
    int bits = 0;
    int buffer = 0;
    int pos = 0;
    for (int i = 0; i < n; i++) {
      buffer = ((buffer << 6) | sextet(b64.charAt(i))) & 0xffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[pos++] = (byte) (buffer >> bits);
      }
    }
    return pos == out.length ? out : Arrays.copyOf(out, pos);
  }

  private static int firstInvalid(String b64) {
    for (int i = 0; i < b64.length(); i++) {
      if (sextet(b64.charAt(i)) < 0) {
        return i;
      }
    }
    return -1;
  }

  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '-') {
      return 62;
    }
    if (c == '_') {
      return 63;
    }
    return -1;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
