package dev.logalerts.parse;

import dev.logalerts.model.FieldValues;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The payload paths seen so far, each with its leaf key ({@code jsonPayload␟httpRequest␟status})
 * and its message role, so that the flattener neither builds the same key string nor works out the
 * same role again for every entry: a service's entries repeat the same few dozen paths. Shared by
 * all threads of the JVM (lookups are lock-free map reads keyed by Jackson's canonical field-name
 * strings).
 *
 * <p>Bounded: after {@value #MAX_PATHS} paths (payloads keyed by ids, say, can have unbounded
 * paths), new paths get a key and role computed per entry, as without the cache, and are not kept.
 */
final class PayloadKeys {
  private PayloadKeys() {}

  static final int MAX_PATHS = 16_384;

  private static final AtomicInteger PATHS = new AtomicInteger();

  private static final ConcurrentHashMap<String, Node> ROOTS = new ConcurrentHashMap<>();

  /** The node of a top-level payload field ({@code jsonPayload}, …) whose value has this role. */
  static Node root(String top, int role) {
    Node n = ROOTS.get(top);
    if (n == null) {
      n = ROOTS.computeIfAbsent(top, k -> new Node(k, role, true));
    }
    return n;
  }

  /** One path: its leaf key and role; its children by field name, created as they are met. */
  static final class Node {
    final String key;
    final int role;
    private final boolean cached;
    private volatile ConcurrentHashMap<String, Node> children;
    private volatile Node element;

    private Node(String key, int role, boolean cached) {
      this.key = key;
      this.role = role;
      this.cached = cached;
    }

    /** The path one field further down. */
    Node child(String name) {
      ConcurrentHashMap<String, Node> c = children;
      if (c != null) {
        Node n = c.get(name);
        if (n != null) {
          return n;
        }
      }
      String childKey = key + FieldValues.SEP + name;
      int childRole = PayloadFlattener.childRole(role, name);
      if (!cached || PATHS.get() >= MAX_PATHS) {
        return new Node(childKey, childRole, false);
      }
      if (c == null) {
        synchronized (this) {
          c = children;
          if (c == null) {
            c = new ConcurrentHashMap<>();
            children = c;
          }
        }
      }
      Node fresh = new Node(childKey, childRole, true);
      Node raced = c.putIfAbsent(name, fresh);
      if (raced != null) {
        return raced;
      }
      PATHS.incrementAndGet();
      return fresh;
    }

    /**
     * The elements of an array at this path: the same key (arrays are repeated keys); the role of
     * an element of {@code protoPayload.line} differs from the array's own, a log-family field's
     * elements keep its role (the first element's value is captured), any other is none.
     */
    Node element() {
      int elementRole =
          role == PayloadFlattener.R_PROTO_LINE
              ? PayloadFlattener.R_PROTO_LINE_ELEM
              : role >= FamilyFields.ROLE_BASE ? role : PayloadFlattener.R_NONE;
      if (elementRole == role) {
        return this;
      }
      Node e = element;
      if (e == null) {
        e = new Node(key, elementRole, cached); // a racing thread's equal node is as good
        element = e;
      }
      return e;
    }
  }
}
