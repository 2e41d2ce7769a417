package org.p2psim.nodehost;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node host logs: through SLF4J's simple provider to stderr, at the node's verbosity, with
 * stderr copied to a log file.
 */
final class HostLogging {
  private HostLogging() {}

  /** Logs go to stderr (and {@link #copyStderrTo}) at this verbosity, 0 (off) to 5 (trace). */
  static void setLevel(int verbosity) {
    String[] levels = {"off", "error", "warn", "info", "debug", "trace"};
    System.setProperty(
        "org.slf4j.simpleLogger.defaultLogLevel",
        levels[Math.max(0, Math.min(levels.length - 1, verbosity))]);
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    if (System.getProperty("slf4j.provider") == null
        && HostLogging.class
                .getClassLoader()
                .getResource("org/slf4j/simple/SimpleServiceProvider.class")
            != null) {
      // Names the provider configured here, sparing SLF4J a search of the whole classpath.
      System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
    }
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
