package org.p2psim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CapabilityTest {

  @Test
  void parseReadsNameAndVersion() {
    assertEquals(new Capability("eth", 68), Capability.parse("eth/68"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"eth/68", "pingpong/1", "snap/0", "x/2147483647"})
  void toStringIsWhatParseReads(String text) {
    assertEquals(text, Capability.parse(text).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"eth", "/68", "eth/", ""})
  void parseWithoutNameOrVersionShowsTheExpectedForm(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Capability.parse(text));
    assertEquals(
        "bad capability \"" + text + "\": expected <name>/<version>, e.g. eth/68", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"eth/x", "eth/6.8", "eth/0x1"})
  void parseOfANonNumericVersionSaysSo(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Capability.parse(text));
    assertEquals("bad capability \"" + text + "\": version is not a number", e.getMessage());
  }

  @Test
  void parseOfANegativeVersionNamesVersionAndName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Capability.parse("eth/-1"));
    assertEquals("bad capability version -1 for eth", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ninechars", "with space", "tab\t", "caf\u00e9", "a/b"})
  void namesOtherThanOneToEightPrintableAsciiCharactersAreRejected(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Capability(name, 1));
    assertEquals(
        "bad capability name \""
            + name
            + "\": expected 1 to 8 printable ASCII characters other than '/'",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "eightchr", "Eth-2", "~!"})
  void namesOfOneToEightPrintableAsciiCharactersAreAccepted(String name) {
    assertEquals(name, new Capability(name, 0).name());
  }

  @Test
  void nullNameIsNamedInTheError() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> new Capability(null, 1));
    assertEquals("name", e.getMessage());
  }

  @Test
  void ordersByNameByteWiseThenByVersionNumerically() {
    List<Capability> caps =
        new ArrayList<>(
            List.of(
                Capability.parse("snap/1"),
                Capability.parse("eth/10"),
                Capability.parse("les/4"),
                Capability.parse("eth/9"),
                Capability.parse("Eth/100"),
                Capability.parse("eth2/1"),
                Capability.parse("eth/66")));

    caps.sort(null);

    assertEquals(
        List.of("Eth/100", "eth/9", "eth/10", "eth/66", "eth2/1", "les/4", "snap/1"),
        caps.stream().map(Capability::toString).toList());
  }

  @Test
  void equalCapabilitiesCompareAsZero() {
    assertEquals(0, Capability.parse("eth/68").compareTo(new Capability("eth", 68)));
  }
}
