/**
 * RLP, the serialisation of devp2p messages: {@link org.p2psim.api.rlp.Rlp} encodes Java values and
 * decodes bytes strictly into {@link org.p2psim.api.rlp.RlpItem}s, and {@link
 * org.p2psim.api.rlp.RlpException} reports malformed input with its offset.
 *
 * <p>This package depends on the JDK only.
 */
package org.p2psim.api.rlp;
