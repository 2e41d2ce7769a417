package org.p2psim.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.ServiceContext;
import org.p2psim.api.spi.ServiceFactory;

/** The README's "Testing a service" example, kept here so that it always compiles and passes. */
@ExtendWith(FakeNetworkExtension.class)
class ReadmeExampleTest {

  /** The README's echo service. */
  public static final class EchoFactory implements ServiceFactory {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public Service create(ServiceContext ctx) {
      Protocol echo =
          Protocol.of("echo", 1, 1, peer -> (code, payload) -> peer.send(code, payload));
      return new Service() {
        @Override
        public List<Protocol> protocols() {
          return List.of(echo);
        }
      };
    }
  }

  // README: begin
  @Test
  void echoSendsBackWhatItGets(FakeNetwork net) {
    FakeNode alice = net.start(new EchoFactory(), FakeNode.config(1, "echo"));
    RecordingPeer bob = new RecordingPeer(FakeNode.id(2)); // a peer played by the test
    PeerHandler atAlice = alice.protocol("echo").connect(bob);

    atAlice.onMessage(0, Rlp.encodeString("hi"));

    assertArrayEquals(Rlp.encodeString("hi"), bob.sent().get(0).payload());
  }

  @Test
  void twoEchoNodesBounceAMessageUntilOneStops(FakeNetwork net, FakeLoop loop) {
    FakeNode alice = net.start(new EchoFactory(), FakeNode.config(1, "echo"));
    FakeNode bob = net.start(new EchoFactory(), FakeNode.config(2, "echo"));
    net.connect(alice, bob); // runs every protocol the two share, as devp2p does

    net.inject(alice, bob, "echo", 0, Rlp.encodeString("ball")); // as if alice had sent it
    for (int i = 0; i < 9; i++) {
      loop.runOne(); // one delivery at a time; runPending() would bounce forever
    }
    net.stop(bob); // its links drop with "client quitting"

    loop.runPending();
    assertEquals(9, net.deliveries().size());
  }
  // README: end
}
