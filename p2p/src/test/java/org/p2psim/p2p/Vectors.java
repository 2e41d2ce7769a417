package org.p2psim.p2p;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** Loads the devp2p test vectors copied into this module's test resources. */
public final class Vectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Vectors() {}

  /** Reads {@code vectors/<name>} from the classpath. */
  public static JsonNode load(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test vector file vectors/" + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a hex string that may contain spaces. */
  public static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", "").replace("\n", ""));
  }
}
