package org.p2psim.nodehost;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One JSON-RPC call over a WebSocket spoken by hand on a plain socket, for the start-up rehearsal:
 * it warms the server's side only, where a Vert.x client would load some hundred classes the node
 * never uses. It speaks just enough of RFC 6455 for one short request and its answer.
 */
final class RehearsalWebSocket {
  private RehearsalWebSocket() {}

  /**
   * Sends {@code request} (at most 125 bytes) to {@code ws} and answers the reply's text; each step
   * waits at most 5 s.
   */
  static String call(URI ws, String request) throws IOException {
    byte[] payload = request.getBytes(StandardCharsets.UTF_8);
    if (payload.length > 125) {
      throw new IllegalArgumentException("a request longer than one short frame");
    }
    try (Socket s = new Socket(Proxy.NO_PROXY)) {
      s.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5_000);
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      handshake(ws, out, in);
      // One masked text frame (a client must mask; a zero mask leaves the payload as it is).
      out.write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length), 0, 0, 0, 0});
      out.write(payload);
      out.flush();
      int opcode = in.read();
      int length = in.read() & 0x7f;
      if (opcode != 0x81 || length == 0x7f) {
        throw new IOException("unexpected WebSocket frame " + opcode);
      }
      if (length == 0x7e) {
        length = (in.read() << 8) | in.read();
      }
      String reply = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      out.write(new byte[] {(byte) 0x88, (byte) 0x80, 0, 0, 0, 0}); // close, masked, empty
      out.flush();
      return reply;
    }
  }

  /**
   * The upgrade request, and its answer: "101 Switching Protocols" and headers to an empty line.
   */
  private static void handshake(URI ws, OutputStream out, InputStream in) throws IOException {
    String path = ws.getRawPath() == null || ws.getRawPath().isEmpty() ? "/" : ws.getRawPath();
    out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + ws.getHost()
                + ":"
                + ws.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade"
                + "\r\nSec-WebSocket-Key: cDJwc2ltLXJlaGVhcnNhbA=="
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int c = in.read();
      if (c < 0 || head.length() > 4096) {
        throw new IOException("no WebSocket handshake: " + head);
      }
      head.append((char) c);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException(
          "WebSocket handshake refused: " + head.substring(0, head.indexOf("\r")));
    }
  }
}
