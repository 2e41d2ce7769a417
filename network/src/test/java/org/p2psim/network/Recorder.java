package org.p2psim.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.p2psim.api.NodeId;
import org.p2psim.testkit.Await;

/** Records a network's events, and writes each as one short line for whole-list asserts. */
final class Recorder implements Consumer<Event> {
  private final List<Event> events = new ArrayList<>();
  private final Map<NodeId, String> names;

  /**
   * @param names how to write each node id, e.g. node01
   */
  Recorder(Map<NodeId, String> names) {
    this.names = names;
  }

  @Override
  public synchronized void accept(Event e) {
    events.add(e);
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** Waits until {@code n} events have come, then gives them as lines. */
  List<String> lines(int n) {
    Await.until(
        n + " events", Duration.ofSeconds(5), () -> events().size() >= n, () -> "" + lines());
    return lines();
  }

  synchronized List<String> lines() {
    return events.stream().map(this::line).toList();
  }

  String line(Event e) {
    String kind = e.control() ? "control" : "live";
    return switch (e.type()) {
      case NODE -> "node " + kind + " " + name(e.node().id()) + " up=" + e.node().up();
      case CONN ->
          "conn "
              + kind
              + " "
              + name(e.conn().one())
              + "-"
              + name(e.conn().other())
              + " up="
              + e.conn().up();
      case MSG ->
          "msg "
              + name(e.msg().one())
              + "->"
              + name(e.msg().other())
              + " "
              + e.msg().protocol()
              + "/"
              + e.msg().code()
              + (e.msg().received() ? " received" : " sent");
    };
  }

  private String name(NodeId id) {
    return names.getOrDefault(id, id.shortHex());
  }
}
