package org.p2psim.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** p2psim's version, from the build, and the devp2p client id a node announces with it. */
public final class Version {
  /** The version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code dev} when run from unbuilt sources. */
  public static final String VERSION = load();

  private Version() {}

  /**
   * The client id a node announces in its devp2p Hello and as {@link NodeInfo#name()}: {@code
   * p2psim/<node name>/v<version>/java<feature>}, e.g. {@code p2psim/alice/v0.1.0/java17}, as
   * go-ethereum puts its identity there, so that a peer list shows which node each peer is. Without
   * a name it is {@code p2psim/v0.1.0/java17}.
   */
  public static String clientId(String nodeName) {
    String runtime = "v" + VERSION + "/java" + Runtime.version().feature();
    return nodeName == null || nodeName.isEmpty()
        ? "p2psim/" + runtime
        : "p2psim/" + nodeName + "/" + runtime;
  }

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
