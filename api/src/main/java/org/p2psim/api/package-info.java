/**
 * The p2psim API: what a protocol author implements and what a simulation drives.
 *
 * <p>A service author implements {@link org.p2psim.api.ServiceFactory} and {@link
 * org.p2psim.api.Service}, runs sub-protocols as {@link org.p2psim.api.Protocol}s with one {@link
 * org.p2psim.api.PeerHandler} per {@link org.p2psim.api.Peer}, encodes payloads with {@link
 * org.p2psim.api.rlp.Rlp}, serves RPC through {@link org.p2psim.api.RpcApi} and saves state with
 * {@link org.p2psim.api.Snapshottable}. A simulation makes {@link org.p2psim.api.Node}s through a
 * {@link org.p2psim.api.NodeAdapter}.
 */
package org.p2psim.api;
