package org.p2psim.examples.pingpong;

/**
 * What {@code admin_nodeInfo} shows under {@code protocols.pingpong}: {@code
 * {"interval":1000,"peers":2,"total":{"sent":4,"received":4,"pongs":4}}}.
 *
 * @param interval milliseconds between two Pings to one peer
 * @param peers how many peers are connected now
 * @param total the counts over all peers, including those gone
 */
public record PingPongInfo(long interval, int peers, Counts total) {}
