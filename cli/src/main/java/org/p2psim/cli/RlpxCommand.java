package org.p2psim.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.p2psim.api.Capability;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.p2p.Enode;
import org.p2psim.p2p.NodeKey;
import org.p2psim.p2p.P2pConfig;
import org.p2psim.p2p.P2pServer;
import org.p2psim.p2p.PeerInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** devp2p debugging tools: a listening node that reports its peers, and a one-shot ping. */
@Command(
    name = "rlpx",
    mixinStandardHelpOptions = true,
    description = "devp2p tools: listen for RLPx peers, or ping one.")
final class RlpxCommand {

  @Command(
      name = "listen",
      mixinStandardHelpOptions = true,
      description = {
        "Runs an RLPx node until stopped. Prints {\"enode\":...} as the first line,",
        "then one JSON line per peer event."
      })
  int listen(
      @Option(names = "--port", defaultValue = "0", description = "TCP port; 0 picks a free one")
          int port,
      @Option(
              names = "--host",
              defaultValue = "127.0.0.1",
              description = "address to listen on (default: ${DEFAULT-VALUE})")
          String host,
      @Option(
              names = "--cap",
              paramLabel = "name/version[:codes]",
              description =
                  "a capability to announce, e.g. eth/68:17 (repeatable; 16 codes by default)")
          List<String> caps,
      @Option(names = "--key", description = "private key, hex (default: a new one)") String key)
      throws Exception {
    NodeKey nodeKey = key == null ? NodeKey.generate() : NodeKey.parse(key);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    P2pServer server =
        new P2pServer(
            vertx,
            P2pConfig.builder(nodeKey)
                .host(host)
                .port(port)
                .protocols(protocols(caps))
                .messageEvents(true)
                .build());
    server.subscribe(event -> onEvent(server, event));
    try {
      server.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      System.err.println("p2psim: " + e.getCause().getMessage());
      vertx.close();
      return 1;
    }
    Json.printLine(System.out, Map.of("enode", server.enode().toString()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
                    vertx
                        .close()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    // exiting anyway
                  }
                  stopped.countDown();
                },
                "p2psim-stop"));
    stopped.await();
    return 0;
  }

  private static void onEvent(P2pServer server, PeerEvent event) {
    if (event.type() != PeerEvent.Type.ADD) {
      Json.printLine(System.out, event);
      return;
    }
    server
        .peers()
        .thenAccept(
            peers -> {
              Map<String, Object> line = Json.MAPPER.convertValue(event, LinkedHashMap.class);
              peers.stream()
                  .filter(p -> p.id().equals(event.peer()))
                  .findFirst()
                  .ifPresent(p -> line.put("hello", hello(p)));
              Json.printLine(System.out, line);
            });
  }

  @Command(
      name = "ping",
      mixinStandardHelpOptions = true,
      description = {
        "Connects to a node, completes the RLPx handshake and Hello, prints the remote",
        "Hello as one JSON line, disconnects with \"client quitting\" and exits 0;",
        "exits 1 with an error on failure."
      })
  int ping(
      @Parameters(paramLabel = "<enode>", description = "enode://<128 hex>@<ip>:<port>")
          String enodeUrl,
      @Option(
              names = "--cap",
              paramLabel = "name/version[:codes]",
              description =
                  "a capability to announce, e.g. eth/68:17 (repeatable; 16 codes by default)")
          List<String> caps,
      @Option(
              names = "--timeout",
              defaultValue = "10",
              description = "seconds to wait for the handshake (default: ${DEFAULT-VALUE})")
          int timeoutSeconds) {
    if (timeoutSeconds < 1) {
      System.err.println(
          "p2psim: bad --timeout " + timeoutSeconds + ": expected 1 or more seconds");
      return 2;
    }
    Enode enode;
    try {
      enode = Enode.parse(enodeUrl);
    } catch (IllegalArgumentException e) {
      System.err.println("p2psim: " + e.getMessage());
      return 1;
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    P2pServer server =
        new P2pServer(
            vertx, P2pConfig.builder(NodeKey.generate()).protocols(protocols(caps)).build());
    try {
      server.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
      PeerInfo peer =
          server.connect(enode).toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
      Json.printLine(System.out, hello(peer));
      return 0;
    } catch (ExecutionException e) {
      System.err.println("p2psim: ping " + enode + " failed: " + e.getCause().getMessage());
      return 1;
    } catch (TimeoutException e) {
      System.err.println(
          "p2psim: ping " + enode + " failed: no Hello within " + timeoutSeconds + " s");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      // stop() disconnects the peer with "client quitting".
      server
          .stop()
          .toCompletableFuture()
          .orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null)
          .join();
      vertx
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null)
          .join();
    }
  }

  private static Map<String, Object> hello(PeerInfo peer) {
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("clientId", peer.clientId());
    hello.put("p2pVersion", peer.p2pVersion());
    hello.put("caps", peer.caps().stream().map(Capability::toString).toList());
    hello.put("id", java.util.HexFormat.of().formatHex(Enode.parse(peer.enode()).publicKey()));
    hello.put("nodeId", peer.id().hex());
    return hello;
  }

  /** Protocols that announce a capability and accept (and ignore) its messages. */
  private static List<Protocol> protocols(List<String> caps) {
    List<Protocol> out = new ArrayList<>();
    if (caps == null) {
      return out;
    }
    for (String text : caps) {
      // name/version[:codes]; the code count matters only when several protocols are shared.
      int colon = text.indexOf(':');
      Capability cap = Capability.parse(colon < 0 ? text : text.substring(0, colon));
      int codes = 16;
      if (colon >= 0) {
        try {
          codes = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "bad --cap \"" + text + "\": expected name/version[:codes], e.g. eth/68:17");
        }
      }
      // Messages are routed and reported, never answered.
      out.add(
          Protocol.of(
              cap.name(), cap.version(), codes, peer -> (PeerHandler) (code, payload) -> {}));
    }
    return out;
  }
}
