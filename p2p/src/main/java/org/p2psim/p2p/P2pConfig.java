package org.p2psim.p2p;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.p2psim.api.Version;
import org.p2psim.api.spi.Protocol;

/**
 * How a {@link P2pServer} runs. Build one with {@link #builder(NodeKey)}; every setting but the key
 * has a default that suits a simulation on one machine.
 *
 * @param key the node's identity
 * @param clientId the client id sent in Hello
 * @param protocols the sub-protocols run with every peer that shares them
 * @param host the address to listen on (loopback by default)
 * @param port the TCP port; 0 picks a free one
 * @param maxPeers how many peers at most, inbound and outbound together
 * @param maxActiveDials how many dials may be in flight at once, from the TCP connect to the end of
 *     the Hello exchange; the rest wait their turn
 * @param maxQueuedDials how many dials may wait for their turn; past that a dial fails at once
 * @param dialTimeout how long a TCP connect may take
 * @param handshakeTimeout how long the RLPx handshake and Hello exchange may take together
 * @param pingInterval how often an idle peer is pinged
 * @param readTimeout how long a peer may stay silent before it is dropped
 * @param maxMessageSize the largest frame or decompressed message accepted
 * @param messageEvents whether {@code msgsend}/{@code msgrecv} events are emitted
 * @param network the in-memory network to listen on and dial through instead of TCP, or null for
 *     TCP; with one, {@code host} and {@code port} are not used (the network gives the address)
 */
public record P2pConfig(
    NodeKey key,
    String clientId,
    List<Protocol> protocols,
    String host,
    int port,
    int maxPeers,
    int maxActiveDials,
    int maxQueuedDials,
    Duration dialTimeout,
    Duration handshakeTimeout,
    Duration pingInterval,
    Duration readTimeout,
    int maxMessageSize,
    boolean messageEvents,
    InMemoryNetwork network) {

  /** The default and largest message size: 16 MiB, the most a frame header can describe. */
  public static final int MAX_MESSAGE_SIZE = 0xFFFFFF;

  /** The default of {@link #maxActiveDials}: 16, go-ethereum's {@code maxActiveDialTasks}. */
  public static final int DEFAULT_MAX_ACTIVE_DIALS = 16;

  /** The default of {@link #maxQueuedDials}. */
  public static final int DEFAULT_MAX_QUEUED_DIALS = 1024;

  /** Validates the settings. */
  public P2pConfig {
    requireNonNull(key, "key");
    requireNonNull(clientId, "clientId");
    protocols = List.copyOf(protocols);
    requireNonNull(host, "host");
    requirePositive(dialTimeout, "dialTimeout");
    requirePositive(handshakeTimeout, "handshakeTimeout");
    requirePositive(pingInterval, "pingInterval");
    requirePositive(readTimeout, "readTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("bad port " + port + ": expected 0 to 65535");
    }
    if (maxPeers < 0) {
      throw new IllegalArgumentException("bad maxPeers " + maxPeers + ": expected 0 or more");
    }
    if (maxActiveDials < 1) {
      throw new IllegalArgumentException(
          "bad maxActiveDials " + maxActiveDials + ": expected 1 or more");
    }
    if (maxQueuedDials < 0) {
      throw new IllegalArgumentException(
          "bad maxQueuedDials " + maxQueuedDials + ": expected 0 or more");
    }
    if (maxMessageSize < 1024 || maxMessageSize > MAX_MESSAGE_SIZE) {
      throw new IllegalArgumentException(
          "bad maxMessageSize " + maxMessageSize + ": expected 1024 to " + MAX_MESSAGE_SIZE);
    }
    List<String> names = new ArrayList<>();
    for (Protocol p : protocols) {
      if (names.contains(p.name() + "/" + p.version())) {
        throw new IllegalArgumentException("protocol " + p.capability() + " is given twice");
      }
      names.add(p.name() + "/" + p.version());
    }
  }

  private static void requirePositive(Duration d, String name) {
    requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "bad " + name + " " + d + ": expected a positive duration");
    }
  }

  /**
   * The default client id, {@code p2psim/v<version>/java<feature>}: a node with a name puts it in.
   */
  public static String defaultClientId() {
    return Version.clientId(null);
  }

  /** Starts a builder with the defaults. */
  public static Builder builder(NodeKey key) {
    return new Builder(key);
  }

  /** Builds a {@link P2pConfig}. */
  public static final class Builder {
    private final NodeKey key;
    private String clientId = defaultClientId();
    private final List<Protocol> protocols = new ArrayList<>();
    private String host = "127.0.0.1";
    private int port;
    private int maxPeers = 50;
    private int maxActiveDials = DEFAULT_MAX_ACTIVE_DIALS;
    private int maxQueuedDials = DEFAULT_MAX_QUEUED_DIALS;
    private Duration dialTimeout = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(5);
    private Duration pingInterval = Duration.ofSeconds(15);
    private Duration readTimeout = Duration.ofSeconds(30);
    private int maxMessageSize = MAX_MESSAGE_SIZE;
    private boolean messageEvents;
    private InMemoryNetwork network;

    private Builder(NodeKey key) {
      this.key = requireNonNull(key, "key");
    }

    /** Sets the client id sent in Hello. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** Adds sub-protocols. */
    public Builder protocols(List<Protocol> protocols) {
      this.protocols.addAll(protocols);
      return this;
    }

    /** Adds a sub-protocol. */
    public Builder protocol(Protocol protocol) {
      this.protocols.add(protocol);
      return this;
    }

    /** Sets the listen address (default 127.0.0.1). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Sets the listen port (default 0, a free one). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Sets the peer limit (default 50). */
    public Builder maxPeers(int maxPeers) {
      this.maxPeers = maxPeers;
      return this;
    }

    /**
     * Sets how many dials may be in flight at once (default {@value #DEFAULT_MAX_ACTIVE_DIALS}, as
     * go-ethereum's dialer); a dial holds a socket from its TCP connect to the end of the Hello
     * exchange.
     */
    public Builder maxActiveDials(int maxActiveDials) {
      this.maxActiveDials = maxActiveDials;
      return this;
    }

    /**
     * Sets how many dials may wait for a free slot (default {@value #DEFAULT_MAX_QUEUED_DIALS});
     * past that, {@link P2pServer#connect} fails at once.
     */
    public Builder maxQueuedDials(int maxQueuedDials) {
      this.maxQueuedDials = maxQueuedDials;
      return this;
    }

    /** Sets the TCP connect timeout (default 10 s). */
    public Builder dialTimeout(Duration timeout) {
      this.dialTimeout = timeout;
      return this;
    }

    /** Sets the handshake timeout (default 5 s, as go-ethereum). */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = timeout;
      return this;
    }

    /** Sets the ping interval (default 15 s, as go-ethereum). */
    public Builder pingInterval(Duration interval) {
      this.pingInterval = interval;
      return this;
    }

    /** Sets the read timeout (default 30 s, as go-ethereum). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /** Sets the largest accepted message (default and maximum 16 MiB). */
    public Builder maxMessageSize(int bytes) {
      this.maxMessageSize = bytes;
      return this;
    }

    /** Turns message events on or off (default off). */
    public Builder messageEvents(boolean on) {
      this.messageEvents = on;
      return this;
    }

    /**
     * Runs the server on {@code network}, in memory, instead of TCP (default: TCP); null sets TCP
     * again.
     */
    public Builder network(InMemoryNetwork network) {
      this.network = network;
      return this;
    }

    /** Validates and builds. */
    public P2pConfig build() {
      return new P2pConfig(
          key,
          clientId,
          protocols,
          host,
          port,
          maxPeers,
          maxActiveDials,
          maxQueuedDials,
          dialTimeout,
          handshakeTimeout,
          pingInterval,
          readTimeout,
          maxMessageSize,
          messageEvents,
          network);
    }
  }
}
