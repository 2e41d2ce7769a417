package org.p2psim.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.spi.NodeScheduler;
import org.p2psim.api.spi.Peer;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.api.spi.RpcApi;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.ServiceContext;
import org.p2psim.api.spi.ServiceFactory;

/**
 * A test service ({@code boom}) whose handler throws on one message: each node sends every peer a
 * Tick (code 0) every 250 ms and counts those it receives; {@code boom_provoke} makes a node send
 * Provoke (code 1) to its peers, who answer with Poison (code 2), on which the provoking node's
 * handler throws, so that node drops each peer with "subprotocol error". Peers record why each of
 * their connections ended ({@code boom_drops}). Everything runs on the node's event-loop context.
 */
public final class BoomService implements ServiceFactory {
  static final int TICK = 0;
  static final int PROVOKE = 1;
  static final int POISON = 2;

  @Override
  public String name() {
    return "boom";
  }

  @Override
  public Service create(ServiceContext context) {
    return new Boom(context.scheduler());
  }

  /** Why one of a node's connections ended, as {@code boom_drops} reports it. */
  public record Drop(String peer, String reason) {}

  private static final class Boom implements Service {
    private final NodeScheduler scheduler;
    private final Set<Session> sessions = new LinkedHashSet<>();
    private final List<Drop> drops = new ArrayList<>();
    private long received;

    Boom(NodeScheduler scheduler) {
      this.scheduler = scheduler;
    }

    @Override
    public List<Protocol> protocols() {
      return List.of(Protocol.of("boom", 1, 3, this::connect));
    }

    @Override
    public List<RpcApi> apis() {
      return List.of(new RpcApi("boom", new Api(this)));
    }

    @Override
    public void stop() {
      sessions.forEach(s -> s.timer.cancel());
    }

    private PeerHandler connect(Peer peer) {
      Session s = new Session(peer);
      s.timer =
          scheduler.schedulePeriodic(Duration.ofMillis(250), () -> peer.send(TICK, EMPTY_LIST));
      sessions.add(s);
      return s;
    }

    private static final byte[] EMPTY_LIST = {(byte) 0xc0};

    private final class Session implements PeerHandler {
      private final Peer peer;
      private NodeScheduler.Cancellable timer;

      Session(Peer peer) {
        this.peer = peer;
      }

      @Override
      public void onMessage(int code, byte[] payload) {
        switch (code) {
          case TICK -> received++;
          case PROVOKE -> peer.send(POISON, EMPTY_LIST);
          default ->
              throw new IllegalStateException(
                  "boom: poisoned by " + peer.id().shortHex() + ", failing on purpose");
        }
      }

      @Override
      public void onDisconnect(DisconnectReason reason) {
        timer.cancel();
        sessions.remove(this);
        drops.add(new Drop(peer.id().hex(), reason.name()));
      }
    }
  }

  /** The {@code boom} RPC namespace. */
  public static final class Api {
    private final Boom service;

    Api(Boom service) {
      this.service = service;
    }

    /** {@code boom_received}: how many Ticks this node has received in all. */
    public long received() {
      return service.received;
    }

    /** {@code boom_drops}: the connections that ended, oldest first, with their reasons. */
    public List<Drop> drops() {
      return List.copyOf(service.drops);
    }

    /** {@code boom_provoke}: sends Provoke to every peer; returns how many were sent one. */
    public int provoke() {
      service.sessions.forEach(s -> s.peer.send(PROVOKE, Boom.EMPTY_LIST));
      return service.sessions.size();
    }
  }
}
