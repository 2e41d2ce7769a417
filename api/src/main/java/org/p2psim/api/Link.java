package org.p2psim.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Objects;

/**
 * The conditions of one direction of a link between two nodes: a fixed latency, a random jitter
 * around it, and a bandwidth. A node applies them to what it sends, so a link set on both ends
 * shapes both directions: a 50 ms latency adds about 100 ms to a round trip.
 *
 * <p>In JSON, as Go writes durations and with each field optional: {@code
 * {"latency":"50ms","jitter":"5ms","bandwidth":1000000}}, bandwidth in bits per second. {@link
 * #NONE} (all zero, written {@code {}}) is a link without conditions.
 *
 * <pre>{@code
 * Link slow = Link.NONE.withLatency(Duration.ofMillis(50)).withBandwidth(1_000_000);
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Link {
  // Before NONE, which the constructor checks against it.
  private static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

  /** No latency, no jitter, no bandwidth limit. */
  public static final Link NONE = new Link(Duration.ZERO, Duration.ZERO, 0);

  private final Duration latency;
  private final Duration jitter;
  private final long bandwidth;

  private Link(Duration latency, Duration jitter, long bandwidth) {
    this.latency = check("latency", latency);
    this.jitter = check("jitter", jitter);
    if (bandwidth < 0) {
      throw new IllegalArgumentException(
          "bandwidth must be 0 (no limit) or a positive number of bits/s, got " + bandwidth);
    }
    this.bandwidth = bandwidth;
  }

  /**
   * A link with these conditions.
   *
   * @param latency the delay added to everything sent, zero for none
   * @param jitter the most a message's delay varies around {@code latency}, either way, zero for
   *     none
   * @param bandwidth bits per second, 0 for no limit
   * @throws IllegalArgumentException for a negative value
   */
  public static Link of(Duration latency, Duration jitter, long bandwidth) {
    return new Link(latency, jitter, bandwidth);
  }

  /**
   * Reads a link's JSON fields; a missing field is zero.
   *
   * @throws IllegalArgumentException naming the field that is not a Go duration or is negative
   */
  @JsonCreator
  public static Link fromJson(
      @JsonProperty("latency") String latency,
      @JsonProperty("jitter") String jitter,
      @JsonProperty("bandwidth") Long bandwidth) {
    return new Link(
        latency == null ? Duration.ZERO : GoDuration.parse("latency", latency),
        jitter == null ? Duration.ZERO : GoDuration.parse("jitter", jitter),
        bandwidth == null ? 0 : bandwidth);
  }

  private static Duration check(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, got " + d);
    }
    if (d.compareTo(MAX_DURATION) > 0) {
      // Go's durations, and so the JSON of links, end at 2^63-1 ns, about 292 years.
      throw new IllegalArgumentException(
          field + " must be at most " + MAX_DURATION + " (Go's longest duration), got " + d);
    }
    return d;
  }

  /** The delay added to everything sent. */
  @JsonIgnore
  public Duration latency() {
    return latency;
  }

  /** The most a message's delay varies around {@link #latency()}, either way. */
  @JsonIgnore
  public Duration jitter() {
    return jitter;
  }

  /** Bits per second; 0 for no limit. */
  @JsonIgnore
  public long bandwidth() {
    return bandwidth;
  }

  /** Whether this link adds no delay and has no limit. */
  @JsonIgnore
  public boolean isNone() {
    return latency.isZero() && jitter.isZero() && bandwidth == 0;
  }

  /** This link with another latency. */
  public Link withLatency(Duration latency) {
    return new Link(latency, jitter, bandwidth);
  }

  /** This link with another jitter. */
  public Link withJitter(Duration jitter) {
    return new Link(latency, jitter, bandwidth);
  }

  /** This link with another bandwidth, in bits per second, 0 for no limit. */
  public Link withBandwidth(long bandwidth) {
    return new Link(latency, jitter, bandwidth);
  }

  @JsonProperty("latency")
  String latencyJson() {
    return latency.isZero() ? null : GoDuration.format(latency);
  }

  @JsonProperty("jitter")
  String jitterJson() {
    return jitter.isZero() ? null : GoDuration.format(jitter);
  }

  @JsonProperty("bandwidth")
  Long bandwidthJson() {
    return bandwidth == 0 ? null : bandwidth;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Link l
        && l.latency.equals(latency)
        && l.jitter.equals(jitter)
        && l.bandwidth == bandwidth;
  }

  @Override
  public int hashCode() {
    return Objects.hash(latency, jitter, bandwidth);
  }

  /** The JSON form, e.g. {@code {"latency":"50ms","bandwidth":1000000}}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    if (!latency.isZero()) {
      b.append("\"latency\":\"").append(GoDuration.format(latency)).append('"');
    }
    if (!jitter.isZero()) {
      b.append(b.length() > 1 ? "," : "");
      b.append("\"jitter\":\"").append(GoDuration.format(jitter)).append('"');
    }
    if (bandwidth != 0) {
      b.append(b.length() > 1 ? "," : "").append("\"bandwidth\":").append(bandwidth);
    }
    return b.append('}').toString();
  }
}
