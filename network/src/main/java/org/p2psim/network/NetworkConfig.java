package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * A network's settings.
 *
 * @param id the network's name, shown by the HTTP API; may be empty
 * @param defaultService the service a node runs when its config names none, or null for none (a
 *     node must then name its services)
 * @param connectTimeout how long {@link Network#connect} and {@link Network#disconnect} wait for
 *     the nodes to report the connection up or down
 * @param eventQueue how many events a subscriber may fall behind before its subscription is ended
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkConfig(
    @JsonProperty("id") String id,
    @JsonProperty("default_service") String defaultService,
    @JsonIgnore Duration connectTimeout,
    @JsonIgnore int eventQueue) {

  /** The defaults: no id, no default service, 10 s to connect, 65,536 queued events. */
  public static final NetworkConfig DEFAULT =
      new NetworkConfig("", null, Duration.ofSeconds(10), 65_536);

  /** Checks the values. */
  public NetworkConfig {
    requireNonNull(id, "id");
    requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "bad connectTimeout " + connectTimeout + ": expected a positive duration");
    }
    if (eventQueue < 1) {
      throw new IllegalArgumentException("bad eventQueue " + eventQueue + ": expected at least 1");
    }
  }

  /** These settings with another id. */
  public NetworkConfig withId(String id) {
    return new NetworkConfig(id, defaultService, connectTimeout, eventQueue);
  }

  /** These settings with another default service (null for none). */
  public NetworkConfig withDefaultService(String service) {
    return new NetworkConfig(id, service, connectTimeout, eventQueue);
  }

  /** These settings with another connect timeout. */
  public NetworkConfig withConnectTimeout(Duration timeout) {
    return new NetworkConfig(id, defaultService, timeout, eventQueue);
  }

  /** These settings with another subscriber queue bound. */
  public NetworkConfig withEventQueue(int events) {
    return new NetworkConfig(id, defaultService, connectTimeout, events);
  }
}
