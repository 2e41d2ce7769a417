package org.p2psim.nodehost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A node host in a child JVM, driven as the exec adapter will drive it: the config on stdin, the
 * ready line on stdout, JSON-RPC over HTTP POST and WebSocket (with the JDK's own clients).
 */
final class ChildNode implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final Process process;
  final JsonNode ready;
  private final OutputStream stdin;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final List<WebSocket> sockets = new ArrayList<>();

  private ChildNode(Process process, JsonNode ready, OutputStream stdin) {
    this.process = process;
    this.ready = ready;
    this.stdin = stdin;
  }

  /** Starts a node host with {@code input} on its stdin and waits for its first stdout line. */
  static ChildNode start(ObjectNode input) throws IOException, InterruptedException {
    return start(input, 0);
  }

  /**
   * Starts a node host as the exec adapter starts a spare: with its log verbosity on the command
   * line, and its input written only after {@code inputDelayMillis}.
   */
  static ChildNode start(ObjectNode input, long inputDelayMillis, String... jvmOptions)
      throws IOException, InterruptedException {
    Process p = launch(inputDelayMillis > 0, jvmOptions);
    Thread.sleep(inputDelayMillis);
    OutputStream stdin = p.getOutputStream();
    stdin.write(JSON.writeValueAsBytes(input));
    stdin.write('\n');
    stdin.flush();
    BlockingQueue<String> firstLine = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                firstLine.add(line == null ? "" : line);
                while (r.readLine() != null) {
                  // nothing else is expected on stdout
                }
              } catch (IOException e) {
                firstLine.add("");
              }
            });
    reader.setDaemon(true);
    reader.start();
    String line = firstLine.poll(30, TimeUnit.SECONDS);
    ChildNode node =
        new ChildNode(p, line == null || line.isEmpty() ? null : JSON.readTree(line), stdin);
    node.drainStderr();
    return node;
  }

  /** Launches a node host without writing its input; {@code spare} sets its log verbosity. */
  static Process launch(boolean spare, String... jvmOptions) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xss512k");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(List.of(jvmOptions));
    if (spare) {
      cmd.add("-D" + NodeHost.LOG_VERBOSITY_PROPERTY + "=3");
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(NodeHost.class.getName());
    return new ProcessBuilder(cmd).start();
  }

  private void drainStderr() {
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
                    if (stderrTail.size() > 50) {
                      stderrTail.removeFirst();
                    }
                  }
                }
              } catch (IOException e) {
                // process ended
              }
            });
    t.setDaemon(true);
    t.start();
  }

  /** The last lines the child wrote to stderr. */
  String stderr() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  String id() {
    return ready.get("id").asText();
  }

  String enode() {
    return ready.get("enode").asText();
  }

  String ws() {
    return ready.get("ws").asText();
  }

  /** Calls a method over HTTP POST; answers the result, or fails with the error. */
  JsonNode call(String method, Object... params) throws IOException, InterruptedException {
    JsonNode response = post(request(method, params));
    if (response.has("error")) {
      throw new IllegalStateException(method + " failed: " + response.get("error"));
    }
    return response.get("result");
  }

  /** Posts a raw JSON-RPC request and answers the whole response. */
  JsonNode post(JsonNode request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(ws().replaceFirst("^ws", "http")))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  static ObjectNode request(String method, Object... params) {
    ObjectNode req = JSON.createObjectNode();
    req.put("jsonrpc", "2.0");
    req.put("id", 1);
    req.put("method", method);
    ArrayNode p = req.putArray("params");
    for (Object o : params) {
      p.add(JSON.valueToTree(o));
    }
    return req;
  }

  /**
   * Subscribes over a WebSocket ({@code <ns>_subscribe}); each notification's {@code result} lands
   * in the returned queue.
   */
  BlockingQueue<JsonNode> subscribe(String namespace, String event) throws Exception {
    BlockingQueue<JsonNode> out = new LinkedBlockingQueue<>();
    WebSocket ws =
        HTTP.newWebSocketBuilder()
            .buildAsync(
                URI.create(ws()),
                new WebSocket.Listener() {
                  private final StringBuilder text = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                      try {
                        JsonNode msg = JSON.readTree(text.toString());
                        if (msg.has("params") && msg.get("params").has("result")) {
                          out.add(msg.get("params").get("result"));
                        }
                      } catch (IOException e) {
                        throw new IllegalStateException(e);
                      }
                      text.setLength(0);
                    }
                    s.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    sockets.add(ws);
    ws.sendText(JSON.writeValueAsString(request(namespace + "_subscribe", event)), true)
        .get(10, TimeUnit.SECONDS);
    return out;
  }

  /** Closes stdin: the node host should exit. */
  void closeStdin() throws IOException {
    stdin.close();
  }

  /** SIGTERM, then waits for the exit. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      throw new AssertionError("node host ignored SIGTERM for 15 s:\n" + stderr());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    for (WebSocket s : sockets) {
      s.abort();
    }
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
