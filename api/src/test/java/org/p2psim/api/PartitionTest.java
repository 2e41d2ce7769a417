package org.p2psim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionTest {
  private static NodeId id(int n) {
    byte[] b = new byte[32];
    b[31] = (byte) n;
    return NodeId.of(b);
  }

  @Test
  void nodesInNoGroupFormTheRest() {
    Partition p = Partition.of(List.of(List.of(id(1), id(2))));
    assertFalse(p.separates(id(1), id(2)));
    assertTrue(p.separates(id(1), id(3)));
    assertTrue(p.separates(id(4), id(2)));
    assertFalse(p.separates(id(3), id(4)), "the rest reach each other");
  }

  @Test
  void everyGroupIsCutFromEveryOther() {
    Partition p = Partition.of(List.of(List.of(id(1)), List.of(id(2)), List.of(id(3), id(4))));
    assertTrue(p.separates(id(1), id(2)));
    assertTrue(p.separates(id(2), id(3)));
    assertFalse(p.separates(id(3), id(4)));
    assertTrue(p.separates(id(4), id(5)));
  }

  @Test
  void noGroupsIsNoCut() {
    assertSame(Partition.NONE, Partition.of(List.of()));
    assertSame(Partition.NONE, Partition.of(List.of(List.of())));
    assertFalse(Partition.NONE.separates(id(1), id(2)));
    assertTrue(Partition.NONE.isNone());
  }

  @Test
  void aNodeInTwoGroupsIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Partition.of(List.of(List.of(id(1), id(2)), List.of(id(2)))));
    assertEquals("node " + id(2) + " is in two partition groups, 0 and 1", e.getMessage());
  }

  @Test
  void jsonIsAListOfGroupsInTheirOrder() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Partition p = Partition.of(List.of(List.of(id(2), id(1)), List.of(id(3))));
    String text = json.writeValueAsString(p);
    assertEquals("{\"groups\":[[\"" + id(2) + "\",\"" + id(1) + "\"],[\"" + id(3) + "\"]]}", text);
    assertEquals(p, json.readValue(text, Partition.class));
  }
}
