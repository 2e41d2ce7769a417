package org.p2psim.nodehost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeHostTest {
  @Test
  void theSampleInputASpareReadsAheadIsAValidInputWithEveryPart() throws Exception {
    NodeHostInput in = NodeHost.readSampleInput();
    assertEquals("sample", in.node().name());
    assertEquals(List.of("pingpong"), in.node().services());
    assertTrue(in.node().enableMsgEvents());
    assertEquals("/sample", in.dataDir());
    assertEquals("AA==", in.snapshots().get("pingpong"));
    assertTrue(in.peerAddrs().isEmpty());
    assertEquals("127.0.0.1", in.stack().host());
    assertEquals(0, in.stack().rpcPort());
  }
}
