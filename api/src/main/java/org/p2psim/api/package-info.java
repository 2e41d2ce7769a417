/**
 * The p2psim API: what a simulation drives.
 *
 * <p>A simulation makes {@link org.p2psim.api.Node}s from {@link org.p2psim.api.NodeConfig}s
 * through a {@link org.p2psim.api.NodeAdapter}, calls their JSON-RPC through an {@link
 * org.p2psim.api.RpcClient} and reads {@link org.p2psim.api.NodeInfo}s and {@link
 * org.p2psim.api.PeerEvent}s. {@link org.p2psim.api.RpcError} lists the JSON-RPC error codes both
 * sides use. What a protocol author implements is in {@link org.p2psim.api.spi}; message payloads
 * are encoded with {@link org.p2psim.api.rlp.Rlp}.
 */
package org.p2psim.api;
