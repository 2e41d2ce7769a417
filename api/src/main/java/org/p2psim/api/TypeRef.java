package org.p2psim.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A result type with its type arguments, for {@link RpcClient#call(String, TypeRef, Object...)}:
 * Java erases {@code List<PeerInfo>} to {@code List} in a {@code Class}, so the full type is
 * captured by an anonymous subclass instead.
 *
 * <pre>{@code
 * List<SeenMessage> seen =
 *     client.call("gossip_seen", new TypeRef<List<SeenMessage>>() {}).toCompletableFuture().join();
 * }</pre>
 *
 * @param <T> the result type
 */
public abstract class TypeRef<T> {
  private final Type type;

  /** Captures {@code T} from the anonymous subclass's declaration. */
  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType p)) {
      throw new IllegalStateException(
          "a TypeRef needs its type argument: write new TypeRef<List<Foo>>() {}");
    }
    this.type = p.getActualTypeArguments()[0];
  }

  /** The captured type, e.g. {@code java.util.List<org.p2psim.api.PeerInfo>}. */
  public final Type type() {
    return type;
  }

  @Override
  public String toString() {
    return type.getTypeName();
  }
}
