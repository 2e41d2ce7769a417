package org.p2psim.adapter.exec;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes child JVMs start fast with an application class-data-sharing archive: the ~3,500 classes a
 * node loads (Netty, Vert.x, Jackson, BouncyCastle) are mapped from the archive instead of parsed
 * and verified one by one.
 *
 * <p>The archive lives in {@code <baseDir>/.cds/} under a name derived from everything that would
 * make it stale (the Java runtime, the classpath with each entry's size and time, the JVM options),
 * so a rebuild makes a new archive rather than silently falling back to none. On JDK 19 and later
 * the JVM makes and reuses it by itself ({@code -XX:+AutoCreateSharedArchive}); on JDK 17 one
 * training run of a node dumps it at exit ({@code -XX:ArchiveClassesAtExit}).
 */
final class ClassDataSharing {
  private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);

  private final boolean enabled;
  private final boolean autoCreate;
  private final List<String> mapping;
  private final Path archive;
  private CompletableFuture<Void> training;

  ClassDataSharing(Path baseDir, ExecAdapter.Options options, String classpath) {
    Path parentJava = Path.of(System.getProperty("java.home"), "bin", "java");
    // The archive must be made by the same JVM that maps it: only for the parent's own java.
    this.enabled =
        options.classDataSharing()
            && parentJava
                .toAbsolutePath()
                .normalize()
                .equals(options.javaExecutable().toAbsolutePath().normalize());
    this.autoCreate = Runtime.version().feature() >= 19;
    this.mapping = fixedAddressFlags();
    this.archive = baseDir.resolve(".cds").resolve("node-" + key(options, classpath) + ".jsa");
  }

  /** The JVM flags that use the archive, or none when there is none (yet). */
  List<String> flags() {
    if (!enabled) {
      return List.of();
    }
    if (autoCreate) {
      return concat(
          mapping, List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive));
    }
    return Files.isRegularFile(archive)
        ? concat(mapping, List.of("-XX:SharedArchiveFile=" + archive))
        : List.of();
  }

  /**
   * Maps the archives at the address they were made for. JDK builds that default to mapping them
   * elsewhere (address-space randomisation of the archive) must then rewrite every pointer in them
   * at each start: measured here, that made a child 30% slower to start, and its archive pages
   * private instead of shared with the other children.
   */
  private static List<String> fixedAddressFlags() {
    // A diagnostic flag: the management API does not list it, and an unknown flag stops a JVM, so
    // only the releases known to have it get it.
    int feature = Runtime.version().feature();
    return feature >= 14 && feature <= 25
        ? List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0")
        : List.of();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }

  /** The archive file (it may not exist yet). */
  Path archive() {
    return archive;
  }

  /**
   * Completes when the archive exists or cannot be made; the first caller on JDK 17 starts the one
   * training run, with {@code train} given the flags that dump the archive.
   */
  synchronized CompletionStage<Void> ready(Function<List<String>, CompletionStage<?>> train) {
    if (!enabled || autoCreate || Files.isRegularFile(archive)) {
      return CompletableFuture.completedFuture(null);
    }
    if (training == null) {
      training = new CompletableFuture<>();
      Path tmp =
          archive.resolveSibling(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid());
      long t0 = System.nanoTime();
      try {
        Files.createDirectories(archive.getParent());
        train
            .apply(concat(mapping, List.of("-XX:ArchiveClassesAtExit=" + tmp)))
            .whenComplete(
                (v, err) -> {
                  try {
                    if (err == null && Files.isRegularFile(tmp)) {
                      Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
                      log.info(
                          "class-data-sharing archive made in {} ms: {}",
                          (System.nanoTime() - t0) / 1_000_000,
                          archive);
                    } else {
                      log.warn(
                          "no class-data-sharing archive; nodes start slower: {}",
                          err == null ? "the training node wrote none" : err.getMessage());
                    }
                  } catch (IOException e) {
                    log.warn(
                        "cannot keep the class-data-sharing archive {}: {}", archive, e.toString());
                  } finally {
                    try {
                      Files.deleteIfExists(tmp);
                    } catch (IOException e) {
                      // left behind in the adapter's own directory
                    }
                    training.complete(null);
                  }
                });
      } catch (IOException | RuntimeException e) {
        log.warn("no class-data-sharing archive: {}", e.toString());
        training.complete(null);
      }
    }
    return training;
  }

  private static boolean jarsOnly(String classpath) {
    for (String entry : classpath.split(File.pathSeparator)) {
      if (Files.isDirectory(Path.of(entry))) {
        return false;
      }
    }
    return true;
  }

  private static String key(ExecAdapter.Options options, String classpath) {
    StringBuilder k = new StringBuilder();
    k.append(System.getProperty("java.home")).append('\n');
    k.append(Runtime.version()).append('\n');
    k.append(String.join(" ", options.jvmOptions())).append('\n');
    for (String entry : classpath.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      k.append(entry);
      try {
        // Only JARs get here (a directory turns sharing off): size and time stand for a build.
        k.append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p));
      } catch (IOException e) {
        k.append(" ?");
      }
      k.append('\n');
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(k.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
