package org.p2psim.api.spi;

import static java.util.Objects.requireNonNull;

/**
 * An RPC API a service serves: each public method of {@code implementation} becomes the JSON-RPC
 * method {@code <namespace>_<methodName>}. Parameters are positional and mapped from JSON by type;
 * a method may return a plain value or a {@link java.util.concurrent.CompletionStage}.
 *
 * <p><b>Required and optional parameters.</b> Every parameter is required and never {@code null}: a
 * call that leaves one out is answered -32602 {@code missing value for required argument N}, and an
 * explicit JSON {@code null} for it -32602 {@code invalid argument N: expected <kind>, got null} (N
 * counts from 0), without calling the method. A parameter declared {@link java.util.Optional
 * Optional&lt;T&gt;} may be left out or be {@code null}; it then arrives as {@code
 * Optional.empty()}. Since parameters are positional, only trailing ones can be left out, as with
 * go-ethereum's trailing pointer arguments: in {@code peers(String kind, Optional<Integer> max)},
 * {@code ["x"]} is a call with {@code max} empty, and {@code []} is refused for {@code kind}.
 *
 * <p><b>Threads.</b> In a node, every method runs on the node's event-loop context, the one its
 * protocol handlers, {@link NodeScheduler} timers and other services' methods run on, one thing at
 * a time: a method needs no locks for the service's state, and must not block (it would stall the
 * node's peers too). Slow work goes elsewhere and comes back as a {@code CompletionStage}; the
 * answer is sent when it completes, on whatever thread completes it. A subscription's {@link
 * RpcSubscriber#onClose} handlers run on the same context.
 *
 * @param namespace the method prefix, e.g. {@code pingpong}
 * @param implementation the object whose public methods are served
 */
public record RpcApi(String namespace, Object implementation) {

  /** Validates the namespace: lower-case letters and digits, starting with a letter. */
  public RpcApi {
    requireNonNull(namespace, "namespace");
    requireNonNull(implementation, "implementation");
    if (!namespace.matches("[a-z][a-z0-9]*")) {
      throw new IllegalArgumentException(
          "bad RPC namespace \"" + namespace + "\": expected lower-case letters and digits");
    }
  }
}
