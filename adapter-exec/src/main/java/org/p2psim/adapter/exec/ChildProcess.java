package org.p2psim.adapter.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node-host child process and its mechanics: the ready line on its stdout, the last lines of
 * its stderr, its input on stdin, its exit, and signals (SIGTERM, then SIGKILL after a bound). It
 * knows nothing of the {@code Node} contract: {@link ExecNode} does.
 */
final class ChildProcess {
  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
  private static final int STDERR_LINES = 40;

  /** How long after its exit the child's stderr may take to reach end of file. */
  private static final Duration STDERR_DRAIN = Duration.ofSeconds(1);

  private final Process process;
  private final String label;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final CompletableFuture<Void> stderrClosed = new CompletableFuture<>();
  private final CompletableFuture<String> readyLine = new CompletableFuture<>();
  private final CompletableFuture<ChildProcess> ended;

  private ChildProcess(Process process, String label, boolean echo) {
    this.process = process;
    this.label = label;
    readStdout();
    readStderr(echo);
    // Exited, and what it wrote on stderr read to the end (a grandchild holding the pipe open
    // cannot delay this beyond a bound).
    this.ended =
        process
            .onExit()
            .thenCompose(
                p ->
                    stderrClosed.completeOnTimeout(
                        null, STDERR_DRAIN.toMillis(), TimeUnit.MILLISECONDS))
            .thenApply(v -> this);
  }

  /** Takes over a launched process (a fresh one, or a spare): reads its stdout and stderr. */
  static ChildProcess of(Process process, String label, boolean echoStderr) {
    return new ChildProcess(process, label, echoStderr);
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
  }

  /** The first line on its stdout that is a JSON object; fails when stdout closes before it. */
  CompletableFuture<String> readyLine() {
    return readyLine;
  }

  /** Completes once the child has exited and its stderr has been read. */
  CompletableFuture<ChildProcess> ended() {
    return ended;
  }

  /** The exit status; only once {@link #ended()}. */
  int exitStatus() {
    return process.exitValue();
  }

  /** Writes the node's input on its stdin, which stays open: the child exits when it closes. */
  void writeInput(byte[] document) throws IOException {
    OutputStream stdin = process.getOutputStream();
    stdin.write(document);
    stdin.write('\n');
    stdin.flush();
  }

  /** The last lines the child wrote on stderr. */
  String stderrTail() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /**
   * SIGTERM to the child and its descendants (its peers get "client quitting"), then SIGKILL if it
   * has not exited within {@code grace}.
   */
  void terminate(Duration grace) {
    log.debug("node {}: SIGTERM to child pid {}", label, process.pid());
    process.descendants().forEach(ProcessHandle::destroy);
    // SIGTERM through the handle: Process.destroy() would also close the child's stdin, which
    // the child takes for a dead parent and answers with its quick exit, not the graceful one.
    process.toHandle().destroy();
    killUnlessExitedWithin(grace, "ignored SIGTERM");
  }

  /** SIGKILL to the child and its descendants at once. */
  void kill() {
    if (process.isAlive()) {
      log.debug("node {}: SIGKILL to child pid {}", label, process.pid());
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /**
   * Lets the child exit by itself (after its error line, say), and kills it after {@code bound}.
   */
  void killUnlessExitedWithin(Duration bound, String why) {
    process
        .onExit()
        .orTimeout(bound.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (p, err) -> {
              if (err != null) {
                log.warn(
                    "node {}: child pid {} {} for {} ms; killing it",
                    label,
                    process.pid(),
                    why,
                    bound.toMillis());
                kill();
              }
            });
  }

  private void readStdout() {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String first = r.readLine();
                // The ready line is a JSON object; anything before it (a JVM warning on a JVM
                // started with other options) is passed on as a log line, not taken for it.
                while (first != null && !first.startsWith("{")) {
                  log.warn("node {}: stdout: {}", label, first);
                  first = r.readLine();
                }
                if (first == null) {
                  readyLine.completeExceptionally(new IOException("stdout closed"));
                  return;
                }
                readyLine.complete(first);
                while (r.readLine() != null) {
                  // the child prints nothing after its ready line
                }
              } catch (IOException e) {
                readyLine.completeExceptionally(e);
              }
            },
            "p2psim-stdout-" + label);
    t.setDaemon(true);
    t.start();
  }

  private void readStderr(boolean echo) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (stderrTail) {
                    stderrTail.add(line);
                    if (stderrTail.size() > STDERR_LINES) {
                      stderrTail.removeFirst();
                    }
                  }
                  if (echo) {
                    System.err.println("[" + label + "] " + line);
                  }
                }
              } catch (IOException e) {
                // the child is gone
              } finally {
                stderrClosed.complete(null);
              }
            },
            "p2psim-stderr-" + label);
    t.setDaemon(true);
    t.start();
  }
}
