package org.p2psim.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psim.api.Capability;

class ProtocolTest {
  private static final PeerHandler IGNORE = (code, payload) -> {};

  @Test
  void ofHasTheGivenCapabilityAndLength() {
    Protocol p = Protocol.of("pingpong", 2, 3, peer -> IGNORE);

    assertEquals("pingpong", p.name());
    assertEquals(2, p.version());
    assertEquals(3, p.length());
    assertEquals(new Capability("pingpong", 2), p.capability());
    assertEquals("pingpong/2", p.toString());
    assertNull(p.nodeInfo());
  }

  @Test
  void ofWithNodeInfoAsksTheSupplierEachTime() {
    int[] calls = {0};
    Protocol p = Protocol.of("pingpong", 2, 3, peer -> IGNORE, () -> "info " + ++calls[0]);

    assertEquals("info 1", p.nodeInfo());
    assertEquals("info 2", p.nodeInfo());
    assertThrows(
        NullPointerException.class, () -> Protocol.of("pingpong", 2, 3, peer -> IGNORE, null));
  }

  @Test
  void connectHandsThePeerToTheFactoryAndReturnsItsHandler() {
    List<Peer> seen = new ArrayList<>();
    PeerHandler handler = (code, payload) -> {};
    Protocol p =
        Protocol.of(
            "echo",
            1,
            1,
            peer -> {
              seen.add(peer);
              return handler;
            });
    Peer peer = new FakePeer();

    assertSame(handler, p.connect(peer));
    assertEquals(List.of(peer), seen);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void ofRejectsFewerThanOneCode(int length) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Protocol.of("echo", 1, length, p -> IGNORE));
    assertEquals("protocol echo/1 must have at least one code", e.getMessage());
  }

  @Test
  void ofRejectsABadNameWithTheCapabilityMessage() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Protocol.of("pingpongpong", 1, 1, p -> IGNORE));
    assertEquals(
        "bad capability name \"pingpongpong\": expected 1 to 8 printable ASCII characters other than '/'",
        e.getMessage());
  }

  @Test
  void ofRejectsANegativeVersion() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Protocol.of("echo", -1, 1, p -> IGNORE));
    assertEquals("bad capability version -1 for echo", e.getMessage());
  }

  @Test
  void ofNamesAMissingFactory() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> Protocol.of("echo", 1, 1, null));
    assertEquals("connect", e.getMessage());
  }

  @Test
  void connectRejectsANullHandlerNamingTheProtocol() {
    Protocol p = Protocol.of("echo", 1, 1, peer -> null);

    NullPointerException e =
        assertThrows(NullPointerException.class, () -> p.connect(new FakePeer()));
    assertEquals("handler of echo/1", e.getMessage());
  }
}
