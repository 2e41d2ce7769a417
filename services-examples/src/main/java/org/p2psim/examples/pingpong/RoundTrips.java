package org.p2psim.examples.pingpong;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Map;
import org.p2psim.api.TypeRef;

/**
 * A peer's Ping round trips, as {@code pingpong_roundTrips} reports them.
 *
 * @param count how many round trips were measured on this connection
 * @param lastMs the last one, in milliseconds (JSON {@code last_ms}); 0 before the first
 * @param medianMs the median of the last {@value #WINDOW} (or fewer), in milliseconds (JSON {@code
 *     median_ms})
 */
public record RoundTrips(
    @JsonProperty("count") long count,
    @JsonProperty("last_ms") double lastMs,
    @JsonProperty("median_ms") double medianMs) {

  /** {@code Map<String, RoundTrips>}, what {@code pingpong_roundTrips} answers. */
  public static final TypeRef<Map<String, RoundTrips>> BY_PEER = new TypeRef<>() {};

  /** How many of the last round trips the median is over. */
  public static final int WINDOW = 9;

  /** From the ring of the last round trips in microseconds, {@code count} measured in all. */
  static RoundTrips of(long count, long[] ringMicros) {
    if (count == 0) {
      return new RoundTrips(0, 0, 0);
    }
    int n = (int) Math.min(count, ringMicros.length);
    long[] last = Arrays.copyOf(ringMicros, n);
    long lastOne = ringMicros[(int) ((count - 1) % ringMicros.length)];
    Arrays.sort(last);
    return new RoundTrips(count, lastOne / 1000.0, last[n / 2] / 1000.0);
  }
}
