package org.p2psim.rpc.internal;

import java.time.Duration;

/** Durations as messages show them: {@code 60 s}, {@code 250 ms}. */
final class Durations {
  private Durations() {}

  static String text(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }
}
