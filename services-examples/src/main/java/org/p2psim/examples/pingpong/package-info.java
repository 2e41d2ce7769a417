/**
 * The {@code pingpong} service: every connected peer gets a Ping every {@code interval}
 * milliseconds and answers with a Pong; the node counts both, serves the counts over RPC ({@code
 * pingpong_counts}) and keeps them in snapshots.
 *
 * <p>Start with {@link org.p2psim.examples.pingpong.PingPongFactory}.
 */
package org.p2psim.examples.pingpong;
