package org.p2psim.examples.pingpong;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.NodeId;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.rlp.RlpItem;
import org.p2psim.api.spi.NodeScheduler;
import org.p2psim.api.spi.Peer;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.api.spi.RpcApi;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.Snapshottable;

/**
 * The pingpong service of one node. Everything here runs on the node's event-loop context (protocol
 * callbacks, timers, RPC calls, {@link #snapshot()}), one call at a time, so plain fields and maps
 * need no locks.
 *
 * <p>Wire format of {@code pingpong/1}: code 0 is Ping {@code [seq]}, code 1 is Pong {@code [seq]}
 * echoing the Ping's sequence number. Sequence numbers count the Pings sent to that peer, from 1.
 */
final class PingPongService implements Service, Snapshottable {
  static final String PROTOCOL = "pingpong";
  static final int VERSION = 1;
  static final int PING = 0;
  static final int PONG = 1;

  private final Duration interval;
  private final NodeScheduler scheduler;
  private final Protocol protocol;

  /** Counts per peer, kept after the peer leaves; sorted by id so reports and snapshots are too. */
  private final Map<NodeId, Tally> peers = new TreeMap<>();

  private final Tally total = new Tally();

  /** The peers connected now. */
  private final Set<Session> sessions = new LinkedHashSet<>();

  private boolean stopped;

  PingPongService(Duration interval, NodeScheduler scheduler, PingPongSnapshot.State restored) {
    this.interval = interval;
    this.scheduler = scheduler;
    restored.peers().forEach((id, counts) -> peers.put(id, new Tally(counts)));
    total.add(restored.total());
    this.protocol =
        Protocol.of(
            PROTOCOL,
            VERSION,
            2,
            this::connect,
            () -> new PingPongInfo(interval.toMillis(), sessions.size(), total.counts()));
  }

  @Override
  public List<Protocol> protocols() {
    return List.of(protocol);
  }

  @Override
  public List<RpcApi> apis() {
    return List.of(new RpcApi("pingpong", new PingPongApi(this)));
  }

  /** Cancels the Ping timers. Idempotent; the node would cancel them anyway. */
  @Override
  public void stop() {
    stopped = true;
    for (Session s : sessions) {
      s.timer.cancel();
    }
  }

  @Override
  public byte[] snapshot() {
    Map<NodeId, Counts> counts = new TreeMap<>();
    peers.forEach((id, tally) -> counts.put(id, tally.counts()));
    return PingPongSnapshot.encode(new PingPongSnapshot.State(total.counts(), counts));
  }

  PingPongApi.Report report() {
    Map<String, Counts> byHex = new TreeMap<>();
    peers.forEach((id, tally) -> byHex.put(id.hex(), tally.counts()));
    return new PingPongApi.Report(total.counts(), byHex);
  }

  /** The round trips of the peers connected now, by node id hex. */
  Map<String, RoundTrips> roundTrips() {
    Map<String, RoundTrips> out = new TreeMap<>();
    sessions.forEach(s -> out.put(s.peer.id().hex(), s.roundTrips()));
    return out;
  }

  /** The peers connected now, for tests. */
  List<NodeId> connected() {
    List<NodeId> ids = new ArrayList<>();
    sessions.forEach(s -> ids.add(s.peer.id()));
    return ids;
  }

  private PeerHandler connect(Peer peer) {
    Session session = new Session(peer, peers.computeIfAbsent(peer.id(), id -> new Tally()));
    sessions.add(session);
    // One timer per peer: the first Ping goes one interval after the peer is up.
    session.timer = stopped ? () -> {} : scheduler.schedulePeriodic(interval, session::ping);
    return session;
  }

  /** One connected peer. */
  private final class Session implements PeerHandler {
    private final Peer peer;
    private final Tally tally;
    private NodeScheduler.Cancellable timer;

    /** The sequence numbers of the last Ping sent and last Pong received on this connection. */
    private long lastPing;

    private long lastPong;

    /** When the last Pings went, by sequence number modulo their number. */
    private final Instant[] pingedAt = new Instant[64];

    /** The last round trips, in microseconds, by pong count modulo their number. */
    private final long[] trips = new long[RoundTrips.WINDOW];

    private long measured;

    Session(Peer peer, Tally tally) {
      this.peer = peer;
      this.tally = tally;
    }

    void ping() {
      long seq = ++tally.sent;
      total.sent++;
      lastPing = seq;
      pingedAt[(int) (seq % pingedAt.length)] = scheduler.clock().instant();
      // The returned stage fails if the peer is gone; onDisconnect cleans up, so ignore it here.
      peer.send(PING, Rlp.encodeListOf(seq));
    }

    /** Throwing here makes the node drop the peer with "subprotocol error": the SPI's contract. */
    @Override
    public void onMessage(int code, byte[] payload) {
      if (code != PING && code != PONG) {
        throw new IllegalArgumentException("pingpong: unknown message code " + code);
      }
      long seq = sequenceNumber(code, payload);
      switch (code) {
        case PING -> {
          tally.received++;
          total.received++;
          peer.send(PONG, Rlp.encodeListOf(seq));
        }
        default -> {
          // Pongs answer our Pings in order, so each names the next outstanding Ping.
          if (seq <= lastPong || seq > lastPing) {
            throw new IllegalArgumentException(
                "pingpong: Pong "
                    + seq
                    + " from "
                    + peer.id().shortHex()
                    + " answers no outstanding Ping (last Ping "
                    + lastPing
                    + ", last Pong "
                    + lastPong
                    + ")");
          }
          lastPong = seq;
          Instant pinged = pingedAt[(int) (seq % pingedAt.length)];
          if (seq > lastPing - pingedAt.length && pinged != null) {
            trips[(int) (measured++ % trips.length)] =
                Duration.between(pinged, scheduler.clock().instant()).toNanos() / 1000;
          }
          tally.pongs++;
          total.pongs++;
        }
      }
    }

    @Override
    public void onDisconnect(DisconnectReason reason) {
      timer.cancel();
      sessions.remove(this);
    }

    RoundTrips roundTrips() {
      return RoundTrips.of(measured, trips);
    }

    /** What {@code admin_peers} shows under {@code pingpong}: this peer's counts. */
    @Override
    public Object info() {
      return tally.counts();
    }

    /** Decodes {@code [seq]}; bad RLP throws {@code RlpException}. */
    private long sequenceNumber(int code, byte[] payload) {
      RlpItem msg = Rlp.decode(payload);
      long seq = msg.get(0).asLong();
      if (seq < 1) {
        throw new IllegalArgumentException(
            "pingpong: " + (code == PING ? "Ping" : "Pong") + " with sequence number 0");
      }
      return seq;
    }
  }

  /** Mutable counts. */
  private static final class Tally {
    long sent;
    long received;
    long pongs;

    Tally() {}

    Tally(Counts c) {
      add(c);
    }

    void add(Counts c) {
      sent += c.sent();
      received += c.received();
      pongs += c.pongs();
    }

    Counts counts() {
      return new Counts(sent, received, pongs);
    }
  }
}
