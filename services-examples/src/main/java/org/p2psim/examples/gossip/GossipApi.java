package org.p2psim.examples.gossip;

import java.util.List;
import org.p2psim.api.spi.RpcSubscriber;

/**
 * The {@code gossip} RPC namespace: each public method is a JSON-RPC method {@code gossip_<name>}.
 * A separate object from the service, so that only these methods are served.
 */
public final class GossipApi {
  private final GossipService service;

  GossipApi(GossipService service) {
    this.service = service;
  }

  /**
   * {@code gossip_publish(text)}: publishes a message at this node, records it as seen and sends it
   * to every connected peer.
   *
   * @param text at most 4096 bytes of UTF-8
   * @return the message id, 64 hex characters
   * @throws IllegalArgumentException if the text is missing or too long
   */
  public String publish(String text) {
    return service.publish(text);
  }

  /**
   * {@code gossip_seen()}: every message in the seen set, those published here included, in the
   * order they arrived (oldest first).
   */
  public List<SeenMessage> seen() {
    return service.seen();
  }

  /** {@code gossip_seenCount()}: how many messages the seen set holds. */
  public int seenCount() {
    return service.seenCount();
  }

  /** {@code gossip_stats()}: counters since the node started. */
  public GossipStats stats() {
    return service.stats();
  }

  /**
   * {@code gossip_subscribe("messages")}: a {@code gossip_subscription} notification with a {@link
   * SeenMessage} for each message this node sees for the first time, from now on.
   */
  public void messages(RpcSubscriber subscriber) {
    service.subscribe(subscriber);
  }
}
