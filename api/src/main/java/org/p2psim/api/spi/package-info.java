/**
 * The service SPI: what a protocol author implements.
 *
 * <p>A service author implements {@link org.p2psim.api.spi.ServiceFactory} (found by {@link
 * java.util.ServiceLoader}) and {@link org.p2psim.api.spi.Service}, runs sub-protocols as {@link
 * org.p2psim.api.spi.Protocol}s with one {@link org.p2psim.api.spi.PeerHandler} per {@link
 * org.p2psim.api.spi.Peer}, serves RPC through {@link org.p2psim.api.spi.RpcApi} (subscriptions
 * through {@link org.p2psim.api.spi.RpcSubscriber}), keeps time with the node's {@link
 * org.p2psim.api.spi.NodeScheduler}, reaches other nodes through {@link
 * org.p2psim.api.spi.RpcDialer} and saves state with {@link org.p2psim.api.spi.Snapshottable}.
 * Every callback runs on the node's own event loop, one at a time.
 */
package org.p2psim.api.spi;
