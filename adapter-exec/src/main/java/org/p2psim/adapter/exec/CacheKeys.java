package org.p2psim.adapter.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names for what the adapter keeps in its cache directory (archives, unsigned JAR copies): a short
 * hash of everything that would make the file stale, so that a rebuild never reuses an old one.
 */
final class CacheKeys {
  private CacheKeys() {}

  /** What stands for a JAR's build: its path, size and modification time. */
  static String stamp(Path jar) throws IOException {
    return jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar);
  }

  /** The first 8 bytes of the SHA-256 of {@code text}, in hex. */
  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
