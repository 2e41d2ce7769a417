package org.p2psim.rpc;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A hand-made WebSocket client, for what the JDK's will not send: one frame of any size. */
final class RawWs {
  private RawWs() {}

  /**
   * Opens a WebSocket, sends {@code text} as a single final text frame, and returns the server's
   * close frame as {@code "<status> <reason>"}, or the first text message if one comes first.
   */
  static String sendOneFrame(RpcHttpServer http, String text) {
    try (Socket s = new Socket("127.0.0.1", http.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: 127.0.0.1:"
                  + http.port()
                  + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      DataInputStream in = new DataInputStream(s.getInputStream());
      String status = readHeaders(in);
      if (!status.startsWith("HTTP/1.1 101")) {
        throw new AssertionError("no upgrade: " + status);
      }
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(0x81); // FIN, text
      frame.write(0x80 | 127); // masked, 64-bit length
      for (int i = 7; i >= 0; i--) {
        frame.write((int) ((long) payload.length >>> (8 * i)));
      }
      byte[] mask = {1, 2, 3, 4};
      frame.write(mask);
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ mask[i % 4]);
      }
      try {
        out.write(frame.toByteArray());
      } catch (IOException e) {
        // The server may close before it has read it all; its close frame is still there to read.
      }
      int op = in.readUnsignedByte() & 0x0f;
      int len = in.readUnsignedByte() & 0x7f;
      if (len == 126) {
        len = in.readUnsignedShort();
      }
      byte[] body = new byte[len];
      in.readFully(body);
      if (op == 0x8) {
        int code = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        return code + " " + new String(body, 2, len - 2, StandardCharsets.UTF_8);
      }
      return new String(body, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String readHeaders(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
  }
}
