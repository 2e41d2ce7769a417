package org.p2psim.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.ServiceContext;
import org.p2psim.api.spi.ServiceFactory;

/**
 * A small service for the testkit's own tests: each side says "hello" once to each new peer and
 * keeps what it heard; it writes a file in its data directory on start, and its stop can be made to
 * throw.
 */
final class HelloFactory implements ServiceFactory {
  /** Every service's stop, by node name, in order: what the extension's clean-up did. */
  static final List<String> STOPPED = new ArrayList<>();

  @Override
  public String name() {
    return "hello";
  }

  @Override
  public Service create(ServiceContext ctx) {
    return new HelloService(ctx);
  }

  static final class HelloService implements Service {
    final List<String> heard = new ArrayList<>();
    private final ServiceContext ctx;
    private final Protocol protocol;

    HelloService(ServiceContext ctx) {
      this.ctx = ctx;
      this.protocol =
          Protocol.of(
              "hello",
              1,
              1,
              peer -> {
                peer.send(0, ctx.config().name().getBytes(StandardCharsets.UTF_8));
                return new PeerHandler() {
                  @Override
                  public void onMessage(int code, byte[] payload) {
                    heard.add(new String(payload, StandardCharsets.UTF_8));
                  }
                };
              });
    }

    @Override
    public List<Protocol> protocols() {
      return List.of(protocol);
    }

    @Override
    public void start() {
      try {
        java.nio.file.Files.writeString(ctx.dataDir().resolve("started"), "yes");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void stop() {
      STOPPED.add(ctx.config().name());
      if (ctx.config().property("fail-stop").isPresent()) {
        throw new IllegalStateException("stop failed on " + ctx.config().name());
      }
    }
  }
}
