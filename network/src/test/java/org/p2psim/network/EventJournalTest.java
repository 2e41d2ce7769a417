package org.p2psim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.network.NetworkTest.join;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;

class EventJournalTest {
  @TempDir Path dir;
  private final Network net =
      new Network(new FakeAdapter(), NetworkConfig.DEFAULT.withDefaultService("pingpong"));

  @AfterEach
  void shutdown() {
    net.close();
  }

  @Test
  void aJournalHoldsEveryEventInOrderAndReadsBack() {
    Recorder live = new Recorder(java.util.Map.of());
    net.subscribe(live);
    Path file = dir.resolve("run.jsonl");
    EventJournal journal = EventJournal.record(net, file);
    NodeId a = net.create(NodeConfig.builder().build()).id();
    NodeId b = net.create(NodeConfig.builder().build()).id();
    join(net.startAll());
    join(net.connect(a, b));
    join(net.stop(a));
    assertEquals(8, journal.finish(Duration.ofSeconds(5)));
    List<Event> read = EventJournal.read(file);
    assertEquals(live.events(), read);
  }

  @Test
  void replayKeepsTheRecordedGapsDividedByTheSpeed() throws Exception {
    Path file = dir.resolve("gaps.jsonl");
    Instant t = Instant.parse("2026-12-07T00:00:00Z");
    NodeId a = NodeId.parse("aa".repeat(32));
    NodeId b = NodeId.parse("bb".repeat(32));
    List<String> lines = new ArrayList<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (int i = 0; i < 3; i++) {
      lines.add(
          json.writeValueAsString(
              Event.of(t.plusMillis(200L * i), false, new ConnState(a, b, i % 2 == 0))));
    }
    Files.write(file, lines);
    List<Event> got = new ArrayList<>();
    long start = System.nanoTime();
    assertEquals(3, EventJournal.replay(file, got::add, 2.0)); // 400 ms recorded, 200 ms replayed
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(ms >= 190, "replayed in " + ms + " ms");
    assertEquals(EventJournal.read(file), got);
    start = System.nanoTime();
    EventJournal.replay(file, e -> {}, 0);
    assertTrue((System.nanoTime() - start) / 1_000_000 < 350, "gaps kept at speed 0");
  }

  @Test
  void aBadLineIsNamed() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "\n{\"type\":\"party\"}\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EventJournal.read(file));
    assertTrue(e.getMessage().startsWith(file + " line 2: not an event: "), e.getMessage());
    assertTrue(e.getMessage().contains("bad event type \"party\""), e.getMessage());
  }

  @Test
  void aJournalThatCannotBeOpenedSaysWhere() {
    Path file = dir.resolve("no/such/dir/run.jsonl");
    java.io.UncheckedIOException e =
        assertThrows(java.io.UncheckedIOException.class, () -> EventJournal.record(net, file));
    assertTrue(e.getMessage().startsWith("cannot write the event journal " + file), e.getMessage());
  }
}
