package org.p2psim.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.p2psim.api.Node;
import org.p2psim.api.NodeAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcConnection;
import org.p2psim.api.TypeRef;
import org.p2psim.network.EventJournal;
import org.p2psim.network.EventSubscription;
import org.p2psim.network.Network;
import org.p2psim.network.NetworkConfig;

/**
 * The network's own event path: peer events as a node's RPC client hands them over, through {@link
 * Network} (model, ordering, one bounded queue per subscriber) to a listener and to the journal on
 * disk. The nodes are stand-ins that emit message events as fast as one thread can, so the figure
 * is what the network sustains, not what nodes produce.
 */
final class NetworkEventBench {
  private final boolean quick;

  NetworkEventBench(boolean quick) {
    this.quick = quick;
  }

  void run(Table table) throws Exception {
    double secs = quick ? 2 : 4;
    measure(100_000, 1); // warm-up
    for (int rate : new int[] {50_000, 100_000, 200_000, 400_000}) {
      Result r = measure(rate, secs);
      table.add(
          "network events to a listener and the journal, offered at " + rate / 1000 + "k/s",
          String.format("%.0f /s", r.rate),
          String.format(
              "%d msg events in %.1f s; listener got %d, journal wrote %d (%.1f MB); %s",
              r.published,
              secs,
              r.listened,
              r.journaled,
              r.journalBytes / 1e6,
              r.lost
                  ? "LOST some: a subscriber fell 65,536 events behind and was ended"
                  : "none lost"));
    }
  }

  private record Result(
      double rate,
      long published,
      long listened,
      long journaled,
      long journalBytes,
      boolean lost) {}

  private Result measure(int rate, double secs) throws Exception {
    StubAdapter adapter = new StubAdapter();
    Path file = Files.createTempFile("p2psim-bench-journal-", ".jsonl");
    try (Network net = new Network(adapter, NetworkConfig.DEFAULT.withDefaultService("flood"))) {
      NodeId a = net.create(NodeConfig.builder().build()).id();
      NodeId b = net.create(NodeConfig.builder().build()).id();
      net.startAll().toCompletableFuture().join();
      AtomicLong listened = new AtomicLong();
      EventSubscription listener = net.subscribe(e -> listened.incrementAndGet());
      long before = net.published();
      EventJournal journal = EventJournal.record(net, file);
      Consumer<PeerEvent> fromA = adapter.events.get(a);
      Consumer<PeerEvent> fromB = adapter.events.get(b);
      PeerEvent sent = PeerEvent.message(false, b, "flood", 0, 4);
      PeerEvent got = PeerEvent.message(true, a, "flood", 0, 4);
      // Offered in bursts of 500 (250 messages, an event at each end) at the given rate.
      long total = (long) (rate * secs);
      long burstNanos = (long) (500 * 1e9 / rate);
      long t0 = System.nanoTime();
      for (long i = 0; i < total; i += 500) {
        long due = t0 + (i / 500) * burstNanos;
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        for (int j = 0; j < 250; j++) {
          fromA.accept(sent);
          fromB.accept(got);
        }
      }
      long published = net.published() - before;
      long journaled = journal.finish(Duration.ofMinutes(5));
      while (listened.get() < published && !listener.ended().toCompletableFuture().isDone()) {
        Thread.onSpinWait();
      }
      double took = (System.nanoTime() - t0) / 1e9;
      boolean lost =
          listener.ended().toCompletableFuture().isCompletedExceptionally()
              || journal.ended().toCompletableFuture().isCompletedExceptionally()
              || listened.get() != published
              || journaled != published;
      return new Result(
          published / took, published, listened.get(), journaled, Files.size(file), lost);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Nodes that start at once and whose peer events come from the benchmark's thread. */
  private static final class StubAdapter implements NodeAdapter {
    final Map<NodeId, Consumer<PeerEvent>> events = new ConcurrentHashMap<>();
    private final List<NodeId> ids = new ArrayList<>();

    @Override
    public String name() {
      return "stub-adapter";
    }

    @Override
    public synchronized Node newNode(NodeConfig config) {
      byte[] b = new byte[NodeId.LENGTH];
      b[0] = (byte) (ids.size() + 1);
      NodeId id = NodeId.of(b);
      ids.add(id);
      NodeConfig withId = config.toBuilder().id(id).build();
      return new StubNode(withId);
    }

    private final class StubNode implements Node {
      private final NodeConfig config;
      private boolean up;

      StubNode(NodeConfig config) {
        this.config = config;
      }

      @Override
      public NodeId id() {
        return config.id();
      }

      @Override
      public NodeConfig config() {
        return config;
      }

      @Override
      public CompletionStage<Void> start(Map<String, byte[]> snapshots) {
        up = true;
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Void> stop() {
        up = false;
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public boolean isUp() {
        return up;
      }

      @Override
      public RpcClient client() {
        NodeId id = id();
        return new RpcClient() {
          @Override
          public <T> CompletionStage<T> call(String method, Class<T> type, Object... params) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(method));
          }

          @Override
          public <T> CompletionStage<T> call(String method, TypeRef<T> type, Object... params) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(method));
          }

          @Override
          @SuppressWarnings("unchecked")
          public <T> CompletionStage<Subscription> subscribe(
              String namespace, Class<T> eventType, Consumer<T> onEvent, Object... params) {
            events.put(id, (Consumer<PeerEvent>) onEvent);
            CompletableFuture<Void> closed = new CompletableFuture<>();
            return CompletableFuture.completedFuture(
                new Subscription() {
                  @Override
                  public String id() {
                    return "0x1";
                  }

                  @Override
                  public CompletionStage<Void> unsubscribe() {
                    closed.complete(null);
                    return closed;
                  }

                  @Override
                  public CompletionStage<Void> closed() {
                    return closed;
                  }
                });
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public void serveRpc(RpcConnection connection) {
        throw new UnsupportedOperationException();
      }

      @Override
      public CompletionStage<Map<String, byte[]>> snapshots() {
        return CompletableFuture.completedFuture(Map.of());
      }

      @Override
      public NodeInfo nodeInfo() {
        return new NodeInfo(id().hex(), config.name(), null, null, null, null, null, Map.of());
      }

      @Override
      public String addr() {
        return "enode://" + "00".repeat(64) + "@127.0.0.1:1";
      }
    }
  }
}
