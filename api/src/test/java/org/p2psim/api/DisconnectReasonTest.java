package org.p2psim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DisconnectReasonTest {

  /** go-ethereum's p2p/peer_error.go: each reason's code and text. */
  static Stream<Arguments> goEthereumReasons() {
    return Stream.of(
        Arguments.of(DisconnectReason.REQUESTED, 0x00, "disconnect requested"),
        Arguments.of(DisconnectReason.NETWORK_ERROR, 0x01, "network error"),
        Arguments.of(DisconnectReason.PROTOCOL_ERROR, 0x02, "breach of protocol"),
        Arguments.of(DisconnectReason.USELESS_PEER, 0x03, "useless peer"),
        Arguments.of(DisconnectReason.TOO_MANY_PEERS, 0x04, "too many peers"),
        Arguments.of(DisconnectReason.ALREADY_CONNECTED, 0x05, "already connected"),
        Arguments.of(
            DisconnectReason.INCOMPATIBLE_VERSION, 0x06, "incompatible p2p protocol version"),
        Arguments.of(DisconnectReason.INVALID_IDENTITY, 0x07, "invalid node identity"),
        Arguments.of(DisconnectReason.QUITTING, 0x08, "client quitting"),
        Arguments.of(DisconnectReason.UNEXPECTED_IDENTITY, 0x09, "unexpected identity"),
        Arguments.of(DisconnectReason.SELF, 0x0a, "connected to self"),
        Arguments.of(DisconnectReason.READ_TIMEOUT, 0x0b, "read timeout"),
        Arguments.of(DisconnectReason.SUBPROTOCOL_ERROR, 0x10, "subprotocol error"));
  }

  @ParameterizedTest
  @MethodSource("goEthereumReasons")
  void codeAndTextAreGoEthereums(DisconnectReason reason, int code, String text) {
    assertEquals(code, reason.code());
    assertEquals(text, reason.text());
    assertEquals(text, reason.toString());
  }

  @ParameterizedTest
  @MethodSource("goEthereumReasons")
  void ofCodeFindsTheReason(DisconnectReason reason, int code, String text) {
    assertEquals(reason, DisconnectReason.ofCode(code));
  }

  @Test
  void theReasonsAreGoEthereumsPlusUnknown() {
    EnumSet<DisconnectReason> listed = EnumSet.of(DisconnectReason.UNKNOWN);
    goEthereumReasons().forEach(a -> listed.add((DisconnectReason) a.get()[0]));

    assertEquals(EnumSet.allOf(DisconnectReason.class), listed);
  }

  @ParameterizedTest
  @ValueSource(longs = {0x0c, 0x0f, 0x11, 0xff, 0x100, -1, Long.MAX_VALUE, Long.MIN_VALUE})
  void ofCodeOfAnUnknownCodeIsUnknown(long code) {
    assertEquals(DisconnectReason.UNKNOWN, DisconnectReason.ofCode(code));
  }

  @Test
  void unknownHasItsOwnText() {
    assertEquals("unknown disconnect reason", DisconnectReason.UNKNOWN.text());
  }
}
