package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Pipe}: order, threads, ownership of written bytes, closing, and its bound. */
class PipeTest {
  private final List<String> blocked = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private Context ca;
  private Context cb;

  @BeforeEach
  void setUp() {
    vertx = TestNet.strictVertx(blocked);
    ca = P2pServer.newNodeContext(vertx);
    cb = P2pServer.newNodeContext(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    TestNet.assertNoBlockedEventLoop(blocked);
  }

  private Pipe pipe(long max) {
    return new Pipe(ca, "127.0.0.1:1024", null, cb, "127.0.0.2:30303", null, max);
  }

  private static void on(Context c, Runnable r) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    c.runOnContext(
        v -> {
          try {
            r.run();
            done.complete(null);
          } catch (Throwable t) {
            done.completeExceptionally(t);
          }
        });
    TestNet.join(done);
  }

  @Test
  void deliversWritesInOrderOnTheReceiversContext() {
    Pipe p = pipe(InMemoryNetwork.DEFAULT_MAX_QUEUED_BYTES);
    List<Integer> got = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger offContext = new AtomicInteger();
    on(
        cb,
        () ->
            p.b()
                .handler(
                    buf -> {
                      if (Vertx.currentContext() != cb) {
                        offContext.incrementAndGet();
                      }
                      for (int i = 0; i < buf.length(); i += 4) {
                        got.add(buf.getInt(i));
                      }
                    }));
    on(
        ca,
        () -> {
          for (int i = 0; i < 10_000; i++) {
            assertTrue(p.a().write(Buffer.buffer().appendInt(i)).succeeded());
          }
        });
    TestNet.await("10,000 writes", Duration.ofSeconds(10), () -> got.size() == 10_000);
    for (int i = 0; i < 10_000; i++) {
      assertEquals(i, got.get(i));
    }
    assertEquals(0, offContext.get());
    assertEquals(0, p.b().queuedBytes());
  }

  @Test
  void bytesWrittenBeforeAHandlerIsSetWaitForIt() {
    Pipe p = pipe(InMemoryNetwork.DEFAULT_MAX_QUEUED_BYTES);
    on(ca, () -> p.a().write(Buffer.buffer("early")));
    TestNet.await("queued", Duration.ofSeconds(5), () -> p.b().queuedBytes() == 5);
    List<String> got = new CopyOnWriteArrayList<>();
    on(cb, () -> p.b().handler(buf -> got.add(buf.toString())));
    TestNet.await("delivered", Duration.ofSeconds(5), () -> got.equals(List.of("early")));
  }

  @Test
  void theWriterMayReuseOrReleaseItsBufferAtOnce() {
    Pipe p = pipe(InMemoryNetwork.DEFAULT_MAX_QUEUED_BYTES);
    List<byte[]> got = new CopyOnWriteArrayList<>();
    on(cb, () -> p.b().handler(buf -> got.add(buf.getBytes())));
    on(
        ca,
        () -> {
          Buffer reused = Buffer.buffer(new byte[] {1, 2, 3});
          p.a().write(reused);
          reused.setByte(0, (byte) 9);
          ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(3);
          pooled.writeBytes(new byte[] {4, 5, 6});
          p.a().write(BufferInternal.buffer(pooled));
          assertTrue(pooled.release());
        });
    TestNet.await("two writes", Duration.ofSeconds(5), () -> got.size() == 2);
    assertArrayEquals(new byte[] {1, 2, 3}, got.get(0));
    assertArrayEquals(new byte[] {4, 5, 6}, got.get(1));
  }

  @Test
  void aCloseComesAfterTheBytesWrittenBeforeItAndEndsBothSides() {
    Pipe p = pipe(InMemoryNetwork.DEFAULT_MAX_QUEUED_BYTES);
    List<String> atB = new CopyOnWriteArrayList<>();
    List<String> atA = new CopyOnWriteArrayList<>();
    on(
        cb,
        () -> {
          p.b().handler(buf -> atB.add(buf.toString()));
          p.b().closeHandler(v -> atB.add(Vertx.currentContext() == cb ? "closed" : "off"));
        });
    on(
        ca,
        () -> {
          p.a().handler(buf -> atA.add(buf.toString()));
          p.a().closeHandler(v -> atA.add(Vertx.currentContext() == ca ? "closed" : "off"));
          p.a().write(Buffer.buffer("last words"));
          p.a().close();
          p.a().close();
          assertTrue(p.a().write(Buffer.buffer("too late")).failed());
        });
    TestNet.await("b closed", Duration.ofSeconds(5), () -> atB.size() == 2);
    assertEquals(List.of("last words", "closed"), atB);
    TestNet.await("a closed", Duration.ofSeconds(5), () -> atA.size() == 1);
    assertEquals(List.of("closed"), atA);
    AtomicReference<Future<Void>> late = new AtomicReference<>();
    on(cb, () -> late.set(p.b().write(Buffer.buffer("to a closed end"))));
    assertTrue(late.get().failed(), "a write after the other end closed fails");
    assertEquals(List.of("closed"), atA);
  }

  @Test
  void aReceiverTooFarBehindIsCutOffAtTheBoundNotBuffered() {
    long max = 65536;
    Pipe p = pipe(max);
    // b sets no handler: it reads nothing, like a receiver that stalls.
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Boolean> results = new ArrayList<>();
    on(
        ca,
        () -> {
          p.a().exceptionHandler(errors::add);
          for (int i = 0; i < 20; i++) {
            results.add(p.a().write(Buffer.buffer(new byte[4096])).succeeded());
          }
        });
    assertEquals(Collections.nCopies(16, true), results.subList(0, 16));
    assertFalse(results.get(16), "the write past " + max + " bytes fails");
    assertTrue(p.b().queuedBytes() <= max, "queued " + p.b().queuedBytes());
    TestNet.await("the writer hears", Duration.ofSeconds(5), () -> !errors.isEmpty());
    assertEquals(
        "pipe 127.0.0.1:1024 -> 127.0.0.2:30303 is full: 65536 bytes not yet read by the receiver,"
            + " 4096 more would pass the limit of 65536",
        errors.get(0).getMessage());
  }
}
