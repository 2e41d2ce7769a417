package org.p2psim.it;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a main class through a class loader of its own, as {@code mvn exec:java} does: this JVM's
 * {@code java.class.path} holds only the launcher, not the program.
 */
public final class IsolatingLauncher {
  private IsolatingLauncher() {}

  /** {@code <the program's classpath> <main class> <its arguments>...}. */
  public static void main(String[] args) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String e : args[0].split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        urls.add(Path.of(e).toUri().toURL());
      }
    }
    try (URLClassLoader program =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(program);
      Method main = program.loadClass(args[1]).getMethod("main", String[].class);
      main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
  }
}
