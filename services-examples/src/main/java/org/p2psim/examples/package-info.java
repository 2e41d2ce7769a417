/**
 * Example services for p2psim, written against {@code p2psim-api} alone: read them to learn the
 * service SPI.
 *
 * <ul>
 *   <li>{@link org.p2psim.examples.pingpong} ({@code pingpong}): the smallest useful service. A
 *       timer per peer, two message codes, counters served over RPC and kept in snapshots.
 *   <li>{@link org.p2psim.examples.gossip} ({@code gossip}): flooding with de-duplication. RPC to
 *       publish, a subscription, payload validation, bounded memory and a snapshot of the seen set.
 * </ul>
 *
 * <p>Both are listed in {@code META-INF/services/org.p2psim.api.spi.ServiceFactory}, so a node
 * finds them by name when this JAR is on its classpath.
 */
package org.p2psim.examples;
