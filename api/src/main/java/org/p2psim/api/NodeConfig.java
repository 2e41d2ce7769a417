package org.p2psim.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to build one simulated node: its identity, its services and their settings. The JSON form
 * (field names in snake case) is the one go-ethereum's {@code p2p/simulations} uses, so its files
 * and scripts work.
 *
 * <p>{@code properties} is a list of string tags, as in the reference; entries of the form {@code
 * key=value} are read as settings for services ({@link #property(String)}). On input an object
 * {@code {"interval":200}} is accepted too and turned into the list form.
 *
 * @param id the node id; may be null when a private key is given (it follows from the key)
 * @param privateKey hex of the 32-byte secp256k1 scalar, or null to have one generated
 * @param name a human-friendly name, or null
 * @param services names of the {@link org.p2psim.api.spi.ServiceFactory services} to run
 * @param properties tags and {@code key=value} settings
 * @param enableMsgEvents whether the node emits {@code msgsend}/{@code msgrecv} peer events
 * @param port the TCP port for RLPx; 0 picks a free one
 * @param logFile a file for the node's log, or null for the default
 * @param logVerbosity log level from 0 (silent) to 5 (trace); 3 is info
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeConfig(
    @JsonProperty("id") NodeId id,
    @JsonProperty("private_key") String privateKey,
    @JsonProperty("name") String name,
    @JsonProperty("services") List<String> services,
    @JsonProperty("properties") List<String> properties,
    @JsonProperty("enable_msg_events") boolean enableMsgEvents,
    @JsonProperty("port") int port,
    @JsonProperty("logfile") String logFile,
    @JsonProperty("log_verbosity") int logVerbosity) {
  /** The log verbosity a config has when it names none: 3, info. */
  public static final int DEFAULT_LOG_VERBOSITY = 3;

  private static final HexFormat HEX = HexFormat.of();

  /** Validates the fields and makes the lists immutable. */
  public NodeConfig {
    services = services == null ? List.of() : List.copyOf(noNulls("services", services));
    properties = properties == null ? List.of() : List.copyOf(noNulls("properties", properties));
    if (privateKey != null) {
      String digits = privateKey.startsWith("0x") ? privateKey.substring(2) : privateKey;
      if (digits.length() != 64) {
        throw new IllegalArgumentException(
            "bad private_key: expected 64 hex characters, got " + digits.length() + " characters");
      }
      if (!digits.chars().allMatch(HexFormat::isHexDigit)) {
        throw new IllegalArgumentException(
            "bad private_key: expected 64 hex characters, got a non-hex character");
      }
      privateKey = digits.toLowerCase(java.util.Locale.ROOT);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("bad port " + port + ": expected 0 to 65535");
    }
    if (logVerbosity < 0 || logVerbosity > 5) {
      throw new IllegalArgumentException(
          "bad log_verbosity " + logVerbosity + ": expected 0 (silent) to 5 (trace)");
    }
  }

  /**
   * The JSON creator: accepts {@code lifecycles} for {@code services}, and object properties. An
   * empty string in {@code id}, {@code private_key}, {@code name} or {@code logfile} means absent,
   * as the reference writes {@code ""} for the fields it has no value for.
   */
  @JsonCreator
  static NodeConfig fromJson(
      @JsonProperty("id") String id,
      @JsonProperty("private_key") String privateKey,
      @JsonProperty("name") String name,
      @JsonProperty("services") @JsonAlias("lifecycles") List<String> services,
      @JsonProperty("properties") Object properties,
      @JsonProperty("enable_msg_events") boolean enableMsgEvents,
      @JsonProperty("port") int port,
      @JsonProperty("logfile") String logFile,
      @JsonProperty("log_verbosity") Integer logVerbosity) {
    return new NodeConfig(
        id == null || id.isEmpty() ? null : NodeId.parse(id),
        emptyToNull(privateKey),
        emptyToNull(name),
        services,
        propertyList(properties),
        enableMsgEvents,
        port,
        emptyToNull(logFile),
        logVerbosity == null ? DEFAULT_LOG_VERBOSITY : logVerbosity);
  }

  private static List<String> noNulls(String field, List<String> list) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new IllegalArgumentException(field + "[" + i + "]: null, expected a string");
      }
    }
    return list;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static List<String> propertyList(Object properties) {
    if (properties == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (properties instanceof Collection<?> list) {
      for (Object o : list) {
        out.add(String.valueOf(o));
      }
    } else if (properties instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.add(k + "=" + v));
    } else {
      throw new IllegalArgumentException(
          "bad properties: expected a list of strings or an object, got " + properties);
    }
    return out;
  }

  /** Starts a builder with no fields set (log verbosity 3). */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a builder holding this config's fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.privateKey = privateKey;
    b.name = name;
    b.services = new ArrayList<>(services);
    b.properties = new ArrayList<>(properties);
    b.enableMsgEvents = enableMsgEvents;
    b.port = port;
    b.logFile = logFile;
    b.logVerbosity = logVerbosity;
    return b;
  }

  /** This config without its private key: the form that may be shown or sent in events. */
  public NodeConfig withoutPrivateKey() {
    return privateKey == null ? this : toBuilder().privateKey(null).build();
  }

  /** The value of the first {@code key=value} property with this key. */
  public Optional<String> property(String key) {
    String prefix = key + "=";
    for (String p : properties) {
      if (p.startsWith(prefix)) {
        return Optional.of(p.substring(prefix.length()));
      }
    }
    return Optional.empty();
  }

  /**
   * The integer value of property {@code key}, or {@code defaultValue} when absent.
   *
   * @throws IllegalArgumentException when the value is not an integer
   */
  public long longProperty(String key, long defaultValue) {
    Optional<String> v = property(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.get().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "bad property " + key + "=" + v.get() + ": expected an integer", e);
    }
  }

  /** The {@code key=value} properties as a map; plain tags are left out. */
  @JsonIgnore
  public Map<String, String> settings() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : properties) {
      int eq = p.indexOf('=');
      if (eq > 0) {
        out.putIfAbsent(p.substring(0, eq), p.substring(eq + 1));
      }
    }
    return out;
  }

  /** The private key as 32 bytes, or null when none is set. */
  public byte[] privateKeyBytes() {
    return privateKey == null ? null : HEX.parseHex(privateKey);
  }

  /** Like the record's, but never shows the private key. */
  @Override
  public String toString() {
    return "NodeConfig[id="
        + id
        + ", name="
        + name
        + ", services="
        + services
        + ", properties="
        + properties
        + ", enableMsgEvents="
        + enableMsgEvents
        + ", port="
        + port
        + (privateKey == null ? "" : ", privateKey=<hidden>")
        + "]";
  }

  /** Builds a {@link NodeConfig}. */
  public static final class Builder {
    private NodeId id;
    private String privateKey;
    private String name;
    private List<String> services = new ArrayList<>();
    private List<String> properties = new ArrayList<>();
    private boolean enableMsgEvents;
    private int port;
    private String logFile;
    private int logVerbosity = DEFAULT_LOG_VERBOSITY;

    private Builder() {}

    /** Sets the node id. */
    public Builder id(NodeId id) {
      this.id = id;
      return this;
    }

    /** Sets the private key, hex of 32 bytes. */
    public Builder privateKey(String hex) {
      this.privateKey = hex;
      return this;
    }

    /** Sets the name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Sets the service names. */
    public Builder services(String... names) {
      this.services = new ArrayList<>(List.of(names));
      return this;
    }

    /** Sets the service names. */
    public Builder services(List<String> names) {
      this.services = new ArrayList<>(names);
      return this;
    }

    /** Adds a tag or a {@code key=value} property. */
    public Builder property(String tag) {
      this.properties.add(tag);
      return this;
    }

    /** Adds a {@code key=value} property. */
    public Builder property(String key, Object value) {
      this.properties.add(key + "=" + value);
      return this;
    }

    /** Sets whether message events are emitted. */
    public Builder enableMsgEvents(boolean on) {
      this.enableMsgEvents = on;
      return this;
    }

    /** Sets the RLPx TCP port; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Sets the log file. */
    public Builder logFile(String logFile) {
      this.logFile = logFile;
      return this;
    }

    /** Sets the log verbosity, 0 to 5. */
    public Builder logVerbosity(int level) {
      this.logVerbosity = level;
      return this;
    }

    /** Validates and builds. */
    public NodeConfig build() {
      return new NodeConfig(
          id, privateKey, name, services, properties, enableMsgEvents, port, logFile, logVerbosity);
    }
  }
}
