package org.p2psim.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.p2psim.api.spi.RpcSubscriber;

/**
 * JSON-RPC 2.0 conformance over a real loopback port, with the JDK's own WebSocket and HTTP clients
 * (not ours), asserting whole responses.
 */
class ConformanceIT {
  @RegisterExtension final TestKit kit = new TestKit();

  private final TestApi api = new TestApi();

  private RpcHttpServer start() {
    return kit.http(kit.server(api));
  }

  private RpcHttpServer start(RpcServer.Builder builder) {
    return kit.http(kit.server(builder, api));
  }

  private JdkWs ws(RpcHttpServer http) {
    return kit.closeLater(JdkWs.open(http.wsUrl()));
  }

  private static String err(String id, int code, String message) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message.replace("\"", "\\\"")
        + "\"}}";
  }

  private static String ok(String id, String result) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
  }

  private static HttpResponse<String> post(RpcHttpServer http, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(http.httpUrl()))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return TestKit.join(JdkWs.HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void singleCalls() {
    JdkWs c = ws(start());
    assertEquals(
        ok("1", "5"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_add\",\"params\":[2,3]}"));
    assertEquals(
        ok("\"abc\"", "\"hi\""),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"test_echo\",\"params\":[\"hi\"]}"));
    assertEquals(
        ok("null", "null"), c.ask("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"test_noop\"}"));
    assertEquals(
        ok("7", "{\"rpc\":\"1.0\",\"test\":\"1.0\"}"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"rpc_modules\",\"params\":[]}"));
  }

  @Test
  void batches() {
    JdkWs c = ws(start());
    assertEquals(
        "["
            + ok("1", "5")
            + ","
            + err("2", -32601, "the method test_nope does not exist/is not available")
            + ","
            + err("null", -32600, "invalid request: expected a request object, got number")
            + ","
            + ok("\"x\"", "\"y\"")
            + "]",
        c.ask(
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_add\",\"params\":[2,3]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"test_touch\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_nope\"},"
                + "1,"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"test_echo\",\"params\":[\"y\"]}]"));
    assertEquals(1, api.touched.get());
    assertEquals(err("null", -32600, "invalid request: empty batch"), c.ask("[]"));
    // Only notifications: no answer at all.
    c.send(
        "[{\"jsonrpc\":\"2.0\",\"method\":\"test_touch\"},"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"test_touch\"}]");
    assertEquals(ok("9", "null"), c.ask("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"test_noop\"}"));
    assertEquals(3, api.touched.get());
    // Answers come in request order even when they complete out of order.
    assertEquals(
        "[" + ok("1", "2") + "," + ok("2", "3") + "]",
        c.ask(
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_later\",\"params\":[1]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_inc\",\"params\":[2]}]"));
  }

  @Test
  void everyErrorCode() {
    JdkWs c = ws(start());
    String parse = c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,");
    assertTrue(
        parse.startsWith(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,"
                + "\"message\":\"parse error: Unexpected end-of-input"),
        parse);
    assertEquals(err("null", -32700, "parse error: empty message"), c.ask(" "));
    String trailing = c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_noop\"} x");
    assertTrue(trailing.contains("\"code\":-32700"), trailing);

    assertEquals(
        err("null", -32600, "invalid request: \"method\" must be a string, got nothing"),
        c.ask("{\"jsonrpc\":\"2.0\"}"));
    assertEquals(
        err("1", -32600, "invalid request: \"jsonrpc\" must be \"2.0\", got \"1.0\""),
        c.ask("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"test_noop\"}"));
    assertEquals(
        err(
            "1",
            -32600,
            "invalid request: \"jsonrpc\" must be \"2.0\", got [" + "1,".repeat(30) + "..."),
        c.ask("{\"jsonrpc\":[" + "1,".repeat(5000) + "1],\"id\":1,\"method\":\"test_noop\"}"));
    assertEquals(
        err("1", -32600, "invalid request: \"jsonrpc\" must be \"2.0\", got nothing"),
        c.ask("{\"id\":1,\"method\":\"test_noop\"}"));
    assertEquals(
        err("1", -32600, "invalid request: \"method\" must be a string, got number"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}"));
    assertEquals(
        err("null", -32600, "invalid request: expected a request object, got string"),
        c.ask("\"hello\""));

    assertEquals(
        err("1", -32601, "the method test_nope does not exist/is not available"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_nope\"}"));
    assertEquals(
        err("1", -32601, "the method nons_x does not exist/is not available"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nons_x\"}"));

    assertEquals(
        err("1", -32602, "too many arguments, want at most 1"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[\"a\",\"b\"]}"));
    assertEquals(
        err("1", -32602, "invalid argument 0: expected string, got number"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[1]}"));
    assertEquals(
        err("1", -32602, "invalid params: expected an array of positional parameters, got object"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":{\"s\":\"a\"}}"));
    assertEquals(
        err("1", -32602, "missing value for required argument 0"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_inc\"}"));

    assertEquals(
        err(
            "1",
            -32603,
            "internal error in test_npe: java.lang.NullPointerException: Cannot invoke"
                + " \"Object.hashCode()\" because \"o\" is null"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_npe\"}"));
    assertEquals(
        err("1", -32000, "disk on fire"),
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_fail\",\"params\":[\"disk on fire\"]}"));
    assertEquals(
        err("1", -32050, "custom trouble"),
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_custom\","
                + "\"params\":[-32050,\"custom trouble\"]}"));
  }

  @Test
  void notificationsGetNoResponse() {
    JdkWs c = ws(start());
    c.send("{\"jsonrpc\":\"2.0\",\"method\":\"test_touch\"}");
    c.send("{\"jsonrpc\":\"2.0\",\"method\":\"test_nope\"}");
    c.send("{\"jsonrpc\":\"2.0\",\"method\":\"test_echo\",\"params\":[1]}");
    c.send("{\"jsonrpc\":\"2.0\",\"method\":\"test_npe\"}");
    assertEquals(ok("1", "null"), c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_noop\"}"));
    assertEquals(1, api.touched.get());
    assertNull(c.poll(100));
  }

  @Test
  void subscriptions() {
    JdkWs c = ws(start());
    String answer =
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\",\"params\":[\"ticks\",5]}");
    Matcher m =
        Pattern.compile("\\{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"(0x[0-9a-f]{32})\"}")
            .matcher(answer);
    assertTrue(m.matches(), answer);
    String id = m.group(1);
    for (int i = 0; i < 5; i++) {
      assertEquals(
          "{\"jsonrpc\":\"2.0\",\"method\":\"test_subscription\",\"params\":{\"subscription\":\""
              + id
              + "\",\"result\":"
              + i
              + "}}",
          c.next());
    }
    assertEquals(
        ok("2", "true"),
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_unsubscribe\",\"params\":[\""
                + id
                + "\"]}"));
    assertEquals(
        ok("3", "false"),
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test_unsubscribe\",\"params\":[\""
                + id
                + "\"]}"));
    TestKit.await("onClose", Duration.ofSeconds(5), () -> api.closedSubscriptions.get() == 1);

    // Driven by the test: events in order, then none after unsubscribe.
    String manual =
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"test_subscribe\",\"params\":[\"manual\"]}");
    String mid = manual.substring(manual.indexOf("0x"), manual.indexOf("0x") + 34);
    RpcSubscriber s = api.subscribers.get(0);
    assertEquals(mid, s.id());
    for (int i = 0; i < 100; i++) {
      s.send(List.of("e", i));
    }
    for (int i = 0; i < 100; i++) {
      assertEquals(
          "{\"jsonrpc\":\"2.0\",\"method\":\"test_subscription\",\"params\":{\"subscription\":\""
              + mid
              + "\",\"result\":[\"e\","
              + i
              + "]}}",
          c.next());
    }
    assertEquals(
        ok("5", "true"),
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"test_unsubscribe\",\"params\":[\""
                + mid
                + "\"]}"));
    assertTrue(s.isClosed());
    s.send("late");
    assertNull(c.poll(100));

    assertEquals(
        ok("6", "false"),
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"test_unsubscribe\",\"params\":[\"0x00\"]}"));
    assertEquals(
        err("7", -32601, "no \"nothing\" subscription in test namespace"),
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"test_subscribe\",\"params\":[\"nothing\"]}"));
    assertEquals(
        err(
            "8",
            -32602,
            "invalid argument 0: expected the subscription name as a string, got nothing"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"test_subscribe\"}"));
    assertEquals(
        err("9", -32000, "no events today"),
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"test_subscribe\",\"params\":[\"broken\"]}"));
    assertEquals(
        err("10", -32602, "invalid argument 1: expected integer, got string"),
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"test_subscribe\","
                + "\"params\":[\"ticks\",\"x\"]}"));
  }

  @Test
  void closingTheConnectionEndsItsSubscriptions() {
    RpcHttpServer http = start();
    JdkWs c = JdkWs.open(http.wsUrl());
    c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\",\"params\":[\"manual\"]}");
    c.ask("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_subscribe\",\"params\":[\"manual\"]}");
    c.close();
    TestKit.await("onClose", Duration.ofSeconds(5), () -> api.closedSubscriptions.get() == 2);
    assertTrue(api.subscribers.stream().allMatch(RpcSubscriber::isClosed));
  }

  @Test
  void aSlowSubscriberIsDroppedWhileOthersAreServed() {
    RpcHttpServer http = start(RpcServer.builder(kit.executor()).sendQueueLimit(100));
    JdkWs slow = ws(http);
    String answer =
        slow.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\",\"params\":[\"flood\",1000]}");
    String id = answer.substring(answer.indexOf("0x"), answer.indexOf("0x") + 34);
    slow.pauseReading();
    TestKit.await(
        "the flood to be dropped",
        Duration.ofSeconds(20),
        () -> api.closedSubscriptions.get() == 1);
    assertTrue(api.subscribers.get(0).isClosed());

    // Another connection is served meanwhile.
    JdkWs other = ws(http);
    for (int i = 0; i < 10; i++) {
      assertEquals(
          ok("" + i, "" + (i + 1)),
          other.ask(
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + i
                  + ",\"method\":\"test_inc\",\"params\":["
                  + i
                  + "]}"));
    }

    // The slow client gets what was queued, then the notice.
    slow.resumeReading();
    List<String> got = new ArrayList<>();
    String last;
    do {
      last = slow.next();
      got.add(last);
    } while (!last.contains("\"error\""));
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"method\":\"test_subscription\",\"params\":{\"subscription\":\""
            + id
            + "\",\"error\":{\"code\":-32001,\"message\":\"subscription dropped: client too slow,"
            + " 100 messages queued\"}}}",
        last);
    // Bounded: what fits in the socket buffers plus the queue, not the millions the flood offers.
    assertTrue(got.size() < 50_000, got.size() + " notifications");
    assertNull(slow.poll(100));
    assertEquals(
        ok("2", "null"), slow.ask("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_noop\"}"));
  }

  @Test
  void aClientThatDoesNotReadIsNotReadEither() throws Exception {
    RpcHttpServer http = start(RpcServer.builder(kit.executor()).sendQueueLimit(100));
    JdkWs c = ws(http);
    c.pauseReading();
    int n = 10_000; // of 8 KB answers: 80 MB, far more than the socket buffers hold
    AtomicInteger sent = new AtomicInteger();
    Thread sender =
        new Thread(
            () -> {
              for (int i = 0; i < n; i++) {
                c.send(
                    "{\"jsonrpc\":\"2.0\",\"id\":"
                        + i
                        + ",\"method\":\"test_big\",\"params\":[8000]}");
                sent.incrementAndGet();
              }
            },
            "pipeliner");
    sender.setDaemon(true);
    sender.start();
    Thread.sleep(1500);
    int served = api.calls.get();
    assertTrue(
        served < n / 2, "served " + served + " of " + sent.get() + " sent while not reading");
    c.resumeReading();
    String pad = "\"" + "x".repeat(8000) + "\"";
    for (int i = 0; i < n; i++) {
      assertEquals(ok("" + i, pad), c.next());
    }
    sender.join(10_000);
    assertEquals(n, api.calls.get());
  }

  @Test
  void oversizedMessages() {
    RpcHttpServer http = start(RpcServer.builder(kit.executor()).maxMessageSize(64 * 1024));
    String big =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[\""
            + "x".repeat(100 * 1024)
            + "\"]}";
    int size = big.length();

    // Fragments under the frame limit but over the message limit: -32600, connection lives on.
    JdkWs c = ws(http);
    c.sendFragmented(big, 4);
    assertEquals(
        err(
            "null",
            -32600,
            "invalid request: message of " + size + " bytes exceeds the limit of 65536 bytes"),
        c.next());
    assertEquals(ok("2", "null"), c.ask("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_noop\"}"));

    // One frame over the limit (the JDK's client splits big messages, so a raw socket sends it):
    // the transport closes with 1009.
    assertEquals("1009 frame exceeds the limit of 65536 bytes", RawWs.sendOneFrame(http, big));

    // HTTP: 413 with the same JSON-RPC error.
    HttpResponse<String> r = post(http, "application/json", big);
    assertEquals(413, r.statusCode());
    assertEquals(
        err(
            "null",
            -32600,
            "invalid request: message of " + size + " bytes exceeds the limit of 65536 bytes"),
        r.body());
  }

  @Test
  void malformedMessages() {
    JdkWs c = ws(start());
    String control =
        c.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_noop\"}"
                .replace("}", ",\"x\":\"\u0000\"}"));
    assertTrue(control.contains("-32700"), control); // a raw control character in a string
    c.sendBinary(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'});
    String m = c.next();
    assertTrue(
        m.startsWith(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error: Invalid UTF-8"),
        m);
    String deep = c.ask("[".repeat(5000) + "]".repeat(5000));
    assertTrue(deep.contains("\"code\":-32700") && deep.contains("nesting depth"), deep);
    assertEquals(
        err(
            "null",
            -32600,
            "invalid request: \"id\" must be a number, string or null, got Infinity"),
        c.ask("{\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"test_noop\"}"));
    // Still serving.
    assertEquals(ok("2", "null"), c.ask("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_noop\"}"));
  }

  @Test
  void aClosedRpcServerRefusesNewWork() {
    RpcServer rpc = kit.server(api);
    RpcHttpServer http = kit.http(rpc);
    JdkWs c = JdkWs.open(http.wsUrl());
    // An answer proves the server holds c's session; a socket still being accepted when the
    // server closes is refused with 1001 instead, as d below is.
    assertEquals(ok("1", "null"), c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_noop\"}"));
    rpc.close();
    assertEquals("1000 ", TestKit.join(c.closed));
    JdkWs d = JdkWs.open(http.wsUrl());
    assertEquals("1001 server closed", TestKit.join(d.closed));
    HttpResponse<String> r =
        post(http, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_noop\"}");
    assertEquals(503, r.statusCode());
    assertEquals(err("null", -32000, "the RPC server is closed"), r.body());
  }

  @Test
  void binaryFramesAreReadAsUtf8() {
    JdkWs c = ws(start());
    c.sendBinary(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[\"é\"]}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(ok("1", "\"é\""), c.next());
  }

  @Test
  void httpPost() {
    RpcHttpServer http = start();
    HttpResponse<String> r =
        post(
            http,
            "application/json",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_add\",\"params\":[1,2]}");
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    assertEquals(ok("1", "3"), r.body());

    r =
        post(
            http,
            "application/json; charset=utf-8",
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rpc_modules\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"test_touch\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_later\",\"params\":[5]}]");
    assertEquals(
        "[" + ok("1", "{\"rpc\":\"1.0\",\"test\":\"1.0\"}") + "," + ok("2", "10") + "]", r.body());

    r = post(http, "application/json", "{\"jsonrpc\":\"2.0\",\"method\":\"test_touch\"}");
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    assertEquals(2, api.touched.get());

    r =
        post(
            http,
            "application/json",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\",\"params\":[\"ticks\",1]}");
    assertEquals(err("1", -32601, "notifications not supported"), r.body());
    r =
        post(
            http,
            "application/json",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_unsubscribe\",\"params\":[\"0x00\"]}");
    assertEquals(err("1", -32601, "notifications not supported"), r.body());

    r = post(http, "application/json", "{oops");
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("\"code\":-32700"), r.body());

    r = post(http, "text/plain", "{}");
    assertEquals(415, r.statusCode());
    assertEquals(
        err("null", -32600, "invalid content type: expected application/json, got text/plain"),
        r.body());

    HttpResponse<String> get =
        TestKit.join(
            JdkWs.HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(http.httpUrl() + "/anything")).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
    assertEquals(
        err(
            "null",
            -32600,
            "HTTP method GET not allowed: send JSON-RPC as a POST with Content-Type"
                + " application/json, or open a WebSocket on this URL"),
        get.body());
  }

  @Test
  void curlLikePlainCall() throws Exception {
    RpcHttpServer http = start();
    // What curl -H 'Content-Type: application/json' -d '...' sends, over a raw socket.
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rpc_modules\"}";
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", http.port())) {
      s.setSoTimeout(10_000);
      String req =
          "POST / HTTP/1.1\r\nHost: 127.0.0.1:"
              + http.port()
              + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + body.length()
              + "\r\nConnection: close\r\n\r\n"
              + body;
      s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String all =
          new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(all.startsWith("HTTP/1.1 200 OK\r\n"), all);
      assertTrue(all.endsWith("\r\n\r\n" + ok("1", "{\"rpc\":\"1.0\",\"test\":\"1.0\"}")), all);
    }
  }

  @Test
  void subscriberSendBeforeTheIdIsOutWaits() {
    // ticks sends its events inside the subscribe call: none may overtake the response.
    JdkWs c = ws(start());
    for (int round = 0; round < 20; round++) {
      String answer =
          c.ask(
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + round
                  + ",\"method\":\"test_subscribe\",\"params\":[\"ticks\",3]}");
      assertTrue(
          answer.startsWith("{\"jsonrpc\":\"2.0\",\"id\":" + round + ",\"result\":\"0x"), answer);
      for (int i = 0; i < 3; i++) {
        assertTrue(c.next().endsWith("\"result\":" + i + "}}"));
      }
    }
  }
}
