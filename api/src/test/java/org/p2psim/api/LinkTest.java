package org.p2psim.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinkTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void durationsAreWrittenAsGoWritesThem() {
    assertEquals("0s", GoDuration.format(Duration.ZERO));
    assertEquals("100ns", GoDuration.format(Duration.ofNanos(100)));
    assertEquals("1.5\u00b5s", GoDuration.format(Duration.ofNanos(1500)));
    assertEquals("50ms", GoDuration.format(Duration.ofMillis(50)));
    assertEquals("5.5ms", GoDuration.format(Duration.ofNanos(5_500_000)));
    assertEquals("1s", GoDuration.format(Duration.ofSeconds(1)));
    assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
    assertEquals("1m30s", GoDuration.format(Duration.ofSeconds(90)));
    assertEquals("2m0s", GoDuration.format(Duration.ofMinutes(2)));
    assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
    assertEquals("1h2m3.004s", GoDuration.format(Duration.ofMillis(3_723_004)));
  }

  @Test
  void durationsAreReadAsGoReadsThem() {
    assertEquals(Duration.ZERO, GoDuration.parse("latency", "0"));
    assertEquals(Duration.ofMillis(50), GoDuration.parse("latency", "50ms"));
    assertEquals(Duration.ofMillis(1500), GoDuration.parse("latency", "1.5s"));
    assertEquals(Duration.ofSeconds(90), GoDuration.parse("latency", "1m30s"));
    assertEquals(Duration.ofNanos(2500), GoDuration.parse("latency", "2.5us"));
    assertEquals(Duration.ofNanos(2000), GoDuration.parse("latency", "2\u00b5s"));
    assertEquals(Duration.ofNanos(2000), GoDuration.parse("latency", "2\u03bcs"));
    assertEquals(Duration.ofMillis(-5), GoDuration.parse("latency", "-5ms"));
    assertEquals(Duration.ofMillis(500), GoDuration.parse("latency", ".5s"));
    for (String d : new String[] {"1ms", "1.5s", "1m30s", "1h2m3.004s", "750\u00b5s", "3ns"}) {
      assertEquals(d, GoDuration.format(GoDuration.parse("x", d)));
    }
  }

  @Test
  void aBadDurationSaysWhatIsWrong() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("latency", "50"))
            .getMessage()
            .contains(
                "latency \"50\" is not a duration such as \"50ms\" or \"1.5s\": missing unit"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("jitter", "5 ms"))
            .getMessage()
            .contains("unknown unit \" ms\""));
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("x", ""));
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("x", "ms"));
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("x", "1..2s"));
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("x", "99999999999h"));
  }

  @Test
  void jsonHasTheDesignsShapeWithEveryFieldOptional() throws Exception {
    Link link = Link.of(Duration.ofMillis(50), Duration.ofMillis(5), 1_000_000);
    String text = json.writeValueAsString(link);
    assertEquals("{\"latency\":\"50ms\",\"jitter\":\"5ms\",\"bandwidth\":1000000}", text);
    assertEquals(text, link.toString());
    assertEquals(link, json.readValue(text, Link.class));
    assertEquals("{}", json.writeValueAsString(Link.NONE));
    assertEquals(Link.NONE, json.readValue("{}", Link.class));
    assertEquals(Link.NONE.withBandwidth(8000), json.readValue("{\"bandwidth\":8000}", Link.class));
  }

  @Test
  void negativeOrMalformedConditionsAreRefused() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Link.fromJson("-5ms", null, null))
            .getMessage()
            .startsWith("latency must not be negative"));
    assertThrows(IllegalArgumentException.class, () -> Link.NONE.withBandwidth(-1));
    ValueInstantiationException e =
        assertThrows(
            ValueInstantiationException.class,
            () -> json.readValue("{\"jitter\":\"fast\"}", Link.class));
    assertTrue(e.getMessage().contains("jitter \"fast\""), e.getMessage());
  }

  @Test
  void aDurationGoCannotHoldOrDigitsGoCannotReadAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Link.of(Duration.ofDays(365_000), Duration.ZERO, 0));
    assertTrue(e.getMessage().startsWith("latency must be at most "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("latency", "\u0663s"));
    assertEquals(Duration.ofSeconds(3), GoDuration.parse("latency", "3s"));
  }
}
