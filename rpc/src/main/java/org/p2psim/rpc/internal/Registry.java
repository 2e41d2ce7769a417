package org.p2psim.rpc.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.p2psim.api.spi.RpcApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The served namespaces and their methods. Registration is rare and synchronised; lookups read
 * immutable maps without locks.
 */
final class Registry {
  private static final Logger log = LoggerFactory.getLogger(Registry.class);

  /** The namespace of the built-in {@code rpc_modules}. */
  static final String RPC = "rpc";

  /** Each class's served methods, sorted by name: worked out once a class, not once an object. */
  private static final ClassValue<List<MethodHandler.Shape>> SERVED =
      new ClassValue<>() {
        @Override
        protected List<MethodHandler.Shape> computeValue(Class<?> type) {
          Method[] all = type.getMethods();
          Arrays.sort(all, Comparator.comparing(Method::getName));
          List<MethodHandler.Shape> out = new ArrayList<>();
          for (Method m : all) {
            if (served(m)) {
              out.add(new MethodHandler.Shape(m));
            }
          }
          return List.copyOf(out);
        }
      };

  private volatile Map<String, Object> namespaces = Map.of();
  private volatile Map<String, MethodHandler> methods = Map.of();
  private volatile Map<String, Map<String, MethodHandler>> subscriptions = Map.of();

  Registry() {
    register(new RpcApi(RPC, new Builtin(this)));
  }

  /** The method called {@code name} ({@code ns_method}), or null. */
  MethodHandler method(String name) {
    return methods.get(name);
  }

  /** The subscription method {@code event} of {@code namespace}, or null. */
  MethodHandler subscription(String namespace, String event) {
    Map<String, MethodHandler> m = subscriptions.get(namespace);
    return m == null ? null : m.get(event);
  }

  /**
   * Why there is no method {@code name}: go-ethereum's text, with a hint when it names a
   * subscription.
   */
  String notFound(String name) {
    String text = "the method " + name + " does not exist/is not available";
    int sep = name.indexOf('_');
    if (sep > 0 && subscription(name.substring(0, sep), name.substring(sep + 1)) != null) {
      text +=
          " (it is a subscription: call "
              + name.substring(0, sep)
              + "_subscribe(\""
              + name.substring(sep + 1)
              + "\", ...))";
    }
    return text;
  }

  boolean hasNamespace(String namespace) {
    return namespaces.containsKey(namespace);
  }

  Set<String> namespaces() {
    return Collections.unmodifiableSet(new TreeSet<>(namespaces.keySet()));
  }

  synchronized void register(RpcApi api) {
    String ns = api.namespace();
    Object impl = api.implementation();
    Object existing = namespaces.get(ns);
    if (existing != null) {
      throw new IllegalArgumentException(
          "RPC namespace \""
              + ns
              + "\" registered twice: by "
              + describe(existing)
              + " and by "
              + describe(impl));
    }
    Map<String, MethodHandler> found = new LinkedHashMap<>();
    Map<String, MethodHandler> subs = new TreeMap<>();
    for (MethodHandler.Shape shape : SERVED.get(impl.getClass())) {
      Method m = shape.method;
      if (!shape.accessible && !Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
        throw new IllegalArgumentException(
            "cannot serve "
                + impl.getClass().getName()
                + " as RPC namespace "
                + ns
                + ": its method "
                + m.getName()
                + " is not accessible; make the class public");
      }
      // Interned: every node of a JVM serving the same namespace shares the name.
      String name = (ns + "_" + m.getName()).intern();
      MethodHandler h = new MethodHandler(name, shape, impl);
      MethodHandler clash = found.get(name);
      if (clash == null) {
        clash = subs.get(m.getName());
      }
      if (clash != null) {
        throw new IllegalArgumentException(
            "RPC method "
                + name
                + " is overloaded in "
                + impl.getClass().getName()
                + ": "
                + clash.signature()
                + " and "
                + h.signature()
                + "; JSON-RPC finds methods by name alone, so give them different names");
      }
      if (m.getName().equals("subscribe") || m.getName().equals("unsubscribe")) {
        throw new IllegalArgumentException(
            "method "
                + h.signature()
                + " of "
                + impl.getClass().getName()
                + " clashes with the built-in "
                + name
                + "; rename it");
      }
      if (h.subscription) {
        subs.put(m.getName(), h);
      } else {
        found.put(name, h);
      }
    }
    if (found.isEmpty() && subs.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot serve "
              + impl.getClass().getName()
              + " as RPC namespace "
              + ns
              + ": it has no public methods");
    }
    Map<String, Object> n = new HashMap<>(namespaces);
    n.put(ns, impl);
    Map<String, MethodHandler> ms = new HashMap<>(methods);
    ms.putAll(found);
    Map<String, Map<String, MethodHandler>> ss = new HashMap<>(subscriptions);
    if (!subs.isEmpty()) {
      ss.put(ns, Map.copyOf(subs));
    }
    methods = Map.copyOf(ms);
    subscriptions = Map.copyOf(ss);
    namespaces = Map.copyOf(n);
    log.debug("RPC namespace {}: methods {}, subscriptions {}", ns, found.keySet(), subs.keySet());
  }

  /** Public instance methods other than Object's (and their overrides) and bridges. */
  private static boolean served(Method m) {
    if (Modifier.isStatic(m.getModifiers()) || m.isBridge() || m.isSynthetic()) {
      return false;
    }
    if (m.getDeclaringClass() == Object.class) {
      return false;
    }
    try {
      Object.class.getMethod(m.getName(), m.getParameterTypes());
      return false; // equals, hashCode, toString overridden
    } catch (NoSuchMethodException e) {
      return true;
    }
  }

  private static String describe(Object impl) {
    return impl instanceof Builtin ? "p2psim (built-in)" : impl.getClass().getName();
  }

  /** The {@code rpc} namespace. */
  public static final class Builtin {
    private final Registry registry;

    Builtin(Registry registry) {
      this.registry = registry;
    }

    /** {@code rpc_modules}: each namespace with version "1.0", as go-ethereum answers. */
    public Map<String, String> modules() {
      Map<String, String> m = new TreeMap<>();
      for (String ns : registry.namespaces.keySet()) {
        m.put(ns, "1.0");
      }
      return m;
    }
  }
}
