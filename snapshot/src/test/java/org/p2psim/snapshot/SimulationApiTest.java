package org.p2psim.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.Snapshottable;

class SimulationApiTest {
  private static final class Stateful implements Service, Snapshottable {
    @Override
    public byte[] snapshot() {
      return new byte[] {1, 2, 3};
    }
  }

  @Test
  void snapshotsOnlyStatefulServicesAsBase64() {
    SimulationApi api =
        new SimulationApi(Map.of("counter", new Stateful(), "stateless", new Service() {}));
    assertEquals(Map.of("counter", "AQID"), api.snapshot());
  }

  @Test
  void decodesWhatItEncodes() {
    Map<String, byte[]> back = SimulationApi.decode(Map.of("counter", "AQID"));
    assertArrayEquals(new byte[] {1, 2, 3}, back.get("counter"));
  }

  @Test
  void namesTheServiceWhoseSnapshotIsNotBase64() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SimulationApi.decode(Map.of("pingpong", "*!")));
    assertEquals(
        "bad snapshot of service pingpong: not base64 (Illegal base64 character 2a)",
        e.getMessage());
  }
}
