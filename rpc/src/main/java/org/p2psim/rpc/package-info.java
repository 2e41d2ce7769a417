/**
 * JSON-RPC 2.0 for p2psim nodes: {@link org.p2psim.rpc.RpcServer} (APIs registered by namespace,
 * batches, subscriptions, bounded sending), served over WebSocket and HTTP POST by {@link
 * org.p2psim.rpc.RpcHttpServer} or in memory by {@link org.p2psim.rpc.InMemoryRpc}; {@link
 * org.p2psim.rpc.WebSocketRpcClient} is the client; {@link org.p2psim.api.RpcError} lists the error
 * codes.
 */
package org.p2psim.rpc;
