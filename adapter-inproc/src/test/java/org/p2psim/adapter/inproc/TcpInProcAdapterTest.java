package org.p2psim.adapter.inproc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link InProcAdapterTest}'s tests with the nodes linked over loopback TCP. */
class TcpInProcAdapterTest extends InProcAdapterTest {
  @Override
  InProcAdapter.Builder transport(InProcAdapter.Builder b) {
    return b.transport(Transport.TCP);
  }

  @Test
  void runsOverTcp() {
    assertEquals(Transport.TCP, adapter.transport());
  }
}
