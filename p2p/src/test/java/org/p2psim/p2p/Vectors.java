package org.p2psim.p2p;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** Loads the JSON test vectors in {@code src/test/resources/vectors}. */
public final class Vectors {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vectors() {}

  /** Reads {@code vectors/<name>} from the test class path. */
  public static JsonNode load(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource vectors/" + name);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes the hex text of {@code node}. */
  public static byte[] hex(JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("expected a hex string, got " + node);
    }
    return HexFormat.of().parseHex(node.asText());
  }

  /** Decodes a hex string. */
  public static byte[] hex(String text) {
    return HexFormat.of().parseHex(text);
  }

  /** Encodes bytes as lower-case hex. */
  public static String toHex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
