package org.p2psim.api.rlp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RlpTest {
  private static final HexFormat HEX = HexFormat.of();

  static byte[] bytes(String hex) {
    return HEX.parseHex(hex.replace(" ", ""));
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  /** The example in Rlp's class Javadoc, kept here so that it compiles and stays true. */
  @Test
  void javadocExample() {
    byte[] payload = Rlp.encodeListOf(7, "text"); // [id, "text"]: c6 07 8474657874
    RlpItem msg = Rlp.decode(payload); // msg.get(0).asLong() == 7, msg.get(1).asString() == "text"

    assertEquals("c6078474657874", hex(payload));
    assertEquals(7, msg.get(0).asLong());
    assertEquals("text", msg.get(1).asString());
  }

  @Nested
  class Encoding {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "0, 80",
      "1, 01",
      "127, 7f",
      "128, 8180",
      "255, 81ff",
      "256, 820100",
      "1000, 8203e8",
      "65535, 82ffff",
      "65536, 83010000",
      "4294967296, 850100000000",
      "9223372036854775807, 887fffffffffffffff",
    })
    void encodeLong(long value, String expected) {
      assertEquals(expected, hex(Rlp.encodeLong(value)));
      assertEquals(expected, hex(Rlp.encodeBigInteger(BigInteger.valueOf(value))));
      assertEquals(expected, hex(Rlp.encode(value)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "9223372036854775808, 888000000000000000",
      "18446744073709551615, 88ffffffffffffffff",
      "18446744073709551616, 89010000000000000000",
    })
    void encodeBigIntegerBeyondLong(String value, String expected) {
      assertEquals(expected, hex(Rlp.encodeBigInteger(new BigInteger(value))));
    }

    @Test
    void encodeBigInteger256Bits() {
      BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
      assertEquals("a0" + "ff".repeat(32), hex(Rlp.encodeBigInteger(max)));
    }

    @ParameterizedTest(name = "{0} bytes of {1}")
    @CsvSource({
      "0, 0, 80",
      "1, 0, 00",
      "1, 127, 7f",
      "1, 128, 8180",
      "1, 255, 81ff",
      "2, 0, 820000",
    })
    void encodeBytesShort(int length, int fill, String expected) {
      assertEquals(expected, hex(Rlp.encodeBytes(filled(length, fill))));
    }

    @ParameterizedTest(name = "{0} bytes -> header {1}")
    @CsvSource({
      "55, b7",
      "56, b838",
      "255, b8ff",
      "256, b90100",
      "65535, b9ffff",
      "65536, ba010000"
    })
    void encodeBytesHeaders(int length, String header) {
      byte[] value = filled(length, 0xaa);
      byte[] encoded = Rlp.encodeBytes(value);
      assertEquals(header, hex(Arrays.copyOf(encoded, header.length() / 2)));
      assertEquals(header.length() / 2 + length, encoded.length);
      assertArrayEquals(value, Rlp.decode(encoded).asBytes());
    }

    @Test
    void encodeStringIsUtf8() {
      assertEquals("83646f67", hex(Rlp.encodeString("dog")));
      assertEquals("82c3a9", hex(Rlp.encodeString("é")));
      assertEquals("80", hex(Rlp.encodeString("")));
    }

    @Test
    void encodeListHeaders() {
      assertEquals("c0", hex(Rlp.encodeList()));
      assertEquals("c0", hex(Rlp.encodeList(List.of())));
      byte[] item55 = Rlp.encodeBytes(filled(54, 1)); // 55 bytes encoded
      assertEquals("f7", hex(Rlp.encodeList(item55)).substring(0, 2));
      byte[] item56 = Rlp.encodeBytes(filled(55, 1)); // 56 bytes encoded
      assertEquals("f838", hex(Rlp.encodeList(item56)).substring(0, 4));
      assertArrayEquals(
          Rlp.encodeList(item55, item56), Rlp.encodeList(new ArrayList<>(List.of(item55, item56))));
    }

    @Test
    void encodeEachType() {
      assertEquals("83010203", hex(Rlp.encode(new byte[] {1, 2, 3})));
      assertEquals("83646f67", hex(Rlp.encode("dog")));
      assertEquals("8203e8", hex(Rlp.encode(1000)));
      assertEquals("8203e8", hex(Rlp.encode(1000L)));
      assertEquals("8203e8", hex(Rlp.encode((short) 1000)));
      assertEquals("7f", hex(Rlp.encode((byte) 127)));
      assertEquals("80", hex(Rlp.encode((byte) 0)));
      assertEquals("8203e8", hex(Rlp.encode(BigInteger.valueOf(1000))));
      assertEquals("01", hex(Rlp.encode(true)));
      assertEquals("80", hex(Rlp.encode(false)));
      assertEquals("c3010203", hex(Rlp.encode(List.of(1, 2, 3))));
      assertEquals("c3010203", hex(Rlp.encode(new Object[] {1, 2, 3})));
      assertEquals("c3010203", hex(Rlp.encode(new Integer[] {1, 2, 3})));
      assertEquals("c0", hex(Rlp.encode(List.of())));
      assertEquals("c0", hex(Rlp.encode(new Object[0])));
    }

    @Test
    void encodeItemWritesItsEncoding() {
      RlpItem decoded = Rlp.decode(bytes("c6827a77c10401"));
      assertEquals("c6827a77c10401", hex(Rlp.encode(decoded)));
      assertEquals("c6827a77c10401", hex(Rlp.encode(List.of("zw", decoded.get(1), 1))));
      RlpList built =
          RlpList.of(
              RlpString.of("zw".getBytes(UTF_8)),
              RlpList.of(RlpString.of(new byte[] {4})),
              RlpString.of(new byte[] {1}));
      assertEquals("c6827a77c10401", hex(Rlp.encode(built)));
    }

    @Test
    void encodeNested() {
      // [ [], [[]], [ [], [[]] ] ] from the ethereum/tests listsoflists2 case
      List<Object> v =
          List.of(List.of(), List.of(List.of()), List.of(List.of(), List.of(List.of())));
      assertEquals("c7c0c1c0c3c0c1c0", hex(Rlp.encode(v)));
      // byte[][] is an Object[]: a list of strings
      assertEquals("c4820102c0", hex(Rlp.encode(new Object[] {new byte[] {1, 2}, List.of()})));
      assertEquals("c6820102820304", hex(Rlp.encode(new byte[][] {{1, 2}, {3, 4}})));
    }

    @Test
    void encodeListOf() {
      assertEquals("c30161c0", hex(Rlp.encodeListOf(1, "a", List.of())));
      assertEquals("c0", hex(Rlp.encodeListOf()));
      assertEquals(
          "c5c483010203", hex(Rlp.encodeListOf((Object) new Object[] {new byte[] {1, 2, 3}})));
      assertEquals("c483010203", hex(Rlp.encodeListOf(new byte[] {1, 2, 3})));
      assertArrayEquals(Rlp.encode(List.of(1, "a")), Rlp.encodeListOf(1, "a"));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -128, Long.MIN_VALUE})
    void negativeNumbersAreRejected(long value) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Rlp.encodeLong(value));
      assertEquals("cannot RLP-encode " + value + ": integers are unsigned", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Rlp.encode(value));
      assertThrows(
          IllegalArgumentException.class, () -> Rlp.encodeBigInteger(BigInteger.valueOf(value)));
      assertThrows(IllegalArgumentException.class, () -> Rlp.encode(BigInteger.valueOf(value)));
      assertThrows(IllegalArgumentException.class, () -> Rlp.encodeListOf(1, value));
    }

    @Test
    void negativeSmallTypesAreRejected() {
      assertThrows(IllegalArgumentException.class, () -> Rlp.encode(-1));
      assertThrows(IllegalArgumentException.class, () -> Rlp.encode((short) -1));
      assertThrows(IllegalArgumentException.class, () -> Rlp.encode((byte) -1));
      assertThrows(IllegalArgumentException.class, () -> Rlp.encode(List.of(List.of(-1))));
    }

    @Test
    void unsupportedTypesAreNamed() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Rlp.encode(new HashMap<>()));
      assertEquals(
          "cannot RLP-encode a value of type java.util.HashMap: expected byte[], String, Long,"
              + " Integer, Short, Byte, BigInteger, Boolean, RlpItem, List or Object[]",
          e.getMessage());
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> Rlp.encode(new int[] {1}))
              .getMessage()
              .startsWith("cannot RLP-encode a value of type int[]:"));
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> Rlp.encode(1.5))
              .getMessage()
              .startsWith("cannot RLP-encode a value of type java.lang.Double:"));
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> Rlp.encodeListOf(1, 'c'))
              .getMessage()
              .startsWith("cannot RLP-encode a value of type java.lang.Character:"));
    }

    @Test
    void nullsAreRejected() {
      assertEquals(
          "cannot RLP-encode null",
          assertThrows(IllegalArgumentException.class, () -> Rlp.encode(null)).getMessage());
      assertThrows(IllegalArgumentException.class, () -> Rlp.encodeListOf(1, null));
      assertThrows(IllegalArgumentException.class, () -> Rlp.encode(Arrays.asList(1, null)));
      assertThrows(NullPointerException.class, () -> Rlp.encodeBytes(null));
      assertThrows(NullPointerException.class, () -> Rlp.encodeString(null));
      assertThrows(NullPointerException.class, () -> Rlp.encodeBigInteger(null));
      assertThrows(NullPointerException.class, () -> Rlp.encodeList((byte[]) null, new byte[0]));
    }

    @Test
    void cyclicListIsRejected() {
      List<Object> cycle = new ArrayList<>();
      cycle.add(cycle);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Rlp.encode(cycle));
      assertTrue(e.getMessage().contains("nested deeper than 1024 levels"), e.getMessage());
    }

    @Test
    void encodeBytesDoesNotShareTheArray() {
      byte[] value = {(byte) 0x80};
      byte[] encoded = Rlp.encodeBytes(value);
      value[0] = 1;
      assertEquals("8180", hex(encoded));
    }
  }

  @Nested
  class Decoding {
    @Test
    void decodeReadsTheStructure() {
      RlpItem item = Rlp.decode(bytes("c6827a77c10401")); // ["zw", [4], 1]
      assertTrue(item.isList());
      assertEquals(3, item.size());
      assertEquals("zw", item.get(0).asString());
      assertEquals(4, item.get(1).get(0).asInt());
      assertEquals(1, item.get(2).asLong());
      assertSame(item, item.asList());
      assertEquals("c104", hex(item.get(1).encoded()));
      List<String> iterated = new ArrayList<>();
      for (RlpItem element : item.asList()) {
        iterated.add(element.toString());
      }
      assertEquals(List.of("0x7a77", "[0x04]", "0x01"), iterated);
      assertEquals("[0x7a77, [0x04], 0x01]", item.toString());
    }

    @Test
    void decodeRangeReportsOffsetsInTheWholeArray() {
      byte[] input = bytes("ffff c3820102 ffff");
      RlpItem item = Rlp.decode(input, 2, 4);
      assertEquals("c3820102", hex(item.encoded()));
      RlpException e =
          assertThrows(RlpException.class, () -> Rlp.decode(bytes("ffff c28105"), 2, 3));
      assertEquals("rlp: non-canonical size information at offset 3", e.getMessage());
      assertEquals(3, e.offset());
      assertThrows(IndexOutOfBoundsException.class, () -> Rlp.decode(input, 6, 3));
      assertThrows(IndexOutOfBoundsException.class, () -> Rlp.decode(input, -1, 3));
    }

    @Test
    void decodePrefixAllowsPadding() {
      byte[] value = Rlp.encodeListOf(filled(65, 1), filled(64, 2), filled(32, 3), 4);
      byte[] input = new byte[3 + value.length + 150];
      Arrays.fill(input, (byte) 0xee); // junk before, padding after
      System.arraycopy(value, 0, input, 3, value.length);

      RlpItem.Prefix prefix = Rlp.decodePrefix(input, 3);
      assertEquals(value.length, prefix.length());
      assertArrayEquals(value, prefix.item().encoded());
      assertEquals(4, prefix.item().get(3).asInt());

      // No padding is fine too, and a value right at the end.
      assertEquals(value.length, Rlp.decodePrefix(value, 0).length());
      assertEquals(1, Rlp.decodePrefix(bytes("0102"), 1).length());
      assertEquals(1, Rlp.decodePrefix(bytes("0102"), 1).item().asInt() - 1);

      // The exact decoder refuses the same input.
      RlpException e =
          assertThrows(RlpException.class, () -> Rlp.decode(input, 3, input.length - 3));
      assertEquals(
          "rlp: 150 bytes left after the value at offset " + (3 + value.length), e.getMessage());
    }

    @Test
    void decodePrefixStillChecksTheValue() {
      RlpException e =
          assertThrows(RlpException.class, () -> Rlp.decodePrefix(bytes("00 c4 8105 0000"), 1));
      assertEquals("rlp: non-canonical size information at offset 2", e.getMessage());
      assertEquals(
          "rlp: empty input",
          assertThrows(RlpException.class, () -> Rlp.decodePrefix(bytes("01"), 1)).getMessage());
      assertThrows(IndexOutOfBoundsException.class, () -> Rlp.decodePrefix(bytes("01"), 2));
      assertThrows(IndexOutOfBoundsException.class, () -> Rlp.decodePrefix(bytes("01"), -1));
    }

    @Test
    void itemsDoNotChangeWithTheInput() {
      byte[] input = bytes("c483010203");
      RlpItem item = Rlp.decode(input);
      Arrays.fill(input, (byte) 0);
      assertEquals("010203", hex(item.get(0).asBytes()));
      assertEquals("c483010203", hex(item.encoded()));

      byte[] copy = item.get(0).asBytes();
      copy[0] = 9;
      assertEquals("010203", hex(item.get(0).asBytes()));
      byte[] encoded = item.encoded();
      encoded[0] = 9;
      assertEquals("c483010203", hex(item.encoded()));
    }

    @Test
    void itemsListIsUnmodifiable() {
      RlpList list = Rlp.decode(bytes("c20102")).asList();
      assertThrows(UnsupportedOperationException.class, () -> list.items().add(list));
      assertThrows(UnsupportedOperationException.class, () -> RlpList.of(list).items().remove(0));
    }

    @Test
    void singleBytesAndEmptyValues() {
      assertEquals("00", hex(Rlp.decode(bytes("00")).asBytes()));
      assertEquals("", hex(Rlp.decode(bytes("80")).asBytes()));
      assertEquals(0, Rlp.decode(bytes("80")).asLong());
      assertEquals(BigInteger.ZERO, Rlp.decode(bytes("80")).asBigInteger());
      assertEquals("", Rlp.decode(bytes("80")).asString());
      assertEquals(0, Rlp.decode(bytes("c0")).size());
      assertEquals("8180", hex(Rlp.decode(bytes("8180")).encoded()));
    }
  }

  @Nested
  class Accessors {
    @Test
    void asStringIsUtf8() {
      assertEquals("é", Rlp.decode(bytes("82c3a9")).asString());
      assertEquals("\uFFFD", Rlp.decode(bytes("81ff")).asString()); // malformed: replaced
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "80, 0",
      "01, 1",
      "7f, 127",
      "8180, 128",
      "847fffffff, 2147483647",
      "8480000000, 2147483648",
      "887fffffffffffffff, 9223372036854775807",
    })
    void asLong(String input, long expected) {
      assertEquals(expected, Rlp.decode(bytes(input)).asLong());
      assertEquals(BigInteger.valueOf(expected), Rlp.decode(bytes(input)).asBigInteger());
    }

    @Test
    void asLongRejectsValuesBeyondLong() {
      RlpException e =
          assertThrows(RlpException.class, () -> Rlp.decode(bytes("888000000000000000")).asLong());
      assertEquals("rlp: uint overflow at offset 0", e.getMessage());
      assertEquals(
          BigInteger.ONE.shiftLeft(63), Rlp.decode(bytes("888000000000000000")).asBigInteger());
      e =
          assertThrows(
              RlpException.class, () -> Rlp.decode(bytes("89010000000000000000")).asLong());
      assertEquals("rlp: uint overflow at offset 0", e.getMessage());
      assertEquals(0, e.offset());
    }

    @Test
    void asIntIsRangeChecked() {
      assertEquals(Integer.MAX_VALUE, Rlp.decode(bytes("847fffffff")).asInt());
      RlpException e =
          assertThrows(
              RlpException.class, () -> Rlp.decode(bytes("c6 01 8480000000")).get(1).asInt());
      assertEquals(
          "rlp: uint overflow (2147483648 does not fit in an int) at offset 2", e.getMessage());
      assertEquals(2, e.offset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "820004", "8900ffffffffffffffff"})
    void integersWithLeadingZerosAreRejected(String input) {
      RlpItem item = Rlp.decode(bytes(input));
      assertEquals(
          "rlp: non-canonical integer (leading zero bytes) at offset 0",
          assertThrows(RlpException.class, item::asBigInteger).getMessage());
      assertThrows(RlpException.class, item::asLong);
      assertThrows(RlpException.class, item::asInt);
      assertThrows(RlpException.class, item::asBoolean);
      assertEquals(input.length() / 2, item.encoded().length); // fine as bytes
      item.asBytes();
    }

    @Test
    void asBoolean() {
      assertTrue(Rlp.decode(bytes("01")).asBoolean());
      assertFalse(Rlp.decode(bytes("80")).asBoolean());
      assertEquals(
          "rlp: invalid boolean value: 2 at offset 0",
          assertThrows(RlpException.class, () -> Rlp.decode(bytes("02")).asBoolean()).getMessage());
      assertThrows(RlpException.class, () -> Rlp.decode(bytes("8180")).asBoolean());
    }

    @Test
    void stringAccessorsOnAListName() {
      RlpItem list = Rlp.decode(bytes("c20102"));
      for (Runnable read :
          List.<Runnable>of(
              list::asBytes,
              list::asString,
              list::asLong,
              list::asInt,
              list::asBigInteger,
              list::asBoolean)) {
        RlpException e = assertThrows(RlpException.class, read::run);
        assertEquals("rlp: expected string, got list at offset 0", e.getMessage());
        assertEquals(0, e.offset());
      }
    }

    @Test
    void listAccessorsOnAString() {
      RlpItem list = Rlp.decode(bytes("c3 01 8180"));
      RlpItem string = list.get(1);
      assertFalse(string.isList());
      for (Runnable read : List.<Runnable>of(string::asList, string::size, () -> string.get(0))) {
        RlpException e = assertThrows(RlpException.class, read::run);
        assertEquals("rlp: expected list, got string at offset 2", e.getMessage());
        assertEquals(2, e.offset());
      }
    }

    @Test
    void getOutOfRangeNamesIndexAndSize() {
      RlpItem item = Rlp.decode(bytes("c3 c20102"));
      RlpException e = assertThrows(RlpException.class, () -> item.get(0).get(2));
      assertEquals("rlp: index 2 out of range for list of 2 elements at offset 1", e.getMessage());
      assertEquals(1, e.offset());
      e = assertThrows(RlpException.class, () -> item.get(-1));
      assertEquals("rlp: index -1 out of range for list of 1 elements at offset 0", e.getMessage());
    }

    @Test
    void builtItemsHaveNoOffset() {
      RlpException e =
          assertThrows(RlpException.class, () -> RlpString.of(new byte[] {0, 1}).asLong());
      assertEquals("rlp: non-canonical integer (leading zero bytes)", e.getMessage());
      assertEquals(-1, e.offset());
      e = assertThrows(RlpException.class, () -> RlpList.of().get(0));
      assertEquals("rlp: index 0 out of range for list of 0 elements", e.getMessage());
    }
  }

  @Nested
  class Items {
    @Test
    void builtAndDecodedItemsAreEqual() {
      RlpItem decoded = Rlp.decode(bytes("cc83646f6783676f6483636174"));
      RlpList built =
          RlpList.of(
              List.of(
                  RlpString.of("dog".getBytes(UTF_8)),
                  RlpString.of("god".getBytes(UTF_8)),
                  RlpString.of("cat".getBytes(UTF_8))));
      assertEquals(built, decoded);
      assertEquals(decoded, built);
      assertEquals(built.hashCode(), decoded.hashCode());
      assertArrayEquals(decoded.encoded(), built.encoded());
      assertNotEquals(decoded, decoded.get(0));
      assertNotEquals(RlpString.of(new byte[0]), RlpList.of());
      assertEquals(RlpString.of(new byte[] {1}).hashCode(), Rlp.decode(bytes("01")).hashCode());
    }

    @Test
    void builtItemsEncodeCanonically() {
      assertEquals("01", hex(RlpString.of(new byte[] {1}).encoded()));
      assertEquals("8180", hex(RlpString.of(new byte[] {(byte) 0x80}).encoded()));
      assertEquals("c0", hex(RlpList.of().encoded()));
      RlpList big = RlpList.of(RlpString.of(filled(60, 7)), RlpList.of(RlpList.of()));
      assertEquals("f840" + "b83c" + "07".repeat(60) + "c1c0", hex(big.encoded()));
      assertEquals(big, Rlp.decode(big.encoded()));
    }

    @Test
    void builtStringCopiesItsValue() {
      byte[] value = {1, 2};
      RlpString s = RlpString.of(value);
      value[0] = 9;
      assertEquals("0102", hex(s.asBytes()));
    }

    @Test
    void nullsAreRejected() {
      assertThrows(NullPointerException.class, () -> RlpString.of(null));
      assertThrows(NullPointerException.class, () -> RlpList.of((RlpItem) null));
      assertThrows(NullPointerException.class, () -> RlpList.of((List<RlpItem>) null));
      assertThrows(NullPointerException.class, () -> new RlpItem.Prefix(null, 1));
      assertThrows(IllegalArgumentException.class, () -> new RlpItem.Prefix(RlpList.of(), 0));
    }
  }

  /** Exact messages for each kind of malformed input: they end up in peers' disconnect logs. */
  @Nested
  class ErrorMessages {
    private RlpException reject(String hex) {
      return assertThrows(RlpException.class, () -> Rlp.decode(bytes(hex)));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
        delimiter = '|',
        value = {
          "''                | -1 | rlp: empty input",
          "8105              | 0  | rlp: non-canonical size information at offset 0",
          "c4 01 01 8105     | 3  | rlp: non-canonical size information at offset 3",
          "b80100            | 0  | rlp: non-canonical size information at offset 0",
          "b90040            | 0  | rlp: non-canonical size information at offset 0",
          "8a010203          | 0  | rlp: value size 10 exceeds input (3 bytes left) at offset 0",
          "81                | 0  | rlp: value size 1 exceeds input (0 bytes left) at offset 0",
          "c5010203          | 0  | rlp: list size 5 exceeds input (3 bytes left) at offset 0",
          "b9                | 0  | rlp: truncated header (size information needs 2 bytes, 0 left)"
              + " at offset 0",
          "bf0f0000000000000211 | 0 | rlp: value size 1080863910568919042 exceeds input"
              + " (1 byte left) at offset 0",
          "ffffffffffffffffff00 | 0 | rlp: list size 18446744073709551615 exceeds input"
              + " (1 byte left) at offset 0",
          "8403010203 0000   | 5  | rlp: 2 bytes left after the value at offset 5",
          "01 02             | 1  | rlp: 1 byte left after the value at offset 1",
          "c3 840102         | 1  | rlp: element of list at offset 0 runs past the end of its list"
              + " (element at offset 1: declares 4 bytes, 2 left)",
          "c2 01 b9          | 2  | rlp: element of list at offset 0 runs past the end of its list"
              + " (element at offset 2: size information needs 2 bytes, 0 left)",
          "c4 c2 01 82 01    | 3  | rlp: element of list at offset 1 runs past the end of its list"
              + " (element at offset 3: declares 2 bytes, 0 left)",
        })
    void message(String hex, int offset, String message) {
      RlpException e = reject(hex);
      assertEquals(message, e.getMessage());
      assertEquals(offset, e.offset());
    }

    @Test
    void constructorFormatsTheMessage() {
      assertEquals(
          "rlp: Hello has 2 elements at offset 4",
          new RlpException("Hello has 2 elements", 4).getMessage());
      assertEquals(
          "rlp: Hello has 2 elements", new RlpException("Hello has 2 elements", -1).getMessage());
      assertEquals(-1, new RlpException("x", -7).offset());
    }
  }
}
