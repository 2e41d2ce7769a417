package org.p2psim.p2p;

import java.util.List;
import java.util.Map;
import org.p2psim.api.Capability;
import org.p2psim.api.NodeId;

/**
 * A connected peer as {@code admin_peers} describes it.
 *
 * @param id the remote node id
 * @param enode the remote node's enode URL, with the address it is connected from
 * @param clientId the client id from its Hello
 * @param p2pVersion the base protocol version from its Hello
 * @param caps every capability it announced
 * @param localAddress our end of the TCP connection
 * @param remoteAddress its end of the TCP connection
 * @param inbound whether it dialled us
 * @param protocols each shared protocol's {@code PeerHandler.info()}, by protocol name
 */
public record PeerInfo(
    NodeId id,
    String enode,
    String clientId,
    long p2pVersion,
    List<Capability> caps,
    String localAddress,
    String remoteAddress,
    boolean inbound,
    Map<String, Object> protocols) {}
