package org.p2psim.nodehost.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.spi.NodeScheduler;
import org.p2psim.api.spi.RpcDialer;
import org.p2psim.api.spi.ServiceContext;

/** What one service of one node is created with. */
public record NodeServiceContext(
    NodeConfig config,
    NodeId nodeId,
    byte[] snapshotBytes,
    RpcDialer rpcDialer,
    NodeScheduler scheduler,
    Path serviceDir)
    implements ServiceContext {

  @Override
  public Optional<byte[]> snapshot() {
    return Optional.ofNullable(snapshotBytes).map(byte[]::clone);
  }

  @Override
  public Path dataDir() {
    try {
      return Files.createDirectories(serviceDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + serviceDir, e);
    }
  }
}
