package org.p2psim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code p2psim rlpx listen} in one process and {@code p2psim rlpx ping} in another. */
class RlpxCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (Process p : started) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  private Process p2psim(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    started.add(p);
    return p;
  }

  /** Reads a process's stdout lines into a queue, on a daemon thread. */
  private static BlockingQueue<String> lines(Process p) {
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  q.add(line);
                }
              } catch (IOException e) {
                // process ended
              }
            });
    t.setDaemon(true);
    t.start();
    return q;
  }

  private static JsonNode next(BlockingQueue<String> q) throws Exception {
    String line = q.poll(30, TimeUnit.SECONDS);
    assertTrue(line != null, "no line within 30 s");
    return JSON.readTree(line);
  }

  @Test
  void pingReachesAListenerInAnotherProcess() throws Exception {
    Process listener = p2psim("rlpx", "listen", "--cap", "eth/68", "--cap", "snap/1");
    BlockingQueue<String> events = lines(listener);
    String enode = next(events).get("enode").asText();
    assertTrue(enode.startsWith("enode://") && enode.contains("@127.0.0.1:"), enode);

    Process ping = p2psim("rlpx", "ping", enode, "--cap", "eth/68");
    BlockingQueue<String> out = lines(ping);
    assertTrue(ping.waitFor(30, TimeUnit.SECONDS), "ping did not exit");
    String err = new String(ping.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, ping.exitValue(), err);
    JsonNode hello = next(out);
    assertEquals(5, hello.get("p2pVersion").asInt());
    assertTrue(hello.get("clientId").asText().startsWith("p2psim/"), hello.toString());
    assertEquals("[\"eth/68\",\"snap/1\"]", hello.get("caps").toString());
    assertEquals(enode.substring(8, 8 + 128), hello.get("id").asText());

    JsonNode add = next(events);
    assertEquals("add", add.get("type").asText());
    assertEquals("[\"eth/68\"]", add.get("hello").get("caps").toString());
    JsonNode drop = next(events);
    assertEquals("drop", drop.get("type").asText());
    assertEquals("client quitting", drop.get("error").asText());
  }

  @Test
  void pingFailsWithAClearErrorAndExitCodeOne() throws Exception {
    Process ping = p2psim("rlpx", "ping", "enode://1234@127.0.0.1:30303");
    assertTrue(ping.waitFor(30, TimeUnit.SECONDS), "ping did not exit");
    String err = new String(ping.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, ping.exitValue());
    assertEquals(
        "p2psim: bad enode URL \"enode://1234@127.0.0.1:30303\": invalid public key (wrong length,"
            + " want 128 hex chars); expected enode://<128 hex chars>@<host>:<port>[?discport=<port>]",
        err.strip());
  }

  /** Runs the command to its end; its exit status and its stderr. */
  private String failure(int status, String... args) throws Exception {
    Process p = p2psim(args);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not exit");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(status, p.exitValue(), err);
    return err;
  }

  @Test
  void aTimeoutBelowOneSecondIsRefused() throws Exception {
    assertEquals(
        "p2psim: bad --timeout 0: expected 1 or more seconds",
        failure(
            2, "rlpx", "ping", "enode://" + "ab".repeat(64) + "@127.0.0.1:1", "--timeout", "0"));
  }

  @Test
  void listeningWhereItCannotSaysSoPlainly() throws Exception {
    // 192.0.2.1 (TEST-NET-1) is no address of this machine.
    String err = failure(1, "rlpx", "listen", "--host", "192.0.2.1");
    assertTrue(err.startsWith("p2psim: cannot listen on 192.0.2.1:"), err);
  }
}
