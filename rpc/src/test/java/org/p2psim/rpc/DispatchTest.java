package org.p2psim.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dispatch details, over the in-memory transport at the level of raw JSON text. */
class DispatchTest {
  @RegisterExtension final TestKit kit = new TestKit();

  private final TestApi api = new TestApi();

  private RawConnection conn() {
    return RawConnection.serving(kit.server(api));
  }

  private static String call(String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
  }

  private static String result(String json) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + json + "}";
  }

  private static String error(int code, String message) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\"}}";
  }

  @Test
  void scalarsAndTheNodeExecutor() {
    RawConnection c = conn();
    assertEquals(result("\"hi\""), c.ask(call("test_echo", "[\"hi\"]")));
    assertEquals(result("5"), c.ask(call("test_add", "[2,3]")));
    assertEquals(java.util.List.of("test-node"), api.threads);
  }

  @Test
  void genericsRecordsAndLists() {
    RawConnection c = conn();
    assertEquals(result("6"), c.ask(call("test_sum", "[[1,2,3]]")));
    assertEquals(
        result("{\"a\":1,\"b\":2}"),
        c.ask(call("test_ages", "[[{\"name\":\"b\",\"age\":2},{\"name\":\"a\",\"age\":1}]]")));
    assertEquals(
        result("{\"name\":\"x\",\"age\":12}"),
        c.ask(call("test_older", "[{\"name\":\"x\",\"age\":2},10]")));
    assertEquals(
        result("[\"a1\",\"a2\",\"b3\"]"), c.ask(call("test_flatten", "[{\"b\":[3],\"a\":[1,2]}]")));
    assertEquals(result("\"AQID\""), c.ask(call("test_bytes", "[\"AQID\"]")));
    assertEquals(result("\"GREEN\""), c.ask(call("test_color", "[\"GREEN\"]")));
    assertEquals(
        result("{\"k\":[1,true,null]}"), c.ask(call("test_any", "[{\"k\":[1,true,null]}]")));
  }

  @Test
  void onlyOptionalParamsMayBeLeftOutOrNull() {
    RawConnection c = conn();
    assertEquals(
        error(-32602, "missing value for required argument 1"),
        c.ask(call("test_pair", "[\"a\"]")));
    assertEquals(
        error(-32602, "missing value for required argument 0"), c.ask(call("test_pair", "[]")));
    assertEquals(
        error(-32602, "missing value for required argument 0"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_pair\"}"));
    assertEquals(
        error(-32602, "missing value for required argument 0"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_pair\",\"params\":null}"));
    assertEquals(
        error(-32602, "invalid argument 1: expected string, got null"),
        c.ask(call("test_pair", "[\"a\",null]")));
    assertEquals(
        error(-32602, "invalid argument 0: expected array, got null"),
        c.ask(call("test_sum", "[null]")));
    assertEquals(
        error(-32602, "invalid argument 0: expected object, got null"),
        c.ask(call("test_older", "[null,1]")));
    assertEquals(
        error(-32602, "invalid argument 0: expected a value, got null"),
        c.ask(call("test_any", "[null]")));
    assertEquals(
        error(-32602, "missing value for required argument 1"), c.ask(call("test_add", "[1]")));
    assertEquals(result("\"none\""), c.ask(call("test_orNone", "[]")));
    assertEquals(result("\"none\""), c.ask(call("test_orNone", "[null]")));
    assertEquals(result("\"x\""), c.ask(call("test_orNone", "[\"x\"]")));
    assertEquals(result("\"a,none\""), c.ask(call("test_pairOrNone", "[\"a\"]")));
    assertEquals(result("\"a,none\""), c.ask(call("test_pairOrNone", "[\"a\",null]")));
    assertEquals(result("\"a,b\""), c.ask(call("test_pairOrNone", "[\"a\",\"b\"]")));
    assertEquals(
        error(-32602, "missing value for required argument 0"),
        c.ask(call("test_pairOrNone", "[]")));
    // An Optional before a required parameter can only be left out together with it.
    assertEquals(
        error(-32602, "missing value for required argument 1"),
        c.ask(call("test_noneOrPair", "[]")));
    assertEquals(result("\"none,b\""), c.ask(call("test_noneOrPair", "[null,\"b\"]")));
  }

  @Test
  void badParams() {
    RawConnection c = conn();
    assertEquals(
        error(-32602, "invalid argument 0: expected string, got number"),
        c.ask(call("test_echo", "[1]")));
    assertEquals(
        error(-32602, "invalid argument 1: expected integer, got string"),
        c.ask(call("test_add", "[1,\"2\"]")));
    assertEquals(
        error(-32602, "invalid argument 0: expected integer, got number"),
        c.ask(call("test_inc", "[1.5]")));
    assertEquals(
        error(-32602, "invalid argument 0: expected integer, got null"),
        c.ask(call("test_inc", "[null]")));
    assertEquals(
        error(-32602, "too many arguments, want at most 2"), c.ask(call("test_add", "[1,2,3]")));
    assertEquals(
        error(-32602, "invalid params: expected an array of positional parameters, got object"),
        c.ask(call("test_add", "{\"a\":1,\"b\":2}")));
    assertEquals(
        error(-32602, "invalid argument 0: expected array, got object"),
        c.ask(call("test_sum", "[{}]")));
    String nested = c.ask(call("test_older", "[{\"name\":\"x\",\"age\":\"old\"},1]"));
    assertTrue(
        nested.startsWith(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,"
                + "\"message\":\"invalid argument 0: "),
        nested);
    assertTrue(
        nested.contains("Cannot coerce String value (\\\"old\\\") to `int` value (at .age)"),
        nested);
    String unknownField = c.ask(call("test_older", "[{\"name\":\"x\",\"age\":1,\"agee\":1},1]"));
    assertTrue(unknownField.contains("Unrecognized field \\\"agee\\\""), unknownField);
    assertEquals(
        error(-32602, "invalid argument 0: Cannot map `null` into type `int` (at .age)"),
        c.ask(call("test_older", "[{\"name\":\"x\"},1]")));
  }

  @Test
  void resultKinds() {
    RawConnection c = conn();
    assertEquals(result("null"), c.ask(call("test_noop", "[]")));
    assertEquals(result("\"here\""), c.ask(call("test_maybe", "[true]")));
    assertEquals(result("null"), c.ask(call("test_maybe", "[false]")));
    assertEquals(result("8"), c.ask(call("test_later", "[4]")));
    assertEquals(error(-32000, "boom"), c.ask(call("test_laterFail", "[\"boom\"]")));
  }

  @Test
  void errorsFromMethods() {
    RawConnection c = conn();
    assertEquals(error(-32000, "no way"), c.ask(call("test_fail", "[\"no way\"]")));
    assertEquals(error(-32042, "my own"), c.ask(call("test_custom", "[-32042,\"my own\"]")));
    assertEquals(
        error(
            -32603,
            "internal error in test_npe: java.lang.NullPointerException: Cannot invoke"
                + " \\\"Object.hashCode()\\\" because \\\"o\\\" is null"),
        c.ask(call("test_npe", "[]")));
    assertEquals(
        error(-32601, "the method test_nope does not exist/is not available"),
        c.ask(call("test_nope", "[]")));
    assertEquals(
        error(
            -32601,
            "the method test_ticks does not exist/is not available (it is a subscription: call"
                + " test_subscribe(\\\"ticks\\\", ...))"),
        c.ask(call("test_ticks", "[1]")));
  }

  @Test
  void notificationsRunWithoutAnswer() {
    RawConnection c = conn();
    c.deliver("{\"jsonrpc\":\"2.0\",\"method\":\"test_touch\"}");
    c.deliver("{\"jsonrpc\":\"2.0\",\"method\":\"test_nope\"}");
    c.deliver("{\"jsonrpc\":\"2.0\",\"method\":\"test_fail\",\"params\":[\"x\"]}");
    assertEquals(result("null"), c.ask(call("test_noop", "[]")));
    assertEquals(1, api.touched.get());
    assertNull(c.poll(50));
  }

  @Test
  void idsOfEveryKind() {
    RawConnection c = conn();
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\",\"result\":null}",
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\",\"method\":\"test_noop\"}"));
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":null}",
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"test_noop\"}"));
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":12345678901234,\"result\":null}",
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":12345678901234,\"method\":\"test_noop\"}"));
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request:"
            + " \\\"id\\\" must be a number, string or null, got object\"}}",
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"test_noop\"}"));
  }

  @Test
  void anIdWithALoneSurrogateIsEchoedEscaped() {
    RawConnection c = conn();
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":\"\\ud800\",\"result\":null}",
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":\"\\ud800\",\"method\":\"test_noop\"}"));
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":\"a\\udc00b\\ud800\",\"result\":null}",
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":\"a\\uDC00b\\uD800\",\"method\":\"test_noop\"}"));
    // A pair is one character, written as UTF-8.
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":\"\ud83d\ude00\",\"result\":null}",
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":\"\\ud83d\\ude00\",\"method\":\"test_noop\"}"));
  }

  @Test
  void rpcModules() {
    RawConnection c = conn();
    assertEquals(result("{\"rpc\":\"1.0\",\"test\":\"1.0\"}"), c.ask(call("rpc_modules", "[]")));
  }
}
