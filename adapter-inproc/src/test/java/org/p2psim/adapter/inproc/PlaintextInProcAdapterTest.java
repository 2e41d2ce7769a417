package org.p2psim.adapter.inproc;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** {@link InProcAdapterTest}'s tests over in-memory pipes without RLPx encryption. */
class PlaintextInProcAdapterTest extends InProcAdapterTest {
  @Override
  InProcAdapter.Builder transport(InProcAdapter.Builder b) {
    return b.encryption(false);
  }

  @Test
  void runsWithoutEncryption() {
    assertFalse(adapter.encryption());
  }
}
