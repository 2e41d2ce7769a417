package org.p2psim.nodehost.internal;

import java.io.PrintStream;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of a node-host process, so that a child logs whatever its classpath holds: a
 * project that depends on p2psim-adapter-exec has no SLF4J provider of its own, and its children
 * would otherwise log nothing. It writes one line per event to the process's current stderr, as
 * slf4j-simple does ({@code 12:00:00.000 [thread] LEVEL logger - message}, then the stack trace).
 *
 * <p>It is not listed in {@code META-INF/services}, so a JVM that merely has node-host on its
 * classpath (a simulation's own) never picks it: the node host names it in the {@code
 * slf4j.provider} system property, unless the command line names another.
 */
public final class NodeLogProvider implements SLF4JServiceProvider {
  /**
   * The time zone, looked up when SLF4J starts: in a spare child that is while it boots, not when a
   * node's start logs its first line.
   */
  private static volatile TimeZone zone = TimeZone.getTimeZone("UTC");

  /** The level in force, read at every call, so that it may be set after loggers are made. */
  private static volatile int threshold = Level.INFO.toInt();

  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, StderrLogger::new);
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  /** Logs events at {@code level} and above; {@code null} logs nothing. */
  public static void level(Level level) {
    threshold = level == null ? Integer.MAX_VALUE : level.toInt();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    zone = TimeZone.getDefault();
  }

  /** {@code HH:mm:ss.SSS} of now in the local time zone, by arithmetic: no formatter to load. */
  static void appendTime(StringBuilder out, long epochMillis) {
    long local = epochMillis + zone.getOffset(epochMillis);
    long ms = Math.floorMod(local, 86_400_000L);
    two(out, ms / 3_600_000).append(':');
    two(out, ms / 60_000 % 60).append(':');
    two(out, ms / 1000 % 60).append('.');
    long milli = ms % 1000;
    out.append(milli < 100 ? "0" : "").append(milli < 10 ? "0" : "").append(milli);
  }

  private static StringBuilder two(StringBuilder out, long n) {
    return out.append(n < 10 ? "0" : "").append(n);
  }

  private static final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    StderrLogger(String name) {
      this.name = name;
    }

    private static boolean on(Level level) {
      return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
      return on(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return on(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      StringBuilder line = new StringBuilder(128);
      appendTime(line, System.currentTimeMillis());
      line.append(" [")
          .append(Thread.currentThread().getName())
          .append("] ")
          .append(level)
          .append(' ')
          .append(name)
          .append(" - ")
          .append(MessageFormatter.basicArrayFormat(pattern, arguments));
      PrintStream err = System.err; // the node host tees it to node.log once it knows where
      synchronized (err) {
        err.println(line);
        if (throwable != null) {
          throwable.printStackTrace(err);
        }
        err.flush();
      }
    }
  }
}
