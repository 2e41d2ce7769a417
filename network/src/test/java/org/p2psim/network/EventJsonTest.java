package org.p2psim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.NodeInfo;
import org.p2psim.network.internal.GoTime;

/** Events in the JSON of DESIGN §7 (go-ethereum's simulations.Event), byte for byte. */
class EventJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NodeId A = NodeId.parse("aa".repeat(32));
  private static final NodeId B = NodeId.parse("bb".repeat(32));
  private static final Instant T = Instant.parse("2026-12-07T01:45:29.123450Z");

  @Test
  void aConnEvent() throws Exception {
    Event e = Event.of(T, false, new ConnState(A, B, true));
    String json = JSON.writeValueAsString(e);
    assertEquals(
        "{\"type\":\"conn\",\"time\":\"2026-12-07T01:45:29.12345Z\",\"control\":false,"
            + "\"conn\":{\"one\":\""
            + A.hex()
            + "\",\"other\":\""
            + B.hex()
            + "\",\"up\":true},\"data\":null}",
        json);
    assertEquals(e, JSON.readValue(json, Event.class));
  }

  @Test
  void aMsgEvent() throws Exception {
    Event e = Event.of(T, new MsgState(A, B, "pingpong", 1, true));
    String json = JSON.writeValueAsString(e);
    assertEquals(
        "{\"type\":\"msg\",\"time\":\"2026-12-07T01:45:29.12345Z\",\"control\":false,"
            + "\"msg\":{\"one\":\""
            + A.hex()
            + "\",\"other\":\""
            + B.hex()
            + "\",\"protocol\":\"pingpong\",\"code\":1,\"received\":true},\"data\":null}",
        json);
    assertEquals(e, JSON.readValue(json, Event.class));
  }

  @Test
  void aNodeEventCarriesInfoAndConfigButNeverTheKey() throws Exception {
    NodeConfig config =
        NodeConfig.builder()
            .id(A)
            .privateKey("01".repeat(32))
            .name("alice")
            .services("pingpong")
            .build();
    NodeInfo info =
        new NodeInfo(A.hex(), "p2psim/alice", "enode://x", null, null, null, null, Map.of());
    Event e = Event.of(T, true, new NodeState(info, config, false));
    String json = JSON.writeValueAsString(e);
    assertEquals(
        "{\"type\":\"node\",\"time\":\"2026-12-07T01:45:29.12345Z\",\"control\":true,\"node\":"
            + "{\"info\":{\"id\":\""
            + A.hex()
            + "\",\"name\":\"p2psim/alice\",\"enode\":\"enode://x\",\"protocols\":{}},"
            + "\"config\":"
            + JSON.writeValueAsString(config.withoutPrivateKey())
            + ",\"up\":false},\"data\":null}",
        json);
    assertEquals(-1, json.indexOf("private_key"));
    assertEquals(e, JSON.readValue(json, Event.class));
  }

  @Test
  void timesAreWrittenAsGoWritesThem() {
    assertEquals("2026-12-07T01:45:29Z", GoTime.format(Instant.parse("2026-12-07T01:45:29Z")));
    assertEquals(
        "2026-12-07T01:45:29.000000001Z",
        GoTime.format(Instant.parse("2026-12-07T01:45:29.000000001Z")));
    assertEquals(
        Instant.parse("2026-12-07T00:45:29.5Z"), GoTime.parse("2026-12-07T01:45:29.5+01:00"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GoTime.parse("yesterday"));
    assertEquals(
        "bad time \"yesterday\": expected RFC 3339, e.g. 2026-12-07T01:45:29.12345Z",
        e.getMessage());
  }

  @Test
  void anEventMustCarryThePartItsTypeNames() {
    JsonMappingException e =
        assertThrows(
            JsonMappingException.class,
            () ->
                JSON.readValue(
                    "{\"type\":\"node\",\"time\":\"2026-12-07T01:45:29Z\",\"control\":false,"
                        + "\"conn\":{\"one\":\""
                        + A.hex()
                        + "\",\"other\":\""
                        + B.hex()
                        + "\",\"up\":true}}",
                    Event.class));
    assertEquals("a node event needs its \"node\" part and no other", e.getCause().getMessage());
  }
}
