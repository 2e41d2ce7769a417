package org.p2psim.examples.gossip;

/**
 * The result of {@code gossip_stats}: what this node did since it started (these counters are not
 * kept in snapshots; the seen set is).
 *
 * <pre>{@code
 * {"seen":3,"maxSeen":10000,"peers":2,"published":1,"accepted":2,"duplicates":1,"sent":4,
 *  "evicted":0}
 * }</pre>
 *
 * @param seen messages in the seen set now
 * @param maxSeen the cap on the seen set (property {@code max_seen})
 * @param peers peers connected now
 * @param published messages published here
 * @param accepted messages from peers seen for the first time, recorded and forwarded
 * @param duplicates messages from peers already seen, and dropped
 * @param sent messages sent to peers: publications and forwards
 * @param evicted messages dropped from the seen set to stay within {@code maxSeen}
 */
public record GossipStats(
    int seen,
    int maxSeen,
    int peers,
    long published,
    long accepted,
    long duplicates,
    long sent,
    long evicted) {}
