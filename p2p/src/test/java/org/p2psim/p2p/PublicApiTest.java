package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What p2p's public API shows: no BouncyCastle and no Vert.x internal type; and Vert.x's internal
 * API is used through one seam (issue 11).
 */
class PublicApiTest {

  @Test
  void noPublicSignatureShowsABouncyCastleOrVertxInternalType() throws Exception {
    List<String> leaks = new ArrayList<>();
    List<Class<?>> api = publicApiClasses();
    assertTrue(api.size() > 10, "found only " + api);
    for (Class<?> c : api) {
      for (Field f : c.getFields()) {
        check(c.getSimpleName() + "." + f.getName(), f.getGenericType(), leaks);
      }
      for (Method m : c.getMethods()) {
        check(c.getSimpleName() + "." + m.getName() + "()", m.getGenericReturnType(), leaks);
        checkParameters(c.getSimpleName() + "." + m.getName(), m, leaks);
      }
      for (Constructor<?> k : c.getConstructors()) {
        checkParameters(c.getSimpleName() + ".<init>", k, leaks);
      }
      if (c.isRecord()) {
        for (var rc : c.getRecordComponents()) {
          check(c.getSimpleName() + "." + rc.getName(), rc.getGenericType(), leaks);
        }
      }
    }
    assertEquals(List.of(), leaks);
  }

  @Test
  void onlyTheSeamUsesVertxInternals() throws IOException {
    List<String> users = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(p);
        if (text.contains("io.vertx.core.internal") || text.contains("io.vertx.core.impl")) {
          users.add(p.getFileName().toString());
        }
      }
    }
    assertEquals(List.of("VertxInternals.java"), users);
  }

  private static void checkParameters(String where, Executable e, List<String> leaks) {
    for (Type t : e.getGenericParameterTypes()) {
      check(where + " parameter", t, leaks);
    }
  }

  private static void check(String where, Type type, List<String> leaks) {
    String name = type.getTypeName();
    if (name.contains("org.bouncycastle.")
        || name.contains("io.vertx.core.internal.")
        || name.contains("io.vertx.core.impl.")) {
      leaks.add(where + ": " + name);
    }
  }

  /** The public classes of org.p2psim.p2p and its sub-packages, {@code internal} left out. */
  private static List<Class<?>> publicApiClasses() throws IOException, URISyntaxException {
    Path root =
        Path.of(P2pServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root.resolve("org/p2psim/p2p"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = root.relativize(p).toString().replace('/', '.').replace(".class", "");
        if (name.contains(".internal.")) {
          continue;
        }
        try {
          Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
          if (Modifier.isPublic(c.getModifiers())) {
            out.add(c);
          }
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
      }
    }
    return out;
  }
}
