/**
 * The RPC module's internals: the dispatcher, sessions and their transports, subscriptions, and the
 * client core. Not an API: anything here may change.
 */
package org.p2psim.rpc.internal;
