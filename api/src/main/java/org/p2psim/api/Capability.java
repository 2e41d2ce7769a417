package org.p2psim.api;

import static java.util.Objects.requireNonNull;

/**
 * A devp2p capability: a protocol name and version, as announced in the Hello message (for example
 * {@code eth/68} or {@code pingpong/1}).
 *
 * @param name ASCII name, 1 to 8 characters, case-sensitive
 * @param version protocol version, at least 0
 */
public record Capability(String name, int version) implements Comparable<Capability> {

  /** Validates the name and version. */
  public Capability {
    requireNonNull(name, "name");
    if (name.isEmpty()
        || name.length() > 8
        || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/')) {
      throw new IllegalArgumentException(
          "bad capability name \""
              + name
              + "\": expected 1 to 8 printable ASCII characters other than '/'");
    }
    if (version < 0) {
      throw new IllegalArgumentException("bad capability version " + version + " for " + name);
    }
  }

  /**
   * Parses {@code name/version}, e.g. {@code eth/68}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static Capability parse(String text) {
    requireNonNull(text, "text");
    int slash = text.lastIndexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException(
          "bad capability \"" + text + "\": expected <name>/<version>, e.g. eth/68");
    }
    try {
      return new Capability(text.substring(0, slash), Integer.parseInt(text.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "bad capability \"" + text + "\": version is not a number", e);
    }
  }

  /** Orders by name (byte-wise, as devp2p assigns message-code offsets), then version. */
  @Override
  public int compareTo(Capability o) {
    int byName = name.compareTo(o.name);
    return byName != 0 ? byName : Integer.compare(version, o.version);
  }

  /** Returns {@code name/version}. */
  @Override
  public String toString() {
    return name + "/" + version;
  }
}
