package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.p2p.Vectors.hex;
import static org.p2psim.p2p.Vectors.toHex;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.p2p.crypto.Keccak;
import org.p2psim.p2p.crypto.Secp256k1;

class EnodeTest {
  private static final JsonNode FILE = Vectors.load("enode-url.json");
  private static final String KEY = FILE.get("test_pubkey").asText();

  static Stream<Arguments> cases() {
    return StreamSupport.stream(FILE.get("cases").spliterator(), false)
        .map(c -> Arguments.of("\"" + c.get("input").asText() + "\"", c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goEthereumParseNodeTests(String name, JsonNode c) {
    String input = c.get("input").asText();
    if (c.has("error")) {
      var e = assertThrows(BadEnodeException.class, () -> Enode.parse(input));
      assertTrue(e.getMessage().startsWith("bad enode URL \"" + input + "\": "), e.getMessage());
      assertTrue(
          e.getMessage().contains(c.get("error").asText()),
          "expected \"" + c.get("error").asText() + "\" in: " + e.getMessage());
      assertEquals(input, e.input());
      return;
    }
    Enode node = Enode.parse(input);
    if (input.startsWith("enr:")) {
      // "valid ENR: key 45a9…f2d8, ip 127.0.0.1, udp 30303, seq 99"
      String note = c.get("note").asText();
      String priv = note.substring(note.indexOf("key ") + 4, note.indexOf("key ") + 68);
      assertEquals(NodeKey.parse(priv).publicKeyHex(), toHex(node.publicKey()));
      assertEquals("127.0.0.1", node.host());
      assertEquals(30303, node.udpPort());
      assertEquals(0, node.tcpPort());
      assertEquals(
          "enode://" + NodeKey.parse(priv).publicKeyHex() + "@127.0.0.1:0?discport=30303",
          node.url());
      return;
    }
    assertEquals(c.get("pubkey").asText(), toHex(node.publicKey()));
    JsonNode ip = c.get("ip");
    JsonNode hostname = c.get("hostname");
    String expectedHost =
        ip != null && !ip.isNull()
            ? ip.asText()
            : hostname != null && !hostname.isNull() ? hostname.asText() : null;
    assertEquals(expectedHost, node.host());
    assertEquals(c.get("tcp").asInt(), node.tcpPort());
    assertEquals(c.get("udp").asInt(), node.udpPort());
    if (c.path("string_roundtrip").asBoolean()) {
      assertEquals(input, node.toString());
      assertEquals(input, node.url());
    }
    assertEquals(node, Enode.parse(node.url()));
    assertEquals(FILE.get("test_pubkey_node_id_keccak256").asText(), node.id().hex());
  }

  @Test
  void pinsTheWholeMessage() {
    var e =
        assertThrows(
            BadEnodeException.class, () -> Enode.parse("enode://01010101@123.124.125.126:3"));
    assertEquals(
        "bad enode URL \"enode://01010101@123.124.125.126:3\": invalid public key (wrong length,"
            + " want 128 hex chars); expected enode://<128 hex chars>@<host>:<port>"
            + "[?discport=<port>]",
        e.getMessage());
    assertEquals(
        "invalid public key (wrong length, want 128 hex chars); expected enode://<128 hex"
            + " chars>@<host>:<port>[?discport=<port>]",
        e.problem());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://foobar                         | invalid URL scheme, want \"enode\"",
        "://foo                                | invalid URL scheme, want \"enode\"",
        "enode://1.2.3.4:30303                 | does not contain node ID",
        "enode:KEY@1.2.3.4:30303               | does not contain node ID",
        "enode://KEY@1.2.3.4                   | invalid port",
        "enode://KEY@1.2.3.4:                  | invalid port",
        "enode://KEY@1.2.3.4:65536             | invalid port",
        "enode://KEY@1.2.3.4:-1                | invalid port",
        "enode://KEY@[::1]x                    | invalid port",
        "enode://KEY@1.2.3.4:3?discport=65536  | invalid discport in query",
        "enode://KEY@1.2.3.4:3?discport=-1     | invalid discport in query",
        "enode://KEY@:30303                    | missing host",
        "enode://KEY@a:b:30303                 | invalid host",
        "enode://KEY@[not-an-ip]:30303         | invalid IP address",
        "enode://KEY@[::1:30303                | missing ']' in host",
        "enode://KEY@host name:30303           | invalid host",
        "enode://zz@1.2.3.4:30303              | invalid public key (encoding/hex: invalid byte: U+007A 'z')",
        "enode://abc@1.2.3.4:30303             | invalid public key (encoding/hex: odd length hex string)",
        "enode://KEY:pw@1.2.3.4:30303          | invalid public key (encoding/hex: invalid byte: U+003A ':')",
        "enode://OFFCURVE@1.2.3.4:30303        | invalid public key (invalid secp256k1 public key)",
        "OFFCURVE                              | invalid public key (invalid secp256k1 public key)",
      })
  void parseV4Rejects(String template, String expected) {
    String offCurve = KEY.substring(0, 127) + (KEY.endsWith("9") ? "8" : "9");
    String input = template.replace("OFFCURVE", offCurve).replace("KEY", KEY);
    var e = assertThrows(BadEnodeException.class, () -> Enode.parseV4(input));
    assertTrue(
        e.getMessage().startsWith("bad enode URL \"" + input + "\": " + expected), e.getMessage());
  }

  @Test
  void parseV4AcceptsTheBareKeyAndAnyCase() {
    Enode bare = Enode.parseV4(KEY.toUpperCase());
    assertNull(bare.host());
    assertFalse(bare.hasEndpoint());
    assertEquals("enode://" + KEY, bare.url());
    Enode upper = Enode.parseV4("ENODE://" + KEY + "@1.2.3.4:30303");
    assertEquals("enode://" + KEY + "@1.2.3.4:30303", upper.url());
    // enode.Parse wants the exact lower-case prefix.
    assertThrows(BadEnodeException.class, () -> Enode.parse("ENODE://" + KEY + "@1.2.3.4:30303"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[2001:DB8:0:0:0:0:0:1]:30303       | [2001:db8::1]:30303",
        "[::ffff:10.0.0.1]:30303            | 10.0.0.1:30303",
        "[1.2.3.4]:30303                    | 1.2.3.4:30303",
        "[0:0:0:0:0:0:0:0]:1                | [::]:1",
        "[1:0:0:2:0:0:0:3]:1                | [1:0:0:2::3]:1",
        "[1:0:0:2:0:0:3:4]:1                | [1::2:0:0:3:4]:1",
        "[1:0:2:3:4:5:6:7]:1                | [1:0:2:3:4:5:6:7]:1",
        "[::1.2.3.4]:1                      | [::102:304]:1",
        "1.2.3.4:030303                     | 1.2.3.4:30303",
        "1.2.3.4:30303/some/path#frag       | 1.2.3.4:30303",
        "1.2.3.4:30303?x=1&discport=30301   | 1.2.3.4:30303?discport=30301",
        "1.2.3.4:30303?discport=            | 1.2.3.4:30303",
        "1.2.3.4:30303?discport=%33%30      | 1.2.3.4:30303?discport=30",
        "1.2.3.04:30303                     | 1.2.3.04:30303",
        "my-host.example:30303              | my-host.example:30303",
        "localhost:0                        | localhost:0",
      })
  void normalisesWhatItAccepts(String endpoint, String printed) {
    Enode node = Enode.parse("enode://" + KEY + "@" + endpoint);
    assertEquals("enode://" + KEY + "@" + printed, node.url());
    assertEquals(node, Enode.parse(node.url()));
  }

  @Test
  void leadingZeroIpv4IsAHostName() {
    // go's net.ParseIP rejects "1.2.3.04", so go-ethereum keeps it as a DNS name, as we do.
    Enode node = Enode.parse("enode://" + KEY + "@1.2.3.04:30303");
    assertTrue(node.ipAddress().isEmpty());
  }

  @Test
  void ofAndAccessors() throws Exception {
    byte[] pub = hex(KEY);
    Enode node = Enode.of(pub, "::1", 30303);
    assertEquals("enode://" + KEY + "@[::1]:30303", node.url());
    assertEquals(InetAddress.getByName("::1"), node.ipAddress().orElseThrow());
    assertEquals(node, Enode.of(pub.clone(), "0:0:0:0:0:0:0:1", 30303));
    assertEquals(node.hashCode(), Enode.of(pub.clone(), "0:0:0:0:0:0:0:1", 30303).hashCode());
    assertNotEquals(node, Enode.of(pub, "::1", 30304));
    pub[0] ^= 1;
    assertEquals(KEY, toHex(node.publicKey()));
    node.publicKey()[0] ^= 1;
    assertEquals(KEY, toHex(node.publicKey()));
    assertEquals(
        "enode://" + KEY + "@10.0.0.1:1?discport=2", node.withEndpoint("10.0.0.1", 1, 2).url());
  }

  @Test
  void constructorRejectsBadFields() {
    byte[] pub = hex(KEY);
    assertThrows(IllegalArgumentException.class, () -> Enode.of(pub, "1.2.3.4", 65536));
    assertThrows(IllegalArgumentException.class, () -> Enode.of(pub, "1.2.3.4", -1));
    assertThrows(IllegalArgumentException.class, () -> Enode.of(pub, "bad host", 1));
    assertThrows(IllegalArgumentException.class, () -> new Enode(pub, null, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> Enode.of(new byte[64], "1.2.3.4", 1));
    assertThrows(
        IllegalArgumentException.class, () -> Enode.of(Arrays.copyOf(pub, 63), "1.2.3.4", 1));
  }

  // ENR: records built and signed here, to exercise the checks go-ethereum makes.

  private static final NodeKey ENR_KEY = NodeKey.generate();

  private static String enr(boolean sign, Object... pairs) {
    byte[][] content = new byte[1 + pairs.length][];
    content[0] = Rlp.encodeLong(7);
    for (int i = 0; i < pairs.length; i++) {
      Object p = pairs[i];
      content[i + 1] =
          p instanceof String s
              ? Rlp.encodeBytes(s.getBytes(StandardCharsets.US_ASCII))
              : p instanceof Integer n ? Rlp.encodeLong(n) : Rlp.encodeBytes((byte[]) p);
    }
    byte[] hash = Keccak.keccak256(Rlp.encodeList(content));
    byte[] sig =
        sign ? Arrays.copyOf(Secp256k1.get().sign(ENR_KEY.privateKey(), hash), 64) : new byte[64];
    byte[][] all = new byte[content.length + 1][];
    all[0] = Rlp.encodeBytes(sig);
    System.arraycopy(content, 0, all, 1, content.length);
    return "enr:" + Base64.getUrlEncoder().withoutPadding().encodeToString(Rlp.encodeList(all));
  }

  private static byte[] compressed() {
    return Secp256k1.get().compressPublicKey(ENR_KEY.publicKey());
  }

  @Test
  void enrWithIpv4AndPorts() {
    Enode node =
        Enode.parse(
            enr(
                true,
                "id",
                "v4",
                "ip",
                new byte[] {10, 0, 0, 7},
                "secp256k1",
                compressed(),
                "tcp",
                30303,
                "udp",
                30301));
    assertEquals(
        "enode://" + ENR_KEY.publicKeyHex() + "@10.0.0.7:30303?discport=30301", node.url());
  }

  @Test
  void enrWithoutIpHasNoEndpoint() {
    Enode node = Enode.parse(enr(true, "id", "v4", "secp256k1", compressed()));
    assertEquals("enode://" + ENR_KEY.publicKeyHex(), node.url());
  }

  @Test
  void enrWithIpv6() {
    byte[] ip6 = new byte[16];
    ip6[15] = 1;
    Enode node =
        Enode.parse(enr(true, "id", "v4", "ip6", ip6, "secp256k1", compressed(), "tcp6", 5));
    assertEquals("enode://" + ENR_KEY.publicKeyHex() + "@[::1]:5?discport=0", node.url());
  }

  @Test
  void enrRejects() {
    assertEnrError(
        "record key/value pairs are not sorted by key",
        enr(true, "secp256k1", compressed(), "id", "v4"));
    assertEnrError(
        "record contains duplicate key",
        enr(true, "id", "v4", "id", "v4", "secp256k1", compressed()));
    assertEnrError(
        "invalid signature on node record", enr(false, "id", "v4", "secp256k1", compressed()));
    assertEnrError(
        "invalid signature on node record", enr(true, "id", "v5", "secp256k1", compressed()));
    assertEnrError("missing ENR key \"secp256k1\"", enr(true, "id", "v4"));
    assertEnrError("incomplete key/value pair", enr(true, "id", "v4", "secp256k1"));
    assertEnrError("illegal base64 data at input byte 2", "enr:ab=c");
    assertEnrError("illegal base64 data at input byte 4", "enr:abcde");
    assertEnrError("invalid node record (rlp:", "enr:uA");
    assertEnrError("invalid node record (expected an RLP list", "enr:gA");
    byte[] big = new byte[301];
    assertEnrError(
        "record bigger than 300 bytes",
        "enr:" + Base64.getUrlEncoder().withoutPadding().encodeToString(big));
  }

  private static void assertEnrError(String expected, String input) {
    var e = assertThrows(BadEnodeException.class, () -> Enode.parse(input));
    assertTrue(
        e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
  }

  /** Fuzz finding (issue 11): {@code Character.digit} let other scripts' digits into an IP. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[::\u0661]:30303                  | invalid IP address \"::\u0661\" in brackets",
        "[\uff11\uff12\uff13::\uff21]:1  | invalid IP address \"\uff11\uff12\uff13::\uff21\" in brackets",
        "[\u0661::]:1                      | invalid IP address \"\u0661::\" in brackets",
        "[::ffff:\u0661.2.3.4]:1           | invalid IP address \"::ffff:\u0661.2.3.4\" in brackets",
        "[\u0661.2.3.4]:1                  | invalid IP address \"\u0661.2.3.4\" in brackets",
        "\u0661.2.3.4:1                    | invalid host \"\u0661.2.3.4\"",
        "1.2.3.\uff14:1                    | invalid host \"1.2.3.\uff14\"",
        "1.2.3.4:\u0663\u0660             | invalid port",
        "1.2.3.4:\uff13\uff10             | invalid port",
        "[::1]:\u0661                      | invalid port",
        "1.2.3.4:3?discport=\u0663\u0660  | invalid discport in query",
      })
  void onlyAsciiDigitsMakeAnIpOrAPort(String endpoint, String expected) {
    String input = "enode://" + KEY + "@" + endpoint;
    var e = assertThrows(BadEnodeException.class, () -> Enode.parse(input), input);
    assertTrue(
        e.getMessage().startsWith("bad enode URL \"" + input + "\": " + expected), e.getMessage());
  }

  @Test
  void onlyAsciiHexMakesAnIpv6GroupOrAPercentEscape() {
    assertNull(IpLiteral.parse("::\u0661"));
    assertNull(IpLiteral.parse("\uff11\uff12\uff13::\uff21"));
    assertNull(IpLiteral.parse("fe80::\uff41"));
    assertNull(IpLiteral.parse("\u0967::1")); // Devanagari one
    // go's url.ParseQuery drops a pair with a bad escape; "%\u0663\u0660" is not "%30" ("0").
    Enode node = Enode.parse("enode://" + KEY + "@1.2.3.4:30303?discport=%\u0663\u0660");
    assertEquals(30303, node.udpPort());
    byte[] key = hex(KEY);
    for (String host : new String[] {"::\u0661", "\uff11\uff12\uff13::\uff21", "\u0661.2.3.4"}) {
      var e = assertThrows(IllegalArgumentException.class, () -> Enode.of(key, host, 1));
      assertEquals(
          "bad enode host \"" + host + "\": expected an IP address or a DNS name", e.getMessage());
    }
  }

  @Test
  void ipLiterals() {
    assertArrayEquals(new byte[] {1, 2, 3, 4}, IpLiteral.parse("1.2.3.4"));
    assertNull(IpLiteral.parse("1.2.3"));
    assertNull(IpLiteral.parse("1.2.3.4.5"));
    assertNull(IpLiteral.parse("256.1.1.1"));
    assertNull(IpLiteral.parse("1..2.3"));
    assertNull(IpLiteral.parse("01.2.3.4"));
    assertNull(IpLiteral.parse("1:2:3:4:5:6:7"));
    assertNull(IpLiteral.parse("1:2:3:4:5:6:7:8:9"));
    assertNull(IpLiteral.parse("1::2::3"));
    assertNull(IpLiteral.parse("1:2:3:4:5:6:7::8"));
    assertNull(IpLiteral.parse("12345::"));
    assertNull(IpLiteral.parse(":1::"));
    assertNull(IpLiteral.parse("1:"));
    assertNull(IpLiteral.parse("fe80::1%eth0"));
    assertEquals("::", IpLiteral.format(IpLiteral.parse("::")));
    assertEquals("1::", IpLiteral.format(IpLiteral.parse("1::")));
    assertEquals("::1:2", IpLiteral.format(IpLiteral.parse("0:0:0:0:0:0:1:2")));
    assertEquals("1:2:3:4:5:6:7:8", IpLiteral.format(IpLiteral.parse("1:2:3:4:5:6:7:8")));
    assertEquals("1:2:3:4:5:6::", IpLiteral.format(IpLiteral.parse("1:2:3:4:5:6:0:0")));
    assertEquals("1:2:3:4:5:6:0:7", IpLiteral.format(IpLiteral.parse("1:2:3:4:5:6:0:7")));
    assertEquals("1:0:0:4::", IpLiteral.format(IpLiteral.parse("1:0:0:4:0:0:0:0")));
    assertEquals("1:0:0:4::5", IpLiteral.format(IpLiteral.parse("1:0:0:4:0:0:0:5")));
    assertEquals("1::4:0:0:5:6", IpLiteral.format(IpLiteral.parse("1:0:0:4:0:0:5:6")));
    assertEquals("1.2.3.4", IpLiteral.format(IpLiteral.parse("::ffff:1.2.3.4")));
    assertEquals("64:ff9b::102:304", IpLiteral.format(IpLiteral.parse("64:ff9b::1.2.3.4")));
  }
}
