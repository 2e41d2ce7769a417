package org.p2psim.examples.pingpong;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code pingpong} RPC namespace. Each public method is a JSON-RPC method {@code
 * pingpong_<name>}; its result goes to JSON as Jackson maps it, so results are records, maps and
 * plain values.
 *
 * <p>This is a separate object rather than the service itself: every public method of the object
 * handed to {@link org.p2psim.api.spi.RpcApi} is served, and {@code pingpong_stop} is not a method
 * we want.
 */
public final class PingPongApi {
  private final PingPongService service;

  PingPongApi(PingPongService service) {
    this.service = service;
  }

  /**
   * {@code pingpong_counts}: the counts in total and per peer (by node id hex, in id order), for
   * every peer this node has had, connected or not.
   *
   * <pre>{@code
   * {"total":{"sent":3,"received":3,"pongs":3},
   *  "peers":{"4f1a…":{"sent":3,"received":3,"pongs":3}}}
   * }</pre>
   */
  public Report counts() {
    return service.report();
  }

  /**
   * {@code pingpong_roundTrips}: for each peer connected now (by node id hex, in id order), how
   * long its Pongs took to come back: the last round trip and the median of the last few, in
   * milliseconds, as this node's clock measured them.
   *
   * <pre>{@code
   * {"4f1a…":{"count":12,"last_ms":101.4,"median_ms":100.9}}
   * }</pre>
   */
  public Map<String, RoundTrips> roundTrips() {
    return service.roundTrips();
  }

  /**
   * The result of {@code pingpong_counts}.
   *
   * @param total the sum over all peers
   * @param peers each peer's counts, keyed by its node id in hex, sorted
   */
  public record Report(Counts total, Map<String, Counts> peers) {
    /** Copies {@code peers}, sorted by id. */
    public Report {
      peers = Collections.unmodifiableMap(new TreeMap<>(peers));
    }
  }
}
