package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A network's events as JSON lines, one {@link Event} a line, in the order the network published
 * them: written while the network runs ({@link #record}), read back ({@link #read}) and replayed
 * into a listener as recorded or faster ({@link #replay}), so that a run can be inspected later.
 *
 * <p>The journal is an ordinary subscriber: it never slows the network, and if the disk cannot keep
 * up it falls behind by at most the network's {@link NetworkConfig#eventQueue()} events before it
 * is ended; {@link #ended()} then says how many it missed.
 */
public final class EventJournal implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectWriter WRITER = JSON.writerFor(Event.class);
  private static final ObjectReader READER = JSON.readerFor(Event.class);

  private final Network network;
  private final Path file;
  private final BufferedWriter out;
  private final EventSubscription subscription;
  private final CompletableFuture<Long> closed = new CompletableFuture<>();
  private long written; // guarded by this
  private IOException failure; // guarded by this

  private EventJournal(Network network, Path file) throws IOException {
    this.network = network;
    this.file = file;
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    try {
      this.subscription = network.subscribe(this::write);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /**
   * Starts writing {@code network}'s events from now on to {@code file} (created or replaced).
   *
   * @throws UncheckedIOException when the file cannot be opened, naming it
   */
  public static EventJournal record(Network network, Path file) {
    requireNonNull(network, "network");
    requireNonNull(file, "file");
    try {
      return new EventJournal(network, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the event journal " + file + ": " + e, e);
    }
  }

  private synchronized void write(Event e) {
    if (failure != null) {
      return;
    }
    try {
      out.write(WRITER.writeValueAsString(e));
      out.write('\n');
      written++;
    } catch (IOException ex) {
      failure = ex; // reported by close(); the network goes on
    }
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  /** How many events have been written so far. */
  public synchronized long written() {
    return written;
  }

  /**
   * Fails when the journal fell too far behind the network (saying how many events it missed);
   * completes normally when it was closed.
   */
  public CompletionStage<Void> ended() {
    return subscription.ended();
  }

  /**
   * Writes every event the network published up to now, stops, and closes the file.
   *
   * @return the number of events written
   * @throws UncheckedIOException when writing failed, naming the file
   */
  public long finish(Duration timeout) {
    try {
      subscription
          .caughtUp(network.published())
          .toCompletableFuture()
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Not caught up in time: what was written is kept.
    }
    subscription.close();
    synchronized (this) {
      try {
        out.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        }
      }
      closed.complete(written);
      if (failure != null) {
        throw new UncheckedIOException(
            "writing the event journal "
                + file
                + " failed after "
                + written
                + " events: "
                + failure,
            failure);
      }
      return written;
    }
  }

  /** {@link #finish(Duration)} with 30 s to catch up. */
  @Override
  public void close() {
    if (!closed.isDone()) {
      finish(Duration.ofSeconds(30));
    }
  }

  /**
   * Reads a journal.
   *
   * @throws IllegalArgumentException for a line that is not an event, naming the file and line
   * @throws UncheckedIOException when the file cannot be read
   */
  public static List<Event> read(Path file) {
    List<Event> events = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          events.add(READER.readValue(line));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(
              file + " line " + n + ": not an event: " + e.getOriginalMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the event journal " + file + ": " + e, e);
    }
    return events;
  }

  /**
   * Hands the journal's events to {@code listener} in order, on the caller's thread, keeping the
   * recorded gaps between them divided by {@code speed}: 1 replays in real time, 10 ten times
   * faster; 0 (or {@code Double.POSITIVE_INFINITY}) with no gaps at all.
   *
   * @return how many events were replayed
   */
  public static long replay(Path file, Consumer<Event> listener, double speed)
      throws InterruptedException {
    requireNonNull(listener, "listener");
    if (Double.isNaN(speed) || speed < 0) {
      throw new IllegalArgumentException("bad speed " + speed + ": expected 0 or more");
    }
    List<Event> events = read(file);
    if (events.isEmpty()) {
      return 0;
    }
    Instant first = events.get(0).time();
    long startNanos = System.nanoTime();
    for (Event e : events) {
      if (speed > 0 && !Double.isInfinite(speed)) {
        long due = (long) (Duration.between(first, e.time()).toNanos() / speed);
        long wait = due - (System.nanoTime() - startNanos);
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      listener.accept(e);
    }
    return events.size();
  }
}
