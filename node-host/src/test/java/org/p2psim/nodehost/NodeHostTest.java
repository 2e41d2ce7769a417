package org.p2psim.nodehost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The node host's answers to input it refuses, in this JVM: each of these fails before a node
 * starts, so {@link NodeHost#run} returns.
 */
class NodeHostTest {
  private static final String PEER =
      "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd";

  @TempDir Path dir;

  @Test
  void theSampleInputASpareReadsAheadIsAValidInputWithEveryPart() throws Exception {
    NodeHostInput in = HostProtocol.readSampleInput();
    assertEquals("sample", in.node().name());
    assertEquals(List.of("pingpong"), in.node().services());
    assertTrue(in.node().enableMsgEvents());
    assertEquals("/sample", in.dataDir());
    assertEquals("AA==", in.snapshots().get("pingpong"));
    assertTrue(in.peerAddrs().isEmpty());
    assertEquals("127.0.0.1", in.stack().host());
    assertEquals(0, in.stack().rpcPort());
  }

  /** Runs a node host on {@code in}; its status and its stdout. */
  private record Outcome(int status, String stdout) {}

  private static Outcome run(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Integer> status = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                status.complete(
                    NodeHost.run(in, new PrintStream(out, true, StandardCharsets.UTF_8)));
              } catch (RuntimeException | Error e) {
                status.completeExceptionally(e);
              }
            },
            "node-host-under-test");
    t.setDaemon(true);
    t.start();
    int s = status.get(10, TimeUnit.SECONDS);
    return new Outcome(s, out.toString(StandardCharsets.UTF_8));
  }

  private static Outcome run(String input) throws Exception {
    return run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aTopLevelNullIsAnsweredAtOnceWhileStdinStaysOpen() throws Exception {
    PipedOutputStream stdin = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(stdin);
    stdin.write("null".getBytes(StandardCharsets.US_ASCII));
    stdin.flush();
    try {
      assertEquals(
          new Outcome(
              2, "{\"error\":\"bad node-host input: input: expected an object, got null\"}\n"),
          run(in));
    } finally {
      stdin.close();
    }
  }

  @Test
  void aNullPeerAddressIsBadInputNamingItsField() throws Exception {
    String id = "cd".repeat(32);
    assertEquals(
        new Outcome(
            2,
            "{\"error\":\"bad node-host input: input.peer_addrs."
                + id
                + ": expected a string, got null\"}\n"),
        run(
            "{\"node\":{\"services\":[\"nope\"]},\"data_dir\":"
                + quote(dir)
                + ",\"peer_addrs\":{\""
                + id
                + "\":null}}"));
  }

  @Test
  void aDuplicatedNodeIsBadInput() throws Exception {
    assertEquals(
        new Outcome(
            2, "{\"error\":\"bad node-host input: input: duplicate field \\\"node\\\"\"}\n"),
        run(
            "{\"node\":{\"services\":[\"nope\"]},\"data_dir\":"
                + quote(dir)
                + ",\"node\":{\"services\":[\"nope2\"]}}"));
  }

  @Test
  void aLogFileThatCannotBeOpenedIsBlamedOnTheLogFile() throws Exception {
    Path log = dir.resolve("no-such-dir").resolve("node.log");
    assertEquals(
        new Outcome(
            1, "{\"error\":\"cannot use logfile " + log + ": no such file or directory\"}\n"),
        run(
            "{\"node\":{\"services\":[\"nope\"],\"logfile\":"
                + quote(log)
                + "},\"data_dir\":"
                + quote(dir)
                + "}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"peer_addrs\":{\"zz\":\"ws://127.0.0.1:1\"}"
            + "|input: peer_addrs: bad node id \\\"zz\\\": expected 64 hex characters, got 2",
        "\"peer_addrs\":{\""
            + PEER
            + "\":\"garbage\"}"
            + "|input: peer_addrs."
            + PEER
            + ": expected a ws:// URL with a host, got garbage",
        "\"snapshots\":{\"pingpong\":\"!!\"}"
            + "|input: snapshots.pingpong: not base64: Illegal base64 character 21",
        "\"stack\":{\"rpc_port\":70000}"
            + "|input.stack: bad rpc_port 70000: expected -1 (none), 0 (any free one) to 65535",
      })
  void inputThatCannotWorkIsBadInputNamingItsField(String field, String why) throws Exception {
    assertEquals(
        new Outcome(2, "{\"error\":\"bad node-host input: " + why + "\"}\n"),
        run(
            "{\"node\":{\"services\":[\"pingpong\"]},\"data_dir\":"
                + quote(dir)
                + ","
                + field
                + "}"));
  }

  @Test
  void anIdWithoutItsKeyIsBadInput() throws Exception {
    Outcome o = run("{\"node\":{\"id\":\"" + PEER + "\",\"services\":[\"pingpong\"]}}");
    assertEquals(2, o.status());
    assertTrue(o.stdout().contains("has an id but no private_key"), o.stdout());
  }

  private static String quote(Path p) {
    return "\"" + p.toString().replace("\\", "\\\\") + "\"";
  }
}
