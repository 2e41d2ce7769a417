package org.p2psim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeRefTest {

  @Test
  void capturesTheTypeWithItsArguments() {
    assertEquals(
        "java.util.Map<java.lang.String, java.util.List<org.p2psim.api.PeerInfo>>",
        new TypeRef<Map<String, List<PeerInfo>>>() {}.type().getTypeName());
    assertEquals("java.util.List<org.p2psim.api.PeerInfo>", PeerInfo.LIST.toString());
  }

  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void aTypeRefWithoutItsArgumentIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TypeRef() {});
    assertEquals(
        "a TypeRef needs its type argument: write new TypeRef<List<Foo>>() {}", e.getMessage());
  }
}
