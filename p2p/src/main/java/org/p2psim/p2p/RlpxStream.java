package org.p2psim.p2p;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.p2psim.api.DisconnectReason;
import org.p2psim.p2p.rlpx.FrameCodec;
import org.p2psim.p2p.rlpx.Handshake;
import org.p2psim.p2p.rlpx.MessageCodec;
import org.p2psim.p2p.rlpx.RlpxMessage;
import org.p2psim.p2p.rlpx.Secrets;

/**
 * The bytes of one RLPx connection, below the protocol: it buffers what the socket delivers and
 * cuts it into handshake packets and then frames, and it encodes outgoing messages into frames and
 * batches them, so that the messages of one event-loop turn go out in one socket write. It knows no
 * protocol state: {@link Connection} says which unit to cut next and what each one means.
 *
 * <p>Without encryption (an in-memory pipe of an {@link InMemoryNetwork} made so), a frame is its
 * 3-byte big-endian frame-size and the frame data: no AES-CTR, no MACs, no padding.
 *
 * <p>Runs on the node's context only.
 */
final class RlpxStream {
  private static final int PLAIN_HEADER_LENGTH = 3;

  private final Duplex socket;
  private final int maxMessageSize;

  private FrameCodec frames;
  private MessageCodec messages;

  private byte[] in = new byte[4096];
  private int inStart;
  private int inEnd;
  private int frameSize = -1;

  private Buffer outBatch;
  private List<CompletableFuture<Void>> outWaiters;

  private boolean plaintext;

  RlpxStream(Duplex socket, int maxMessageSize) {
    this.socket = socket;
    this.maxMessageSize = maxMessageSize;
  }

  // ---- inbound ------------------------------------------------------------------------------

  /** Buffers bytes the socket delivered. */
  void append(Buffer data) {
    int n = data.length();
    if (inEnd + n > in.length) {
      int live = inEnd - inStart;
      if (live + n > in.length) {
        in = Arrays.copyOfRange(in, inStart, inStart + Math.max(2 * in.length, live + n));
      } else {
        System.arraycopy(in, inStart, in, 0, live);
      }
      inEnd = live;
      inStart = 0;
    }
    data.getBytes(in, inEnd);
    inEnd += n;
  }

  /**
   * Cuts the next handshake packet, an auth if {@code auth} else an ack, or returns null until it
   * has all arrived.
   *
   * @throws org.p2psim.p2p.rlpx.HandshakeException if its size prefix is out of bounds
   */
  byte[] nextHandshakePacket(boolean auth) {
    int available = inEnd - inStart;
    int needed =
        auth
            ? Handshake.authPacketLength(in, inStart, available)
            : Handshake.ackPacketLength(in, inStart, available);
    if (available < needed) {
      return null;
    }
    byte[] packet = Arrays.copyOfRange(in, inStart, inStart + needed);
    inStart += needed;
    return packet;
  }

  /** Starts framing with the handshake's secrets; bytes after the handshake are frames. */
  void secure(Secrets secrets) {
    frames = new FrameCodec(secrets);
    messages = new MessageCodec(maxMessageSize);
  }

  /** Starts framing without encryption: there was no handshake. */
  void plaintext() {
    plaintext = true;
    messages = new MessageCodec(maxMessageSize);
  }

  /** Whether the handshake is done, so that frames (a Disconnect among them) can be sent. */
  boolean isSecure() {
    return frames != null || plaintext;
  }

  /**
   * Cuts and decrypts the next frame, or returns null until it has all arrived.
   *
   * @throws org.p2psim.p2p.rlpx.FrameException if a MAC does not match
   * @throws BadInputException if the frame is over the message size limit
   */
  byte[] nextFrame() {
    if (plaintext) {
      return nextPlainFrame();
    }
    int available = inEnd - inStart;
    if (frameSize < 0) {
      if (available < FrameCodec.HEADER_LENGTH) {
        return null;
      }
      frameSize = frames.decodeHeader(in, inStart);
      inStart += FrameCodec.HEADER_LENGTH;
      if (frameSize > maxMessageSize) {
        throw new BadInputException(
            DisconnectReason.PROTOCOL_ERROR,
            "frame of " + frameSize + " bytes exceeds the limit of " + maxMessageSize);
      }
      available -= FrameCodec.HEADER_LENGTH;
    }
    int bodyLength = FrameCodec.bodyLength(frameSize);
    if (available < bodyLength) {
      return null;
    }
    byte[] frameData = frames.decodeBody(in, inStart, frameSize);
    inStart += bodyLength;
    frameSize = -1;
    return frameData;
  }

  private byte[] nextPlainFrame() {
    int available = inEnd - inStart;
    if (frameSize < 0) {
      if (available < PLAIN_HEADER_LENGTH) {
        return null;
      }
      frameSize =
          (in[inStart] & 0xff) << 16 | (in[inStart + 1] & 0xff) << 8 | (in[inStart + 2] & 0xff);
      inStart += PLAIN_HEADER_LENGTH;
      if (frameSize > maxMessageSize) {
        throw new BadInputException(
            DisconnectReason.PROTOCOL_ERROR,
            "frame of " + frameSize + " bytes exceeds the limit of " + maxMessageSize);
      }
      available -= PLAIN_HEADER_LENGTH;
    }
    if (available < frameSize) {
      return null;
    }
    byte[] frameData = Arrays.copyOfRange(in, inStart, inStart + frameSize);
    inStart += frameSize;
    frameSize = -1;
    return frameData;
  }

  /** Reads a frame's message: its code, and its payload decompressed if {@code snappy}. */
  RlpxMessage decode(byte[] frameData, boolean snappy) {
    return messages.decodeMessage(frameData, snappy);
  }

  // ---- outbound -----------------------------------------------------------------------------

  /** Writes a handshake packet, in one write: some implementations read it in one read. */
  void writePacket(byte[] packet) {
    socket.write(Buffer.buffer(packet));
  }

  /** Whether no frame is waiting for {@link #flush()}. */
  boolean nothingQueued() {
    return outBatch == null;
  }

  /**
   * Encodes one message into the pending batch; {@link #flush()} writes the batch, then completes
   * {@code done} (if not null) with the write.
   */
  void queue(long code, byte[] payload, boolean compress, CompletableFuture<Void> done) {
    byte[] data = messages.encodeMessage(code, payload, compress);
    byte[] frame = plaintext ? data : frames.encodeFrame(data);
    if (outBatch == null) {
      outBatch = Buffer.buffer(frame.length + 64);
      outWaiters = new ArrayList<>();
    }
    if (plaintext) {
      if (data.length > FrameCodec.MAX_FRAME_SIZE) {
        throw new IllegalArgumentException(
            "frame of " + data.length + " bytes exceeds " + FrameCodec.MAX_FRAME_SIZE);
      }
      outBatch.appendByte((byte) (data.length >>> 16));
      outBatch.appendByte((byte) (data.length >>> 8));
      outBatch.appendByte((byte) data.length);
    }
    outBatch.appendBytes(frame);
    if (done != null) {
      outWaiters.add(done);
    }
  }

  /** Writes the pending batch, if any, in one socket write. */
  void flush() {
    if (outBatch == null) {
      return;
    }
    Buffer batch = outBatch;
    List<CompletableFuture<Void>> waiters = outWaiters;
    outBatch = null;
    outWaiters = null;
    socket
        .write(batch)
        .onComplete(
            ar -> {
              for (CompletableFuture<Void> w : waiters) {
                if (ar.succeeded()) {
                  w.complete(null);
                } else {
                  w.completeExceptionally(ar.cause());
                }
              }
            });
  }
}
