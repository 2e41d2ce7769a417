package org.p2psim.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

  @Test
  void returnsOnceTheConditionHolds() {
    AtomicInteger polls = new AtomicInteger();
    Await.until("the third poll", Duration.ofSeconds(5), () -> polls.incrementAndGet() == 3);
    assertEquals(3, polls.get());
  }

  @Test
  void aWaitThatRunsOutSaysWhatItWaitedForAndWhatWasMissing() {
    long start = System.nanoTime();
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Await.until(
                    "bob has 2 peers", Duration.ofMillis(200), () -> false, () -> "bob has 1"));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(
        "timed out after 200 ms waiting until bob has 2 peers (bob has 1)", e.getMessage());
    assertTrue(tookMs >= 200, "gave up after " + tookMs + " ms, before its timeout");
  }

  @Test
  void aConditionThatThrowsIsNotYetMetAndItsLastErrorIsTheCause() {
    IOException refused = new IOException("connection refused");
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Await.until(
                    "the node answers",
                    Duration.ofMillis(50),
                    () -> {
                      throw refused;
                    }));
    assertEquals(
        "timed out after 50 ms waiting until the node answers; last try failed:"
            + " java.io.IOException: connection refused",
        e.getMessage());
    assertSame(refused, e.getCause());
  }

  @Test
  void aThrowingConditionThatLaterHoldsPasses() {
    AtomicInteger polls = new AtomicInteger();
    Await.until(
        "the second poll",
        Duration.ofSeconds(5),
        () -> {
          if (polls.incrementAndGet() < 2) {
            throw new IllegalStateException("not yet");
          }
          return true;
        });
    assertEquals(2, polls.get());
  }

  @Test
  void valueReturnsTheFirstNonNullValue() {
    AtomicInteger polls = new AtomicInteger();
    String v =
        Await.value(
            "a value", Duration.ofSeconds(5), () -> polls.incrementAndGet() < 3 ? null : "ready");
    assertEquals("ready", v);
  }

  @Test
  void wholeSecondsAreWrittenAsSeconds() {
    assertEquals("5 s", Await.words(Duration.ofSeconds(5)));
    assertEquals("1500 ms", Await.words(Duration.ofMillis(1500)));
  }

  @Test
  void aNegativeTimeoutIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Await.until("never", Duration.ofMillis(-1), () -> true));
    assertEquals("negative timeout PT-0.001S", e.getMessage());
  }

  @Test
  void anInterruptEndsTheWaitAndKeepsTheFlag() {
    Thread.currentThread().interrupt();
    try {
      AssertionError e =
          assertThrows(
              AssertionError.class, () -> Await.until("never", Duration.ofSeconds(5), () -> false));
      assertEquals("interrupted while waiting until never", e.getMessage());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }
}
