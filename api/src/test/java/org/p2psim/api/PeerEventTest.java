package org.p2psim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerEventTest {
  private static final String PEER =
      "00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef";
  private static final NodeId ID = NodeId.parse(PEER);

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void addIsWrittenInGoEthereumsShape() throws Exception {
    assertEquals(
        "{\"type\":\"add\",\"peer\":\""
            + PEER
            + "\",\"local\":\"127.0.0.1:1\","
            + "\"remote\":\"127.0.0.1:2\"}",
        json.writeValueAsString(PeerEvent.add(ID, "127.0.0.1:1", "127.0.0.1:2")));
  }

  @Test
  void dropCarriesTheError() throws Exception {
    assertEquals(
        "{\"type\":\"drop\",\"peer\":\""
            + PEER
            + "\",\"error\":\"client quitting\","
            + "\"local\":\"127.0.0.1:1\",\"remote\":\"127.0.0.1:2\"}",
        json.writeValueAsString(
            PeerEvent.drop(ID, "client quitting", "127.0.0.1:1", "127.0.0.1:2")));
  }

  @Test
  void msgrecvCarriesProtocolCodeAndSize() throws Exception {
    assertEquals(
        "{\"type\":\"msgrecv\",\"peer\":\""
            + PEER
            + "\",\"protocol\":\"pingpong\","
            + "\"msg_code\":1,\"msg_size\":3}",
        json.writeValueAsString(PeerEvent.message(true, ID, "pingpong", 1, 3)));
  }

  @Test
  void msgsendKeepsACodeAndSizeOfZero() throws Exception {
    assertEquals(
        "{\"type\":\"msgsend\",\"peer\":\""
            + PEER
            + "\",\"protocol\":\"pingpong\","
            + "\"msg_code\":0,\"msg_size\":0}",
        json.writeValueAsString(PeerEvent.message(false, ID, "pingpong", 0, 0)));
  }

  @Test
  void messageEventsWithAddressesAsGoEthereumSendsThemAreReadAndWrittenBack() throws Exception {
    String text =
        "{\"type\":\"msgrecv\",\"peer\":\""
            + PEER
            + "\",\"protocol\":\"pingpong\","
            + "\"msg_code\":1,\"msg_size\":3,\"local\":\"127.0.0.1:1\","
            + "\"remote\":\"127.0.0.1:2\"}";

    PeerEvent event = json.readValue(text, PeerEvent.class);

    assertEquals(
        new PeerEvent(
            PeerEvent.Type.MSGRECV, ID, null, "pingpong", 1L, 3, "127.0.0.1:1", "127.0.0.1:2"),
        event);
    assertEquals(text, json.writeValueAsString(event));
  }

  @Test
  void eventsReadBackEqual() throws Exception {
    for (PeerEvent e :
        new PeerEvent[] {
          PeerEvent.add(ID, "127.0.0.1:1", "127.0.0.1:2"),
          PeerEvent.drop(ID, "useless peer", "127.0.0.1:1", "127.0.0.1:2"),
          PeerEvent.message(false, ID, "echo", 0, 10),
          PeerEvent.dialFailed(ID, "useless peer")
        }) {
      assertEquals(e, json.readValue(json.writeValueAsString(e), PeerEvent.class));
    }
  }

  @Test
  void typesHaveGoEthereumsNamesThenP2psimsOwn() {
    assertEquals(
        List.of("add", "drop", "msgsend", "msgrecv", "dialfail"),
        Arrays.stream(PeerEvent.Type.values()).map(PeerEvent.Type::json).toList());
  }

  @Test
  void aFailedDialCarriesOnlyItsPeerAndWhy() throws Exception {
    assertEquals(
        "{\"type\":\"dialfail\",\"peer\":\"" + PEER + "\",\"error\":\"too many peers\"}",
        json.writeValueAsString(PeerEvent.dialFailed(ID, "too many peers")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"type", "peer"})
  void typeAndPeerAreRequired(String field) {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () ->
                new PeerEvent(
                    field.equals("type") ? null : PeerEvent.Type.ADD,
                    field.equals("peer") ? null : ID,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null));
    assertEquals(field, e.getMessage());
  }
}
