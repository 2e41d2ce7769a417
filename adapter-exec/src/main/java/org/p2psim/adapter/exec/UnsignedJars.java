package org.p2psim.adapter.exec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies of the signed JARs of the children's classpath, without their signatures. A JVM checks a
 * signed JAR's signature and every entry's digest as it loads classes from it, and class-data
 * sharing skips its classes: BouncyCastle's signed {@code bcprov} cost each child about 0.2 s of
 * CPU (0.37 s against 0.12 s for a JVM that sets up the curve, measured here). The children only
 * run the classes, never check who signed them, so a copy without the signature serves.
 *
 * <p>Copies are made once, in a cache directory, named by the original's path, size and time; a JAR
 * that cannot be copied stays as it is. Whether a JAR is signed is found once per JVM and build of
 * the JAR: every adapter asks again for the same classpath, and the answer means opening each JAR.
 */
final class UnsignedJars {
  private static final Logger log = LoggerFactory.getLogger(UnsignedJars.class);
  private static final ConcurrentMap<String, Boolean> SIGNED = new ConcurrentHashMap<>();

  private UnsignedJars() {}

  /** {@code classpath} with each signed JAR replaced by an unsigned copy under {@code dir}. */
  static String of(String classpath, Path dir) {
    List<String> out = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      out.add(entry.isEmpty() ? entry : unsigned(Path.of(entry), dir).toString());
    }
    return String.join(File.pathSeparator, out);
  }

  /** An unsigned copy of {@code jar} if it is signed, else {@code jar} itself. */
  static Path unsigned(Path jar, Path dir) {
    if (!Files.isRegularFile(jar)) {
      return jar;
    }
    try {
      String stamp = CacheKeys.stamp(jar.toAbsolutePath());
      Boolean signed = SIGNED.get(stamp);
      if (signed == null) {
        signed = isSigned(jar);
        SIGNED.put(stamp, signed);
      }
      if (!signed) {
        return jar;
      }
      String name = jar.getFileName().toString();
      String base =
          name.toLowerCase(Locale.ROOT).endsWith(".jar")
              ? name.substring(0, name.length() - 4)
              : name;
      Path copy = dir.resolve(base + "-unsigned-" + CacheKeys.hash(stamp) + ".jar");
      if (!Files.isRegularFile(copy)) {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, base, ".tmp");
        try {
          writeUnsigned(jar, tmp);
          try {
            Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING);
          }
          log.info("children load {} from an unsigned copy, {}", name, copy);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      return copy;
    } catch (IOException | RuntimeException e) {
      log.warn("children load the signed {} as it is: no unsigned copy ({})", jar, e.toString());
      return jar;
    }
  }

  /** Whether the JAR carries a signature: a {@code META-INF/*.SF} file. */
  static boolean isSigned(Path jar) throws IOException {
    try (JarFile f = new JarFile(jar.toFile(), false)) {
      for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
        if (isSignatureFile(e.nextElement().getName())) {
          return true;
        }
      }
      return false;
    }
  }

  private static boolean isSignatureFile(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    if (!n.startsWith("META-INF/") || n.indexOf('/', "META-INF/".length()) >= 0) {
      return false;
    }
    return n.endsWith(".SF")
        || n.endsWith(".RSA")
        || n.endsWith(".DSA")
        || n.endsWith(".EC")
        || n.startsWith("META-INF/SIG-");
  }

  /** Writes the manifest without its entry digests, then every entry but the signature files. */
  private static void writeUnsigned(Path jar, Path to) throws IOException {
    try (JarFile in = new JarFile(jar.toFile(), false);
        OutputStream file = Files.newOutputStream(to);
        JarOutputStream out = new JarOutputStream(file)) {
      Manifest manifest = in.getManifest();
      if (manifest != null) {
        // Only the main attributes: the per-entry sections hold the digests the signature covers.
        Manifest main = new Manifest();
        main.getMainAttributes().putAll(manifest.getMainAttributes());
        main.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
        out.putNextEntry(new ZipEntry(JarFile.MANIFEST_NAME));
        main.write(out);
        out.closeEntry();
      }
      for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        String name = entry.getName();
        if (isSignatureFile(name) || name.equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
          continue;
        }
        ZipEntry copy = new ZipEntry(name);
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        try (InputStream body = in.getInputStream(entry)) {
          body.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }
}
