package org.p2psim.it;

import java.nio.file.Path;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.api.NodeAdapter;

/** The network suite on exec nodes: each node a child JVM. */
class ExecNetworkIT extends NetworkSuite {
  @Override
  NodeAdapter newAdapter(Path dir) {
    return ExecAdapter.builder(dir).build();
  }

  @Override
  void closeAdapter(NodeAdapter adapter) {
    ((ExecAdapter) adapter).close();
  }
}
