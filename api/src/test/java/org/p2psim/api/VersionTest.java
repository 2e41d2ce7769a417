package org.p2psim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class VersionTest {
  private static final String RUNTIME = "/java" + Runtime.version().feature();

  @Test
  void theVersionComesFromTheBuild() {
    assertFalse(Version.VERSION.isEmpty());
    assertFalse(Version.VERSION.startsWith("${"), Version.VERSION);
    assertFalse(Version.VERSION.equals("dev"), "version.properties was not filtered");
  }

  @Test
  void theClientIdHoldsTheNodesName() {
    assertEquals("p2psim/alice/v" + Version.VERSION + RUNTIME, Version.clientId("alice"));
  }

  @Test
  void aNodeWithoutANameAnnouncesP2psimAlone() {
    assertEquals("p2psim/v" + Version.VERSION + RUNTIME, Version.clientId(null));
    assertEquals("p2psim/v" + Version.VERSION + RUNTIME, Version.clientId(""));
  }
}
