package org.p2psim.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.p2psim.api.spi.RpcApi;
import org.p2psim.api.spi.RpcSubscriber;

/** What becomes a method, and the registrations that are refused. */
class RegistrationTest {
  @RegisterExtension final TestKit kit = new TestKit();

  /** An interface whose default method is served too. */
  public interface Greeter {
    String name();

    default String greet() {
      return "hello " + name();
    }
  }

  /** A superclass whose public methods are served. */
  public static class Base {
    public int base() {
      return 1;
    }
  }

  /** Served: own, inherited and default methods; not: statics, Object's and their overrides. */
  public static final class Api extends Base implements Greeter {
    @Override
    public String name() {
      return "api";
    }

    public static int helper() {
      return 0;
    }

    int hidden() {
      return 0;
    }

    @Override
    public String toString() {
      return "Api";
    }

    @Override
    public boolean equals(Object o) {
      return o == this;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  public static final class Overloaded {
    public int peers() {
      return 0;
    }

    public int peers(String filter) {
      return 0;
    }
  }

  public static final class SubscribeClash {
    public void subscribe(String what) {}
  }

  public static final class Empty {}

  /** A non-public class is served through reflection. */
  static final class Hidden {
    public String secret() {
      return "s";
    }

    public void events(RpcSubscriber s) {}
  }

  private RpcServer server() {
    return kit.closeLater(new RpcServer(Runnable::run));
  }

  @Test
  void publicMethodsOfTheClassItsSuperclassesAndInterfaces() {
    RpcServer s = server();
    s.register("a", new Api());
    RawConnection c = RawConnection.serving(s);
    for (String[] call :
        new String[][] {{"a_name", "\"api\""}, {"a_greet", "\"hello api\""}, {"a_base", "1"}}) {
      assertEquals(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + call[1] + "}",
          c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + call[0] + "\"}"));
    }
    for (String m :
        new String[] {
          "a_helper",
          "a_hidden",
          "a_toString",
          "a_equals",
          "a_hashCode",
          "a_getClass",
          "a_wait",
          "a_notify"
        }) {
      assertEquals(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"the method "
              + m
              + " does not exist/is not available\"}}",
          c.ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + m + "\"}"));
    }
  }

  @Test
  void nonPublicClassesAreServed() {
    RpcServer s = server().register("h", new Hidden());
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"s\"}",
        RawConnection.serving(s).ask("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"h_secret\"}"));
  }

  @Test
  void namespaces() {
    RpcServer s = server();
    s.register(new RpcApi("b", new Api())).register("a", new Hidden());
    assertEquals(Set.of("a", "b", "rpc"), s.namespaces());
    assertEquals("[a, b, rpc]", s.namespaces().toString());
  }

  @Test
  void duplicateNamespacesAreRefusedNamingBoth() {
    RpcServer s = server().register("a", new Api());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.register("a", new Hidden()));
    assertEquals(
        "RPC namespace \"a\" registered twice: by org.p2psim.rpc.RegistrationTest$Api and by"
            + " org.p2psim.rpc.RegistrationTest$Hidden",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.register("rpc", new Hidden()));
    assertEquals(
        "RPC namespace \"rpc\" registered twice: by p2psim (built-in) and by"
            + " org.p2psim.rpc.RegistrationTest$Hidden",
        e.getMessage());
  }

  @Test
  void overloadsAreRefusedNamingBothSignatures() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> server().register("o", new Overloaded()));
    assertEquals(
        "RPC method o_peers is overloaded in org.p2psim.rpc.RegistrationTest$Overloaded: peers()"
            + " and peers(java.lang.String); JSON-RPC finds methods by name alone, so give them"
            + " different names",
        e.getMessage());
  }

  @Test
  void otherRefusals() {
    RpcServer s = server();
    assertEquals(
        "method subscribe(java.lang.String) of org.p2psim.rpc.RegistrationTest$SubscribeClash"
            + " clashes with the built-in x_subscribe; rename it",
        assertThrows(IllegalArgumentException.class, () -> s.register("x", new SubscribeClash()))
            .getMessage());
    assertEquals(
        "cannot serve org.p2psim.rpc.RegistrationTest$Empty as RPC namespace e: it has no public"
            + " methods",
        assertThrows(IllegalArgumentException.class, () -> s.register("e", new Empty()))
            .getMessage());
    assertEquals(
        "bad RPC namespace \"Bad_ns\": expected lower-case letters and digits",
        assertThrows(IllegalArgumentException.class, () -> s.register("Bad_ns", new Api()))
            .getMessage());
    // A refused registration leaves nothing behind.
    assertEquals(Set.of("rpc"), s.namespaces());
  }

  @Test
  void builderLimitsAreChecked() {
    assertEquals(
        "sendQueueLimit must be at least 1, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> RpcServer.builder(Runnable::run).sendQueueLimit(0))
            .getMessage());
    assertEquals(
        "maxMessageSize must be at least 64 bytes, got 10",
        assertThrows(
                IllegalArgumentException.class,
                () -> RpcServer.builder(Runnable::run).maxMessageSize(10))
            .getMessage());
    RpcServer s =
        kit.closeLater(
            RpcServer.builder(Runnable::run).maxMessageSize(1000).sendQueueLimit(5).build());
    assertEquals(1000, s.maxMessageSize());
    assertEquals(5, s.sendQueueLimit());
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request:"
            + " message of 1016 bytes exceeds the limit of 1000 bytes\"}}",
        RawConnection.serving(s).ask("[" + "1".repeat(1014) + "]"));
  }
}
