package org.p2psim.rpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client made with the JDK's own {@code java.net.http.WebSocket}, so the server is
 * tested against a client that is not ours. Reading can be paused: the JDK then stops taking data
 * off the socket.
 */
final class JdkWs implements WebSocket.Listener, AutoCloseable {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<String> closed = new CompletableFuture<>();
  private final StringBuilder part = new StringBuilder();
  private volatile boolean reading = true;
  private volatile boolean owed;
  private WebSocket ws;

  static JdkWs open(String url) {
    JdkWs l = new JdkWs();
    l.ws = TestKit.join(HTTP.newWebSocketBuilder().buildAsync(URI.create(url), l));
    return l;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    part.append(data);
    if (last) {
      messages.add(part.toString());
      part.setLength(0);
    }
    if (reading) {
      webSocket.request(1);
    } else {
      owed = true;
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  /** Stops asking the JDK for messages: it stops reading the socket once its buffer is full. */
  void pauseReading() {
    reading = false;
  }

  void resumeReading() {
    reading = true;
    if (owed) {
      owed = false;
      ws.request(1);
    }
  }

  void send(String text) {
    TestKit.join(ws.sendText(text, true));
  }

  /** Sends {@code text} in {@code parts} fragments (continuation frames). */
  void sendFragmented(String text, int parts) {
    int n = text.length() / parts;
    for (int i = 0; i < parts; i++) {
      String piece = i == parts - 1 ? text.substring(i * n) : text.substring(i * n, (i + 1) * n);
      TestKit.join(ws.sendText(piece, i == parts - 1));
    }
  }

  void sendBinary(byte[] data) {
    TestKit.join(ws.sendBinary(ByteBuffer.wrap(data), true));
  }

  String ask(String text) {
    send(text);
    return next();
  }

  String next() {
    String m = poll(10_000);
    if (m == null) {
      throw new AssertionError("no message within 10 s");
    }
    return m;
  }

  String poll(long ms) {
    try {
      return messages.poll(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    if (!ws.isOutputClosed()) {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        closed.get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // fall through to abort
      }
    }
    ws.abort();
  }
}
