package org.p2psim.network.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as Go's {@code time.Time} writes them in JSON (RFC 3339 with up to nine digits of fraction,
 * trailing zeros dropped): {@code 2026-12-07T01:45:29.12345Z}. Any RFC 3339 time is read, with any
 * offset.
 */
public final class GoTime {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private GoTime() {}

  /** {@code time} as Go's {@code RFC3339Nano} in UTC. */
  public static String format(Instant time) {
    StringBuilder b = new StringBuilder(30).append(SECONDS.format(time));
    int nanos = time.getNano();
    if (nanos != 0) {
      String digits = String.format("%09d", nanos);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      b.append('.').append(digits, 0, end);
    }
    return b.append('Z').toString();
  }

  /**
   * Reads an RFC 3339 time.
   *
   * @throws IllegalArgumentException saying what came and what was expected
   */
  public static Instant parse(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "bad time \"" + text + "\": expected RFC 3339, e.g. 2026-12-07T01:45:29.12345Z", e);
    }
  }

  /** Writes an {@link Instant} as {@link #format(Instant)} does. */
  public static final class Writer extends StdSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    /** Made by Jackson. */
    public Writer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(format(value));
    }
  }

  /** Reads an {@link Instant} as {@link #parse(String)} does. */
  public static final class Reader extends StdDeserializer<Instant> {
    private static final long serialVersionUID = 1L;

    /** Made by Jackson. */
    public Reader() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      return parse(p.getValueAsString());
    }
  }
}
