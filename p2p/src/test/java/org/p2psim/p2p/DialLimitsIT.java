package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.p2psim.api.DisconnectReason;

/**
 * Fuzz finding (issue 11): 30,000 {@code admin_addPeer} calls to one enode whose port never
 * answered took a node from 16 to 19,999 open files in 7 s. Dials are now bounded and
 * de-duplicated.
 *
 * <p>The target is a loopback port that accepts TCP and then never speaks RLPx, so a dial holds its
 * socket until the target hangs up; every dial's future therefore completes only after the target
 * accepted (and closed) its socket, which lets the tests count dials without sleeping.
 */
class DialLimitsIT {
  @RegisterExtension final TestNet net = new TestNet();
  private final SilentPort target = new SilentPort();

  @AfterEach
  void closeTarget() {
    target.close();
  }

  @Test
  void theSameEnodeIsDialledOnceHoweverOftenItIsAsked() {
    P2pServer node = net.start(DialLimitsIT::patient);
    Enode silent = Enode.of(NodeKey.generate().publicKey(), "127.0.0.1", target.port());
    long fdsBefore = openFds();

    List<CompletableFuture<PeerInfo>> dials = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      dials.add(node.connect(silent).toCompletableFuture());
    }
    TestNet.await("the first dial to arrive", Duration.ofSeconds(10), () -> target.accepted() >= 1);
    TestNet.join(node.peers()); // every connect above has reached the node's context by now
    long fdsWhileDialling = openFds();
    target.hangUpOnEveryone();
    awaitAll(dials);

    assertEquals(1, target.accepted(), "sockets the target accepted");
    assertTrue(
        fdsWhileDialling - fdsBefore <= 20,
        "open files grew from " + fdsBefore + " to " + fdsWhileDialling);
    for (CompletableFuture<PeerInfo> d : dials) {
      assertInstanceOf(P2pException.class, failure(d));
    }
  }

  @Test
  void atMostMaxActiveDialsAreInFlightAndTheRestWaitTheirTurn() {
    P2pServer node = net.start(b -> patient(b).maxActiveDials(4));
    long fdsBefore = openFds();
    int count = 100;
    List<CompletableFuture<PeerInfo>> dials = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Enode silent = Enode.of(NodeKey.generate().publicKey(), "127.0.0.1", target.port());
      dials.add(node.connect(silent).toCompletableFuture());
    }
    // Let one dial end at a time, each time the target holds as many as the node may make.
    for (int released = 0; released < count; released++) {
      int expected = Math.min(4, count - released);
      TestNet.await(
          expected + " dials held after " + released + " released",
          Duration.ofSeconds(10),
          () -> target.held() >= expected);
      target.hangUpOnOne();
    }
    awaitAll(dials);

    assertEquals(4, target.mostHeld(), "most dials in flight at once");
    assertEquals(count, target.accepted(), "every dial was made in its turn");
    assertTrue(
        target.mostFds() - fdsBefore <= 2 * 4 + 20,
        "open files grew from " + fdsBefore + " to " + target.mostFds());
  }

  @Test
  void aDialPastTheWaitingRoomFailsAtOnceAndStopFailsTheWaitingOnes() {
    P2pServer node = net.start(b -> patient(b).maxActiveDials(1).maxQueuedDials(2));
    List<CompletableFuture<PeerInfo>> dials = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Enode silent = Enode.of(NodeKey.generate().publicKey(), "127.0.0.1", target.port());
      dials.add(node.connect(silent).toCompletableFuture());
    }
    Throwable refused = failure(dials.get(3));
    assertInstanceOf(P2pException.class, refused);
    assertEquals(
        "too many dials: 1 in flight and 2 waiting (maxActiveDials 1, maxQueuedDials 2)",
        refused.getMessage());
    TestNet.await("the first dial to arrive", Duration.ofSeconds(10), () -> target.held() == 1);

    TestNet.join(node.stop());
    for (int i = 1; i < 3; i++) {
      P2pException e = assertInstanceOf(P2pException.class, failure(dials.get(i)));
      assertEquals(DisconnectReason.QUITTING, e.reason());
      assertEquals("client quitting: the server stopped before this dial began", e.getMessage());
    }
    assertEquals(1, target.accepted(), "sockets the target accepted");
  }

  /** Timeouts long enough that only the target ends a dial. */
  private static P2pConfig.Builder patient(P2pConfig.Builder b) {
    return b.dialTimeout(Duration.ofSeconds(60)).handshakeTimeout(Duration.ofSeconds(60));
  }

  private static void awaitAll(List<CompletableFuture<PeerInfo>> dials) {
    try {
      CompletableFuture.allOf(
              dials.stream().map(d -> d.handle((v, e) -> v)).toArray(CompletableFuture[]::new))
          .get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      long open = dials.stream().filter(d -> !d.isDone()).count();
      throw new AssertionError(open + " of " + dials.size() + " dials still open after 20 s", e);
    }
  }

  private static Throwable failure(CompletableFuture<?> f) {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
    } catch (Exception e) {
      throw new AssertionError("no answer after 10 s", e);
    }
    throw new AssertionError("expected a failure, got " + f.join());
  }

  /** How many files this process has open. */
  static long openFds() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /** A loopback port that accepts TCP connections, never speaks, and hangs up when told. */
  private static final class SilentPort implements AutoCloseable {
    private final ServerSocket listener;
    private final Deque<Socket> held = new ArrayDeque<>();
    private int accepted;
    private int mostHeld;
    private long mostFds;
    private boolean hangUpAtOnce;

    SilentPort() {
      try {
        listener = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread t = new Thread(this::acceptLoop, "silent-port");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private void acceptLoop() {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          synchronized (this) {
            accepted++;
            if (hangUpAtOnce) {
              s.close();
              continue;
            }
            held.add(s);
            mostHeld = Math.max(mostHeld, held.size());
            mostFds = Math.max(mostFds, openFds());
          }
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    synchronized int accepted() {
      return accepted;
    }

    synchronized int held() {
      return held.size();
    }

    synchronized int mostHeld() {
      return mostHeld;
    }

    synchronized long mostFds() {
      return mostFds;
    }

    synchronized void hangUpOnOne() {
      closeQuietly(held.poll());
    }

    synchronized void hangUpOnEveryone() {
      hangUpAtOnce = true;
      while (!held.isEmpty()) {
        closeQuietly(held.poll());
      }
    }

    @Override
    public synchronized void close() {
      hangUpOnEveryone();
      try {
        listener.close();
      } catch (IOException e) {
        // nothing to do
      }
    }

    private static void closeQuietly(Socket s) {
      try {
        if (s != null) {
          s.close();
        }
      } catch (IOException e) {
        // nothing to do
      }
    }
  }
}
