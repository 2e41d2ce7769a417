package org.p2psim.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RpcApiTest {
  private final Object impl = new Object();

  @ParameterizedTest
  @ValueSource(strings = {"pingpong", "eth2", "a"})
  void acceptsLowerCaseLettersAndDigitsStartingWithALetter(String namespace) {
    RpcApi api = new RpcApi(namespace, impl);

    assertEquals(namespace, api.namespace());
    assertSame(impl, api.implementation());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "PingPong", "ping_pong", "ping-pong", "2eth", "caf\u00e9", "a b"})
  void rejectsOtherNamespacesSayingWhatIsExpected(String namespace) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RpcApi(namespace, impl));
    assertEquals(
        "bad RPC namespace \"" + namespace + "\": expected lower-case letters and digits",
        e.getMessage());
  }

  @Test
  void namesAMissingNamespace() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> new RpcApi(null, impl));
    assertEquals("namespace", e.getMessage());
  }

  @Test
  void namesAMissingImplementation() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> new RpcApi("pingpong", null));
    assertEquals("implementation", e.getMessage());
  }
}
