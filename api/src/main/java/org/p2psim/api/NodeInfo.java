package org.p2psim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What {@code admin_nodeInfo} answers, in go-ethereum's JSON shape.
 *
 * @param id the node id, 64 hex characters
 * @param name the node's devp2p client id, up or down, which holds its config name: {@code
 *     p2psim/alice/v0.1.0/java17} ({@link Version#clientId(String)})
 * @param enode the enode URL
 * @param enr the node record in text form, or null when none is made
 * @param ip the listening IP address
 * @param ports the discovery and listener ports
 * @param listenAddr {@code ip:port} the RLPx listener is bound to
 * @param protocols each protocol's {@link org.p2psim.api.spi.Protocol#nodeInfo()}, by protocol name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeInfo(
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("enode") String enode,
    @JsonProperty("enr") String enr,
    @JsonProperty("ip") String ip,
    @JsonProperty("ports") Ports ports,
    @JsonProperty("listenAddr") String listenAddr,
    @JsonProperty("protocols") Map<String, Object> protocols) {

  /** Makes {@code protocols} immutable and sorted by name, so its JSON is stable. */
  public NodeInfo {
    protocols =
        protocols == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(protocols));
  }

  /**
   * The node's ports.
   *
   * @param discovery the UDP discovery port (0: p2psim nodes run no discovery)
   * @param listener the RLPx TCP port
   */
  public record Ports(
      @JsonProperty("discovery") int discovery, @JsonProperty("listener") int listener) {}
}
