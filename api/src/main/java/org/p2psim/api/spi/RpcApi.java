package org.p2psim.api.spi;

import static java.util.Objects.requireNonNull;

/**
 * An RPC API a service serves: each public method of {@code implementation} becomes the JSON-RPC
 * method {@code <namespace>_<methodName>}. Parameters are positional and mapped from JSON by type;
 * a method may return a plain value or a {@link java.util.concurrent.CompletionStage}.
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
