package org.p2psim.api.rlp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs {@code vectors/rlp.json}: the ethereum/tests valid and invalid RLP cases, go-ethereum's
 * typed-decoding cases mapped onto the {@link RlpItem} accessors, and the historic {@code
 * listofbinaries} case (an EIP-8 auth body followed by padding).
 */
class RlpVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final JsonNode VECTORS = load();

  private static JsonNode load() {
    try (InputStream in = RlpVectorsTest.class.getResourceAsStream("/vectors/rlp.json")) {
      if (in == null) {
        throw new IllegalStateException("vectors/rlp.json is not on the test class path");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<JsonNode> cases(JsonNode array) {
    assertTrue(array.isArray() && array.size() > 0, "expected a non-empty array of cases");
    return StreamSupport.stream(array.spliterator(), false);
  }

  @Test
  void vectorFileHasTheDocumentedCases() {
    assertEquals(28, VECTORS.get("valid").size());
    assertEquals(26, VECTORS.get("invalid").size());
    assertEquals(36, VECTORS.get("go_ethereum_typed_decoding").get("cases").size());
  }

  // --- ethereum/tests RLPTests/rlptest.json ----------------------------------------------------

  @TestFactory
  Stream<DynamicTest> validCasesEncodeExactly() {
    return cases(VECTORS.get("valid"))
        .map(
            c ->
                dynamicTest(
                    c.get("name").asText(),
                    () ->
                        assertEquals(c.get("out").asText(), hex(Rlp.encode(toJava(c.get("in")))))));
  }

  @TestFactory
  Stream<DynamicTest> validCasesDecodeBack() {
    return cases(VECTORS.get("valid"))
        .map(
            c ->
                dynamicTest(
                    c.get("name").asText(),
                    () -> {
                      byte[] out = HEX.parseHex(c.get("out").asText());
                      RlpItem item = Rlp.decode(out);
                      assertEquals(toItem(c.get("in")), item);
                      assertArrayEquals(out, item.encoded());
                      assertArrayEquals(out, Rlp.encode(item));
                      assertNumbersRead(c.get("in"), item);
                    }));
  }

  /** Integer inputs also read back through asLong / asBigInteger. */
  private static void assertNumbersRead(JsonNode in, RlpItem item) {
    if (in.isIntegralNumber()) {
      assertEquals(in.longValue(), item.asLong());
      assertEquals(in.bigIntegerValue(), item.asBigInteger());
    } else if (in.isTextual() && in.asText().startsWith("#")) {
      assertEquals(new BigInteger(in.asText().substring(1)), item.asBigInteger());
    } else if (in.isArray()) {
      for (int i = 0; i < in.size(); i++) {
        assertNumbersRead(in.get(i), item.get(i));
      }
    }
  }

  /** The reason given in the vector file, mapped to the start of our message. */
  private static final Map<String, String> REJECTION_MESSAGES =
      Map.of(
          "value size exceeds available input", "rlp: value size ",
          "list size exceeds available input", "rlp: list size ",
          "non-canonical size (<56 in long form)", "rlp: non-canonical size information at offset ",
          "non-canonical size (leading zero)", "rlp: non-canonical size information at offset ",
          "non-canonical size (single byte < 0x80)",
              "rlp: non-canonical size information at offset ",
          "unexpected EOF", "rlp: empty input");

  @TestFactory
  Stream<DynamicTest> invalidCasesAreRejected() {
    return cases(VECTORS.get("invalid"))
        .map(
            c ->
                dynamicTest(
                    c.get("name").asText() + " (" + c.get("why_rejected").asText() + ")",
                    () -> {
                      byte[] out = HEX.parseHex(c.get("out").asText());
                      RlpException e = assertThrows(RlpException.class, () -> Rlp.decode(out));
                      String expected = REJECTION_MESSAGES.get(c.get("why_rejected").asText());
                      if (expected == null) {
                        fail("unknown why_rejected: " + c.get("why_rejected"));
                      }
                      assertTrue(
                          e.getMessage().startsWith(expected),
                          () -> "expected \"" + expected + "...\", got \"" + e.getMessage() + "\"");
                      // A prefix decoder must reject them too: none is a valid value plus padding.
                      if (out.length > 0) {
                        assertThrows(RlpException.class, () -> Rlp.decodePrefix(out, 0));
                      }
                    }));
  }

  // --- go-ethereum rlp/decode_test.go, mapped onto the untyped accessors
  // --------------------------

  /**
   * go-ethereum decodes into Go types; here each type maps onto an accessor: {@code uint32} onto
   * {@link RlpItem#asInt()} (every value in these cases fits an int, and the 5-byte case overflows
   * both), {@code bool} onto {@link RlpItem#asBoolean()}, {@code []uint} onto {@link
   * RlpItem#asList()} with {@link RlpItem#asLong()} per element, {@code []byte}, {@code [N]byte}
   * and {@code string} onto {@link RlpItem#asBytes()}, {@code big.Int} onto {@link
   * RlpItem#asBigInteger()}.
   *
   * <p>Skipped, because an untyped item model has no target of that size to check against: the
   * {@code [5]byte} "input string too short/too long" cases (the bytes decode fine; checking the
   * length of a fixed-size field is the caller's job) and the {@code uint256} "value too large"
   * case (asBigInteger reads integers of any width; bounding one to 256 bits is the caller's job).
   * All other cases, including every error case that is about the encoding itself, run.
   */
  @TestFactory
  Stream<DynamicTest> goEthereumTypedCases() {
    return cases(VECTORS.get("go_ethereum_typed_decoding").get("cases"))
        .map(c -> dynamicTest(typedCaseName(c), typedCase(c)));
  }

  private static String typedCaseName(JsonNode c) {
    String expected =
        c.has("error")
            ? c.get("error").asText()
            : c.has("value_hex") ? "0x" + c.get("value_hex").asText() : c.get("value").toString();
    return c.get("type").asText() + " " + c.get("input").asText() + " -> " + expected;
  }

  /** go-ethereum's messages end with " for <type>"; these are ours for the same problems. */
  private static String ourMessageFor(String gethError) {
    String problem = gethError.replaceFirst(" for \\S+$", "");
    switch (problem) {
      case "rlp: expected input string or byte":
        return "rlp: expected string, got list at offset 0";
      case "rlp: input string too long":
        return "rlp: uint overflow";
      default:
        return problem; // non-canonical size/integer, invalid boolean value: 2
    }
  }

  private static Executable typedCase(JsonNode c) {
    String type = c.get("type").asText();
    byte[] input = HEX.parseHex(c.get("input").asText());
    Function<RlpItem, Object> read;
    switch (type) {
      case "uint32":
        read = item -> (long) item.asInt();
        break;
      case "bool":
        read = RlpItem::asBoolean;
        break;
      case "[]uint":
        read = item -> item.asList().items().stream().map(RlpItem::asLong).toList();
        break;
      case "[]byte":
      case "[1]byte":
      case "[5]byte":
      case "string":
        read = item -> hex(item.asBytes());
        break;
      case "big.Int":
        read = RlpItem::asBigInteger;
        break;
      case "uint256":
        return () ->
            abort("no uint256 target in an untyped model: asBigInteger has no width bound");
      default:
        throw new IllegalStateException("unmapped go-ethereum type " + type);
    }
    if (c.has("error")) {
      String error = c.get("error").asText();
      if (error.startsWith("rlp: input string too short for [")
          || error.startsWith("rlp: input string too long for [")) {
        return () -> abort("fixed-size byte arrays: the length check belongs to the caller");
      }
      return () -> {
        RlpException e =
            assertThrows(
                RlpException.class, () -> read.apply(Rlp.decode(input)), "reading " + type);
        assertTrue(
            e.getMessage().startsWith(ourMessageFor(error)),
            () -> "expected \"" + ourMessageFor(error) + "...\", got \"" + e.getMessage() + "\"");
        assertEquals(0, e.offset());
      };
    }
    Object expected = expectedTypedValue(c);
    return () -> assertEquals(expected, read.apply(Rlp.decode(input)));
  }

  private static Object expectedTypedValue(JsonNode c) {
    String type = c.get("type").asText();
    if (c.has("value_hex")) {
      String hex = c.get("value_hex").asText();
      return type.equals("big.Int") ? new BigInteger(hex, 16) : hex;
    }
    JsonNode value = c.get("value");
    switch (type) {
      case "uint32":
        return value.longValue();
      case "bool":
        return value.booleanValue();
      case "[]uint":
        List<Long> values = new ArrayList<>();
        value.forEach(v -> values.add(v.longValue()));
        return values;
      case "big.Int":
        return value.bigIntegerValue();
      default:
        throw new IllegalStateException("unexpected value for " + type + ": " + value);
    }
  }

  // --- the historic listofbinaries case: an EIP-8 auth body and its padding ----------------------

  @Test
  void historicListOfBinariesIsAnAuthBodyFollowedByPadding() {
    byte[] out = HEX.parseHex(VECTORS.get("historic_listofbinaries").get("out").asText());
    int bodyLength = 2 + 0xa7; // f8a7: a list of 167 bytes

    RlpItem.Prefix prefix = Rlp.decodePrefix(out, 0);
    assertEquals(bodyLength, prefix.length());
    assertArrayEquals(Arrays.copyOf(out, bodyLength), prefix.item().encoded());
    assertTrue(prefix.item().isList());
    assertEquals(65, prefix.item().get(0).asBytes().length); // signature
    assertEquals(64, prefix.item().get(1).asBytes().length); // initiator public key
    assertEquals(32, prefix.item().get(2).asBytes().length); // nonce
    assertEquals(4, prefix.item().get(3).asInt()); // auth-vsn

    RlpException e = assertThrows(RlpException.class, () -> Rlp.decode(out));
    assertEquals(
        "rlp: " + (out.length - bodyLength) + " bytes left after the value at offset " + bodyLength,
        e.getMessage());
    assertEquals(bodyLength, e.offset());
  }

  // --- conversions of the vectors' "in" values -------------------------------------------------

  /** The vectors' input convention as Java values for {@link Rlp#encode(Object)}. */
  private static Object toJava(JsonNode in) {
    if (in.isArray()) {
      List<Object> list = new ArrayList<>();
      in.forEach(e -> list.add(toJava(e)));
      return list;
    } else if (in.isIntegralNumber()) {
      return in.longValue();
    } else if (in.isTextual() && in.asText().startsWith("#")) {
      return new BigInteger(in.asText().substring(1));
    } else if (in.isTextual()) {
      return in.asText().getBytes(ISO_8859_1); // raw bytes of the string
    }
    throw new IllegalStateException("unexpected input " + in);
  }

  /** The vectors' input convention as items, built without the encoder. */
  private static RlpItem toItem(JsonNode in) {
    if (in.isArray()) {
      List<RlpItem> items = new ArrayList<>();
      in.forEach(e -> items.add(toItem(e)));
      return RlpList.of(items);
    } else if (in.isIntegralNumber()) {
      return RlpString.of(minimalBytes(in.bigIntegerValue()));
    } else if (in.isTextual() && in.asText().startsWith("#")) {
      return RlpString.of(minimalBytes(new BigInteger(in.asText().substring(1))));
    } else if (in.isTextual()) {
      return RlpString.of(in.asText().getBytes(ISO_8859_1));
    }
    throw new IllegalStateException("unexpected input " + in);
  }

  private static byte[] minimalBytes(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int zeros = 0;
    while (zeros < bytes.length && bytes[zeros] == 0) {
      zeros++;
    }
    return Arrays.copyOfRange(bytes, zeros, bytes.length);
  }

  private static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
