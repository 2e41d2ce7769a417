package org.p2psim.nodehost;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.p2psim.nodehost.internal.NodeLogProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * How a node host logs: through its own SLF4J provider ({@link NodeLogProvider}, whatever the
 * classpath holds) to stderr, at the node's verbosity, with stderr copied to a log file.
 */
final class HostLogging {
  private HostLogging() {}

  /** Logs go to stderr (and {@link #copyStderrTo}) at this verbosity, 0 (off) to 5 (trace). */
  static void setLevel(int verbosity) {
    int v = Math.max(0, Math.min(5, verbosity));
    String[] levels = {"off", "error", "warn", "info", "debug", "trace"};
    Level[] slf4jLevels = {null, Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE};
    NodeLogProvider.level(slf4jLevels[v]);
    // The same for slf4j-simple, for a command line that names it with -Dslf4j.provider.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", levels[v]);
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
  }

  /** Copies stderr, and so the logs, to {@code logFile}, appending. */
  static void copyStderrTo(Path logFile) throws IOException {
    OutputStream file =
        Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(new Tee(stderr, file), true, StandardCharsets.UTF_8));
  }

  /**
   * The node host's logger, made under a lock: when two threads start SLF4J at once, a logger asked
   * for while the other thread finishes starting it is one that drops every message (SLF4J's
   * substitute loggers), which lost the main lane's log lines under load.
   */
  static synchronized Logger logger() {
    return LoggerFactory.getLogger(NodeHost.class);
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}
