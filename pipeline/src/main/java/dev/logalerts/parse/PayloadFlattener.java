package dev.logalerts.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logalerts.model.FieldValues;
import java.io.IOException;
import java.io.Serializable;

/**
 * Flattens {@code jsonPayload}, {@code protoPayload}, {@code sourceLocation} and {@code split} into
 * payload leaves of the {@link ParsedEntry} (see {@link LogEntryParser}, "Payloads"), and captures
 * on the way the few values the message text is made of (and the log-family fields of {@link
 * FamilyFields}). Holds the parser's payload settings (the paths the rules read, whether only they
 * are kept, the leaf limit); immutable.
 *
 * <p>Two limits. A leaf at or below one of {@code paths} is kept while the entry has fewer than
 * {@link #ruleLeafLimit} leaves ({@link LogEntryParser#MAX_RULE_PATH_LEAVES}, or the leaf limit if
 * that is larger); any other leaf (none when {@code onlyPaths}) while it has fewer than {@code
 * maxPayloadLeaves}. Each leaf that one of them leaves out is noted on the entry ({@link
 * ParsedEntry#leafLeftOut}), so the caller can count the entries that lost leaves. The walk goes
 * down the trie of paths as it goes down the document: no lookup off the paths' prefixes, no
 * allocation per leaf.
 */
final class PayloadFlattener implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int maxPayloadLeaves;

  /** Leaves kept at and below {@link #paths}: never fewer than {@link #maxPayloadLeaves}. */
  private final int ruleLeafLimit;

  /** The paths whose leaves the leaf limit does not apply to, or null for none. */
  private final PathNode paths;

  /**
   * Only the leaves at and below {@link #paths} are kept ({@link LogEntryParser#withPayloadPaths}).
   */
  private final boolean onlyPaths;

  PayloadFlattener(int maxPayloadLeaves, PathNode paths, boolean onlyPaths) {
    this.maxPayloadLeaves = maxPayloadLeaves;
    this.ruleLeafLimit = Math.max(maxPayloadLeaves, LogEntryParser.MAX_RULE_PATH_LEAVES);
    this.paths = paths;
    this.onlyPaths = onlyPaths;
  }

  /** A flattener that keeps what this one does, with these paths (see {@link #trie}). */
  PayloadFlattener withPaths(PathNode paths, boolean onlyPaths) {
    return new PayloadFlattener(maxPayloadLeaves, paths, onlyPaths);
  }

  // A "role" marks the few positions whose values feed the message text.

  static final int R_NONE = 0;
  static final int R_JSON_ROOT = 1;
  static final int R_JSON_MESSAGE = 2;
  static final int R_JSON_MSG = 3;
  static final int R_JSON_LOG = 4;
  static final int R_JSON_ERROR = 5;
  static final int R_JSON_ERROR_MESSAGE = 6;
  static final int R_JSON_MESSAGE_TEXT = 7;
  static final int R_JSON_OTHER_MESSAGE = 8;
  static final int R_JSON_GUESSED_MESSAGE = 9;
  static final int R_PROTO_ROOT = 10;
  static final int R_PROTO_TYPE = 11;
  static final int R_PROTO_METHOD_NAME = 12;
  static final int R_PROTO_SERVICE_NAME = 13;
  static final int R_PROTO_STATUS = 14;
  static final int R_PROTO_STATUS_CODE = 15;
  static final int R_PROTO_STATUS_MESSAGE = 16;
  static final int R_PROTO_METHOD = 17;
  static final int R_PROTO_RESOURCE = 18;
  static final int R_PROTO_LINE = 19;
  static final int R_PROTO_LINE_ELEM = 20;
  static final int R_LINE_SEVERITY = 21;
  static final int R_LINE_MESSAGE = 22;
  static final int R_JSON_FIELDS = 23;

  static int childRole(int role, String name) {
    if (role >= FamilyFields.ROLE_BASE) {
      return FamilyFields.child(role, name);
    }
    switch (role) {
      case R_NONE:
        return R_NONE;
      case R_JSON_ROOT:
        switch (name) {
          case "message":
            return R_JSON_MESSAGE;
          case "msg":
            return R_JSON_MSG;
          case "log":
            return R_JSON_LOG;
          case "error":
          case "errorResponse": // Fleet Engine's RPC logs: {"code": "NOT_FOUND", "message": …}
            return R_JSON_ERROR;
          // Other loggers' message keys: .NET's JSON console logger and Windows event logs
          // through the Ops Agent ("Message"), Serilog ("@m" compact, "RenderedMessage"),
          // Python structlog ("event").
          case "Message":
          case "@m":
          case "RenderedMessage":
          case "event":
            return R_JSON_OTHER_MESSAGE;
          case "fields": // Rust's tracing-subscriber: {"fields": {"message": …}, "target": …}
          case "Fields": // mozlog (Python's dockerflow): {"Type": logger, "Fields": {"msg": …}}
            return R_JSON_FIELDS;
          default:
            int family = FamilyFields.child(FamilyFields.JSON_ROOT, name);
            if (family == R_NONE && MessageKeys.looksLikeMessage(name)) {
              return R_JSON_GUESSED_MESSAGE;
            }
            return family;
        }
      case R_JSON_ERROR:
        return name.equals("message") ? R_JSON_ERROR_MESSAGE : R_NONE;
      case R_JSON_FIELDS:
        return name.equals("message") || name.equals("msg") ? R_JSON_OTHER_MESSAGE : R_NONE;
      case R_JSON_MESSAGE:
        // A message that is an object (MongoDB's WiredTiger lines through the Ops Agent:
        // {"message": {"msg": "recovery log replay has successfully finished", ...}}).
        switch (name) {
          case "msg":
          case "message":
          case "text":
            return R_JSON_MESSAGE_TEXT;
          default:
            return R_NONE;
        }
      case R_PROTO_ROOT:
        switch (name) {
          case "@type":
            return R_PROTO_TYPE;
          case "methodName":
            return R_PROTO_METHOD_NAME;
          case "serviceName":
            return R_PROTO_SERVICE_NAME;
          case "status":
            return R_PROTO_STATUS;
          case "method":
            return R_PROTO_METHOD;
          case "resource":
            return R_PROTO_RESOURCE;
          case "line":
            return R_PROTO_LINE;
          default:
            return FamilyFields.child(FamilyFields.PROTO_ROOT, name);
        }
      case R_PROTO_STATUS:
        switch (name) {
          case "code":
            return R_PROTO_STATUS_CODE;
          case "message":
            return R_PROTO_STATUS_MESSAGE;
          default:
            return R_NONE;
        }
      case R_PROTO_LINE_ELEM:
        switch (name) {
          case "severity":
            return R_LINE_SEVERITY;
          case "logMessage":
            return R_LINE_MESSAGE;
          default:
            return R_NONE;
        }
      default:
        return R_NONE;
    }
  }

  void flattenTop(JsonParser p, ParsedEntry e, String top, int role)
      throws IOException, InvalidEntryException {
    FastJsonParser fast = p instanceof FastJsonParser ? (FastJsonParser) p : null;
    int from = fast == null ? 0 : fast.objectStart();
    PathNode node = paths == null ? null : paths.child(top);
    boolean in = node != null && node.all;
    if (onlyPaths && !in && node == null && role == R_NONE) {
      p.skipChildren(); // no selected path below, nothing feeds the message
    } else {
      flattenObject(p, e, PayloadKeys.root(top, role), in ? null : node, in);
    }
    if (fast != null) {
      fast.reused.payloadBytes.add(from, fast.position());
    }
  }

  /**
   * Current token is START_OBJECT; reads through the matching END_OBJECT. {@code in}: this object
   * is at or below one of the paths (and {@code node} is null); else {@code node} is the trie of
   * paths below this point (null: none). With {@code onlyPaths}, subtrees that neither hold a path
   * nor feed the message are skipped unread.
   */
  private void flattenObject(
      JsonParser p, ParsedEntry e, PayloadKeys.Node at, PathNode node, boolean in)
      throws IOException {
    int role = at.role;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      PayloadKeys.Node child = at.child(name);
      int childRole = child.role;
      JsonToken t = p.nextToken();
      if (role == R_JSON_ROOT && !e.jsonHasMessageKey) {
        if (isMessageField(childRole, t) && !noError(childRole, t, p)) {
          e.jsonHasMessageKey = true; // a message field, even empty or null: no shape needed
        } else {
          e.jsonTopKey(name); // also an object under "message": a key of the shape if no text
          if (t == JsonToken.VALUE_STRING && ParsedEntry.isTypeKey(name)) {
            e.jsonType(name, p.getText());
          }
        }
      }
      PathNode childNode = null;
      boolean childIn = in;
      if (node != null) {
        childNode = node.child(name);
        if (childNode != null && childNode.all) {
          childIn = true;
          childNode = null;
        }
      }
      if (onlyPaths && !childIn && childNode == null && childRole == R_NONE) {
        p.skipChildren();
        continue;
      }
      flattenValue(p, e, t, child, childNode, childIn);
    }
  }

  /**
   * Whether a top-level jsonPayload key holds the message: a scalar under a message key, any value
   * under "error" (an object has its own "message"), only a string under the other loggers' keys.
   */
  private static boolean isMessageField(int role, JsonToken t) {
    if (role == R_JSON_OTHER_MESSAGE) {
      return t == JsonToken.VALUE_STRING;
    }
    return role >= R_JSON_MESSAGE
        && role <= R_JSON_ERROR
        && (role == R_JSON_ERROR || t.isScalarValue());
  }

  /**
   * An empty or null {@code error}: no error, not an empty message (Vault's audit entries, JSON-RPC
   * responses write one on every entry), so the entry is named by its shape, not left without one.
   */
  private static boolean noError(int role, JsonToken t, JsonParser p) throws IOException {
    return role == R_JSON_ERROR
        && (t == JsonToken.VALUE_NULL || (t == JsonToken.VALUE_STRING && p.getTextLength() == 0));
  }

  /** Other loggers' keys and guessed ones hold the message only when it is a string. */
  private static boolean stringsOnly(int role) {
    return role == R_JSON_OTHER_MESSAGE || role == R_JSON_GUESSED_MESSAGE;
  }

  private void flattenValue(
      JsonParser p, ParsedEntry e, JsonToken t, PayloadKeys.Node at, PathNode node, boolean in)
      throws IOException {
    int role = at.role;
    // Kept, within their limit: every leaf, or with onlyPaths those on a path and those the
    // message, log family and request templates are made of (read back from the event later).
    boolean stored = in || !onlyPaths || role != R_NONE;
    int limit = in ? ruleLeafLimit : maxPayloadLeaves;
    switch (t) {
      case START_OBJECT:
        if (role == R_NONE && node == null && (!stored || e.leaves >= limit)) {
          skip(p, e, stored, in); // nothing more to keep here, nothing feeds the message
          return;
        }
        if (role == R_PROTO_LINE_ELEM) {
          e.lineSeverity = null;
          e.lineMessage = null;
          flattenObject(p, e, at, node, in);
          e.offerLine();
        } else {
          flattenObject(p, e, at, node, in);
        }
        return;
      case START_ARRAY:
        if (role == R_NONE && node == null && (!stored || e.leaves >= limit)) {
          skip(p, e, stored, in);
          return;
        }
        PayloadKeys.Node element = at.element();
        JsonToken el;
        while ((el = p.nextToken()) != JsonToken.END_ARRAY) {
          flattenValue(p, e, el, element, node, in);
        }
        return;
      default:
        String value = t == JsonToken.VALUE_NULL ? FieldValues.NULL : p.getText();
        if (stored) {
          if (e.leaves < limit) {
            e.addLeaf(at.key, value);
          } else {
            e.leafLeftOut(in);
          }
        }
        if (role != R_NONE && (!stringsOnly(role) || t == JsonToken.VALUE_STRING)) {
          e.capture(role, value);
        }
    }
  }

  /**
   * Skips the current object or array unread. When its leaves would have been kept but for the
   * limit ({@code stored}), notes that leaves were left out if it holds any (an empty object or
   * array holds none); once that is noted for the entry, skips without looking.
   */
  private static void skip(JsonParser p, ParsedEntry e, boolean stored, boolean in)
      throws IOException {
    if (!stored || e.leftOut(in)) {
      p.skipChildren();
      return;
    }
    int depth = 1;
    boolean leaf = false;
    while (depth > 0) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return; // end of input: Jackson reports the unclosed object at the next read
      }
      if (t.isStructStart()) {
        depth++;
      } else if (t.isStructEnd()) {
        depth--;
      } else if (t != JsonToken.FIELD_NAME) {
        leaf = true;
      }
    }
    if (leaf) {
      e.leafLeftOut(in);
    }
  }

  /**
   * Whether a leaf at {@code path} is kept: always, unless {@link LogEntryParser#withPayloadPaths}
   * selected other paths.
   */
  boolean keeps(String... path) {
    PathNode n = paths;
    if (!onlyPaths || n == null) {
      return true;
    }
    for (String segment : path) {
      if (n.all) {
        return true;
      }
      n = n.child(segment);
      if (n == null) {
        return false;
      }
    }
    return n.all;
  }

  /**
   * The trie of {@code paths} (segment lists, as {@link dev.logalerts.model.FieldPath#segments()}
   * gives them) whose first segment is a payload field: {@code jsonPayload}, {@code protoPayload},
   * {@code sourceLocation}, {@code split}, {@code traceSampled} or {@code httpRequest} (its fields
   * without a slot in the event: the Cloud CDN cache fields); other paths are left out.
   */
  static PathNode trie(java.util.Collection<? extends java.util.List<String>> paths) {
    PathNode root = new PathNode();
    for (java.util.List<String> path : paths) {
      if (path.isEmpty()) {
        continue;
      }
      switch (path.get(0)) {
        case "jsonPayload":
        case "protoPayload":
        case "sourceLocation":
        case "split":
        case "traceSampled":
        case "httpRequest":
          break;
        default:
          continue;
      }
      PathNode n = root;
      for (String seg : path) {
        n = n.children.computeIfAbsent(seg, k -> new PathNode());
      }
      n.all = true;
    }
    return root;
  }

  /** A trie of payload paths; {@code all}: everything at and below is on a path. */
  static final class PathNode implements Serializable {
    private static final long serialVersionUID = 1L;
    final java.util.HashMap<String, PathNode> children = new java.util.HashMap<>();
    boolean all;

    PathNode child(String name) {
      return children.get(name);
    }
  }
}
