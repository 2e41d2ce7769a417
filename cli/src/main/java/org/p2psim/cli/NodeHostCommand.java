package org.p2psim.cli;

import java.util.concurrent.Callable;
import org.p2psim.nodehost.NodeHost;
import picocli.CommandLine.Command;

/** {@code p2psim node-host}: one node, configured on stdin; what the exec adapter runs. */
@Command(
    name = "node-host",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one node. Reads one JSON document on stdin:",
      "  {\"node\":{\"services\":[\"pingpong\"],...},\"data_dir\":..,\"snapshots\":{..},"
          + "\"peer_addrs\":{..}}",
      "prints {\"id\":..,\"enode\":..,\"ws\":..} when ready, logs to stderr and"
          + " <data_dir>/node.log,",
      "and runs until SIGTERM or until stdin closes."
    })
final class NodeHostCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    NodeHost.main(new String[0]);
    // main returns once the node is up; the node runs on until stdin closes or SIGTERM.
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
