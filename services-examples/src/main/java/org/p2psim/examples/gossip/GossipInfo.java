package org.p2psim.examples.gossip;

/**
 * What {@code admin_nodeInfo} shows under {@code protocols.gossip}: {@code
 * {"seen":3,"maxSeen":10000,"nextSeq":1}}.
 *
 * @param seen messages in the seen set now
 * @param maxSeen the cap on the seen set
 * @param nextSeq the sequence number of the next message published here
 */
public record GossipInfo(int seen, int maxSeen, long nextSeq) {}
