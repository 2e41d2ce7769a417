package org.p2psim.adapter.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarFile;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsignedJarsTest {
  @TempDir Path dir;

  private static Path bouncyCastle() throws Exception {
    return Path.of(ECPoint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static byte[] entry(Path jar, String name) throws Exception {
    try (JarFile f = new JarFile(jar.toFile(), false);
        InputStream in = f.getInputStream(f.getEntry(name))) {
      return in.readAllBytes();
    }
  }

  @Test
  void aSignedJarIsReplacedByAnUnsignedCopyWithTheSameClasses() throws Exception {
    Path signed = bouncyCastle();
    assertTrue(UnsignedJars.isSigned(signed), signed + " is BouncyCastle's signed bcprov");

    Path copy = UnsignedJars.unsigned(signed, dir);
    assertNotEquals(signed, copy);
    assertTrue(copy.startsWith(dir), copy.toString());
    assertFalse(UnsignedJars.isSigned(copy));
    String point = ECPoint.class.getName().replace('.', '/') + ".class";
    assertArrayEquals(entry(signed, point), entry(copy, point));
    try (JarFile f = new JarFile(copy.toFile(), true)) {
      assertTrue(f.getManifest().getEntries().isEmpty(), "no per-entry digests are left");
    }
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {copy.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> c = loader.loadClass("org.bouncycastle.math.ec.custom.sec.SecP256K1Curve");
      assertEquals(null, c.getProtectionDomain().getCodeSource().getCodeSigners());
      c.getConstructor().newInstance();
    }
  }

  @Test
  void aCopyIsMadeOnceAndKeptUntilTheOriginalChanges() throws Exception {
    Path signed = dir.resolve("signed.jar");
    Files.copy(bouncyCastle(), signed);
    Path copy = UnsignedJars.unsigned(signed, dir.resolve("unsigned"));
    FileTime made = Files.getLastModifiedTime(copy);
    Thread.sleep(20);
    assertEquals(copy, UnsignedJars.unsigned(signed, dir.resolve("unsigned")));
    assertEquals(made, Files.getLastModifiedTime(copy), "not written again");

    Files.setLastModifiedTime(signed, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    Path again = UnsignedJars.unsigned(signed, dir.resolve("unsigned"));
    assertNotEquals(copy, again, "a changed original gets a copy of its own");
  }

  @Test
  void unsignedJarsDirectoriesAndBrokenFilesStayAsTheyAre() throws Exception {
    Path plain = UnsignedJars.unsigned(bouncyCastle(), dir);
    assertEquals(plain, UnsignedJars.unsigned(plain, dir.resolve("other")));
    assertEquals(dir, UnsignedJars.unsigned(dir, dir.resolve("other")));
    Path broken = Files.writeString(dir.resolve("broken.jar"), "not a zip");
    assertEquals(broken, UnsignedJars.unsigned(broken, dir.resolve("other")));
    Path missing = dir.resolve("missing.jar");
    assertEquals(missing, UnsignedJars.unsigned(missing, dir.resolve("other")));

    String classpath =
        String.join(File.pathSeparator, bouncyCastle().toString(), broken.toString());
    String[] out = UnsignedJars.of(classpath, dir.resolve("cp")).split(File.pathSeparator);
    assertTrue(out[0].startsWith(dir.resolve("cp").toString()), out[0]);
    assertEquals(broken.toString(), out[1]);
  }
}
