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
 * FamilyFields}). Holds the parser's payload settings (selected paths, leaf limit); immutable.
 */
final class PayloadFlattener implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int maxPayloadLeaves;

  /** Selected payload paths, or null for all (see {@link LogEntryParser#withPayloadPaths}). */
  private final PathNode selection;

  PayloadFlattener(int maxPayloadLeaves, PathNode selection) {
    this.maxPayloadLeaves = maxPayloadLeaves;
    this.selection = selection;
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
            return R_JSON_ERROR;
          // Other loggers' message keys: .NET's JSON console logger and Windows event logs
          // through the Ops Agent ("Message"), Serilog ("@m" compact, "RenderedMessage"),
          // Python structlog ("event").
          case "Message":
          case "@m":
          case "RenderedMessage":
          case "event":
            return R_JSON_OTHER_MESSAGE;
          default:
            return FamilyFields.child(FamilyFields.JSON_ROOT, name);
        }
      case R_JSON_ERROR:
        return name.equals("message") ? R_JSON_ERROR_MESSAGE : R_NONE;
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
    PathNode node = selection == null ? null : selection.child(top);
    boolean keepAll = selection == null || (node != null && node.all);
    if (!keepAll && node == null && role == R_NONE) {
      p.skipChildren(); // no selected path below, nothing feeds the message
      return;
    }
    flattenObject(p, e, PayloadKeys.root(top, role), node, keepAll);
  }

  /**
   * Current token is START_OBJECT; reads through the matching END_OBJECT. {@code keep}: leaves here
   * are stored; else {@code node} is the selection below this point (null: none), and subtrees that
   * neither hold a selected path nor feed the message are skipped unread.
   */
  private void flattenObject(
      JsonParser p, ParsedEntry e, PayloadKeys.Node at, PathNode node, boolean keep)
      throws IOException {
    int role = at.role;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      PayloadKeys.Node child = at.child(name);
      int childRole = child.role;
      JsonToken t = p.nextToken();
      if (role == R_JSON_ROOT && !e.jsonHasMessageKey) {
        if (isMessageField(childRole, t)) {
          e.jsonHasMessageKey = true; // a message field, even empty or null: no shape needed
        } else {
          e.jsonTopKey(name); // also an object under "message": a key of the shape if no text
        }
      }
      PathNode childNode = null;
      boolean childKeep = keep;
      if (!keep) {
        childNode = node == null ? null : node.child(name);
        childKeep = childNode != null && childNode.all;
        if (childNode == null && childRole == R_NONE) {
          p.skipChildren();
          continue;
        }
      }
      flattenValue(p, e, t, child, childNode, childKeep);
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

  private void flattenValue(
      JsonParser p, ParsedEntry e, JsonToken t, PayloadKeys.Node at, PathNode node, boolean keep)
      throws IOException {
    int role = at.role;
    switch (t) {
      case START_OBJECT:
        if (role == R_NONE && e.leaves >= maxPayloadLeaves) {
          p.skipChildren(); // nothing more to keep, nothing feeds the message
          return;
        }
        if (role == R_PROTO_LINE_ELEM) {
          e.lineSeverity = null;
          e.lineMessage = null;
          flattenObject(p, e, at, node, keep);
          e.offerLine();
        } else {
          flattenObject(p, e, at, node, keep);
        }
        return;
      case START_ARRAY:
        if (role == R_NONE && e.leaves >= maxPayloadLeaves) {
          p.skipChildren();
          return;
        }
        PayloadKeys.Node element = at.element();
        JsonToken el;
        while ((el = p.nextToken()) != JsonToken.END_ARRAY) {
          flattenValue(p, e, el, element, node, keep);
        }
        return;
      default:
        String value = t == JsonToken.VALUE_NULL ? FieldValues.NULL : p.getText();
        if (keep && e.leaves < maxPayloadLeaves) {
          e.addLeaf(at.key, value);
        }
        if (role != R_NONE && (role != R_JSON_OTHER_MESSAGE || t == JsonToken.VALUE_STRING)) {
          e.capture(role, value);
        }
    }
  }

  /**
   * Whether a leaf at {@code path} is kept: always, unless {@link LogEntryParser#withPayloadPaths}
   * selected other paths.
   */
  boolean keeps(String... path) {
    PathNode n = selection;
    if (n == null) {
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

  /** A trie of selected payload paths; {@code all}: everything at and below is selected. */
  static final class PathNode implements Serializable {
    private static final long serialVersionUID = 1L;
    final java.util.HashMap<String, PathNode> children = new java.util.HashMap<>();
    boolean all;

    PathNode child(String name) {
      return children.get(name);
    }
  }
}
