package org.p2psim.rpc.internal;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.lang.annotation.Annotation;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link JsonWriter} may write without databind: the rules that tell a class databind writes
 * by its shape alone (components, elements, entries, a value method) from one whose annotations,
 * creators, inherited getters or supertypes change what databind writes. When in doubt a rule says
 * no, and the value goes to databind.
 */
final class PlainTypes {
  private PlainTypes() {}

  /**
   * Whether a record's other members leave its JSON to its components: no getter-like public method
   * (its own or an interface's default) that databind would add as a property, and no Jackson
   * annotation but {@code JsonIgnore} and {@code JsonCreator} on its own methods.
   */
  static boolean otherMembersArePlain(Class<?> c, Set<String> accessors) {
    for (Method m : c.getDeclaredMethods()) {
      if (accessors.contains(m.getName()) && m.getParameterCount() == 0 || m.isSynthetic()) {
        continue;
      }
      boolean ignored = false;
      for (Annotation a : m.getAnnotations()) {
        if (a instanceof JsonIgnore ji) {
          ignored = ji.value();
        } else if (!(a instanceof JsonCreator) && isJackson(a)) {
          return false;
        }
      }
      if (!ignored && Modifier.isPublic(m.getModifiers()) && isGetterLike(m)) {
        return false;
      }
      if (!m.isAnnotationPresent(JsonCreator.class) && hasJacksonParameters(m)) {
        return false;
      }
    }
    for (Method m : c.getMethods()) {
      if (m.getDeclaringClass() != c
          && m.getDeclaringClass() != Object.class
          && !accessors.contains(m.getName())
          && isGetterLike(m)) {
        return false; // an inherited getter, such as an interface's default method
      }
    }
    return true;
  }

  private static boolean hasJacksonParameters(Executable e) {
    for (Annotation[] as : e.getParameterAnnotations()) {
      for (Annotation a : as) {
        if (isJackson(a)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the creators leave the properties' names, order and inclusion alone. Databind merges a
   * canonical constructor's parameter annotations into the properties, and writes the parameters of
   * any other creator first, in that creator's order.
   */
  static boolean creatorsArePlain(Class<?> c, RecordComponent[] components, List<String> names) {
    Class<?>[] canonical = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      canonical[i] = components[i].getType();
    }
    List<Executable> creators = new ArrayList<>(List.of(c.getDeclaredConstructors()));
    for (Method m : c.getDeclaredMethods()) {
      if (Modifier.isStatic(m.getModifiers()) && m.isAnnotationPresent(JsonCreator.class)) {
        creators.add(m);
      }
    }
    for (Executable e : creators) {
      for (Annotation a : e.getAnnotations()) {
        if (!(a instanceof JsonCreator) && isJackson(a)) {
          return false;
        }
      }
      Annotation[][] parameters = e.getParameterAnnotations();
      if (e instanceof Constructor<?> && Arrays.equals(e.getParameterTypes(), canonical)) {
        for (int i = 0; i < parameters.length; i++) {
          List<Annotation> own = componentAnnotations(c, components[i]);
          for (Annotation a : parameters[i]) {
            if (isJackson(a) && !own.contains(a)) {
              return false; // an annotation on the parameter alone, which databind would merge
            }
          }
        }
        continue;
      }
      List<String> named = new ArrayList<>();
      for (Annotation[] as : parameters) {
        for (Annotation a : as) {
          if (a instanceof JsonProperty jp
              && jp.access() == JsonProperty.Access.AUTO
              && !jp.value().isEmpty()) {
            named.add(jp.value());
          } else if (isJackson(a) && !(a instanceof JsonAlias)) {
            return false;
          }
        }
      }
      if (named.isEmpty()) {
        continue; // not a properties creator
      }
      if (named.size() != parameters.length || named.size() > names.size()) {
        return false;
      }
      for (int i = 0; i < named.size(); i++) {
        if (!named.get(i).equals(names.get(i))) {
          return false; // databind would write the creator's properties first
        }
      }
    }
    return true;
  }

  private static List<Annotation> componentAnnotations(Class<?> c, RecordComponent rc) {
    List<Annotation> out = new ArrayList<>(List.of(rc.getAccessor().getAnnotations()));
    try {
      out.addAll(List.of(c.getDeclaredField(rc.getName()).getAnnotations()));
    } catch (NoSuchFieldException e) {
      // a record always has the field
    }
    return out;
  }

  private static boolean isGetterLike(Method m) {
    if (Modifier.isStatic(m.getModifiers())
        || m.getParameterCount() != 0
        || m.getReturnType() == void.class) {
      return false;
    }
    String n = m.getName();
    return n.startsWith("get") && n.length() > 3 || n.startsWith("is") && n.length() > 2;
  }

  /** The one method marked {@code @JsonValue}, or null. */
  static Method jsonValueMethod(Class<?> c) {
    for (Field f : c.getDeclaredFields()) {
      if (f.isAnnotationPresent(JsonValue.class)) {
        return null; // a value field, alone or with a method (which databind refuses)
      }
    }
    Method found = null;
    for (Method m : c.getDeclaredMethods()) {
      JsonValue jv = m.getAnnotation(JsonValue.class);
      if (jv == null || !jv.value()) {
        continue;
      }
      if (found != null
          || m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || !accessible(m)) {
        return null;
      }
      found = m;
    }
    if (found == null) {
      return null;
    }
    // databind lets @JsonValue win over everything but its own serialiser annotations
    for (Method m : c.getDeclaredMethods()) {
      for (Annotation a : m.getAnnotations()) {
        if (isJackson(a) && a.annotationType().getName().contains(".databind.")) {
          return null;
        }
      }
    }
    return found;
  }

  /**
   * Whether {@code c} (when {@code typeOnly}, its class declaration alone) carries Jackson
   * annotations other than those this writer honours.
   */
  static boolean hasJacksonAnnotations(Class<?> c, boolean typeOnly) {
    for (Annotation a : c.getAnnotations()) {
      if (isJackson(a) && !(a instanceof JsonInclude && c.isRecord())) {
        return true;
      }
    }
    return !typeOnly && membersHaveJacksonAnnotations(c);
  }

  /** Whether a field or method that {@code c} declares carries a Jackson annotation. */
  private static boolean membersHaveJacksonAnnotations(Class<?> c) {
    for (Field f : c.getDeclaredFields()) {
      if (hasAny(f)) {
        return true;
      }
    }
    for (Method m : c.getDeclaredMethods()) {
      if (hasAny(m)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the superclasses and interfaces carry no Jackson annotations: databind merges those
   * into a class's own (a type id on an interface, a property on an overridden method).
   */
  static boolean supertypesArePlain(Class<?> c) {
    for (Class<?> s = c.getSuperclass(); s != null; s = s.getSuperclass()) {
      if (s.getName().startsWith("java.")) {
        break;
      }
      if (!plainType(s)) {
        return false;
      }
    }
    for (Class<?> i : allInterfaces(c, new HashSet<>())) {
      if (!i.getName().startsWith("java.") && !plainType(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean plainType(Class<?> s) {
    return !hasAny(s) && !membersHaveJacksonAnnotations(s);
  }

  private static Set<Class<?>> allInterfaces(Class<?> c, Set<Class<?>> out) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Class<?> i : k.getInterfaces()) {
        if (out.add(i)) {
          allInterfaces(i, out);
        }
      }
    }
    return out;
  }

  private static boolean hasAny(AnnotatedElement e) {
    for (Annotation a : e.getAnnotations()) {
      if (isJackson(a)) {
        return true;
      }
    }
    return false;
  }

  /** A Jackson annotation, or a bundle of them ({@code @JacksonAnnotationsInside}). */
  static boolean isJackson(Annotation a) {
    Class<? extends Annotation> type = a.annotationType();
    return type.getName().startsWith("com.fasterxml.jackson.")
        || type.isAnnotationPresent(JacksonAnnotationsInside.class);
  }

  static boolean accessible(AccessibleObject member) {
    try {
      member.setAccessible(true);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
