package org.p2psim.adapter.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes child JVMs start fast with an application class-data-sharing archive: the ~3,500 classes a
 * node loads (Netty, Vert.x, Jackson, BouncyCastle) are mapped from the archive instead of parsed
 * and verified one by one.
 *
 * <p>The archive lives in a cache directory that adapters share, across JVMs and runs ({@code
 * $XDG_CACHE_HOME/p2psim/cds} or {@code ~/.cache/p2psim/cds} by default; see {@link #cacheDir}),
 * under a name derived from everything that would make it stale (the Java runtime, the classpath
 * with each entry's size and time, the JVM options), so a rebuild makes a new archive rather than
 * silently falling back to none, and a test suite whose every test has a new base directory makes
 * it once. It is written under a temporary name and renamed into place, so two JVMs making the same
 * archive at once each leave a whole one, and a child maps either. On JDK 19 and later the JVM
 * makes and reuses it by itself ({@code -XX:+AutoCreateSharedArchive}); on JDK 17–18 one training
 * run of a node lists the classes it loads ({@code -XX:DumpLoadedClassList}), and one more JVM run
 * dumps a static archive of them ({@code -Xshare:dump}); on JDK 24 and later a training run records
 * an ahead-of-time cache ({@code -XX:AOTMode=record}), assembled by one more JVM run ({@code
 * -XX:AOTMode=create}) and mapped with {@code -XX:AOTCache}.
 */
final class ClassDataSharing {
  private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);

  /** The system property that names the cache directory, for every adapter without its own. */
  static final String CACHE_PROPERTY = "p2psim.cds.cache";

  /** Training runs tried before the adapter gives up on an archive. */
  private static final int TRAINING_ATTEMPTS = 3;

  /** Whether this JVM has said that class directories turn sharing off. */
  private static final AtomicBoolean directoriesLogged = new AtomicBoolean();

  /** How the running JDK makes and maps the archive. */
  private enum Kind {
    /**
     * JDK 17–18: a training node lists its classes, and one more JVM run dumps a static archive of
     * them, JDK classes included. One archive in place of the JDK's own plus a dynamic one on top:
     * 1 MiB less resident per child, as the JDK's archive holds classes a node never loads.
     */
    STATIC_DUMP,
    /** JDK 19+: the JVM makes the archive on first use and keeps it up to date itself. */
    AUTO_CREATE,
    /**
     * JDK 24+: an ahead-of-time cache (classes loaded and linked, not only parsed), recorded by a
     * training node and then assembled by one more JVM run.
     */
    AOT_CACHE
  }

  private final boolean enabled;
  private final Kind kind;
  private final List<String> mapping;
  private final Path archive;

  private final ExecAdapter.Options options;
  private final String classpath;
  private CompletableFuture<Void> training;
  private int attempts;

  ClassDataSharing(Path cacheDir, ExecAdapter.Options options, String classpath) {
    // The archive must be made by the same JVM that maps it: only for the parent's own java.
    boolean sameJava = options.runsParentJava();
    // The JVM archives classes from JARs only: with a class directory there is nothing to gain.
    boolean jars = jarsOnly(classpath);
    this.enabled = options.classDataSharing() && sameJava && jars;
    if (options.classDataSharing() && !enabled) {
      if (!sameJava) {
        log.info("class-data sharing off: the children run another java than this JVM's");
      } else if (directoriesLogged.compareAndSet(false, true)) {
        // Said once a JVM: under mvn test every adapter has class directories.
        log.info(
            "class-data sharing off: the children's classpath has class directories (as under"
                + " mvn test), and only JARs can be archived; a cold node start takes about 0.7 s"
                + " instead of 0.45 s, and each child keeps about 25 MiB more memory of its own"
                + " (see adapter-exec/README.md)");
      }
    }
    int feature = Runtime.version().feature();
    // The AOT cache cannot be combined with an -Xshare option; a user who gives one gets CDS.
    boolean xshare = options.jvmOptions().stream().anyMatch(o -> o.startsWith("-Xshare"));
    this.kind =
        feature >= 24 && !xshare
            ? Kind.AOT_CACHE
            : feature >= 19 ? Kind.AUTO_CREATE : Kind.STATIC_DUMP;
    this.mapping = fixedAddressFlags();
    this.options = options;
    this.classpath = classpath;
    this.archive =
        cacheDir.resolve(
            "node-" + key(options, classpath) + (kind == Kind.AOT_CACHE ? ".aot" : ".jsa"));
  }

  /**
   * The cache directory: the builder's, else the {@value #CACHE_PROPERTY} system property's, else
   * {@code $XDG_CACHE_HOME/p2psim/cds}, else {@code ~/.cache/p2psim/cds}.
   */
  static Path cacheDir(Path configured) {
    if (configured != null) {
      return configured.toAbsolutePath();
    }
    String property = System.getProperty(CACHE_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("p2psim").resolve("cds");
  }

  /** The JVM flags that use the archive, or none when there is none (yet). */
  List<String> flags() {
    if (!enabled) {
      return List.of();
    }
    if (kind == Kind.AUTO_CREATE) {
      return concat(
          mapping, List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive));
    }
    if (!Files.isRegularFile(archive)) {
      return List.of();
    }
    return concat(
        mapping,
        List.of(
            kind == Kind.AOT_CACHE
                ? "-XX:AOTCache=" + archive
                : "-XX:SharedArchiveFile=" + archive));
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
   * Completes when the archive exists or cannot be made; the first caller on JDK 17–18 and 24+
   * starts the one training run, with {@code train} given the flags that record it.
   */
  synchronized CompletionStage<Void> ready(Function<List<String>, CompletionStage<?>> train) {
    if (!enabled || kind == Kind.AUTO_CREATE || Files.isRegularFile(archive)) {
      return CompletableFuture.completedFuture(null);
    }
    if (training == null) {
      training = new CompletableFuture<>();
      attempts++;
      // Unique to this run: another JVM may be making the same archive in the same directory.
      String suffix =
          ".tmp-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
      Path tmp = archive.resolveSibling(archive.getFileName() + suffix);
      Path config = archive.resolveSibling(archive.getFileName() + ".conf" + suffix);
      long t0 = System.nanoTime();
      try {
        Files.createDirectories(archive.getParent());
        List<String> record =
            kind == Kind.AOT_CACHE
                ? List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + config)
                : List.of("-XX:DumpLoadedClassList=" + config);
        train
            .apply(concat(mapping, record))
            .whenComplete(
                (v, err) -> {
                  // Assembling the archive takes a JVM run of a few seconds: not on this thread.
                  Thread t = new Thread(() -> finish(err, tmp, config, t0), "p2psim-cds-archive");
                  t.setDaemon(true);
                  t.start();
                });
      } catch (IOException | RuntimeException e) {
        log.warn("no class-data-sharing archive: {}", e.toString());
        training.complete(null);
      }
    }
    return training;
  }

  /**
   * Ends a training run. One that made no archive (its node's service failed, say) lets the next
   * start try again with its own node, a few times.
   */
  private synchronized void trainingDone(boolean made) {
    CompletableFuture<Void> t = training;
    if (!made && attempts < TRAINING_ATTEMPTS) {
      training = null;
    }
    t.complete(null);
  }

  private void finish(Throwable trainingError, Path tmp, Path config, long t0) {
    boolean made = false;
    try {
      if (trainingError == null && Files.isRegularFile(config)) {
        assemble(config, tmp);
      }
      if (trainingError == null && Files.isRegularFile(tmp)) {
        Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
        made = true;
        log.info(
            "class-data-sharing archive made in {} ms: {}",
            (System.nanoTime() - t0) / 1_000_000,
            archive);
      } else {
        log.warn(
            "no class-data-sharing archive yet; nodes start slower: {}",
            trainingError == null ? "the training node wrote none" : trainingError.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      log.warn("cannot make the class-data-sharing archive {}: {}", archive, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Files.deleteIfExists(tmp);
        Files.deleteIfExists(config);
      } catch (IOException e) {
        // a temporary file left behind in the cache
      }
      trainingDone(made);
    }
  }

  /**
   * Turns what the training node recorded (its class list, or its AOT configuration) into the
   * archive, with the children's own options.
   */
  private void assemble(Path config, Path archive) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(options.javaExecutable().toString());
    // A user's -Xshare:on or :auto would contradict the dump.
    options.jvmOptions().stream().filter(o -> !o.startsWith("-Xshare")).forEach(cmd::add);
    cmd.addAll(mapping);
    if (kind == Kind.AOT_CACHE) {
      cmd.add("-XX:AOTMode=create");
      cmd.add("-XX:AOTConfiguration=" + config);
      cmd.add("-XX:AOTCache=" + archive);
    } else {
      cmd.add("-Xshare:dump");
      cmd.add("-XX:SharedClassListFile=" + config);
      cmd.add("-XX:SharedArchiveFile=" + archive);
    }
    cmd.add("-cp");
    cmd.add(classpath);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("the JVM assembling the archive took over 120 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException("the JVM assembling the archive exited with " + p.exitValue());
    }
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
      try {
        // Only JARs get here (a directory turns sharing off): size and time stand for a build.
        k.append(CacheKeys.stamp(Path.of(entry)));
      } catch (IOException e) {
        k.append(entry).append(" ?");
      }
      k.append('\n');
    }
    return CacheKeys.hash(k.toString());
  }
}
