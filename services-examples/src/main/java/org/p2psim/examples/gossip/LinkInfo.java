package org.p2psim.examples.gossip;

/**
 * What {@code admin_peers} shows under {@code protocols.gossip} for one peer, counted over this
 * connection: {@code {"sent":4,"accepted":2,"duplicates":1}}.
 *
 * @param sent messages sent to the peer
 * @param accepted messages from the peer that were new here
 * @param duplicates messages from the peer that were already seen
 */
public record LinkInfo(long sent, long accepted, long duplicates) {}
