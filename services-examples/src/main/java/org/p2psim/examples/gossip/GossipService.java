package org.p2psim.examples.gossip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.NodeId;
import org.p2psim.api.spi.NodeScheduler;
import org.p2psim.api.spi.Peer;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.api.spi.RpcApi;
import org.p2psim.api.spi.RpcSubscriber;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.Snapshottable;

/**
 * The gossip service of one node. Protocol callbacks, RPC calls and {@link #snapshot()} all run on
 * the node's event-loop context, one at a time, so plain fields and maps need no locks.
 *
 * <p>The rule is flooding with de-duplication: a message seen for the first time is recorded and
 * sent to every connected peer except the one it came from; a message seen before is dropped. Every
 * node connected to the origin, directly or not, thus records each message exactly once, whatever
 * cycles the network has. Memory is bounded by {@code maxSeen}: past it the oldest record is
 * evicted (a copy of an evicted message still in flight would then be accepted again, so keep the
 * cap well above the number of messages in flight).
 */
final class GossipService implements Service, Snapshottable {
  static final String PROTOCOL = "gossip";
  static final int VERSION = 1;
  static final int MESSAGE = 0;

  private final NodeId self;
  private final NodeScheduler scheduler;
  private final int maxSeen;
  private final Protocol protocol;

  /** Every message seen, by id, in the order they arrived. */
  private final LinkedHashMap<String, Entry> seen = new LinkedHashMap<>();

  /** The peers connected now, in the order they came. */
  private final Map<NodeId, Link> links = new LinkedHashMap<>();

  private final List<RpcSubscriber> subscribers = new ArrayList<>();

  private long nextSeq;
  private long published;
  private long accepted;
  private long duplicates;
  private long sent;
  private long evicted;

  GossipService(NodeId self, NodeScheduler scheduler, int maxSeen, GossipSnapshot.State restored) {
    this.self = self;
    this.scheduler = scheduler;
    this.maxSeen = maxSeen;
    this.nextSeq = restored.nextSeq();
    restored.seen().forEach(this::record);
    this.protocol =
        Protocol.of(
            PROTOCOL,
            VERSION,
            1,
            peer -> {
              Link link = new Link(peer);
              links.put(peer.id(), link);
              return link;
            },
            () -> new GossipInfo(seen.size(), maxSeen, nextSeq));
  }

  @Override
  public List<Protocol> protocols() {
    return List.of(protocol);
  }

  @Override
  public List<RpcApi> apis() {
    return List.of(new RpcApi("gossip", new GossipApi(this)));
  }

  @Override
  public byte[] snapshot() {
    return GossipSnapshot.encode(new GossipSnapshot.State(nextSeq, List.copyOf(seen.values())));
  }

  // --- what the RPC API calls
  // ---------------------------------------------------------------------

  String publish(String text) {
    if (text == null) {
      throw new IllegalArgumentException("gossip: publish needs a text");
    }
    if (nextSeq == Long.MAX_VALUE) {
      // A snapshot may bring nextSeq up to here; one more would not fit in the next snapshot.
      throw new IllegalStateException(
          "gossip: this node has used every sequence number below " + Long.MAX_VALUE);
    }
    GossipMessage m = GossipMessage.publish(self, nextSeq, scheduler.clock().instant(), text);
    nextSeq++;
    published++;
    record(new Entry(m, m.publishedAt(), null));
    forward(m, null);
    return m.id();
  }

  List<SeenMessage> seen() {
    List<SeenMessage> out = new ArrayList<>(seen.size());
    seen.values().forEach(e -> out.add(e.view()));
    return out;
  }

  int seenCount() {
    return seen.size();
  }

  GossipStats stats() {
    return new GossipStats(
        seen.size(), maxSeen, links.size(), published, accepted, duplicates, sent, evicted);
  }

  void subscribe(RpcSubscriber subscriber) {
    subscribers.add(subscriber);
    // onClose may run on another thread (the RPC connection's): come back to the node's context.
    subscriber.onClose(() -> scheduler.execute(() -> subscribers.remove(subscriber)));
  }

  // --- the protocol
  // ---------------------------------------------------------------------------------

  private void receive(Link from, GossipMessage m) {
    if (seen.containsKey(m.id())) {
      duplicates++;
      from.duplicates++;
      return;
    }
    if (m.origin().equals(self)) {
      // One of ours from before a restart that lost our state: its peers have it already. Not
      // recorded (a snapshot holds no message of ours at or past nextSeq), and nextSeq moves past
      // it, so that the ids of our next messages are new.
      if (m.seq() >= nextSeq && m.seq() < Long.MAX_VALUE) {
        nextSeq = m.seq() + 1;
      }
      duplicates++;
      from.duplicates++;
      return;
    }
    accepted++;
    from.accepted++;
    record(new Entry(m, scheduler.clock().instant(), from.peer.id()));
    forward(m, from);
  }

  /** Sends {@code m} one hop further, to every peer but {@code except}. */
  private void forward(GossipMessage m, Link except) {
    byte[] payload = m.nextHop().encode();
    for (Link link : links.values()) {
      if (link != except) {
        link.sent++;
        sent++;
        // A failed send means the peer is going; its onDisconnect cleans up.
        link.peer.send(MESSAGE, payload);
      }
    }
  }

  private void record(Entry e) {
    seen.put(e.message().id(), e);
    if (seen.size() > maxSeen) {
      Iterator<String> oldest = seen.keySet().iterator();
      oldest.next();
      oldest.remove();
      evicted++;
    }
    if (!subscribers.isEmpty()) {
      subscribers.removeIf(RpcSubscriber::isClosed);
      SeenMessage view = e.view();
      for (RpcSubscriber s : subscribers) {
        s.send(view);
      }
    }
  }

  /** A message as recorded here. */
  record Entry(GossipMessage message, Instant receivedAt, NodeId from) {
    SeenMessage view() {
      return new SeenMessage(
          message.id(),
          message.origin().hex(),
          message.seq(),
          message.text(),
          message.hops(),
          message.publishedAt().toString(),
          receivedAt.toString(),
          from == null ? null : from.hex());
    }
  }

  /** One connected peer. */
  private final class Link implements PeerHandler {
    private final Peer peer;
    private long sent;
    private long accepted;
    private long duplicates;

    Link(Peer peer) {
      this.peer = peer;
    }

    /**
     * Checks and handles one message. A malformed one throws, which makes the node drop the peer
     * with "subprotocol error": the SPI's contract, and the right answer to a peer that breaks the
     * protocol.
     */
    @Override
    public void onMessage(int code, byte[] payload) {
      if (code != MESSAGE) {
        throw new IllegalArgumentException("gossip: unknown message code " + code);
      }
      receive(this, GossipMessage.decode(payload));
    }

    @Override
    public void onDisconnect(DisconnectReason reason) {
      links.remove(peer.id(), this);
    }

    @Override
    public Object info() {
      return new LinkInfo(sent, accepted, duplicates);
    }
  }
}
