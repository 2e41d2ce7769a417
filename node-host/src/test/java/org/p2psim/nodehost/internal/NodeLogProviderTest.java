package org.p2psim.nodehost.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The node host's log lines carry the local time as slf4j-simple wrote it, HH:mm:ss.SSS. */
class NodeLogProviderTest {
  @Test
  void timesAreWrittenAsHoursMinutesSecondsAndMillisInTheLocalZone() {
    new NodeLogProvider().initialize();
    DateTimeFormatter expected =
        DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    for (long t : new long[] {0, 1, 59_999, 3_600_000, 1_765_000_000_123L, 1_765_043_999_999L}) {
      StringBuilder out = new StringBuilder();
      NodeLogProvider.appendTime(out, t);
      assertEquals(expected.format(Instant.ofEpochMilli(t)), out.toString());
    }
  }
}
