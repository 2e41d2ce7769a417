package org.p2psim.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.rlp.RlpItem;

/**
 * The code snippets of {@code README.md} and {@code api/README.md}, kept here as written (bar the
 * formatter) so that they compile, and run once each. Change them in step with the READMEs.
 */
class ReadmeExamplesTest {

  // --- README.md, "Writing a service" ---

  public final class EchoFactory implements ServiceFactory {
    public String name() {
      return "echo";
    }

    public Service create(ServiceContext ctx) {
      Protocol echo =
          Protocol.of("echo", 1, 1, peer -> (code, payload) -> peer.send(code, payload));
      return new Service() {
        public List<Protocol> protocols() {
          return List.of(echo);
        }
      };
    }
  }

  // --- api/README.md, "A complete protocol" ---

  /** Answers each Ping with a Pong and counts the Pongs each peer sends. */
  final class PingPong implements Service {
    private final Map<NodeId, Long> pongs = new HashMap<>();

    @Override
    public List<Protocol> protocols() {
      return List.of(
          Protocol.of(
              "pingpong",
              1,
              2,
              peer ->
                  (code, payload) -> {
                    if (code == 0) {
                      peer.send(1, payload); // Pong echoes the Ping's body
                    } else {
                      pongs.merge(peer.id(), 1L, Long::sum);
                    }
                  }));
    }
  }

  // --- the tests ---

  @Test
  void rlpSnippetDecodesWhatItEncoded() {
    // api/README.md, "Payloads: RLP"
    byte[] payload = Rlp.encodeListOf(7L, "hello"); // [7, "hello"]
    RlpItem msg = Rlp.decode(payload); // strict: rejects non-canonical input
    long id = msg.get(0).asLong();
    String text = msg.get(1).asString();

    assertEquals(7L, id);
    assertEquals("hello", text);
  }

  @Test
  void echoFactoryMakesAnEchoServiceThatSendsBackWhatItGets() {
    EchoFactory factory = new EchoFactory();
    Service service = factory.create(new ConfigOnlyContext(NodeConfig.builder().build()));
    FakePeer peer = new FakePeer();

    Protocol echo = service.protocols().get(0);
    echo.connect(peer).onMessage(0, Rlp.encodeString("hi"));

    assertEquals("echo", factory.name());
    assertEquals(List.of("echo/1"), service.protocols().stream().map(Object::toString).toList());
    assertEquals(List.of(new FakePeer.Sent(0, Rlp.encodeString("hi"))), peer.sent);
  }

  @Test
  void pingPongAnswersAPingWithAPongOfTheSameBody() {
    PingPong service = new PingPong();
    FakePeer peer = new FakePeer();
    PeerHandler handler = service.protocols().get(0).connect(peer);

    handler.onMessage(0, Rlp.encodeLong(42));

    assertEquals(List.of(new FakePeer.Sent(1, Rlp.encodeLong(42))), peer.sent);
    assertEquals(Map.of(), service.pongs);
  }

  @Test
  void pingPongCountsPongsPerPeerAndAnswersNone() {
    PingPong service = new PingPong();
    Protocol pingpong = service.protocols().get(0);
    FakePeer a = new FakePeer(NodeId.parse("aa".repeat(32)));
    FakePeer b = new FakePeer(NodeId.parse("bb".repeat(32)));
    PeerHandler fromA = pingpong.connect(a);
    PeerHandler fromB = pingpong.connect(b);

    fromA.onMessage(1, Rlp.encodeLong(1));
    fromA.onMessage(1, Rlp.encodeLong(2));
    fromB.onMessage(1, Rlp.encodeLong(3));

    assertEquals(Map.of(a.id(), 2L, b.id(), 1L), service.pongs);
    assertEquals(List.of(), a.sent);
    assertEquals(List.of(), b.sent);
    assertEquals("pingpong/1", pingpong.toString());
    assertEquals(2, pingpong.length());
  }

  /** A context that has a config and nothing else: enough for services that only read settings. */
  record ConfigOnlyContext(NodeConfig config) implements ServiceContext {
    @Override
    public NodeId nodeId() {
      throw new UnsupportedOperationException("nodeId");
    }

    @Override
    public Optional<byte[]> snapshot() {
      return Optional.empty();
    }

    @Override
    public RpcDialer rpcDialer() {
      throw new UnsupportedOperationException("rpcDialer");
    }

    @Override
    public NodeScheduler scheduler() {
      throw new UnsupportedOperationException("scheduler");
    }

    @Override
    public Path dataDir() {
      throw new UnsupportedOperationException("dataDir");
    }
  }
}
