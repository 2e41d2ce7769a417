package org.p2psim.nodehost;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.p2psim.nodehost.internal.JsonRecordReader;

/**
 * The node host's side of its protocol with the parent: the one input document on stdin, and the
 * one line on stdout, {@code {"id":..,"enode":..,"ws":..}} when the node is up or {@code
 * {"error":..}} when it is not. Read and written without databind, which would cost the node some 6
 * MiB.
 */
final class HostProtocol {
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

  /**
   * An input with every field, in the shape the exec adapter writes, which a spare child reads once
   * so that the input's classes are loaded and its reflection is done before the real input
   * arrives.
   */
  static final String SAMPLE_INPUT =
      """
      {"node":{"id":null,"private_key":null,"name":"sample","services":["pingpong"],
      "properties":["interval=100"],"enable_msg_events":true,"port":0,"logfile":null,
      "log_verbosity":3},"data_dir":"/sample","snapshots":{"pingpong":"AA=="},
      "peer_addrs":{},"stack":{"host":"127.0.0.1","rpc_port":0}}""";

  private HostProtocol() {}

  static NodeHostInput readSampleInput() throws IOException {
    return readInput(new ByteArrayInputStream(SAMPLE_INPUT.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Reads the one input document, leaving {@code in} open and unread past it: what follows is
   * watched for end of file. A document that does not start with an object is refused from its
   * first character: the parser would wait for the next one to see where a bare {@code null} or
   * number ends, and a parent that keeps stdin open would get no answer.
   *
   * @return the input, or null when {@code in} is empty
   * @throws IllegalArgumentException naming the field that does not fit, and how
   * @throws IOException when the JSON itself is malformed
   */
  static NodeHostInput readInput(InputStream in) throws IOException {
    int first = firstSignificantByte(in);
    if (first < 0) {
      return null;
    }
    if (first != '{') {
      throw new IllegalArgumentException("input: expected an object, got " + kindFrom(first));
    }
    InputStream rest = new SequenceInputStream(new ByteArrayInputStream(new byte[] {'{'}), in);
    try (JsonParser parser = JSON.createParser(rest)) {
      return JsonRecordReader.read(parser, NodeHostInput.class);
    }
  }

  /** The first byte past white space and a UTF-8 byte order mark, or -1 at end of input. */
  private static int firstSignificantByte(InputStream in) throws IOException {
    int b = in.read();
    if (b == 0xef) { // a byte order mark, EF BB BF, which Jackson would skip
      if (in.read() != 0xbb || in.read() != 0xbf) {
        throw new IllegalArgumentException("input: not UTF-8 JSON: a stray byte 0xef first");
      }
      b = in.read();
    }
    while (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
      b = in.read();
    }
    return b;
  }

  /** What a JSON value starting with {@code b} is, in the input reader's words. */
  private static String kindFrom(int b) {
    return switch (b) {
      case 'n' -> "null";
      case 't', 'f' -> "a boolean";
      case '"' -> "a string";
      case '[' -> "an array";
      case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "a number";
      default -> b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("the byte 0x%02x", b);
    };
  }

  /**
   * The ready line: the node's id, enode URL and RPC WebSocket URL (null without an RPC socket).
   */
  static String readyLine(NodeStack stack) {
    Map<String, String> ready = new LinkedHashMap<>();
    ready.put("id", stack.id().hex());
    ready.put("enode", stack.enode().toString());
    ready.put("ws", stack.wsUrl());
    return jsonObject(ready);
  }

  /** Prints the error line. */
  static void printError(PrintStream out, String message) {
    out.println(jsonObject(Map.of("error", message)));
    out.flush();
  }

  /** The first line of an exception's message, or the exception when it has none. */
  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** A flat JSON object of strings and nulls. */
  private static String jsonObject(Map<String, String> fields) {
    StringBuilder b = new StringBuilder("{");
    JsonStringEncoder quote = JsonStringEncoder.getInstance();
    fields.forEach(
        (k, v) -> {
          b.append(b.length() > 1 ? ",\"" : "\"");
          quote.quoteAsString(k, b);
          if (v == null) {
            b.append("\":null");
          } else {
            b.append("\":\"");
            quote.quoteAsString(v, b);
            b.append('"');
          }
        });
    return b.append('}').toString();
  }
}
