/**
 * The p2p module's internals: the Hello message, capability matching, and the seam to Vert.x's
 * internal API ({@link org.p2psim.p2p.internal.VertxInternals}). Not an API: anything here may
 * change.
 */
package org.p2psim.p2p.internal;
