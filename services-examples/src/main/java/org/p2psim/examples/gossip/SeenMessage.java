package org.p2psim.examples.gossip;

/**
 * A message as a node recorded it the first time it saw it: an element of {@code gossip_seen} and
 * the event of the {@code messages} subscription.
 *
 * <pre>{@code
 * {"id":"9c0e…","origin":"4f1a…","seq":0,"text":"hello","hops":2,
 *  "publishedAt":"2025-01-01T00:00:00.000000001Z","receivedAt":"2025-01-01T00:00:00.250Z",
 *  "from":"77b2…"}
 * }</pre>
 *
 * @param id the message id, 64 hex characters
 * @param origin the id of the node that published it
 * @param seq the origin's sequence number for it, from 0
 * @param text the text
 * @param hops links it crossed to get here; 0 at the origin
 * @param publishedAt when the origin published it (RFC 3339, origin's clock)
 * @param receivedAt when this node first saw it (RFC 3339, this node's clock)
 * @param from the id of the peer it came from, or null at the origin
 */
public record SeenMessage(
    String id,
    String origin,
    long seq,
    String text,
    int hops,
    String publishedAt,
    String receivedAt,
    String from) {}
