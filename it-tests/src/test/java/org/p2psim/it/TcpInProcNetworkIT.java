package org.p2psim.it;

import java.nio.file.Path;
import org.p2psim.adapter.inproc.InProcAdapter;
import org.p2psim.adapter.inproc.Transport;
import org.p2psim.api.NodeAdapter;

/** The network suite on in-process nodes linked over loopback TCP instead of pipes. */
class TcpInProcNetworkIT extends InProcNetworkIT {
  @Override
  NodeAdapter newAdapter(Path dir) {
    return InProcAdapter.builder(dir).transport(Transport.TCP).build();
  }
}
