package org.p2psim.p2p.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.p2psim.p2p.Vectors.hex;
import static org.p2psim.p2p.Vectors.toHex;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2psim.p2p.Vectors;

class KeccakTest {
  private static final JsonNode FILE = Vectors.load("keccak.json");

  static Stream<Arguments> vectors() {
    return StreamSupport.stream(FILE.get("vectors").spliterator(), false)
        .map(v -> Arguments.of("\"" + v.get("input_desc").asText() + "\"", v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void knownAnswer(String description, JsonNode vector) {
    byte[] input = hex(vector.get("input_hex"));
    assertEquals(vector.get("keccak256").asText(), toHex(Keccak.keccak256(input)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void partsAreConcatenated(String description, JsonNode vector) {
    byte[] input = hex(vector.get("input_hex"));
    int cut = input.length / 3;
    byte[] a = Arrays.copyOfRange(input, 0, cut);
    byte[] b = Arrays.copyOfRange(input, cut, input.length);
    assertEquals(vector.get("keccak256").asText(), toHex(Keccak.keccak256(a, new byte[0], b)));
  }

  @Test
  void isNotSha3() {
    assertNotEquals(
        FILE.get("not_keccak_contrast").get("nist_sha3_256").asText(), toHex(Keccak.keccak256()));
  }
}
