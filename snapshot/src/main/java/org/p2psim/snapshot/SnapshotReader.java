package org.p2psim.snapshot;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.p2psim.api.Link;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;

/**
 * Reads a network snapshot and checks all of it before anything is made from it: the JSON, every
 * node's config (key, services known to this classpath, no id or name twice), every service state
 * (valid base64, for a service the node runs), every connection (ids of nodes in the snapshot, not
 * a node to itself, not twice) and the link conditions. All problems are reported at once, each
 * with its place in the document.
 */
public final class SnapshotReader {
  // One document and nothing after it; a number with a fraction is not an integer field's value.
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build();

  // Link conditions are p2psim's own: a misspelt field is an error, not a link without it.
  private static final ObjectMapper LINK_JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build();

  private final Set<String> knownServices;

  /**
   * @param knownServices the services nodes may run here; empty to accept any name (the adapter
   *     then refuses an unknown one when the node is made)
   */
  public SnapshotReader(Set<String> knownServices) {
    this.knownServices = new TreeSet<>(requireNonNull(knownServices, "knownServices"));
  }

  /** The snapshot as JSON text, as {@code GET /snapshot} answers it. */
  public static String write(NetworkSnapshot snapshot) {
    try {
      return JSON.writeValueAsString(snapshot);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a snapshot: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads and checks {@code json}.
   *
   * @throws SnapshotException listing every problem found
   */
  public NetworkSnapshot read(String json) {
    requireNonNull(json, "json");
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      String why = e.getOriginalMessage();
      int cut = why.indexOf(" (start marker at");
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new SnapshotException(
          List.of("not JSON" + where + ": " + (cut < 0 ? why : why.substring(0, cut))));
    }
    return read(root);
  }

  /** Reads and checks a parsed document. */
  public NetworkSnapshot read(JsonNode root) {
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new SnapshotException(
          List.of("expected a JSON object with \"nodes\" and \"conns\", got " + kind(root)));
    }
    List<NetworkSnapshot.NodeSnapshot> nodes = new ArrayList<>();
    Map<NodeId, String> ids = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    JsonNode nodeList = root.get("nodes");
    if (nodeList != null && !nodeList.isNull() && !nodeList.isArray()) {
      problems.add("nodes: expected a list, got " + kind(nodeList));
    } else if (nodeList != null) {
      for (int i = 0; i < nodeList.size(); i++) {
        NetworkSnapshot.NodeSnapshot n = node(nodeList.get(i), "nodes[" + i + "]", problems);
        if (n == null) {
          // Its problems are reported; its conns are not also "not in the snapshot's nodes".
          String at = "nodes[" + i + "]";
          writtenId(nodeList.get(i)).ifPresent(id -> ids.putIfAbsent(id, at));
          continue;
        }
        String where = "nodes[" + i + "].node.config";
        NodeConfig c = n.node().config();
        if (c.privateKey() == null) {
          problems.add(where + ": needs a private_key, so that the node comes back with its id");
        }
        if (c.id() != null) {
          String first = ids.putIfAbsent(c.id(), where);
          if (first != null) {
            problems.add(where + ".id: " + c.id().hex() + " is also the id of " + first);
          }
        }
        if (c.name() != null) {
          String first = names.putIfAbsent(c.name(), where);
          if (first != null) {
            problems.add(where + ".name: \"" + c.name() + "\" is also the name of " + first);
          }
        }
        nodes.add(n);
      }
    }
    List<NetworkSnapshot.ConnSnapshot> conns = new ArrayList<>();
    JsonNode connList = root.get("conns");
    if (connList != null && !connList.isNull() && !connList.isArray()) {
      problems.add("conns: expected a list, got " + kind(connList));
    } else if (connList != null) {
      Map<String, String> seen = new HashMap<>();
      for (int i = 0; i < connList.size(); i++) {
        NetworkSnapshot.ConnSnapshot c = conn(connList.get(i), "conns[" + i + "]", problems);
        if (c == null) {
          continue;
        }
        String where = "conns[" + i + "]";
        boolean known = true;
        for (NodeId id : List.of(c.one(), c.other())) {
          if (!ids.containsKey(id)) {
            problems.add(where + ": node " + id.hex() + " is not in the snapshot's nodes");
            known = false;
          }
        }
        if (c.one().equals(c.other())) {
          problems.add(where + ": a connection from node " + c.one().hex() + " to itself");
        } else if (known) {
          String key =
              c.one().compareTo(c.other()) < 0
                  ? c.one() + "-" + c.other()
                  : c.other() + "-" + c.one();
          String first = seen.putIfAbsent(key, where);
          if (first != null) {
            problems.add(where + ": the same connection as " + first);
          }
        }
        conns.add(c);
      }
    }
    Link defaultLink = link(root.get("default_link"), "default_link", problems);
    if (!problems.isEmpty()) {
      throw new SnapshotException(problems);
    }
    return new NetworkSnapshot(nodes, conns, defaultLink);
  }

  private NetworkSnapshot.NodeSnapshot node(JsonNode n, String where, List<String> problems) {
    if (n == null || !n.isObject()) {
      problems.add(where + ": expected an object with \"node\", got " + kind(n));
      return null;
    }
    JsonNode saved = n.get("node");
    if (saved == null || !saved.isObject()) {
      problems.add(where + ".node: expected an object with \"config\", got " + kind(saved));
      return null;
    }
    JsonNode configJson = saved.get("config");
    if (configJson == null || !configJson.isObject()) {
      problems.add(where + ".node.config: expected a node config object, got " + kind(configJson));
      return null;
    }
    NodeConfig config;
    try {
      config = JSON.treeToValue(withOlderLogLevel(configJson), NodeConfig.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      problems.add(where + ".node.config: " + reason(e));
      return null;
    }
    List<String> services = config.services();
    if (services.isEmpty()) {
      problems.add(where + ".node.config.services: a node needs at least one service");
    }
    for (int s = 0; s < services.size(); s++) {
      if (!knownServices.isEmpty() && !knownServices.contains(services.get(s))) {
        problems.add(
            where
                + ".node.config.services["
                + s
                + "]: unknown service \""
                + services.get(s)
                + "\"; known: "
                + String.join(", ", knownServices));
      }
    }
    JsonNode upJson = saved.get("up");
    if (upJson != null && !upJson.isNull() && !upJson.isBoolean()) {
      problems.add(where + ".node.up: expected true or false, got " + kind(upJson));
    }
    boolean up = upJson != null && upJson.asBoolean();
    Map<String, String> states = new LinkedHashMap<>();
    JsonNode snaps = n.get("snapshots");
    if (snaps != null && !snaps.isNull()) {
      if (!snaps.isObject()) {
        problems.add(
            where + ".snapshots: expected an object of service to base64, got " + kind(snaps));
      } else {
        for (Iterator<Map.Entry<String, JsonNode>> it = snaps.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String at = where + ".snapshots." + e.getKey();
          if (!services.contains(e.getKey())) {
            problems.add(
                at
                    + ": a snapshot for service \""
                    + e.getKey()
                    + "\", which the node does not run "
                    + services);
          }
          if (e.getValue().isNull()) {
            continue; // as go-ethereum writes a service whose snapshot was nil: no state
          }
          if (!e.getValue().isTextual()) {
            problems.add(at + ": expected base64 text, got " + kind(e.getValue()));
            continue;
          }
          try {
            Base64.getDecoder().decode(e.getValue().textValue());
          } catch (IllegalArgumentException bad) {
            problems.add(at + ": not base64: " + bad.getMessage());
          }
          states.put(e.getKey(), e.getValue().textValue());
        }
      }
    }
    return new NetworkSnapshot.NodeSnapshot(
        new NetworkSnapshot.SavedNode(config, up, saved.get("info")), states);
  }

  /**
   * The config with its {@code log_verbosity} on p2psim's scale, 0 (silent) to 5 (trace), which is
   * go-ethereum's older one. Its last snapshots wrote slog levels instead (-8 trace, -4 debug, 0
   * info, 4 warn, 8 error, 12 crit): a level outside 0–5 is read as one of those. 0 and 4 keep
   * their older meaning, as a file cannot say which scale it uses.
   */
  private static JsonNode withOlderLogLevel(JsonNode config) {
    JsonNode level = config.get("log_verbosity");
    if (level == null || !level.isInt() || (level.intValue() >= 0 && level.intValue() <= 5)) {
      return config;
    }
    int slog = level.intValue();
    int older = slog <= -8 ? 5 : slog < 0 ? 4 : slog >= 12 ? 0 : slog >= 8 ? 1 : 2;
    ObjectNode copy = config.deepCopy();
    copy.put("log_verbosity", older);
    return copy;
  }

  /** The id a node's config has in the document, if it is one, whatever else is wrong. */
  private static Optional<NodeId> writtenId(JsonNode node) {
    JsonNode id = node == null ? null : node.path("node").path("config").get("id");
    if (id == null || !id.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(NodeId.parse(id.textValue()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static NetworkSnapshot.ConnSnapshot conn(
      JsonNode c, String where, List<String> problems) {
    if (c == null || !c.isObject()) {
      problems.add(where + ": expected an object with \"one\" and \"other\", got " + kind(c));
      return null;
    }
    NodeId one = id(c.get("one"), where + ".one", problems);
    NodeId other = id(c.get("other"), where + ".other", problems);
    if (one == null || other == null) {
      return null;
    }
    Link link = link(c.get("link"), where + ".link", problems);
    return new NetworkSnapshot.ConnSnapshot(one, other, true, link);
  }

  /** Reads link conditions, or null when there are none. */
  private static Link link(JsonNode n, String where, List<String> problems) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      problems.add(
          where + ": expected link conditions such as {\"latency\":\"50ms\"}, got " + kind(n));
      return null;
    }
    try {
      return LINK_JSON.treeToValue(n, Link.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      problems.add(where + ": " + reason(e));
      return null;
    }
  }

  private static NodeId id(JsonNode n, String where, List<String> problems) {
    if (n == null || !n.isTextual()) {
      problems.add(where + ": expected a node id (64 hex characters), got " + kind(n));
      return null;
    }
    try {
      return NodeId.parse(n.textValue());
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + e.getMessage());
      return null;
    }
  }

  private static String reason(Exception e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof JsonProcessingException j) {
      return j.getOriginalMessage();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return switch (n.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> n.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }
}
