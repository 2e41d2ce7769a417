package org.p2psim.rpc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ConcurrentModificationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.p2psim.api.RpcError;
import org.p2psim.api.RpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls served methods: maps the parameters, runs the method on the server's executor, awaits a
 * {@code CompletionStage} it returns, and turns what it returned or threw into the answer.
 */
final class Calls {
  private static final Logger log = LoggerFactory.getLogger(Calls.class);

  private final Executor executor;

  Calls(Executor executor) {
    this.executor = executor;
  }

  /** Calls {@code h} with {@code params}; its answer (null for a notification) goes to done. */
  void call(MethodHandler h, JsonNode params, String id, Consumer<String> done) {
    Object[] args;
    try {
      args = h.arguments(params, 0);
    } catch (MethodHandler.InvalidParamsException e) {
      done.accept(
          Responses.answer(
              id, Responses.error(id, RpcError.INVALID_PARAMS.code(), e.getMessage())));
      return;
    }
    run(
        h,
        id,
        done,
        () -> {
          Object result;
          try {
            result = h.invoke(args);
          } catch (Throwable t) {
            done.accept(failure(h, id, t));
            return;
          }
          complete(h, id, result, done);
        });
  }

  /** Runs {@code task} on the executor, or answers -32000 when it refuses work. */
  void run(MethodHandler h, String id, Consumer<String> done, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      done.accept(
          Responses.answer(
              id,
              Responses.error(
                  id,
                  RpcError.SERVER_ERROR.code(),
                  "cannot run " + h.name + ": the server is not accepting work (" + e + ")")));
    }
  }

  private void complete(MethodHandler h, String id, Object result, Consumer<String> done) {
    if (result instanceof CompletionStage<?> stage) {
      stage.whenComplete(
          (value, t) -> {
            if (t != null) {
              done.accept(failure(h, id, t));
            } else {
              complete(h, id, value, done);
            }
          });
      return;
    }
    done.accept(id == null ? null : Responses.resultOf(h.name, id, result));
  }

  /** The error answer for a method that threw {@code t} (or null for a notification). */
  static String failure(MethodHandler h, String id, Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RpcException r) {
      return Responses.answer(id, Responses.error(id, r.code(), String.valueOf(r.getMessage())));
    }
    if (unexpected(t)) {
      log.error("RPC method {} failed unexpectedly", h.name, t);
      return Responses.answer(
          id,
          Responses.error(
              id, RpcError.INTERNAL_ERROR.code(), "internal error in " + h.name + ": " + t));
    }
    log.debug("RPC method {} failed: {}", h.name, t.toString());
    String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    return Responses.answer(id, Responses.error(id, RpcError.SERVER_ERROR.code(), message));
  }

  /** Exceptions that signal a bug rather than a refusal: -32603, logged with their stack. */
  private static boolean unexpected(Throwable t) {
    return t instanceof Error
        || t instanceof NullPointerException
        || t instanceof ClassCastException
        || t instanceof IndexOutOfBoundsException
        || t instanceof ArithmeticException
        || t instanceof ArrayStoreException
        || t instanceof NegativeArraySizeException
        || t instanceof IllegalMonitorStateException
        || t instanceof ConcurrentModificationException;
  }
}
