package org.p2psim.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The in-memory transport answers byte for byte what the WebSocket one answers. */
class TransportEquivalenceIT {
  @RegisterExtension final TestKit kit = new TestKit();

  private static final List<String> REQUESTS =
      List.of(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_add\",\"params\":[1,2]}",
          "{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":\"test_echo\",\"params\":[\"é\\u00e9\\n\\\"\"]}",
          "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"test_noop\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":2.5,\"method\":\"test_noop\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test_older\",\"params\":[{\"name\":\"n\",\"age\":1},2]}",
          "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"test_ages\",\"params\":[[{\"name\":\"z\",\"age\":1},{\"name\":\"a\",\"age\":2}]]}",
          "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"test_maybe\",\"params\":[true]}",
          "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"test_later\",\"params\":[21]}",
          "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"test_bytes\",\"params\":[\"AAEC\"]}",
          "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"rpc_modules\"}",
          "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_inc\",\"params\":[1]},{\"jsonrpc\":\"2.0\",\"method\":\"test_touch\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_x\"}]",
          "[]",
          "[1,2]",
          "{\"jsonrpc\":\"2.0\",\"id\":9,",
          "{\"jsonrpc\":\"1.0\",\"id\":10,\"method\":\"test_noop\"}",
          "{\"jsonrpc\":\"2.0\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"test_nope\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"test_add\",\"params\":[1]}",
          "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"test_add\",\"params\":[1,2,3]}",
          "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"test_add\",\"params\":{\"a\":1}}",
          "{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"test_echo\",\"params\":[false]}",
          "{\"jsonrpc\":\"2.0\",\"id\":16,\"method\":\"test_fail\",\"params\":[\"why\"]}",
          "{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"test_custom\",\"params\":[-32077,\"c\"]}",
          "{\"jsonrpc\":\"2.0\",\"id\":18,\"method\":\"test_npe\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":19,\"method\":\"test_subscribe\",\"params\":[\"nothing\"]}",
          "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"test_unsubscribe\",\"params\":[\"0x1\"]}",
          "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"test_ticks\",\"params\":[1]}");

  @Test
  void sameBytes() {
    TestApi api = new TestApi();
    RpcServer server = kit.server(api);
    JdkWs ws = kit.closeLater(JdkWs.open(kit.http(server).wsUrl()));
    RawConnection mem = RawConnection.serving(server);
    for (String req : REQUESTS) {
      assertEquals(ws.ask(req), mem.ask(req), req);
    }
    // A notification: neither answers.
    ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"test_touch\"}");
    mem.deliver("{\"jsonrpc\":\"2.0\",\"method\":\"test_touch\"}");
    assertNull(ws.poll(100));
    assertNull(mem.poll(0));
    // Subscriptions: the same notifications but for the (random) id.
    String a =
        ws.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\",\"params\":[\"ticks\",3]}");
    String b =
        mem.ask(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\",\"params\":[\"ticks\",3]}");
    String idA = a.substring(a.indexOf("0x"), a.indexOf("0x") + 34);
    String idB = b.substring(b.indexOf("0x"), b.indexOf("0x") + 34);
    assertEquals(a.replace(idA, "ID"), b.replace(idB, "ID"));
    for (int i = 0; i < 3; i++) {
      assertEquals(ws.next().replace(idA, "ID"), mem.next().replace(idB, "ID"));
    }
  }
}
