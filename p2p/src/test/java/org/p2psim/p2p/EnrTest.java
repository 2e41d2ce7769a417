package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class EnrTest {

  @Test
  void writesTheSpecRecordExactly() {
    JsonNode v = Vectors.load("enr.json");
    NodeKey key = NodeKey.parse(v.get("private_key").asText());
    // RFC 6979 signatures are deterministic, so the record matches the spec's byte for byte.
    assertEquals(v.get("text").asText(), Enr.encode(key, 1, "127.0.0.1", 0, 30303));
  }

  @Test
  void aWrittenRecordReadsBackAsTheSameNode() {
    NodeKey key = NodeKey.generate();
    Enode back = Enode.parse(Enr.encode(key, 7, "127.0.0.1", 30303, 0));
    assertEquals(key.id(), back.id());
    assertEquals("127.0.0.1", back.host());
    assertEquals(30303, back.tcpPort());
  }

  @Test
  void refusesAnAddressThatIsNotIpv4() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Enr.encode(NodeKey.generate(), 1, "::1", 1, 1));
    assertEquals("bad ip \"::1\" for a node record: expected an IPv4 literal", e.getMessage());
  }
}
