package org.p2psim.p2p;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import org.p2psim.api.Capability;
import org.p2psim.p2p.internal.Hello;
import org.p2psim.p2p.rlpx.FrameCodec;
import org.p2psim.p2p.rlpx.Handshake;
import org.p2psim.p2p.rlpx.MessageCodec;
import org.p2psim.p2p.rlpx.RlpxMessage;
import org.p2psim.p2p.rlpx.Secrets;

/**
 * A hand-driven RLPx peer on a blocking socket, for tests that must misbehave on purpose: send
 * garbage, stall, corrupt a MAC or go silent. It uses the same handshake and frame code as the
 * server, but none of the server's connection logic.
 */
final class RawPeer implements AutoCloseable {
  final NodeKey key = NodeKey.generate();
  final Socket socket;
  final InputStream in;
  final OutputStream out;
  FrameCodec codec;
  final MessageCodec messages = new MessageCodec();

  RawPeer(Enode target) throws IOException {
    socket = new Socket(target.host(), target.tcpPort());
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Runs the RLPx handshake as initiator towards {@code target}. */
  void handshake(Enode target) throws IOException {
    Handshake.Initiator init = Handshake.initiator(key, target.publicKey());
    out.write(init.auth());
    out.flush();
    byte[] head = readExactly(2);
    int size = ((head[0] & 0xff) << 8) | (head[1] & 0xff);
    byte[] ack = Arrays.copyOf(head, 2 + size);
    System.arraycopy(readExactly(size), 0, ack, 2, size);
    Secrets secrets = init.readAck(ack);
    codec = new FrameCodec(secrets);
  }

  /** Handshake, then Hello both ways; returns the server's Hello. */
  Hello handshakeAndHello(Enode target, List<Capability> caps) throws IOException {
    handshake(target);
    sendFrame(
        messages.encodeMessage(0, new Hello(5, "raw", caps, 0, key.publicKey()).encode(), false));
    RlpxMessage hello = messages.decodeMessage(readFrame(), false);
    if (hello.code() != 0) {
      throw new IOException("expected Hello, got code " + hello.code());
    }
    return Hello.decode(hello.payload());
  }

  void sendFrame(byte[] frameData) throws IOException {
    out.write(codec.encodeFrame(frameData));
    out.flush();
  }

  void send(long code, byte[] payload) throws IOException {
    sendFrame(messages.encodeMessage(code, payload, true));
  }

  byte[] readFrame() throws IOException {
    byte[] header = readExactly(FrameCodec.HEADER_LENGTH);
    int size = codec.decodeHeader(header, 0);
    byte[] body = readExactly(FrameCodec.bodyLength(size));
    return codec.decodeBody(body, 0, size);
  }

  RlpxMessage read() throws IOException {
    return messages.decodeMessage(readFrame(), true);
  }

  byte[] readExactly(int n) throws IOException {
    byte[] b = new byte[n];
    new DataInputStream(in).readFully(b);
    return b;
  }

  /** Reads until the server closes the socket; fails if it has not within the socket timeout. */
  boolean closedByRemote(int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    byte[] sink = new byte[4096];
    try {
      while (true) {
        if (in.read(sink) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by peer
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
