package org.p2psim.adapter.exec;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.p2psim.nodehost.NodeHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The children's classpath (the parent's own by default, or the builder's) and the class loader
 * through which the parent sees which services the children will find.
 */
final class ChildClasspath {
  private static final Logger log = LoggerFactory.getLogger(ChildClasspath.class);
  private static final String NODE_HOST = NodeHost.class.getName().replace('.', '/') + ".class";

  private ChildClasspath() {}

  /**
   * The children's classpath: the given one, or the parent's made absolute (or, when {@code
   * java.class.path} has no node host, the entries of the class loaders that loaded it, as under
   * {@code mvn exec:java}), then the extra entries.
   *
   * @throws IllegalArgumentException when it has no node host: no child could start
   */
  static String of(List<Path> base, List<Path> extra) {
    List<Path> entries = new ArrayList<>();
    if (base.isEmpty()) {
      for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
        if (!e.isEmpty()) {
          entries.add(Path.of(e).toAbsolutePath());
        }
      }
    } else {
      base.forEach(p -> entries.add(p.toAbsolutePath()));
    }
    if (base.isEmpty() && !hasNodeHost(entries)) {
      // A launcher that loads the program through a class loader of its own (mvn exec:java):
      // java.class.path is the launcher's, and the program's classpath is that loader's.
      List<Path> loader = loaderClasspath();
      if (hasNodeHost(loader)) {
        log.info(
            "java.class.path has no node host: the children's classpath is that of the class"
                + " loader that loaded it ({} entries)",
            loader.size());
        entries.clear();
        entries.addAll(loader);
      }
    }
    entries.addAll(extra);
    List<String> text = entries.stream().map(Path::toString).toList();
    String classpath = String.join(File.pathSeparator, text);
    if (!hasNodeHost(entries)) {
      throw new IllegalArgumentException(
          "the children's classpath has no "
              + NodeHost.class.getName()
              + ", so no node could start: give the children a classpath with p2psim-node-host and"
              + " its dependencies (and your services) through"
              + " ExecAdapter.Builder.classpath(...), e.g. the p2psim JAR; the classpath was: "
              + classpath);
    }
    return classpath;
  }

  /**
   * The file entries of the class loaders that loaded the node host, outermost first (the order in
   * which they delegate), or none when they are not {@link URLClassLoader}s.
   */
  private static List<Path> loaderClasspath() {
    List<List<Path>> levels = new ArrayList<>();
    for (ClassLoader cl = NodeHost.class.getClassLoader(); cl != null; cl = cl.getParent()) {
      if (cl instanceof URLClassLoader u) {
        List<Path> level = new ArrayList<>();
        for (URL url : u.getURLs()) {
          if ("file".equals(url.getProtocol())) {
            try {
              level.add(Path.of(url.toURI()).toAbsolutePath());
            } catch (URISyntaxException | RuntimeException e) {
              // not a path: the child could not use it either
            }
          }
        }
        levels.add(0, level);
      }
    }
    List<Path> out = new ArrayList<>();
    levels.forEach(out::addAll);
    return out;
  }

  /**
   * Whether an entry holds the node host. The entry this JVM loaded it from answers at once; other
   * entries are looked into.
   */
  private static boolean hasNodeHost(List<Path> entries) {
    Path own = ownLocation();
    if (own != null && entries.contains(own)) {
      return true;
    }
    for (Path entry : entries) {
      if (Files.isDirectory(entry)) {
        if (Files.isRegularFile(entry.resolve(NODE_HOST))) {
          return true;
        }
      } else if (Files.isRegularFile(entry)) {
        try (ZipFile jar = new ZipFile(entry.toFile())) {
          if (jar.getEntry(NODE_HOST) != null) {
            return true;
          }
        } catch (IOException e) {
          // not a JAR: the JVM ignores it too
        }
      }
    }
    return false;
  }

  private static Path ownLocation() {
    try {
      var source = NodeHost.class.getProtectionDomain().getCodeSource();
      return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The class loader that finds the services the children will find: with the builder's classpath,
   * that classpath's alone (with this JVM's SPI types); otherwise this JVM's, plus the extra
   * entries.
   */
  static ClassLoader serviceLoader(List<Path> base, List<Path> extra) {
    return base.isEmpty() ? withExtra(extra) : isolated(base, extra);
  }

  private static ClassLoader isolated(List<Path> base, List<Path> extra) {
    List<URL> urls = new ArrayList<>();
    base.forEach(p -> urls.add(url(p)));
    extra.forEach(p -> urls.add(url(p)));
    // Services come from the children's classpath only; the SPI types must be this JVM's own.
    ClassLoader api =
        new ClassLoader(ClassLoader.getPlatformClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            return name.startsWith("org.p2psim.api.")
                ? ChildClasspath.class.getClassLoader().loadClass(name)
                : super.loadClass(name, resolve);
          }
        };
    return new URLClassLoader(urls.toArray(URL[]::new), api);
  }

  private static ClassLoader withExtra(List<Path> extra) {
    ClassLoader parent = Thread.currentThread().getContextClassLoader();
    if (parent == null) {
      parent = ChildClasspath.class.getClassLoader();
    }
    if (extra.isEmpty()) {
      return parent;
    }
    return new URLClassLoader(extra.stream().map(ChildClasspath::url).toArray(URL[]::new), parent);
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("bad classpath entry " + p, e);
    }
  }
}
