package org.p2psim.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.Snapshottable;

/**
 * The {@code simulation} RPC namespace every node serves: {@code simulation_snapshot} answers each
 * {@link Snapshottable} service's state, by service name, as standard base64.
 *
 * <p>Called on the node's context, like every RPC method, so each service sees a consistent state.
 */
public final class SimulationApi {
  /** The RPC namespace. */
  public static final String NAMESPACE = "simulation";

  private final Map<String, Service> services;

  /** Serves the snapshots of these services, by name. */
  public SimulationApi(Map<String, Service> services) {
    this.services = Map.copyOf(requireNonNull(services, "services"));
  }

  /** Each snapshottable service's bytes, base64; services without state are left out. */
  public Map<String, String> snapshot() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : snapshotBytes().entrySet()) {
      out.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue()));
    }
    return out;
  }

  /** Like {@link #snapshot()}, without the base64: for callers in the same JVM. */
  public Map<String, byte[]> snapshotBytes() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    services.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              if (e.getValue() instanceof Snapshottable s) {
                byte[] bytes = s.snapshot();
                if (bytes == null) {
                  throw new IllegalStateException(
                      "service " + e.getKey() + " returned a null snapshot");
                }
                out.put(e.getKey(), bytes);
              }
            });
    return out;
  }

  /**
   * Decodes the wire form of a node's snapshots: service name to standard base64.
   *
   * @throws IllegalArgumentException naming the service whose bytes are not base64
   */
  public static Map<String, byte[]> decode(Map<String, String> base64) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (base64 == null) {
      return out;
    }
    base64.forEach(
        (service, text) -> {
          try {
            out.put(service, Base64.getDecoder().decode(text == null ? "" : text));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "bad snapshot of service " + service + ": not base64 (" + e.getMessage() + ")", e);
          }
        });
    return out;
  }
}
