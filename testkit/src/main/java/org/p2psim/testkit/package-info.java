/**
 * What a service author tests a service with, on the api alone and without sockets or threads.
 *
 * <p>{@link org.p2psim.testkit.FakeLoop} is one event loop and clock that the test drives; {@link
 * org.p2psim.testkit.FakeNetwork} runs services' protocols between {@link
 * org.p2psim.testkit.FakeNode}s on it, and {@link org.p2psim.testkit.FakeNetworkExtension} gives a
 * JUnit 5 test a fresh one and stops its nodes afterwards. {@link org.p2psim.testkit.RecordingPeer}
 * drives one handler by hand, {@link org.p2psim.testkit.FakeSubscriber} stands for an RPC
 * subscription, and {@link org.p2psim.testkit.Await} waits, with a bound, for what happens on real
 * threads or processes.
 */
package org.p2psim.testkit;
