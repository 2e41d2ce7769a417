package org.p2psim.rpc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.p2psim.api.RpcError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <namespace>_subscribe} and {@code <namespace>_unsubscribe}: starts a subscription method
 * with a fresh {@link Subscriber} of the session, answers its id, and ends subscriptions by id.
 */
final class Subscriptions {
  private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

  static final String SUBSCRIBE = "_subscribe";
  static final String UNSUBSCRIBE = "_unsubscribe";

  private final Registry registry;
  private final Calls calls;

  Subscriptions(Registry registry, Calls calls) {
    this.registry = registry;
    this.calls = calls;
  }

  void subscribe(
      Session session,
      Exchange ex,
      String method,
      JsonNode params,
      String id,
      Consumer<String> done) {
    String ns = method.substring(0, method.length() - SUBSCRIBE.length());
    String refusal = refusal(session, ns, method, id);
    if (refusal != null) {
      done.accept(refusal);
      return;
    }
    if (id == null) {
      log.debug("ignoring {} sent as a notification: its id could never be used", method);
      done.accept(null);
      return;
    }
    if (params == null || params.isEmpty() || !params.get(0).isTextual()) {
      done.accept(
          Responses.error(
              id,
              RpcError.INVALID_PARAMS.code(),
              "invalid argument 0: expected the subscription name as a string, got "
                  + (params == null || params.isEmpty() ? "nothing" : Json.kind(params.get(0)))));
      return;
    }
    String event = params.get(0).textValue();
    MethodHandler h = registry.subscription(ns, event);
    if (h == null) {
      done.accept(
          Responses.error(
              id,
              RpcError.METHOD_NOT_FOUND.code(),
              "no \"" + event + "\" subscription in " + ns + " namespace"));
      return;
    }
    Object[] args;
    try {
      args = h.arguments(params, 1);
    } catch (MethodHandler.InvalidParamsException e) {
      done.accept(Responses.error(id, RpcError.INVALID_PARAMS.code(), e.getMessage()));
      return;
    }
    Subscriber sub = session.subscribe(ns);
    args[0] = sub;
    ex.created(sub);
    String answer = Responses.result(id, "\"" + sub.id() + "\"");
    calls.run(
        h,
        id,
        text -> {
          sub.discard();
          done.accept(text);
        },
        () -> {
          Object result;
          try {
            result = h.invoke(args);
          } catch (Throwable t) {
            sub.discard();
            done.accept(Calls.failure(h, id, t));
            return;
          }
          if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete(
                (v, t) -> {
                  if (t != null) {
                    sub.discard();
                    done.accept(Calls.failure(h, id, t));
                  } else {
                    done.accept(answer);
                  }
                });
          } else {
            done.accept(answer);
          }
        });
  }

  void unsubscribe(
      Session session, String method, JsonNode params, String id, Consumer<String> done) {
    String ns = method.substring(0, method.length() - UNSUBSCRIBE.length());
    String refusal = refusal(session, ns, method, id);
    if (refusal != null) {
      done.accept(refusal);
      return;
    }
    String problem = null;
    if (params == null || params.isEmpty()) {
      problem = "missing value for required argument 0";
    } else if (params.size() > 1) {
      problem = "too many arguments, want at most 1";
    } else if (!params.get(0).isTextual()) {
      problem = "invalid argument 0: expected string, got " + Json.kind(params.get(0));
    }
    if (problem != null) {
      done.accept(
          Responses.answer(id, Responses.error(id, RpcError.INVALID_PARAMS.code(), problem)));
      return;
    }
    boolean ended = session.unsubscribe(params.get(0).textValue());
    done.accept(id == null ? null : Responses.result(id, String.valueOf(ended)));
  }

  /**
   * The answer refusing a {@code _subscribe} or {@code _unsubscribe} call: an unknown namespace, or
   * a session that cannot carry notifications. Null when the call may go on.
   */
  private String refusal(Session session, String ns, String method, String id) {
    if (!registry.hasNamespace(ns)) {
      return Responses.answer(
          id, Responses.error(id, RpcError.METHOD_NOT_FOUND.code(), registry.notFound(method)));
    }
    if (!session.supportsSubscriptions()) {
      return Responses.answer(
          id, Responses.error(id, RpcError.METHOD_NOT_FOUND.code(), "notifications not supported"));
    }
    return null;
  }
}
