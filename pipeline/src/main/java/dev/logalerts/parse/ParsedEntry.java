package dev.logalerts.parse;

import static dev.logalerts.parse.PayloadFlattener.R_JSON_ERROR;
import static dev.logalerts.parse.PayloadFlattener.R_JSON_ERROR_MESSAGE;
import static dev.logalerts.parse.PayloadFlattener.R_JSON_GUESSED_MESSAGE;
import static dev.logalerts.parse.PayloadFlattener.R_JSON_LOG;
import static dev.logalerts.parse.PayloadFlattener.R_JSON_MESSAGE;
import static dev.logalerts.parse.PayloadFlattener.R_JSON_MESSAGE_TEXT;
import static dev.logalerts.parse.PayloadFlattener.R_JSON_MSG;
import static dev.logalerts.parse.PayloadFlattener.R_JSON_OTHER_MESSAGE;
import static dev.logalerts.parse.PayloadFlattener.R_LINE_MESSAGE;
import static dev.logalerts.parse.PayloadFlattener.R_LINE_SEVERITY;
import static dev.logalerts.parse.PayloadFlattener.R_PROTO_METHOD;
import static dev.logalerts.parse.PayloadFlattener.R_PROTO_METHOD_NAME;
import static dev.logalerts.parse.PayloadFlattener.R_PROTO_RESOURCE;
import static dev.logalerts.parse.PayloadFlattener.R_PROTO_SERVICE_NAME;
import static dev.logalerts.parse.PayloadFlattener.R_PROTO_STATUS;
import static dev.logalerts.parse.PayloadFlattener.R_PROTO_STATUS_CODE;
import static dev.logalerts.parse.PayloadFlattener.R_PROTO_STATUS_MESSAGE;
import static dev.logalerts.parse.PayloadFlattener.R_PROTO_TYPE;

import dev.logalerts.model.FieldValues;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogFamily;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.model.Severity;
import dev.logalerts.parse.InvalidEntryException.Reason;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Everything read from one entry; lives for one {@link LogEntryParser#parse} call. It is also the
 * source of its log-family fields ({@link #get}), so that no object is made per entry for them.
 */
final class ParsedEntry implements FamilyFields.Source {
  private static final String[] NO_STRINGS = new String[0];

  /** Up to this many leaves are sorted by binary insertion on sort prefixes; more by merge sort. */
  private static final int PRESORT_MAX = 256;

  final int size;

  /** Made when a value is read as characters (a timestamp not in the common form, a latency). */
  private @Nullable CharsView view;

  String[] keys = NO_STRINGS;
  String[] values = NO_STRINGS;
  int leaves;

  /** A payload leaf was left out by a limit; one at or below the always-kept paths. */
  boolean leavesLeftOut;

  boolean ruleLeavesLeftOut;

  String insertId = "";

  /** A top-level key that marks another kind of record ({@link ForeignShapes}), or null. */
  @Nullable String foreignKey;

  boolean hasTimestamp;
  long timestampNanos;
  boolean hasReceive;
  long receiveNanos;
  Severity severity = Severity.DEFAULT;

  /** The log name, with its log id and project. */
  LogNames.Parts logName = LogNames.Parts.EMPTY;

  String resourceType = "";
  Map<String, String> resourceLabels = Collections.emptyMap();
  Map<String, String> labels = Collections.emptyMap();
  PayloadKind payloadKind = PayloadKind.NONE;
  String textPayload = "";
  HttpRequest http;
  String trace = "";
  String spanId = "";
  String operationId = "";
  String operationProducer = "";
  boolean operationFirst;
  boolean operationLast;

  // Message candidates from the payloads.
  String jsonMessage;
  String jsonMsg;
  String jsonLog;
  String jsonOtherMessage;
  String jsonGuessedMessage;
  String jsonError;
  // The first top-level jsonPayload keys: the message of last resort (see MessageText). Four
  // fields rather than an array: no allocation per entry (Jackson's key names are canonical).
  static final int SHAPE_KEYS = 4;
  String jsonKey0;
  String jsonKey1;
  String jsonKey2;
  String jsonKey3;
  int jsonKeyCount;
  boolean jsonHasMessageKey;
  // A top-level string naming the record's kind (mozlog's Type, Vault's type): the shape's head.
  String jsonTypeKey;
  String jsonTypeValue;
  String protoType = "";
  String methodName = "";
  String serviceName = "";
  String statusCode = "";
  String statusMessage = "";
  String rlMethod = "";
  String rlResource = "";
  String rlStatus = "";
  String lineSeverity;
  String lineMessage;
  String bestLine;
  Severity bestLineSeverity;

  /** Log-family fields ({@link FamilyFields}), allocated (or reused) at the first one captured. */
  private String[] familySlots;

  /** The fast parser's arrays this entry uses, or null (then it allocates its own). */
  private final @Nullable Reused reused;

  ParsedEntry(int size) {
    this.size = size;
    this.reused = null;
  }

  /** An entry that uses {@code reused}'s arrays (its leaves' grown as usual if too short). */
  ParsedEntry(int size, Reused reused) {
    this.size = size;
    this.reused = reused;
    this.keys = reused.keys;
    this.values = reused.values;
  }

  /**
   * Arrays that one thread's entries are read into, one entry after the other: the payload leaves
   * ({@link #payload} copies them out) and the log-family fields (read only while the event is
   * built). No arrays made and grown per entry; they hold the last entries' strings until later
   * ones overwrite them.
   */
  static final class Reused {
    /** Longer leaf arrays (a huge payload's) are not kept for the next entries. */
    private static final int MAX_KEPT = 1024;

    private String[] keys = new String[32];
    private String[] values = new String[32];
    private final String[] familySlots = new String[FamilyFields.SLOTS];
    private boolean familySlotsUsed;

    /** Where the entry's payload objects are in its bytes. */
    final PayloadBytes payloadBytes = new PayloadBytes();

    /** Keeps the leaf arrays {@code e} grew into, unless too large. */
    void keep(ParsedEntry e) {
      if (e.keys.length > keys.length && e.keys.length <= MAX_KEPT) {
        keys = e.keys;
        values = e.values;
      }
    }

    /** The family slots, empty. */
    String[] familySlots() {
      if (familySlotsUsed) {
        Arrays.fill(familySlots, null);
      }
      familySlotsUsed = true;
      return familySlots;
    }
  }

  void addLeaf(String key, String value) {
    if (leaves == keys.length) {
      int n = Math.max(16, leaves * 2);
      keys = Arrays.copyOf(keys, n);
      values = Arrays.copyOf(values, n);
    }
    keys[leaves] = key;
    values[leaves] = value;
    leaves++;
  }

  /** A leaf was left out by a limit ({@code onRulePath}: at or below an always-kept path). */
  void leafLeftOut(boolean onRulePath) {
    leavesLeftOut = true;
    ruleLeavesLeftOut |= onRulePath;
  }

  /** Whether {@link #leafLeftOut} was noted already for such a leaf. */
  boolean leftOut(boolean onRulePath) {
    return onRulePath ? ruleLeavesLeftOut : leavesLeftOut;
  }

  /**
   * The leaves as FieldValues, sorted stably by key. Keys of one entry share long prefixes ({@code
   * protoPayload␟…}), so each key gets a 64-bit sort prefix: its four characters after the prefix
   * all keys share. Most comparisons are then one unsigned long comparison; only ties compare the
   * strings. Binary insertion sort (stable) suits the typical 5–50 leaves; large payloads use a
   * stable merge sort (Arrays.sort on objects). Leaves that came in order are not sorted again.
   */
  FieldValues payload() {
    int n = leaves;
    if (n == 0) {
      return FieldValues.EMPTY;
    }
    String[] k = Arrays.copyOf(keys, n);
    String[] v = Arrays.copyOf(values, n);
    if (n == 1 || inKeyOrder(k, n)) {
      return FieldValues.ofSorted(k, v);
    }
    if (n > PRESORT_MAX) {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> k[a].compareTo(k[b])); // stable
      String[] sk = new String[n];
      String[] sv = new String[n];
      for (int i = 0; i < n; i++) {
        sk[i] = k[order[i]];
        sv[i] = v[order[i]];
      }
      return FieldValues.ofSorted(sk, sv);
    }
    int common = k[0].length();
    for (int i = 1; i < n && common > 0; i++) {
      common = Math.min(common, commonPrefix(k[0], k[i], common));
    }
    long[] pre = new long[n];
    for (int i = 0; i < n; i++) {
      pre[i] = sortPrefix(k[i], common);
    }
    for (int i = 1; i < n; i++) {
      long p = pre[i];
      String key = k[i];
      String val = v[i];
      int lo = 0;
      int hi = i;
      while (lo < hi) { // first position whose key is greater (keeps ties in order)
        int mid = (lo + hi) >>> 1;
        int c = Long.compareUnsigned(p, pre[mid]);
        if (c == 0) {
          c = key.compareTo(k[mid]);
        }
        if (c < 0) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      if (lo < i) {
        System.arraycopy(pre, lo, pre, lo + 1, i - lo);
        System.arraycopy(k, lo, k, lo + 1, i - lo);
        System.arraycopy(v, lo, v, lo + 1, i - lo);
        pre[lo] = p;
        k[lo] = key;
        v[lo] = val;
      }
    }
    return FieldValues.ofSorted(k, v);
  }

  /**
   * True when the leaves came in key order already: Cloud Logging exports a {@code jsonPayload}
   * with its keys sorted at every level, and the separator sorts before every printable character,
   * so its leaves arrive sorted (repeated keys of an array are one shared string).
   */
  private static boolean inKeyOrder(String[] k, int n) {
    for (int i = 1; i < n; i++) {
      if (k[i] != k[i - 1] && k[i - 1].compareTo(k[i]) > 0) {
        return false;
      }
    }
    return true;
  }

  private static int commonPrefix(String a, String b, int max) {
    int m = Math.min(max, b.length());
    for (int i = 0; i < m; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return m;
  }

  /**
   * Characters [from, from+4) as an unsigned number, 0-padded: ordered like the strings (a shorter
   * string pads with 0, which ties with a real U+0000 and falls to the full compare).
   */
  private static long sortPrefix(String s, int from) {
    long r = 0;
    for (int i = from; i < from + 4; i++) {
      r = (r << 16) | (i < s.length() ? s.charAt(i) : 0);
    }
    return r;
  }

  /** Of several candidate keys, the first non-empty value in document order (JSON null is ""). */
  private static String firstNonEmpty(String current, String v) {
    return current == null || current.isEmpty() ? v : current;
  }

  void capture(int role, String v) {
    switch (role) {
      case R_JSON_MESSAGE:
        jsonMessage = v;
        break;
      case R_JSON_MESSAGE_TEXT:
        jsonMessage = firstNonEmpty(jsonMessage, v);
        break;
      case R_JSON_OTHER_MESSAGE:
        jsonOtherMessage = firstNonEmpty(jsonOtherMessage, v);
        break;
      case R_JSON_GUESSED_MESSAGE:
        jsonGuessedMessage = firstNonEmpty(jsonGuessedMessage, v);
        break;
      case R_JSON_MSG:
        jsonMsg = v;
        break;
      case R_JSON_LOG:
        jsonLog = v;
        break;
      case R_JSON_ERROR:
      case R_JSON_ERROR_MESSAGE:
        jsonError = v;
        break;
      case R_PROTO_TYPE:
        protoType = v;
        break;
      case R_PROTO_METHOD_NAME:
        methodName = v;
        break;
      case R_PROTO_SERVICE_NAME:
        serviceName = v;
        break;
      case R_PROTO_STATUS:
        rlStatus = v; // RequestLog: status is an integer
        break;
      case R_PROTO_STATUS_CODE:
        statusCode = v; // AuditLog: status is google.rpc.Status
        break;
      case R_PROTO_STATUS_MESSAGE:
        statusMessage = v;
        break;
      case R_PROTO_METHOD:
        rlMethod = v;
        break;
      case R_PROTO_RESOURCE:
        rlResource = v;
        break;
      case R_LINE_SEVERITY:
        lineSeverity = v;
        break;
      case R_LINE_MESSAGE:
        lineMessage = v;
        break;
      default:
        if (role >= FamilyFields.ROLE_BASE) {
          int slot = FamilyFields.slot(role);
          if (slot >= 0) {
            if (familySlots == null) {
              familySlots = reused != null ? reused.familySlots() : new String[FamilyFields.SLOTS];
            }
            if (familySlots[slot] == null) {
              familySlots[slot] = v;
            }
          }
        }
        break;
    }
  }

  /** The log-family fields read by this parse (the message fields from their own captures). */
  @Override
  public String get(int slot) {
    switch (slot) {
      case FamilyFields.P_METHOD:
        return methodName;
      case FamilyFields.P_SERVICE:
        return serviceName;
      case FamilyFields.P_STATUS_CODE:
        return statusCode;
      case FamilyFields.P_STATUS_MESSAGE:
        return statusMessage;
      case FamilyFields.P_TYPE:
        return protoType;
      case FamilyFields.J_MESSAGE:
        return jsonMessage == null ? "" : jsonMessage;
      default:
        String v = familySlots == null ? null : familySlots[slot];
        return v == null || FieldValues.isNull(v) ? "" : v;
    }
  }

  /** A reusable view of the parser's current text as characters. */
  CharsView view() {
    CharsView v = view;
    if (v == null) {
      v = new CharsView();
      view = v;
    }
    return v;
  }

  /**
   * One top-level jsonPayload key: kept when it is among the {@value #SHAPE_KEYS} smallest so far
   * (in sorted order), so the shape names the same keys whatever order the JSON has them in.
   */
  void jsonTopKey(String name) {
    int kept = Math.min(jsonKeyCount++, SHAPE_KEYS);
    int at = kept;
    while (at > 0 && name.compareTo(jsonKey(at - 1)) < 0) {
      at--;
    }
    if (at == SHAPE_KEYS) {
      return;
    }
    for (int i = Math.min(kept, SHAPE_KEYS - 1); i > at; i--) {
      setJsonKey(i, jsonKey(i - 1));
    }
    setJsonKey(at, name);
  }

  private String jsonKey(int i) {
    switch (i) {
      case 0:
        return jsonKey0;
      case 1:
        return jsonKey1;
      case 2:
        return jsonKey2;
      default:
        return jsonKey3;
    }
  }

  private void setJsonKey(int i, String name) {
    switch (i) {
      case 0:
        jsonKey0 = name;
        break;
      case 1:
        jsonKey1 = name;
        break;
      case 2:
        jsonKey2 = name;
        break;
      default:
        jsonKey3 = name;
        break;
    }
  }

  /** Top-level keys whose string names what kind of record the entry is. */
  static boolean isTypeKey(String name) {
    switch (name) {
      case "Type": // mozlog (Mozilla's services): "monitor.apiMethod", "request.summary"
      case "type": // Vault's audit log: "request", "response"
      case "eventType":
      case "event_type":
        return true;
      default:
        return false;
    }
  }

  /** The first top-level type key's value, when it is a short one-line name. */
  void jsonType(String key, String value) {
    if (jsonTypeKey == null
        && !value.isEmpty()
        && value.length() <= MAX_TYPE_CHARS
        && value.indexOf('\n') < 0
        && value.indexOf('{') < 0) {
      jsonTypeKey = key;
      jsonTypeValue = value;
    }
  }

  private static final int MAX_TYPE_CHARS = 100;

  /**
   * The shape of a jsonPayload that has no message field ({@code message}, {@code msg}, {@code
   * log}, {@code error}, even empty or null, but an empty or null {@code error}): its first {@value
   * #SHAPE_KEYS} top-level keys in sorted order, so that the serialisation order does not matter
   * ({@code {decision}}, {@code {a, b, c, d, …}}), after the record's type where a type key names
   * it ({@code Type: monitor.apiMethod {EnvVersion, Fields, Hostname, Logger, …}}: each kind of
   * event its own template, not all of a service's in one); else "".
   */
  String jsonShape() {
    if (jsonKeyCount == 0 || jsonHasMessageKey) {
      return "";
    }
    String head = jsonTypeKey == null ? "" : jsonTypeKey + ": " + jsonTypeValue + " ";
    String[] keys =
        Arrays.copyOf(
            new String[] {jsonKey0, jsonKey1, jsonKey2, jsonKey3},
            Math.min(jsonKeyCount, SHAPE_KEYS));
    return head + "{" + String.join(", ", keys) + (jsonKeyCount > SHAPE_KEYS ? ", …}" : "}");
  }

  /** End of one RequestLog line: keep the most severe message (first on ties). */
  void offerLine() {
    if (lineMessage == null || lineMessage.isEmpty()) {
      return;
    }
    Severity s = Severity.parse(lineSeverity);
    if (s == null) {
      s = Severity.DEFAULT;
    }
    if (bestLine == null || s.compareTo(bestLineSeverity) > 0) {
      bestLine = lineMessage;
      bestLineSeverity = s;
    }
  }

  LogEvent build(String parsedFor) throws InvalidEntryException {
    if (foreignKey != null
        && payloadKind == PayloadKind.NONE
        && logName == LogNames.Parts.EMPTY
        && insertId.isEmpty()) {
      // Not an entry with an unknown key: none of the entry's own fields, so another record.
      throw new InvalidEntryException(Reason.NOT_A_LOG_ENTRY, ForeignShapes.why(foreignKey));
    }
    long ts;
    if (hasTimestamp) {
      ts = timestampNanos;
    } else if (hasReceive) {
      ts = receiveNanos;
    } else {
      throw new InvalidEntryException(
          Reason.MISSING_TIMESTAMP, "entry has neither timestamp nor receiveTimestamp");
    }
    String logId = logName.logId;
    // The logName's project (where Cloud Logging keeps and shows the entry; resource.labels may
    // hold another project or the project number), else the resource's.
    String projectId = logName.projectId;
    if (projectId.isEmpty()) {
      String label = resourceLabels.get("project_id");
      projectId = label == null ? "" : label;
    }
    boolean requestLog = isRequestLog();
    LogFamily fam = LogFamilies.classify(logId, resourceType, requestLog, http != null, this);
    String service =
        ServiceDeriver.derive(
            resourceType,
            resourceLabels,
            labels,
            logId,
            LogFamilies.payloadService(fam, serviceName, this),
            LogFamilies.payloadName(fam, resourceType, this));
    return LogEvent.builder()
        .setInsertId(insertId)
        .setTimestampNanos(ts)
        .setReceiveTimestampNanos(hasReceive ? receiveNanos : 0L)
        .setSeverity(severity)
        .setLogName(logName.name)
        .setLogId(logId)
        .setProjectId(projectId)
        .setResourceType(resourceType)
        .setResourceLabels(resourceLabels)
        .setLabels(labels)
        .setService(service)
        .setMessage(MessageText.of(this, fam, this))
        .setPayloadKind(payloadKind)
        .setFamily(fam)
        .setHttpRequest(http)
        .setTrace(trace)
        .setSpanId(spanId)
        .setOperationId(operationId)
        .setOperationProducer(operationProducer)
        .setOperationFirst(operationFirst)
        .setOperationLast(operationLast)
        .setPayload(payload())
        .setSizeBytes(size)
        .setParsedFor(parsedFor)
        .build();
  }

  boolean isRequestLog() {
    return protoType.endsWith("appengine.logging.v1.RequestLog");
  }
}
