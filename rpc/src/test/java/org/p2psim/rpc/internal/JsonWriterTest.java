package org.p2psim.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.PeerEvent;

/**
 * The streaming writer must give exactly the server mapper's bytes for every value it writes, and
 * leave to databind (answer null) every value it cannot promise that for.
 */
class JsonWriterTest {
  private static final NodeId ID = NodeId.of(new byte[32]);

  /** Written natively, and byte for byte as the server's ObjectMapper writes it. */
  private static void same(Object value) throws Exception {
    String expected = Json.server().writeValueAsString(value);
    String actual = JsonWriter.write(value);
    assertNotNull(actual, () -> "left to databind: " + value + " (" + value.getClass() + ")");
    assertEquals(expected, actual, () -> "for " + value.getClass());
    assertEquals(expected, Json.write(value));
  }

  /** Left to databind, and so still written as databind writes it. */
  private static void leftToDatabind(Object value) throws Exception {
    assertNull(JsonWriter.write(value), () -> "written natively: " + value.getClass());
    assertEquals(Json.server().writeValueAsString(value), Json.write(value));
  }

  @Test
  void scalarsAreWrittenAsDatabindWritesThem() throws Exception {
    for (Object v :
        List.of(
            "",
            "plain",
            "quote \" backslash \\ slash / tab \t newline \n nul \u0000 del \u007f",
            "unicode é ∑ 😀 \u2028 \u2029",
            0,
            -1,
            Integer.MIN_VALUE,
            Integer.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            (short) -7,
            (byte) 127,
            0.1,
            -0.0,
            1e300,
            4.9e-324,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            1.5f,
            Float.NEGATIVE_INFINITY,
            new BigInteger("123456789012345678901234567890"),
            new BigDecimal("1E+5"),
            new BigDecimal("0.000001"),
            true,
            false,
            new byte[0],
            new byte[] {1},
            new byte[] {1, 2},
            new byte[] {-1, -2, -3},
            new byte[100])) {
      same(v);
    }
  }

  @Test
  void containersAreWrittenAsDatabindWritesThem() throws Exception {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("b", 1);
    map.put("a", null);
    map.put("c", List.of("x", List.of(), Map.of()));
    same(map);
    same(new TreeMap<>(Map.of("z", 1L, "y", true)));
    same(Map.of());
    same(List.of());
    same(Arrays.asList(1, null, "two", 3.0));
    same(new TreeSet<>(Set.of("b", "a")));
    same(new Object[] {1, "x", null, new String[] {"y"}});
    same(new int[] {1, -2, Integer.MAX_VALUE});
    same(new long[] {Long.MIN_VALUE, 0});
    same(new int[0]);
    same(List.of(new byte[] {9, 8, 7}));
  }

  @Test
  void parsedTreesAreWrittenAsDatabindWritesThem() throws Exception {
    same(
        Json.readTree(
            "{\"a\":[1,2147483648,9223372036854775808,-1.5,1e300,0.1,true,null,\"\\u00e9\"],"
                + "\"b\":{},\"c\":[],\"d\":{\"e\":{\"f\":\"g\"}}}"));
    same(Json.readTree("7"));
    same(Json.readTree("null"));
    leftToDatabind(JsonNodeFactory.instance.numberNode(new BigDecimal("1.50")));
    leftToDatabind(JsonNodeFactory.instance.binaryNode(new byte[] {1}));
    leftToDatabind(JsonNodeFactory.instance.pojoNode(List.of(1)));
  }

  enum Colour {
    RED,
    GREEN {
      @Override
      public String toString() {
        return "green!";
      }
    }
  }

  enum Renamed {
    @JsonProperty("r")
    R
  }

  enum Valued {
    ONE;

    @JsonValue
    String json() {
      return "one";
    }
  }

  @Test
  void enumsByNameOrJsonValue() throws Exception {
    same(Colour.RED);
    same(Colour.GREEN);
    same(List.of(Valued.ONE, Colour.GREEN));
    leftToDatabind(Renamed.R);
  }

  record Plain(String name, int count, List<String> tags, Map<String, Long> totals) {}

  record Named(
      @JsonProperty("node_id") NodeId id, @JsonProperty("msg_size") Integer size, Plain inner) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SkipsNulls(String a, @JsonInclude(JsonInclude.Include.ALWAYS) String b, String c) {}

  record SkipsOneNull(String a, @JsonInclude(JsonInclude.Include.NON_NULL) String b) {}

  record Empty() {}

  record WithCreator(@JsonProperty("n") int n) {
    @JsonCreator
    static WithCreator of(@JsonProperty("n") String n) {
      return new WithCreator(Integer.parseInt(n));
    }

    @JsonIgnore
    public int getTwice() {
      return 2 * n;
    }

    public int doubled() {
      return 2 * n;
    }
  }

  record Compact(@JsonProperty("x") int x) {
    Compact {
      if (x < 0) {
        throw new IllegalArgumentException("x");
      }
    }
  }

  private record Hidden(String secret) {}

  record GetterNamed(boolean isUp, String getName, @JsonProperty("static") boolean isStatic) {}

  @Test
  void plainRecordsAreWrittenAsDatabindWritesThem() throws Exception {
    Map<String, Long> totals = new LinkedHashMap<>();
    totals.put("ping", 3L);
    totals.put("pong", null);
    Plain plain = new Plain("n", 2, List.of("a", "b"), totals);
    same(plain);
    same(new Named(ID, 5, plain));
    same(new Named(null, null, null));
    same(new SkipsNulls(null, null, "c"));
    same(new SkipsNulls("a", "b", null));
    same(new SkipsOneNull(null, null));
    same(new Empty());
    same(new WithCreator(4));
    same(new Compact(1));
    same(new Hidden("s"));
    same(new GetterNamed(true, "n", false));
    same(List.of(plain, Map.of("k", new Empty())));
  }

  @Test
  void p2psimsOwnTypesAreWrittenNatively() throws Exception {
    same(ID);
    same(PeerEvent.add(ID, "127.0.0.1:1", "127.0.0.1:2"));
    same(PeerEvent.message(true, ID, "ping", 3, 10));
    same(PeerEvent.drop(ID, "client quitting", null, null));
    Map<String, Object> protocols = new LinkedHashMap<>();
    protocols.put("ping", Map.of("version", 1));
    protocols.put("gossip", new Plain("g", 0, List.of(), Map.of()));
    same(
        new NodeInfo(
            ID.hex(),
            "n",
            "enode://x",
            null,
            "127.0.0.1",
            new NodeInfo.Ports(0, 30303),
            "127.0.0.1:30303",
            protocols));
    same(
        NodeConfig.builder()
            .id(ID)
            .name("n")
            .services(List.of("pingpong"))
            .property("interval", 100)
            .privateKey("11".repeat(32))
            .build());
  }

  record ExtraGetter(int a) {
    public int getB() {
      return a + 1;
    }
  }

  @JsonPropertyOrder({"b", "a"})
  record Ordered(int a, int b) {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  interface Typed {}

  record Subtype(int a) implements Typed {}

  record NonEmpty(@JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> xs) {}

  record Indexed(@JsonProperty(value = "a", index = 1) int a) {}

  record Renaming(int a) {
    Renaming(@JsonProperty("b") int a) {
      this.a = a;
    }
  }

  record Nested(Object inner) {}

  /** A bean: databind's to write, by its getters. */
  static final class Bean {
    public int getA() {
      return 1;
    }
  }

  @Test
  void anythingElseIsLeftToDatabind() throws Exception {
    leftToDatabind(new ExtraGetter(1));
    leftToDatabind(new Ordered(1, 2));
    leftToDatabind(new Subtype(1));
    leftToDatabind(new NonEmpty(List.of()));
    leftToDatabind(new Indexed(1));
    leftToDatabind(new Renaming(1));
    leftToDatabind(new Bean());
    leftToDatabind('c');
    leftToDatabind(new char[] {'a'});
    leftToDatabind(new double[] {1.0});
    leftToDatabind(Map.of(1, "integer key"));
    // one part databind's makes the whole value databind's
    leftToDatabind(List.of(1, new Bean()));
    leftToDatabind(new Nested(new Bean()));
    leftToDatabind(Map.of("k", new Nested(List.of(new Bean()))));
  }

  // Cases from a review: each once came out of the writer unlike databind.

  record CreatorOrder(@JsonProperty("a") int a, @JsonProperty("b") String b) {
    @JsonCreator
    static CreatorOrder of(@JsonProperty("b") String b, @JsonProperty("a") int a) {
      return new CreatorOrder(a, b);
    }
  }

  record PartialCreator(int a, String b, int c) {
    @JsonCreator
    static PartialCreator of(@JsonProperty("c") int c) {
      return new PartialCreator(0, "x", c);
    }
  }

  record OtherConstructor(int a, String b) {
    OtherConstructor(@JsonProperty("b") String b, @JsonProperty("a") int a) {
      this(a, b);
    }
  }

  interface HasKind {
    default String getKind() {
      return "k";
    }
  }

  record InheritsGetter(int a) implements HasKind {}

  record WritesItself(int a) implements JsonSerializable {
    @Override
    public void serialize(JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeString("custom");
    }

    @Override
    public void serializeWithType(JsonGenerator g, SerializerProvider p, TypeSerializer t)
        throws IOException {
      g.writeString("custom");
    }
  }

  static final class ValuedList extends ArrayList<String> {
    @JsonValue public String v = "val";
  }

  enum BodyValue {
    A {
      @JsonValue
      public String v() {
        return "a-val";
      }
    }
  }

  record IncludeOnParameter(String a, String b) {
    IncludeOnParameter(@JsonInclude(JsonInclude.Include.NON_NULL) String a, String b) {
      this.a = a;
      this.b = b;
    }
  }

  @Retention(RetentionPolicy.RUNTIME)
  @JacksonAnnotationsInside
  @JsonProperty("renamed")
  @interface Bundled {}

  record BundleRenames(@Bundled int a) {}

  record NameTwice(@JsonProperty("b") int a, int b) {}

  record Throws(int a) {
    @Override
    public int a() {
      throw new IllegalStateException("boom");
    }
  }

  @Test
  void reviewedCornersAreLeftToDatabind() throws Exception {
    leftToDatabind(new CreatorOrder(1, "x"));
    leftToDatabind(new PartialCreator(1, "x", 3));
    leftToDatabind(new OtherConstructor(1, "x"));
    leftToDatabind(new InheritsGetter(1));
    leftToDatabind(new WritesItself(1));
    ValuedList list = new ValuedList();
    list.add("x");
    leftToDatabind(list);
    leftToDatabind(BodyValue.A);
    leftToDatabind(new IncludeOnParameter(null, null));
    leftToDatabind(new BundleRenames(1));
    leftToDatabind(new NameTwice(1, 2));
  }

  @Test
  void anAccessorThatThrowsIsReportedAsDatabindReportsIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Throws(1)));
    assertEquals(
        "cannot serialise a value of type " + Throws.class.getName() + " to JSON: boom",
        e.getMessage());
  }

  @Test
  void whatDatabindCannotWriteIsStillAnError() {
    Map<String, Object> cycle = new LinkedHashMap<>();
    List<Object> list = new ArrayList<>();
    list.add(cycle);
    cycle.put("self", list);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.write(cycle));
    assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
  }
}
