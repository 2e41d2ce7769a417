package org.p2psim.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs small test classes through the JUnit engine and checks what the extension did. */
class FakeNetworkExtensionTest {

  /** Not run by Surefire (a nested class); run here through the engine. */
  @ExtendWith(FakeNetworkExtension.class)
  static class Sample {
    static FakeNetwork seenInBeforeEach;
    static Path dataDir;

    @BeforeEach
    void setUp(FakeNetwork net) {
      seenInBeforeEach = net;
    }

    @Test
    void twoNodesTalk(FakeNetwork net, FakeLoop loop) throws Exception {
      assertSame(seenInBeforeEach, net);
      assertSame(loop, net.loop());
      FakeNode a = net.start(new HelloFactory(), FakeNode.config(1, "hello"));
      FakeNode b = net.start(new HelloFactory(), FakeNode.config(2, "hello"));
      net.connect(a, b);
      loop.runPending();
      HelloFactory.HelloService atB = (HelloFactory.HelloService) b.service();
      assertEquals(List.of("node01"), atB.heard);
      dataDir = a.dataDir();
      assertTrue(Files.exists(dataDir.resolve("started")));
    }

    @Test
    void aServiceWhoseStopThrowsFailsTheTest(FakeNetwork net) {
      net.start(new HelloFactory(), FakeNode.config(3, "hello", "fail-stop=yes"));
    }
  }

  @BeforeEach
  void clear() {
    HelloFactory.STOPPED.clear();
    Sample.dataDir = null;
  }

  @Test
  void everyNodeIsStoppedAndItsDataDeletedAfterTheTest() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(
            selectMethod(
                Sample.class,
                "twoNodesTalk",
                FakeNetwork.class.getName() + "," + FakeLoop.class.getName()))
        .execute()
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("twoNodesTalk"), finishedSuccessfully()));
    assertEquals(List.of("node02", "node01"), HelloFactory.STOPPED);
    assertFalse(Files.exists(Sample.dataDir), Sample.dataDir + " outlived the test");
  }

  @Test
  void aServiceWhoseStopThrowsFailsItsTest() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(
            selectMethod(
                Sample.class, "aServiceWhoseStopThrowsFailsTheTest", FakeNetwork.class.getName()))
        .execute()
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("aServiceWhoseStopThrowsFailsTheTest"),
                finishedWithFailure(
                    instanceOf(IllegalStateException.class), message("stop failed on node03"))));
    assertEquals(List.of("node03"), HelloFactory.STOPPED);
  }
}
