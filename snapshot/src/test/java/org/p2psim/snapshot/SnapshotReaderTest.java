package org.p2psim.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.p2psim.api.Link;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;

class SnapshotReaderTest {
  private static final String KEY_A = "01".repeat(32);
  private static final String KEY_B = "02".repeat(32);
  private static final NodeId A = NodeId.parse("aa".repeat(32));
  private static final NodeId B = NodeId.parse("bb".repeat(32));
  private final SnapshotReader reader = new SnapshotReader(Set.of("pingpong", "gossip"));

  private static String node(String id, String key, String name, String services, String extra) {
    return "{\"node\":{\"config\":{\"id\":\""
        + id
        + "\",\"private_key\":\""
        + key
        + "\",\"name\":\""
        + name
        + "\",\"services\":"
        + services
        + "},\"up\":true}"
        + extra
        + "}";
  }

  private static String doc(String nodes, String conns) {
    return "{\"nodes\":[" + nodes + "],\"conns\":[" + conns + "]}";
  }

  @Test
  void whatIsWrittenReadsBackTheSame() {
    NetworkSnapshot s =
        new NetworkSnapshot(
            List.of(
                NetworkSnapshot.NodeSnapshot.of(
                    NodeConfig.builder()
                        .id(A)
                        .privateKey(KEY_A)
                        .name("a")
                        .services("pingpong")
                        .build(),
                    true,
                    null,
                    Map.of("pingpong", new byte[] {1, 2, 3})),
                NetworkSnapshot.NodeSnapshot.of(
                    NodeConfig.builder()
                        .id(B)
                        .privateKey(KEY_B)
                        .name("b")
                        .services("gossip")
                        .build(),
                    false,
                    null,
                    Map.of())),
            List.of(new NetworkSnapshot.ConnSnapshot(A, B, true, null)),
            null);
    String json = SnapshotReader.write(s);
    NetworkSnapshot back = reader.read(json);
    assertEquals(s.conns(), back.conns());
    assertEquals(s.nodes().get(0).node().config(), back.nodes().get(0).node().config());
    assertArrayEquals(new byte[] {1, 2, 3}, back.nodes().get(0).stateBytes().get("pingpong"));
    assertEquals(json, SnapshotReader.write(back));
    assertTrue(json.contains("\"snapshots\":{\"pingpong\":\"AQID\"}"), json);
    assertTrue(!json.contains("default_link"), json);
  }

  @Test
  void linkConditionsReadBackAndBadOnesSayWhere() {
    String nodes =
        node(A.hex(), KEY_A, "a", "[\"gossip\"]", "")
            + ","
            + node(B.hex(), KEY_B, "b", "[\"gossip\"]", "");
    String good =
        "{\"nodes\":["
            + nodes
            + "],\"conns\":[{\"one\":\""
            + A.hex()
            + "\",\"other\":\""
            + B.hex()
            + "\",\"up\":true,\"link\":{\"latency\":\"50ms\",\"jitter\":\"5ms\",\"bandwidth\":1000000}}],"
            + "\"default_link\":{\"latency\":\"1.5s\"}}";
    NetworkSnapshot s = reader.read(good);
    assertEquals(
        Link.of(Duration.ofMillis(50), Duration.ofMillis(5), 1_000_000), s.conns().get(0).link());
    assertEquals(Link.NONE.withLatency(Duration.ofMillis(1500)), s.defaultLink());
    assertEquals(s, reader.read(SnapshotReader.write(s)));

    String bad =
        good.replace("\"50ms\"", "\"fast\"")
            .replace("{\"latency\":\"1.5s\"}", "{\"delay\":\"1s\"}");
    SnapshotException e = assertThrows(SnapshotException.class, () -> reader.read(bad));
    assertEquals(2, e.problems().size(), e.problems().toString());
    assertTrue(
        e.problems().get(0).startsWith("conns[0].link: latency \"fast\" is not a duration"),
        e.problems().toString());
    assertTrue(
        e.problems().get(1).startsWith("default_link: Unrecognized field \"delay\""),
        e.problems().toString());
  }

  @Test
  void theReferencesFieldsLoad() {
    String json =
        "{\"nodes\":[{\"node\":{\"info\":{\"id\":\"x\"},\"config\":{\"id\":\"0x"
            + A.hex()
            + "\",\"private_key\":\""
            + KEY_A
            + "\",\"name\":\"\",\"lifecycles\":[\"pingpong\"],\"properties\":null,"
            + "\"enable_msg_events\":true,\"port\":0,\"logfile\":\"\",\"log_verbosity\":3,"
            + "\"external_signer\":\"\",\"reachable\":null},\"up\":true},"
            + "\"snapshots\":{\"pingpong\":\"\"}}],\"conns\":null}";
    NetworkSnapshot s = reader.read(json);
    NodeConfig c = s.nodes().get(0).node().config();
    assertEquals(A, c.id());
    assertNull(c.name());
    assertEquals(List.of("pingpong"), c.services());
    assertTrue(c.enableMsgEvents());
    assertEquals(List.of(), s.conns());
  }

  @Test
  void everyProblemIsFoundAtOnceAndSaysWhere() {
    String json =
        doc(
            node(A.hex(), KEY_A, "a", "[\"flod\"]", "")
                + ","
                + node(A.hex(), "zz", "a", "[\"pingpong\"]", "")
                + ","
                + node(
                    B.hex(),
                    KEY_B,
                    "a",
                    "[\"pingpong\"]",
                    ",\"snapshots\":{\"pingpong\":\"!!\",\"gossip\":\"AA==\"}"),
            "{\"one\":\""
                + A.hex()
                + "\",\"other\":\""
                + "cc".repeat(32)
                + "\"},"
                + "{\"one\":\""
                + B.hex()
                + "\",\"other\":\""
                + B.hex()
                + "\"},"
                + "{\"one\":\""
                + A.hex()
                + "\",\"other\":\""
                + B.hex()
                + "\"},"
                + "{\"one\":\""
                + B.hex()
                + "\",\"other\":\""
                + A.hex()
                + "\"},"
                + "{\"one\":12}");
    SnapshotException e = assertThrows(SnapshotException.class, () -> reader.read(json));
    assertEquals(
        List.of(
            "nodes[0].node.config.services[0]: unknown service \"flod\"; known: gossip, pingpong",
            "nodes[1].node.config: bad private_key: expected 64 hex characters, got 2 characters",
            "nodes[2].snapshots.pingpong: not base64: Illegal base64 character 21",
            "nodes[2].snapshots.gossip: a snapshot for service \"gossip\", which the node does not"
                + " run [pingpong]",
            "nodes[2].node.config.name: \"a\" is also the name of nodes[0].node.config",
            "conns[0]: node " + "cc".repeat(32) + " is not in the snapshot's nodes",
            "conns[1]: a connection from node " + B.hex() + " to itself",
            "conns[3]: the same connection as conns[2]",
            "conns[4].one: expected a node id (64 hex characters), got a number",
            "conns[4].other: expected a node id (64 hex characters), got nothing"),
        e.problems());
    assertTrue(
        e.getMessage().startsWith("bad snapshot: 10 problems: nodes[0].node.config"),
        e.getMessage());
  }

  @Test
  void duplicateIdsNamesAndConnsAreRefused() {
    String json =
        doc(
            node(A.hex(), KEY_A, "a", "[\"pingpong\"]", "")
                + ","
                + node(A.hex(), KEY_B, "a", "[\"pingpong\"]", "")
                + ","
                + node(B.hex(), KEY_B, "b", "[\"pingpong\"]", ""),
            "{\"one\":\""
                + A.hex()
                + "\",\"other\":\""
                + B.hex()
                + "\"},"
                + "{\"one\":\""
                + B.hex()
                + "\",\"other\":\""
                + A.hex()
                + "\"}");
    SnapshotException e = assertThrows(SnapshotException.class, () -> reader.read(json));
    assertEquals(
        List.of(
            "nodes[1].node.config.id: " + A.hex() + " is also the id of nodes[0].node.config",
            "nodes[1].node.config.name: \"a\" is also the name of nodes[0].node.config",
            "conns[1]: the same connection as conns[0]"),
        e.problems());
  }

  @Test
  void notJsonOrNotAnObject() {
    assertEquals(
        "bad snapshot: not JSON at line 1, column 11: Unexpected end-of-input: expected close"
            + " marker for Array",
        assertThrows(SnapshotException.class, () -> reader.read("{\"nodes\":[")).getMessage());
    assertEquals(
        "bad snapshot: expected a JSON object with \"nodes\" and \"conns\", got a list",
        assertThrows(SnapshotException.class, () -> reader.read("[]")).getMessage());
    assertTrue(
        assertThrows(SnapshotException.class, () -> reader.read("{\"nodes\":[],\"nodes\":[]}"))
            .getMessage()
            .startsWith("bad snapshot: not JSON at line 1, column 20: Duplicate field 'nodes'"));
  }

  @Test
  void aNodeWithoutAKeyCannotComeBackWithItsId() {
    SnapshotException e =
        assertThrows(
            SnapshotException.class,
            () ->
                reader.read(
                    "{\"nodes\":[{\"node\":{\"config\":{\"id\":\""
                        + A.hex()
                        + "\",\"services\":[\"pingpong\"]}}}]}"));
    assertEquals(
        "bad snapshot: nodes[0].node.config: needs a private_key, so that the node comes back"
            + " with its id",
        e.getMessage());
  }

  @Test
  void contentAfterTheDocumentIsRefused() {
    assertTrue(
        assertThrows(SnapshotException.class, () -> reader.read(doc("", "") + " " + doc("", "")))
            .getMessage()
            .startsWith("bad snapshot: not JSON at line 1, column "));
  }

  @Test
  void nullsAndFractionsWhereTheyDoNotBelongSayWhere() {
    String json =
        doc(
            node(A.hex(), KEY_A, "a", "[null]", "")
                + ","
                + node(B.hex(), KEY_B, "b", "[\"pingpong\"],\"port\":30303.9", ""),
            "{\"one\":\""
                + A.hex()
                + "\",\"other\":\""
                + B.hex()
                + "\",\"link\":{\"bandwidth\":1.5}}");
    SnapshotException e = assertThrows(SnapshotException.class, () -> reader.read(json));
    List<String> problems = e.problems();
    assertEquals(3, problems.size(), problems.toString());
    assertEquals("nodes[0].node.config: services[0]: null, expected a string", problems.get(0));
    assertTrue(problems.get(1).startsWith("nodes[1].node.config: "), problems.get(1));
    assertTrue(problems.get(1).contains("30303.9"), problems.get(1));
    assertTrue(problems.get(2).startsWith("conns[0].link: "), problems.get(2));
    // The two nodes are in the file: their conn is not also said to name missing nodes.
  }

  @Test
  void whatTheLastGoEthereumWroteLoads() {
    // A nil service snapshot written as null, and slog levels: -4 debug, 8 error.
    NetworkSnapshot s =
        reader.read(
            doc(
                node(
                        A.hex(),
                        KEY_A,
                        "a",
                        "[\"pingpong\"],\"log_verbosity\":-4",
                        ",\"snapshots\":{\"pingpong\":null}")
                    + ","
                    + node(B.hex(), KEY_B, "b", "[\"pingpong\"],\"log_verbosity\":8", ""),
                ""));
    assertEquals(4, s.nodes().get(0).node().config().logVerbosity());
    assertEquals(Map.of(), s.nodes().get(0).snapshots());
    assertEquals(1, s.nodes().get(1).node().config().logVerbosity());
  }
}
