package org.p2psim.api.rlp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deeply nested input, and seeded random round trips, truncations and mutations: the decoder must
 * give back what was encoded, and on anything else throw {@link RlpException} and nothing else.
 */
class RlpRobustnessTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final int MAX_DEPTH = 1024;

  // --- deep nesting ------------------------------------------------------------------------------

  /** {@code depth} lists, each the only element of the one before: {@code [[[...[]...]]]}. */
  private static byte[] nestedLists(int depth) {
    int[] payload = new int[depth];
    for (int i = depth - 2; i >= 0; i--) {
      payload[i] = payload[i + 1] + listHeader(payload[i + 1]).length;
    }
    byte[] out = new byte[listHeader(payload[0]).length + payload[0]];
    int pos = 0;
    for (int i = 0; i < depth; i++) {
      byte[] header = listHeader(payload[i]);
      System.arraycopy(header, 0, out, pos, header.length);
      pos += header.length;
    }
    assertEquals(out.length, pos);
    return out;
  }

  /** The offset of the header of list number {@code level} (1 = outermost). */
  private static int headerOffset(byte[] nested, int level) {
    int pos = 0;
    for (int i = 1; i < level; i++) {
      int b = nested[pos] & 0xff;
      pos += b < 0xf8 ? 1 : 1 + b - 0xf7;
    }
    return pos;
  }

  /** A list header written by hand, independently of the encoder. */
  private static byte[] listHeader(int length) {
    if (length < 56) {
      return new byte[] {(byte) (0xc0 + length)};
    }
    byte[] size = BigInteger.valueOf(length).toByteArray();
    int skip = size[0] == 0 ? 1 : 0;
    byte[] header = new byte[1 + size.length - skip];
    header[0] = (byte) (0xf7 + size.length - skip);
    System.arraycopy(size, skip, header, 1, size.length - skip);
    return header;
  }

  @Test
  void nestingUpToTheLimitDecodes() {
    byte[] input = nestedLists(MAX_DEPTH);
    RlpItem item = Rlp.decode(input);
    for (int level = 1; level < MAX_DEPTH; level++) {
      assertEquals(1, item.size());
      item = item.get(0);
    }
    assertEquals(0, item.size());
    assertArrayEquals(input, Rlp.decode(input).encoded());
  }

  @ParameterizedTest(name = "{0} levels")
  @ValueSource(ints = {MAX_DEPTH + 1, MAX_DEPTH + 2, 100_000, 1_000_000})
  void nestingBeyondTheLimitIsRejected(int depth) {
    byte[] input = nestedLists(depth);
    int offset = headerOffset(input, MAX_DEPTH + 1);
    for (RlpException e :
        List.of(
            assertThrows(RlpException.class, () -> Rlp.decode(input)),
            assertThrows(RlpException.class, () -> Rlp.decodePrefix(input, 0)))) {
      assertEquals("rlp: lists nested deeper than 1024 levels at offset " + offset, e.getMessage());
      assertEquals(offset, e.offset());
    }
  }

  @Test
  void deepButInconsistentNestingIsRejected() {
    // 0xc1 claims one byte; nested a million times, each list overflows its parent.
    byte[] input = new byte[1_000_000];
    Arrays.fill(input, (byte) 0xc1);
    assertThrows(RlpException.class, () -> Rlp.decode(input));
    assertThrows(RlpException.class, () -> Rlp.decodePrefix(input, 0));
    // 0xff with a huge size, repeated: the first header already exceeds the input.
    Arrays.fill(input, (byte) 0xff);
    assertThrows(RlpException.class, () -> Rlp.decodePrefix(input, 0));
  }

  @Test
  void encoderNestsToTheSameLimit() {
    Object nested = List.of();
    for (int i = 1; i < MAX_DEPTH; i++) {
      nested = List.of(nested);
    }
    assertArrayEquals(nestedLists(MAX_DEPTH), Rlp.encode(nested));
    Object tooDeep = List.of(nested);
    assertThrows(IllegalArgumentException.class, () -> Rlp.encode(tooDeep));
  }

  // --- random round trips ------------------------------------------------------------------------

  /** A random value as a Java object for the encoder, and as the item it must decode to. */
  private record Sample(Object value, RlpItem item) {}

  private static int randomLength(Random random) {
    switch (random.nextInt(12)) {
      case 0:
        return 0;
      case 1:
        return 1;
      case 2:
        return 55;
      case 3:
        return 56;
      case 4:
        return 256;
      case 5:
        return random.nextInt(1000);
      case 6:
        return random.nextInt(50) == 0 ? 65_536 + random.nextInt(100) : random.nextInt(60);
      default:
        return random.nextInt(60);
    }
  }

  private static byte[] minimalBytes(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int skip = bytes[0] == 0 ? 1 : 0;
    return Arrays.copyOfRange(bytes, skip, bytes.length);
  }

  private static Sample randomSample(Random random, int depth) {
    int kind = random.nextInt(depth >= 6 ? 6 : 8);
    switch (kind) {
      case 0:
      case 1:
        {
          byte[] bytes = new byte[randomLength(random)];
          random.nextBytes(bytes);
          if (bytes.length == 1 && random.nextBoolean()) {
            bytes[0] &= 0x7f; // a single byte that is its own encoding
          }
          return new Sample(bytes, RlpString.of(bytes));
        }
      case 2:
        {
          StringBuilder text = new StringBuilder();
          for (int i = randomLength(random) / 3; i > 0; i--) {
            text.appendCodePoint(
                random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000));
          }
          String s = text.toString();
          return new Sample(s, RlpString.of(s.getBytes(UTF_8)));
        }
      case 3:
        {
          long value = (random.nextLong() >>> 1) >>> random.nextInt(63);
          Object boxed =
              value <= Integer.MAX_VALUE && random.nextBoolean() ? (Object) (int) value : value;
          return new Sample(boxed, RlpString.of(minimalBytes(BigInteger.valueOf(value))));
        }
      case 4:
        {
          BigInteger value = new BigInteger(random.nextInt(300), random);
          return new Sample(value, RlpString.of(minimalBytes(value)));
        }
      case 5:
        {
          boolean value = random.nextBoolean();
          return new Sample(value, RlpString.of(value ? new byte[] {1} : new byte[0]));
        }
      default:
        {
          int size = random.nextInt(10) == 0 ? 20 + random.nextInt(60) : random.nextInt(6);
          List<Object> values = new ArrayList<>();
          List<RlpItem> items = new ArrayList<>();
          for (int i = 0; i < size; i++) {
            Sample element = randomSample(random, depth + 1);
            values.add(element.value());
            items.add(element.item());
          }
          Object value = random.nextBoolean() ? values : values.toArray();
          return new Sample(value, RlpList.of(items));
        }
    }
  }

  @Test
  void randomValuesRoundTripAndTruncationsAreRejected() {
    Random random = new Random(0x5eed_0001L);
    for (int n = 0; n < 300; n++) {
      Sample sample = randomSample(random, 0);
      String context = "sample " + n;
      byte[] encoded = Rlp.encode(sample.value());
      assertArrayEquals(sample.item().encoded(), encoded, context);

      RlpItem decoded = Rlp.decode(encoded);
      assertEquals(sample.item(), decoded, context);
      assertEquals(sample.item().hashCode(), decoded.hashCode(), context);
      assertArrayEquals(encoded, decoded.encoded(), context);
      assertArrayEquals(encoded, rebuild(decoded).encoded(), context);

      byte[] padded = Arrays.copyOf(encoded, encoded.length + random.nextInt(300));
      random.nextBytes(padded);
      System.arraycopy(encoded, 0, padded, 0, encoded.length);
      RlpItem.Prefix prefix = Rlp.decodePrefix(padded, 0);
      assertEquals(encoded.length, prefix.length(), context);
      assertEquals(sample.item(), prefix.item(), context);

      // Every truncation is incomplete: always an RlpException, never anything else.
      for (int k : truncations(encoded.length, random)) {
        byte[] truncated = Arrays.copyOf(encoded, k);
        assertThrows(RlpException.class, () -> Rlp.decode(truncated), context + " cut at " + k);
        assertThrows(
            RlpException.class, () -> Rlp.decodePrefix(truncated, 0), context + " cut at " + k);
      }
    }
  }

  /** Every length below {@code length}, or a sample of them for long encodings. */
  private static int[] truncations(int length, Random random) {
    if (length <= 2000) {
      int[] all = new int[length];
      Arrays.setAll(all, i -> i);
      return all;
    }
    int[] some = new int[200];
    for (int i = 0; i < some.length; i++) {
      some[i] = i < 20 ? i : i < 40 ? length - 1 - (i - 20) : random.nextInt(length);
    }
    return some;
  }

  @Test
  void randomIntegersRoundTrip() {
    Random random = new Random(0x5eed_0002L);
    for (int n = 0; n < 2000; n++) {
      long value = (random.nextLong() >>> 1) >>> random.nextInt(63);
      RlpItem item = Rlp.decode(Rlp.encodeLong(value));
      assertEquals(value, item.asLong());
      assertEquals(BigInteger.valueOf(value), item.asBigInteger());
      if (value <= Integer.MAX_VALUE) {
        assertEquals(value, item.asInt());
      } else {
        assertThrows(RlpException.class, item::asInt);
      }
      BigInteger big = new BigInteger(random.nextInt(520), random);
      RlpItem bigItem = Rlp.decode(Rlp.encodeBigInteger(big));
      assertEquals(big, bigItem.asBigInteger());
      if (big.bitLength() < 64) {
        assertEquals(big.longValueExact(), bigItem.asLong());
      } else {
        assertThrows(RlpException.class, bigItem::asLong);
      }
    }
  }

  // --- mutations: malformed input gives RlpException or a canonical value, nothing else ----------

  @Test
  void mutatedEncodingsNeverThrowAnythingElse() {
    Random random = new Random(0x5eed_0003L);
    int accepted = 0;
    for (int n = 0; n < 5000; n++) {
      byte[] input = Rlp.encode(randomSample(random, 3).value());
      if (input.length > 3000) {
        input = Arrays.copyOf(input, 3000);
      }
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        input = mutate(input, random);
      }
      accepted += checkDecodes(input) ? 1 : 0;
    }
    assertTrue(accepted > 0, "some mutations should still be valid RLP");
  }

  @Test
  void randomBytesNeverThrowAnythingElse() {
    Random random = new Random(0x5eed_0004L);
    byte[] interesting = HEX.parseHex("00017f8081b7b8b9bfc0c1f7f8f9ff");
    for (int n = 0; n < 20_000; n++) {
      byte[] input = new byte[random.nextInt(24)];
      for (int i = 0; i < input.length; i++) {
        input[i] =
            random.nextBoolean()
                ? interesting[random.nextInt(interesting.length)]
                : (byte) random.nextInt(256);
      }
      checkDecodes(input);
    }
  }

  private static byte[] mutate(byte[] input, Random random) {
    if (input.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(input.length);
    switch (random.nextInt(4)) {
      case 0: // replace a byte
        byte[] replaced = input.clone();
        replaced[at] = (byte) random.nextInt(256);
        return replaced;
      case 1: // insert a byte
        byte[] inserted = new byte[input.length + 1];
        System.arraycopy(input, 0, inserted, 0, at);
        inserted[at] = (byte) random.nextInt(256);
        System.arraycopy(input, at, inserted, at + 1, input.length - at);
        return inserted;
      case 2: // delete a byte
        byte[] deleted = new byte[input.length - 1];
        System.arraycopy(input, 0, deleted, 0, at);
        System.arraycopy(input, at + 1, deleted, at, input.length - at - 1);
        return deleted;
      default: // add or subtract one from a byte (a length, usually)
        byte[] nudged = input.clone();
        nudged[at] += random.nextBoolean() ? 1 : -1;
        return nudged;
    }
  }

  /**
   * Decodes {@code input}; returns false on RlpException. On success the input must be the
   * canonical encoding of what was decoded, and every accessor must give a value or RlpException.
   * Any other exception fails the test.
   */
  private static boolean checkDecodes(byte[] input) {
    RlpItem item;
    try {
      item = Rlp.decode(input);
    } catch (RlpException e) {
      assertTrue(e.getMessage().startsWith("rlp: "), e.getMessage());
      assertTrue(e.offset() >= -1 && e.offset() <= input.length, e.getMessage());
      try {
        Rlp.decodePrefix(input, 0);
      } catch (RlpException expectedToo) {
        // fine: a prefix decoder may reject it as well
      }
      return false;
    }
    assertArrayEquals(input, item.encoded());
    assertArrayEquals(input, rebuild(item).encoded(), "accepted non-canonical input");
    readEverything(item);
    return true;
  }

  /** The same value built from scratch, so that encoded() is computed rather than copied. */
  private static RlpItem rebuild(RlpItem item) {
    if (!item.isList()) {
      return RlpString.of(item.asBytes());
    }
    List<RlpItem> items = new ArrayList<>();
    for (RlpItem element : item.asList()) {
      items.add(rebuild(element));
    }
    return RlpList.of(items);
  }

  private static void readEverything(RlpItem item) {
    List<Runnable> reads =
        List.of(
            item::asBytes,
            item::asString,
            item::asLong,
            item::asInt,
            item::asBigInteger,
            item::asBoolean,
            item::asList,
            item::size,
            () -> item.get(0),
            () -> item.get(-1),
            item::encoded,
            item::toString,
            item::hashCode);
    for (Runnable read : reads) {
      try {
        read.run();
      } catch (RlpException e) {
        assertTrue(e.getMessage().startsWith("rlp: "), e.getMessage());
      }
    }
    if (item.isList()) {
      assertThrows(RlpException.class, () -> item.get(item.size()));
      for (RlpItem element : item.asList()) {
        readEverything(element);
      }
    }
  }
}
