package org.p2psim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeInfoTest {
  private static final String ID =
      "00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef";
  private static final String ENODE = "enode://" + "ab".repeat(64) + "@127.0.0.1:30303";

  private final ObjectMapper json = new ObjectMapper();

  private static NodeInfo info(Map<String, Object> protocols) {
    return new NodeInfo(
        ID,
        "p2psim/alice/v0.1.0/java17",
        ENODE,
        "enr:-IS4QHCYrYZbAKW",
        "127.0.0.1",
        new NodeInfo.Ports(0, 30303),
        "127.0.0.1:30303",
        protocols);
  }

  @Test
  void isWrittenWithGoEthereumsFieldNames() throws Exception {
    assertEquals(
        "{\"id\":\""
            + ID
            + "\",\"name\":\"p2psim/alice/v0.1.0/java17\",\"enode\":\""
            + ENODE
            + "\",\"enr\":\"enr:-IS4QHCYrYZbAKW\",\"ip\":\"127.0.0.1\","
            + "\"ports\":{\"discovery\":0,\"listener\":30303},"
            + "\"listenAddr\":\"127.0.0.1:30303\","
            + "\"protocols\":{\"pingpong\":{\"version\":1}}}",
        json.writeValueAsString(info(Map.of("pingpong", Map.of("version", 1)))));
  }

  @Test
  void readsAdminNodeInfoAsGoEthereumAnswersIt() throws Exception {
    String text =
        """
        {"id":"%s","name":"Geth/v1.10.26-stable/linux-amd64/go1.19",
         "enode":"%s","enr":"enr:-IS4QHCYrYZbAKW","ip":"127.0.0.1",
         "ports":{"discovery":30301,"listener":30303},"listenAddr":"[::]:30303",
         "protocols":{"eth":{"network":1,"head":"0xd4e5"},"snap":{}}}"""
            .formatted(ID, ENODE);

    NodeInfo info = json.readValue(text, NodeInfo.class);

    assertEquals(ID, info.id());
    assertEquals("Geth/v1.10.26-stable/linux-amd64/go1.19", info.name());
    assertEquals(ENODE, info.enode());
    assertEquals("enr:-IS4QHCYrYZbAKW", info.enr());
    assertEquals("127.0.0.1", info.ip());
    assertEquals(new NodeInfo.Ports(30301, 30303), info.ports());
    assertEquals("[::]:30303", info.listenAddr());
    assertEquals(
        Map.of("eth", Map.of("network", 1, "head", "0xd4e5"), "snap", Map.of()), info.protocols());
  }

  @Test
  void nullProtocolsBecomeAnEmptyObject() throws Exception {
    NodeInfo info = new NodeInfo(ID, null, null, null, null, null, null, null);

    assertEquals(Map.of(), info.protocols());
    assertEquals("{\"id\":\"" + ID + "\",\"protocols\":{}}", json.writeValueAsString(info));
  }

  @Test
  void protocolsAreImmutable() {
    Map<String, Object> protocols = new java.util.HashMap<>();
    protocols.put("pingpong", 1);
    NodeInfo info = info(protocols);

    protocols.put("echo", 1);

    assertEquals(Map.of("pingpong", 1), info.protocols());
    assertThrows(UnsupportedOperationException.class, () -> info.protocols().put("x", 1));
  }
}
