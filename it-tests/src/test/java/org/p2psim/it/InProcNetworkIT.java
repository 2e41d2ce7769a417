package org.p2psim.it;

import java.nio.file.Path;
import org.p2psim.adapter.inproc.InProcAdapter;
import org.p2psim.api.NodeAdapter;

/**
 * The network suite on in-process nodes: many node stacks in this JVM, linked by in-memory pipes.
 */
class InProcNetworkIT extends NetworkSuite {
  @Override
  NodeAdapter newAdapter(Path dir) {
    return InProcAdapter.builder(dir).build();
  }

  @Override
  void closeAdapter(NodeAdapter adapter) {
    ((InProcAdapter) adapter).close();
  }
}
