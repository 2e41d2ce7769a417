package org.p2psim.p2p;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.p2psim.api.Capability;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.Link;
import org.p2psim.api.NodeId;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.rlp.RlpException;
import org.p2psim.api.rlp.RlpItem;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.p2p.internal.CapabilityMatcher;
import org.p2psim.p2p.internal.CapabilityMatcher.Match;
import org.p2psim.p2p.internal.Hello;
import org.p2psim.p2p.internal.VertxInternals;
import org.p2psim.p2p.rlpx.FrameException;
import org.p2psim.p2p.rlpx.Handshake;
import org.p2psim.p2p.rlpx.HandshakeException;
import org.p2psim.p2p.rlpx.RlpxMessage;
import org.p2psim.p2p.rlpx.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RLPx connection's protocol state machine, from the first handshake packet to the close: the
 * handshake phase, the Hello exchange, Ping/Pong keepalive, Disconnect, and the dispatch of
 * sub-protocol messages by capability offset. The bytes themselves (buffering, cutting packets and
 * frames, batching writes) are its {@link RlpxStream}'s. Everything runs on the owning node's
 * context, so the connection's state needs no locks.
 */
final class Connection {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private static final int MSG_HELLO = 0;
  private static final int MSG_DISCONNECT = 1;
  private static final int MSG_PING = 2;
  private static final int MSG_PONG = 3;
  private static final byte[] EMPTY_LIST = {(byte) 0xc0};
  private static final int MAX_DISCONNECT_PAYLOAD = 16;
  // How long the socket of a dropped connection may take to hand its Disconnect to the peer, once
  // the link has let it out, before it is closed at once.
  private static final long CLOSE_GRACE_MILLIS = 2000;

  private enum State {
    HANDSHAKE,
    HELLO,
    ACTIVE,
    CLOSED
  }

  private final P2pServer server;
  private final Context context;
  private final LinkShaper socket;
  private final RlpxStream stream;
  private final boolean inbound;
  private final String localAddress;
  private final String remoteAddress;
  private final CompletableFuture<PeerInfo> added = new CompletableFuture<>();
  private final CompletableFuture<Void> socketClosed = new CompletableFuture<>();

  private State state = State.HANDSHAKE;
  private Handshake.Initiator initiator;
  private Handshake.Recipient recipient;
  private boolean snappy;

  private byte[] remoteKey;
  private NodeId remoteId;
  private Hello remoteHello;
  private List<Match<Protocol>> shared = List.of();
  private PeerHandler[] handlers = new PeerHandler[0];

  private DisconnectReason closedWith; // why an active connection ended
  private long handshakeTimer = -1;
  private long pingTimer = -1;
  private long lastReadNanos = System.nanoTime();

  private Connection(P2pServer server, Duplex socket, boolean inbound) {
    this.server = server;
    this.context = server.context();
    this.socket = new LinkShaper(context, socket);
    this.stream = new RlpxStream(this.socket, server.config().maxMessageSize());
    this.inbound = inbound;
    this.localAddress = socket.localAddress();
    this.remoteAddress = socket.remoteAddress();
  }

  /**
   * Takes over a stream someone dialled us on. Runs on the node's context. Over an in-memory pipe
   * without encryption, there is no handshake: the Hello exchange starts at once.
   */
  static Connection accept(P2pServer server, Duplex socket) {
    Connection c = new Connection(server, socket, true);
    byte[] plainKey = socket.plaintextPeerKey();
    if (plainKey == null) {
      c.recipient = Handshake.recipient(server.key());
    }
    c.begin();
    if (plainKey != null) {
      c.remoteKey = plainKey;
      c.identified(NodeKey.idOf(plainKey));
      c.secured(null);
    }
    return c;
  }

  /** Takes over a stream we dialled, and sends the auth message. Runs on the node's context. */
  static Connection dial(P2pServer server, Duplex socket, byte[] remoteKey) {
    Connection c = new Connection(server, socket, false);
    c.remoteKey = remoteKey.clone();
    c.identified(NodeKey.idOf(remoteKey));
    boolean plain = socket.plaintextPeerKey() != null;
    if (!plain) {
      c.initiator = Handshake.initiator(server.key(), remoteKey);
    }
    c.begin();
    if (c.state == State.CLOSED) {
      return c; // refused as it began: the server is stopping
    }
    if (plain) {
      c.secured(null);
    } else {
      c.stream.writePacket(c.initiator.auth());
    }
    return c;
  }

  private void begin() {
    server.track(this);
    if (state == State.CLOSED) {
      return; // refused (the server is stopping): no handlers, no handshake timer to outlive it
    }
    socket.handler(this::onData);
    socket.closeHandler(v -> onSocketClosed());
    socket.exceptionHandler(e -> fail(DisconnectReason.NETWORK_ERROR, e.toString(), false));
    long timeout = server.config().handshakeTimeout().toMillis();
    handshakeTimer =
        VertxInternals.setTimer(
            context,
            timeout,
            id -> fail(null, "handshake timed out after " + timeout + " ms", false));
  }

  /**
   * Learns who the other end is: from here on, what is sent to it goes under its link's conditions.
   */
  private void identified(NodeId id) {
    remoteId = id;
    socket.link(server.linkTo(id));
  }

  /** Shapes what is sent from now on with {@code link}. */
  void link(Link link) {
    socket.link(link);
  }

  /**
   * Drops the connection as a network cut would: no Disconnect, since it could not arrive; the
   * other end sees its stream close.
   */
  void cut() {
    fail(DisconnectReason.NETWORK_ERROR, "cut off by a partition", false);
  }

  /** Completes with the peer's info when it is up, or fails with the reason it is not. */
  CompletionStage<PeerInfo> added() {
    return added;
  }

  // ---- reading ------------------------------------------------------------------------------

  private void onData(Buffer data) {
    if (state == State.CLOSED) {
      return;
    }
    stream.append(data);
    try {
      while (state != State.CLOSED && process()) {
        // each pass consumes one handshake packet or one frame
      }
    } catch (RuntimeException e) {
      onBadInput(e);
    }
  }

  /** Handles the next handshake packet or frame if it is all there; returns whether it did. */
  private boolean process() {
    if (state == State.HANDSHAKE) {
      byte[] packet = stream.nextHandshakePacket(inbound);
      if (packet == null) {
        return false;
      }
      onHandshakePacket(packet);
      return true;
    }
    byte[] frameData = stream.nextFrame();
    if (frameData == null) {
      return false;
    }
    // Only a whole frame counts as hearing from the peer: one that trickles the bytes of a frame
    // it never finishes is dropped at the read timeout, as go-ethereum drops it.
    lastReadNanos = System.nanoTime();
    try {
      onFrame(frameData);
    } catch (FrameException | RlpException | IllegalArgumentException e) {
      // A bad message in a sound frame: the stream is in step, so tell the peer why it goes.
      throw new BadInputException(
          DisconnectReason.PROTOCOL_ERROR, e.getMessage() == null ? e.toString() : e.getMessage());
    }
    return true;
  }

  private void onHandshakePacket(byte[] packet) {
    Secrets secrets;
    if (inbound) {
      byte[] ack = recipient.readAuth(packet);
      secrets = recipient.secrets();
      remoteKey = secrets.remotePublicKey();
      identified(NodeKey.idOf(remoteKey));
      stream.writePacket(ack);
    } else {
      secrets = initiator.readAck(packet);
    }
    initiator = null;
    recipient = null;
    secured(secrets);
  }

  /**
   * Starts framing with the handshake's secrets, or without encryption if null, and sends Hello.
   */
  private void secured(Secrets secrets) {
    if (state == State.CLOSED) {
      return; // refused as it began (the server was stopping): nothing to frame or greet
    }
    if (secrets == null) {
      stream.plaintext();
    } else {
      stream.secure(secrets);
    }
    state = State.HELLO;
    if (server.cutOff(remoteId)) {
      cut();
      return;
    }
    // As go-ethereum: refuse a peer we cannot take before the Hello, with a Disconnect in its
    // place.
    DisconnectReason refusal = server.admissionCheck(this);
    if (refusal != null) {
      disconnectWith(refusal, refusal.text());
      return;
    }
    Hello hello =
        new Hello(
            Hello.VERSION,
            server.config().clientId(),
            server.capabilities(),
            0,
            server.key().publicKey());
    stream.queue(MSG_HELLO, hello.encode(), false, null);
    stream.flush();
  }

  private void onFrame(byte[] frameData) {
    if (state == State.HELLO) {
      // Hello, and a Disconnect sent in its place, are never compressed.
      RlpxMessage msg = stream.decode(frameData, false);
      if (msg.code() == MSG_DISCONNECT) {
        DisconnectReason reason = decodeDisconnect(frameData);
        fail(reason, reason.text(), false);
        return;
      }
      if (msg.code() != MSG_HELLO) {
        throw new BadInputException(
            DisconnectReason.PROTOCOL_ERROR, "expected Hello, got message code " + msg.code());
      }
      onHello(Hello.decode(msg.payload()));
      return;
    }
    RlpxMessage msg;
    try {
      msg = stream.decode(frameData, snappy);
    } catch (RuntimeException e) {
      if (frameData.length > 0 && frameData[0] == MSG_DISCONNECT) {
        // Some peers send Disconnect uncompressed even with snappy on (spec §7).
        DisconnectReason reason = decodeDisconnect(frameData);
        fail(reason, reason.text(), false);
        return;
      }
      throw e;
    }
    long code = msg.code();
    if (code < CapabilityMatcher.BASE_PROTOCOL_LENGTH) {
      onBaseMessage(code, msg.payload());
      return;
    }
    dispatch(code, msg.payload());
  }

  /** Hands a sub-protocol message to the protocol whose code range holds it. */
  private void dispatch(long code, byte[] payload) {
    for (int i = 0; i < shared.size(); i++) {
      Match<Protocol> m = shared.get(i);
      if (m.owns(code)) {
        int relative = (int) (code - m.offset());
        if (server.config().messageEvents()) {
          server.emit(
              PeerEvent.message(true, remoteId, m.offer().name(), relative, payload.length));
        }
        try {
          handlers[i].onMessage(relative, payload);
        } catch (RuntimeException e) {
          log.debug(
              "peer {}: {} handler failed on code {}",
              remoteId.shortHex(),
              m.offer().name(),
              relative,
              e);
          disconnect(DisconnectReason.SUBPROTOCOL_ERROR);
        }
        return;
      }
    }
    throw new BadInputException(
        DisconnectReason.PROTOCOL_ERROR, "message code " + code + " is out of range");
  }

  private void onBaseMessage(long code, byte[] payload) {
    switch ((int) code) {
      case MSG_PING -> {
        stream.queue(MSG_PONG, EMPTY_LIST, snappy, null);
        stream.flush();
      }
      case MSG_PONG -> {
        // lastReadNanos already moved on
      }
      case MSG_DISCONNECT -> {
        DisconnectReason reason = decodeDisconnectPayload(payload);
        fail(reason, reason.text(), false);
      }
      case MSG_HELLO ->
          throw new BadInputException(DisconnectReason.PROTOCOL_ERROR, "second Hello received");
      default -> {
        // Codes 4 to 15 are reserved: go-ethereum ignores them, and so do we.
      }
    }
  }

  private void onHello(Hello hello) {
    byte[] id = hello.nodeKey();
    if (id.length != 64 || allZero(id)) {
      throw new BadInputException(
          DisconnectReason.INVALID_IDENTITY, "Hello carries an invalid node id");
    }
    if (!Arrays.equals(id, remoteKey)) {
      throw new BadInputException(
          DisconnectReason.UNEXPECTED_IDENTITY,
          "Hello node id differs from the key the handshake authenticated");
    }
    remoteHello = hello;
    snappy = hello.protocolVersion() >= 5;
    shared = CapabilityMatcher.match(hello.capabilities(), server.offers());
    if (shared.isEmpty() && !server.config().protocols().isEmpty()) {
      throw new BadInputException(DisconnectReason.USELESS_PEER, "no capability in common");
    }
    DisconnectReason refusal = server.admit(this);
    if (refusal != null) {
      disconnectWith(refusal, refusal.text());
      return;
    }
    state = State.ACTIVE;
    context.owner().cancelTimer(handshakeTimer);
    long interval = server.config().pingInterval().toMillis();
    pingTimer = VertxInternals.setPeriodic(context, interval, t -> keepAlive());
    // Made before the add event: a listener or a protocol may drop the peer at once, and the drop
    // then tells each handler made so far.
    handlers = new PeerHandler[shared.size()];
    server.emit(PeerEvent.add(remoteId, localAddress, remoteAddress));
    for (int i = 0; i < shared.size() && state == State.ACTIVE; i++) {
      Match<Protocol> m = shared.get(i);
      PeerHandler h;
      try {
        h = m.offer().protocol().connect(new ProtocolPeer(this, m));
      } catch (RuntimeException e) {
        log.warn(
            "protocol {} failed to take peer {}",
            m.offer().protocol().capability(),
            remoteId.shortHex(),
            e);
        disconnect(DisconnectReason.SUBPROTOCOL_ERROR);
        return;
      }
      handlers[i] = h;
      if (state == State.CLOSED && h != null) {
        disconnected(h, closedWith); // it dropped the peer as it took it: the drop missed it
      }
    }
    if (state == State.ACTIVE) {
      added.complete(info());
    }
  }

  private void keepAlive() {
    if (state != State.ACTIVE) {
      return;
    }
    long idle = System.nanoTime() - lastReadNanos;
    if (idle > server.config().readTimeout().toNanos()) {
      disconnectWith(DisconnectReason.READ_TIMEOUT, "no message for " + idle / 1_000_000 + " ms");
      return;
    }
    stream.queue(MSG_PING, EMPTY_LIST, snappy, null);
    stream.flush();
  }

  private void onBadInput(RuntimeException e) {
    DisconnectReason reason =
        e instanceof BadInputException bad ? bad.reason() : DisconnectReason.PROTOCOL_ERROR;
    String what = e.getMessage() == null ? e.toString() : e.getMessage();
    if (!(e instanceof BadInputException
        || e instanceof FrameException
        || e instanceof HandshakeException
        || e instanceof RlpException)) {
      log.error("unexpected failure on {}; dropping it", this, e);
    }
    // A broken MAC or a garbled handshake means the stream cannot be trusted: just close.
    boolean canTell = stream.isSecure() && !(e instanceof FrameException);
    if (canTell) {
      disconnectWith(reason, what);
    } else {
      fail(reason, what, false);
    }
  }

  private DisconnectReason decodeDisconnect(byte[] frameData) {
    // frame-data is rlp(1) = 0x01, then the payload, maybe snappy-compressed.
    byte[] payload = Arrays.copyOfRange(frameData, 1, frameData.length);
    try {
      return decodeDisconnectPayload(stream.decode(frameData, true).payload());
    } catch (RuntimeException compressedFailed) {
      return decodeDisconnectPayload(payload);
    }
  }

  /**
   * Reads {@code [reason]}, or the legacy bare reason; anything else is UNKNOWN. A reason takes a
   * few bytes: a longer payload is not decoded, as a peer could fill it with millions of empty
   * lists, one object each.
   */
  private static DisconnectReason decodeDisconnectPayload(byte[] payload) {
    if (payload.length > MAX_DISCONNECT_PAYLOAD) {
      return DisconnectReason.UNKNOWN;
    }
    try {
      RlpItem item = Rlp.decode(payload);
      if (item.isList()) {
        return item.size() == 0
            ? DisconnectReason.UNKNOWN
            : DisconnectReason.ofCode(item.get(0).asLong());
      }
      return DisconnectReason.ofCode(item.asLong());
    } catch (RuntimeException e) {
      return DisconnectReason.UNKNOWN;
    }
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  // ---- writing ------------------------------------------------------------------------------

  /** Sends a sub-protocol message, from any thread; {@link ProtocolPeer} checks nothing else. */
  CompletionStage<Void> send(Match<Protocol> match, int code, byte[] payload) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (code < 0 || code >= match.offer().length()) {
      done.completeExceptionally(
          new IllegalArgumentException(
              "message code "
                  + code
                  + " is out of range for "
                  + match.offer().protocol().capability()
                  + " (0 to "
                  + (match.offer().length() - 1)
                  + ")"));
      return done;
    }
    server.onContext(
        () -> {
          if (state != State.ACTIVE) {
            done.completeExceptionally(
                new P2pException(null, "peer " + remoteId.shortHex() + " is not connected"));
            return;
          }
          boolean first = stream.nothingQueued();
          stream.queue(match.offset() + code, payload, snappy, done);
          if (server.config().messageEvents()) {
            server.emit(
                PeerEvent.message(false, remoteId, match.offer().name(), code, payload.length));
          }
          // Messages sent in one callback go out in one write.
          if (first) {
            context.runOnContext(v -> stream.flush());
          }
        });
    return done;
  }

  // ---- closing ------------------------------------------------------------------------------

  /** Sends Disconnect with {@code reason}, then closes. */
  void disconnectWith(DisconnectReason reason, String error) {
    if (state == State.CLOSED) {
      return;
    }
    if (stream.isSecure()) {
      stream.queue(
          MSG_DISCONNECT,
          Rlp.encodeList(Rlp.encodeLong(reason.code())),
          state == State.ACTIVE && snappy,
          null);
      stream.flush();
    }
    fail(reason, error, true);
  }

  /** Sends Disconnect with {@code reason} and closes; from any thread. */
  void disconnect(DisconnectReason reason) {
    server.onContext(() -> disconnectWith(reason, reason.text()));
  }

  /** Closes the stream at once, dropping what its link still holds; after {@link #fail}. */
  void closeNow() {
    socket.close();
  }

  /** Completes when the socket is closed. */
  CompletionStage<Void> socketClosed() {
    return socketClosed;
  }

  private void onSocketClosed() {
    socketClosed.complete(null);
    fail(DisconnectReason.NETWORK_ERROR, "connection closed by the remote side", false);
  }

  /** Ends the connection once: timers, handlers, events, the server's books and the socket. */
  private void fail(DisconnectReason reason, String detail, boolean graceful) {
    if (state == State.CLOSED) {
      return;
    }
    // Drop events read like go-ethereum's ("client quitting"), with our detail after a colon.
    String error =
        reason == null || reason.text().equals(detail) ? detail : reason.text() + ": " + detail;
    // One line per connection that ends, at DEBUG: peers misbehaving is routine in a simulation.
    log.debug(
        "{} peer {} at {} {}: {}",
        inbound ? "inbound" : "outbound",
        remoteId == null ? "?" : remoteId.shortHex(),
        remoteAddress,
        state == State.ACTIVE ? "dropped" : "failed",
        error);
    boolean wasActive = state == State.ACTIVE;
    state = State.CLOSED;
    context.owner().cancelTimer(handshakeTimer);
    context.owner().cancelTimer(pingTimer);
    server.untrack(this, wasActive);
    if (graceful) {
      // The Disconnect goes out behind what is queued, after the link has let out what it holds;
      // then a peer that does not read would hold the socket open for ever, so it is closed at
      // once after a grace period.
      socket.endThen(
          () ->
              VertxInternals.setTimer(
                  context,
                  CLOSE_GRACE_MILLIS,
                  t -> {
                    if (!socketClosed.isDone()) {
                      socket.close();
                    }
                  }));
    } else {
      socket.close();
    }
    if (wasActive) {
      closedWith = reason == null ? DisconnectReason.UNKNOWN : reason;
      for (PeerHandler h : handlers) {
        if (h != null) {
          disconnected(h, closedWith);
        }
      }
      server.emit(PeerEvent.drop(remoteId, error, localAddress, remoteAddress));
    }
    added.completeExceptionally(new P2pException(reason, error));
  }

  private void disconnected(PeerHandler h, DisconnectReason why) {
    try {
      h.onDisconnect(why);
    } catch (RuntimeException e) {
      log.warn("onDisconnect of peer {} failed", remoteId.shortHex(), e);
    }
  }

  // ---- what the peer is ---------------------------------------------------------------------

  PeerInfo info() {
    Map<String, Object> protocols = new HashMap<>();
    for (int i = 0; i < shared.size(); i++) {
      Object info = handlers.length > i && handlers[i] != null ? handlers[i].info() : null;
      protocols.put(shared.get(i).offer().name(), info == null ? "unknown" : info);
    }
    return new PeerInfo(
        remoteId,
        Enode.of(remoteKey, hostOf(remoteAddress), portOf(remoteAddress)).toString(),
        clientId(),
        remoteHello == null ? 0 : remoteHello.protocolVersion(),
        capabilities(),
        localAddress,
        remoteAddress,
        inbound,
        protocols);
  }

  private static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }

  private static int portOf(String address) {
    int colon = address.lastIndexOf(':');
    try {
      return colon < 0 ? 0 : Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  NodeId id() {
    return remoteId;
  }

  byte[] remoteKey() {
    return remoteKey.clone();
  }

  boolean inbound() {
    return inbound;
  }

  String localAddress() {
    return localAddress;
  }

  String remoteAddress() {
    return remoteAddress;
  }

  String clientId() {
    return remoteHello == null ? "" : remoteHello.clientId();
  }

  List<Capability> capabilities() {
    return remoteHello == null ? List.of() : remoteHello.capabilities();
  }

  @Override
  public String toString() {
    return "peer " + (remoteId == null ? "?" : remoteId.shortHex()) + " at " + remoteAddress;
  }
}
