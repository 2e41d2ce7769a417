package org.p2psim.p2p;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.p2psim.api.NodeId;

/**
 * Where the {@link P2pServer}s of one JVM find each other without sockets: a server whose config
 * names a network ({@link P2pConfig.Builder#network}) listens here instead of on a TCP port, and
 * its {@code connect} reaches another server of the same network through an in-memory pipe, with
 * the same RLPx handshake, framing and base protocol as over TCP.
 *
 * <p><b>Addresses.</b> Each node gets an address of its own, {@code 127.a.b.c:30303}, the first
 * free one in the order nodes first listen, kept by node id so that a restarted node keeps its
 * enode URL. No socket is ever opened on it: it only names the node here, and it is a valid enode
 * address (loopback, so nothing outside the JVM looks reachable), for up to 16 million nodes with
 * no port range to run out of. A dial goes to whichever server listens at the enode's address, as
 * over TCP: a stale enode reaches no one ("connection refused"), and an enode whose key is not the
 * listener's fails in the handshake. The dialling end of a pipe gets an ephemeral port on its
 * node's address, so both ends name each connection apart.
 *
 * <p><b>Without encryption</b> ({@link Builder#encryption(boolean) encryption(false)}, for the
 * largest runs; off by default and only here, where both ends are known to run on this network):
 * the RLPx handshake (ECIES auth and ack, the ECDH secrets) is skipped, since the network knows
 * both ends' keys, and frames carry no AES-CTR and no MACs: each is its 3-byte big-endian
 * frame-size followed by the frame data. Everything above is unchanged: the Hello exchange with its
 * identity check, snappy, Ping/Pong, Disconnect and sub-protocol offsets.
 *
 * <p>Thread-safe: servers on any context listen and dial at once.
 */
public final class InMemoryNetwork {
  /** The port every in-memory node address carries. */
  public static final int PORT = 30303;

  /** The default of {@link Builder#maxQueuedBytes}: 32 MiB, two of the largest messages. */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 2L * P2pConfig.MAX_MESSAGE_SIZE + 2;

  private final boolean encryption;
  private final long maxQueuedBytes;
  private final Map<NodeId, String> hosts = new ConcurrentHashMap<>();
  private final Map<String, P2pServer> listening = new ConcurrentHashMap<>();
  private final AtomicInteger nextHost = new AtomicInteger(1);
  private final AtomicInteger nextPort = new AtomicInteger();

  private InMemoryNetwork(Builder b) {
    this.encryption = b.encryption;
    this.maxQueuedBytes = b.maxQueuedBytes;
  }

  /** A network with the defaults: full RLPx with encryption, 32 MiB per pipe direction. */
  public static InMemoryNetwork create() {
    return builder().build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether RLPx runs with its handshake and encryption over this network's pipes. */
  public boolean encryption() {
    return encryption;
  }

  /** The most bytes a pipe direction holds written and not yet read. */
  public long maxQueuedBytes() {
    return maxQueuedBytes;
  }

  /** How many servers listen here now. */
  public int listeners() {
    return listening.size();
  }

  // ---- for servers ----------------------------------------------------------------------------

  /** Listens for {@code server}; returns its host, at port {@link #PORT}. */
  String listen(P2pServer server) {
    String host = hosts.computeIfAbsent(server.id(), id -> hostFor(nextHost.getAndIncrement()));
    P2pServer old = listening.putIfAbsent(host + ":" + PORT, server);
    if (old != null && old != server) {
      throw new P2pException(
          null, "node " + server.id() + " already listens at " + host + " on this network");
    }
    return host;
  }

  /** Stops listening for {@code server}. */
  void unlisten(P2pServer server) {
    String host = hosts.get(server.id());
    if (host != null) {
      listening.remove(host + ":" + PORT, server);
    }
  }

  /**
   * Opens a pipe from {@code from} to the server listening at {@code enode}'s address and hands the
   * accepting end to it on its context; completes with the dialling end, or fails as a refused TCP
   * connect would.
   */
  CompletableFuture<Duplex> dial(P2pServer from, Enode enode) {
    String address = enode.host() + ":" + enode.tcpPort();
    P2pServer to = listening.get(address);
    if (to == null || !to.isRunning()) {
      return CompletableFuture.failedFuture(
          new P2pException(null, "cannot dial " + address + ": connection refused (in memory)"));
    }
    String fromHost = hosts.getOrDefault(from.id(), "127.0.0.1");
    int port = 1024 + Math.floorMod(nextPort.getAndIncrement(), 65536 - 1024);
    Pipe pipe =
        new Pipe(
            from.context(),
            fromHost + ":" + port,
            encryption ? null : from.config().key().publicKey(),
            to.context(),
            address,
            encryption ? null : to.config().key().publicKey(),
            maxQueuedBytes);
    to.onContext(() -> to.acceptPipe(pipe.b()));
    return CompletableFuture.completedFuture(pipe.a());
  }

  /**
   * The n-th address, {@code 127.0.0.1} onwards: 127.(n >> 16).(n >> 8).n, skipping .0 and .255.
   */
  private static String hostFor(int n) {
    // 254 usable values in the last byte, so no address ends in .0 or .255.
    int last = n % 254 + 1;
    int rest = n / 254;
    if (rest >= 256 * 256) {
      throw new IllegalStateException("in-memory network is full: " + n + " node addresses used");
    }
    return "127." + (rest >> 8) + "." + (rest & 0xff) + "." + last;
  }

  /** Options of an {@link InMemoryNetwork}. */
  public static final class Builder {
    private boolean encryption = true;
    private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;

    private Builder() {}

    /**
     * Whether RLPx runs its handshake and encrypts frames (default true); see the class comment for
     * exactly what {@code false} skips.
     */
    public Builder encryption(boolean on) {
      this.encryption = on;
      return this;
    }

    /**
     * The most bytes one direction of a pipe holds written and not yet read (default 32 MiB); a
     * write past it drops the connection. At least 64 KiB.
     */
    public Builder maxQueuedBytes(long bytes) {
      if (bytes < 65536) {
        throw new IllegalArgumentException(
            "bad maxQueuedBytes " + bytes + ": expected at least 65536");
      }
      this.maxQueuedBytes = bytes;
      return this;
    }

    /** The network. */
    public InMemoryNetwork build() {
      return new InMemoryNetwork(this);
    }
  }
}
