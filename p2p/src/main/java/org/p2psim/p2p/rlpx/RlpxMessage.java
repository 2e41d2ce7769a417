package org.p2psim.p2p.rlpx;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One devp2p message as carried in an RLPx frame: the wire message id ({@code msg-id}, an unsigned
 * 64-bit value) and the uncompressed RLP payload ({@code msg-data}).
 *
 * <p>Equality compares the payload bytes. The payload array is not copied: do not change it after
 * handing it over.
 */
public record RlpxMessage(long code, byte[] payload) {

  public RlpxMessage {
    requireNonNull(payload, "payload");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RlpxMessage m && m.code == code && Arrays.equals(m.payload, payload);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(code) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    int shown = Math.min(payload.length, 32);
    return "RlpxMessage[code=0x"
        + Long.toHexString(code)
        + ", payload("
        + payload.length
        + ")="
        + HexFormat.of().formatHex(payload, 0, shown)
        + (shown < payload.length ? "…" : "")
        + "]";
  }
}
