package org.p2psim.adapter.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.p2psim.api.NodeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Child JVMs started ahead of need: a spare boots, rehearses a node's start and waits on stdin; the
 * next node to start takes it. Spares run at the default log verbosity.
 */
final class SparePool {
  private static final Logger log = LoggerFactory.getLogger(SparePool.class);

  private final int size;
  private final Path workDir;
  private final Supplier<List<String>> command;
  private final StartGate gate;
  private final Executor blocking;

  // Guarded by this.
  private final Deque<Process> spares = new ArrayDeque<>();
  private int launching;
  private boolean closed;

  /**
   * @param size how many spares to keep
   * @param workDir the spares' working directory
   * @param command the command line of a spare, as of now (the archive flags may change)
   * @param gate children booting for nodes, which spares give way to
   * @param blocking where launching runs
   */
  SparePool(
      int size, Path workDir, Supplier<List<String>> command, StartGate gate, Executor blocking) {
    this.size = size;
    this.workDir = workDir;
    this.command = command;
    this.gate = gate;
    this.blocking = blocking;
  }

  /** How many spares are waiting now. */
  synchronized int idle() {
    spares.removeIf(p -> !p.isAlive());
    return spares.size();
  }

  /**
   * A spare child for a node with this config, or null. Spares run at the default log verbosity: a
   * node with another one starts a child of its own.
   */
  synchronized Process take(NodeConfig config) {
    if (config.logVerbosity() != NodeConfig.DEFAULT_LOG_VERBOSITY) {
      return null;
    }
    Process p;
    while ((p = spares.poll()) != null) {
      if (p.isAlive()) {
        return p;
      }
    }
    return null;
  }

  /**
   * Launches spares up to the configured number. Called once a node is up, and only while no child
   * is booting, so that a spare's own start-up does not compete with nodes for the cores.
   */
  void refill() {
    List<String> cmd;
    synchronized (this) {
      spares.removeIf(p -> !p.isAlive());
      if (closed || spares.size() + launching >= size) {
        return;
      }
      if (!gate.idle()) {
        return; // children are booting: the last node to come up launches the spare
      }
      launching++;
      cmd = command.get();
    }
    blocking.execute(
        () -> {
          Process p = null;
          try {
            // Its stdout and stderr stay pipes: the node that takes it reads them.
            p = new ProcessBuilder(cmd).directory(workDir.toFile()).start();
            log.debug("spare child pid {} launched", p.pid());
          } catch (IOException e) {
            log.warn("cannot launch a spare child: {}", e.getMessage());
          }
          synchronized (this) {
            launching--;
            if (p != null) {
              if (closed) {
                p.destroy();
              } else {
                spares.add(p);
              }
            }
          }
          if (p != null) {
            refill();
          }
        });
  }

  /** Ends the idle spares: a spare has no node yet, and exits as soon as its stdin closes. */
  synchronized void close() {
    closed = true;
    spares.forEach(Process::destroy);
    spares.clear();
  }
}
