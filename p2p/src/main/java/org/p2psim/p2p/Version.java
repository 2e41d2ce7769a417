package org.p2psim.p2p;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** p2psim's version, from the build. */
public final class Version {
  /** The version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code dev} when run from unbuilt sources. */
  public static final String VERSION = load();

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
