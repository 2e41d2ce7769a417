package org.p2psim.p2p.rlpx;

/**
 * A received RLPx frame or message is invalid: a MAC does not match, a size is over its limit, a
 * message id is not canonical RLP, or snappy data is corrupt.
 *
 * <p>The peer that sent it has broken the protocol (or the stream is corrupt); the connection
 * should be dropped, with Disconnect reason 0x02 (breach of protocol) where one can still be sent.
 * After a {@code FrameException} from {@link FrameCodec} the codec's ingress side is unusable.
 */
public final class FrameException extends RuntimeException {

  public FrameException(String message) {
    super(message);
  }

  public FrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
