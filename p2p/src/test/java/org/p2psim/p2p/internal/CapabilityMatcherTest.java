package org.p2psim.p2p.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.p2psim.p2p.Vectors;
import org.p2psim.p2p.internal.CapabilityMatcher.Cap;
import org.p2psim.p2p.internal.CapabilityMatcher.Match;
import org.p2psim.p2p.internal.CapabilityMatcher.Offer;

class CapabilityMatcherTest {

  /** go-ethereum's TestMatchProtocols cases, from p2p-base.json. */
  @TestFactory
  Stream<DynamicTest> goEthereumMatchProtocolsCases() {
    JsonNode cases = Vectors.load("p2p-base.json").get("capability_matching_cases").get("cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      tests.add(DynamicTest.dynamicTest("case " + i + ": " + c.get("remote"), () -> check(c)));
    }
    return tests.stream();
  }

  private static void check(JsonNode c) {
    List<Cap> remote = new ArrayList<>();
    c.get("remote")
        .forEach(r -> remote.add(new Cap(r.get("name").asText(), r.get("version").asInt())));
    List<Offer<String>> local = new ArrayList<>();
    c.get("local")
        .forEach(
            l ->
                local.add(
                    new Offer<>(
                        l.get("name").asText(),
                        l.get("version").asInt(),
                        l.get("length").asInt(),
                        l.get("name").asText())));
    Map<String, String> expected = new LinkedHashMap<>();
    c.get("match")
        .fields()
        .forEachRemaining(
            e ->
                expected.put(
                    e.getKey(),
                    e.getValue().get("version").asInt()
                        + "@"
                        + (16 + e.getValue().get("offset_minus_16").asInt())));
    Map<String, String> actual = new LinkedHashMap<>();
    for (Match<String> m : CapabilityMatcher.matchCaps(remote, local)) {
      actual.put(m.offer().name(), m.offer().version() + "@" + m.offset());
    }
    assertEquals(expected, actual);
  }

  @Test
  void sharedProtocolsAreLaidOutAlphabeticallyFromSixteen() {
    List<Offer<String>> local =
        List.of(new Offer<>("snap", 1, 8, "s"), new Offer<>("eth", 68, 17, "e"));
    List<Match<String>> m =
        CapabilityMatcher.matchCaps(List.of(new Cap("snap", 1), new Cap("eth", 68)), local);
    assertEquals(2, m.size());
    assertEquals("eth", m.get(0).offer().name());
    assertEquals(0x10, m.get(0).offset());
    assertEquals("snap", m.get(1).offer().name());
    assertEquals(0x21, m.get(1).offset());
  }
}
