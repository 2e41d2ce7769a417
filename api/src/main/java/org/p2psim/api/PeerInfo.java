package org.p2psim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of what {@code admin_peers} answers, in go-ethereum's JSON shape. {@link #LIST} is the
 * type to ask an {@link RpcClient} for:
 *
 * <pre>{@code
 * List<PeerInfo> peers = client.call("admin_peers", PeerInfo.LIST).toCompletableFuture().join();
 * }</pre>
 *
 * @param enode the peer's enode URL
 * @param id the peer's node id, 64 hex characters
 * @param name the peer's devp2p client id, which for a p2psim node holds its name: {@code
 *     p2psim/bob/v0.1.0/java17}
 * @param caps the capabilities it announced, e.g. {@code pingpong/1}
 * @param network the connection's addresses and kind
 * @param protocols each shared protocol's peer info, by protocol name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PeerInfo(
    @JsonProperty("enode") String enode,
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("caps") List<String> caps,
    @JsonProperty("network") Network network,
    @JsonProperty("protocols") Map<String, Object> protocols) {

  /** {@code List<PeerInfo>}, what {@code admin_peers} answers. */
  public static final TypeRef<List<PeerInfo>> LIST = new TypeRef<>() {};

  /** Makes the lists and maps immutable (and empty rather than null). */
  public PeerInfo {
    caps = caps == null ? List.of() : List.copyOf(caps);
    protocols =
        protocols == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(protocols));
  }

  /**
   * The connection's addresses and kind.
   *
   * @param localAddress this node's end, {@code ip:port}
   * @param remoteAddress the peer's end, {@code ip:port}
   * @param inbound whether the peer dialled this node
   * @param trusted always false: p2psim has no trusted peers
   * @param isStatic always false: p2psim has no static peers (JSON {@code static})
   */
  public record Network(
      @JsonProperty("localAddress") String localAddress,
      @JsonProperty("remoteAddress") String remoteAddress,
      @JsonProperty("inbound") boolean inbound,
      @JsonProperty("trusted") boolean trusted,
      @JsonProperty("static") boolean isStatic) {}
}
