package dev.logalerts.filter;

import dev.logalerts.model.EditDistance;
import dev.logalerts.model.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Resolves the field path of a comparison to a {@link FieldPath}, refusing unknown fields with a
 * "did you mean" built from the LogEntry's field names, including the names BigQuery exports use
 * for the same fields ({@code protopayload_auditlog.serviceName} is {@code
 * protoPayload.serviceName} in a filter).
 *
 * <p>One snake_case name is an alias: {@code log_name} is {@code logName}. Cloud Logging accepts it
 * (sink and exclusion filters stored with {@code log_name="projects/…/logs/…"}, listed by {@code
 * gcloud logging sinks list}, and Google's GKE query samples use it); the other BigQuery column
 * names ({@code http_request.status}, {@code insert_id}) stay refused with a "did you mean".
 */
final class Fields {
  private Fields() {}

  static final String KNOWN_FIELDS =
      "known fields: insertId, timestamp, receiveTimestamp, severity, logName (or log_name), log_id"
          + " (or logId), projectId, resource.type, resource.labels.KEY, labels.KEY,"
          + " httpRequest.FIELD, operation.FIELD, trace, spanId, traceSampled, textPayload,"
          + " jsonPayload.PATH, protoPayload.PATH, sourceLocation.PATH, split.PATH, and the derived"
          + " service and message";

  static final List<String> HEADS =
      List.of(
          "insertId",
          "timestamp",
          "receiveTimestamp",
          "severity",
          "logName",
          "logId",
          "log_id",
          "projectId",
          "project_id",
          "service",
          "message",
          "textPayload",
          "trace",
          "spanId",
          "traceSampled",
          "resource",
          "labels",
          "operation",
          "httpRequest",
          "jsonPayload",
          "protoPayload",
          "sourceLocation",
          "split");

  private static final Set<String> SCALAR_HEADS =
      Set.of(
          "insertId",
          "timestamp",
          "receiveTimestamp",
          "severity",
          "logName",
          "logId",
          "log_id",
          "projectId",
          "project_id",
          "service",
          "message",
          "textPayload",
          "trace",
          "spanId",
          "traceSampled");

  private static final List<String> HTTP_FIELDS =
      List.of(
          "requestMethod",
          "requestUrl",
          "status",
          "requestSize",
          "responseSize",
          "latency",
          "remoteIp",
          "serverIp",
          "userAgent",
          "referer",
          "protocol",
          "cacheHit",
          "cacheLookup",
          "cacheFillBytes",
          "cacheValidatedWithOriginServer");

  /** LogEntry fields Cloud Logging knows but the parsed event does not keep. */
  private static final Set<String> NOT_KEPT =
      Set.of("errorGroups", "apphub", "apphubDestination", "apphubSource");

  /** Why a field of {@link #NOT_KEPT} is refused. */
  private static String whyNotKept(String head) {
    if (head.equals("errorGroups")) {
      // Error Reporting fills it in Cloud Logging's storage, after routing.
      return "Cloud Logging fills it in only for stored entries: log sinks cannot filter on it and"
          + " leave it out of what they export (Pub/Sub, BigQuery, Cloud Storage), so no entry"
          + " this pipeline reads has it; filter on the error's message or type instead";
    }
    return "it is part of LogEntry, but the pipeline does not keep it in the parsed entry";
  }

  /** The proto name of {@code logName}, accepted as Cloud Logging accepts it. */
  private static final String LOG_NAME_ALIAS = "log_name";

  private static final List<String> OPERATION_FIELDS = List.of("id", "producer", "first", "last");

  private static final List<String> RESOURCE_FIELDS = List.of("type", "labels");

  /** Resolves a TERM token used as a field name; {@code after} is named in error messages. */
  static FieldPath resolve(Token f, Token after) {
    if (f.quoted) {
      throw new FilterSyntaxException(
          "expected a field name before "
              + describe(after)
              + " but found the string "
              + Filter.quote(f.text),
          f.position());
    }
    for (int k = 0; k < f.segments.size(); k++) {
      if (f.segments.get(k).isEmpty()) {
        throw new FilterSyntaxException(
            "empty segment in field name '" + f.raw + "'", f.segmentStarts.get(k) + 1);
      }
    }
    List<String> segs = f.segments;
    if (segs.get(0).equals(LOG_NAME_ALIAS)) {
      segs = new ArrayList<>(segs);
      segs.set(0, "logName");
    }
    if (segs.get(0).equals("protoPayload")) {
      segs = ProtoFieldNames.canonical(segs); // any case, as Cloud Logging reads protoPayload
    }
    String head = segs.get(0);
    String top = segs.size() > 1 ? head + "." + segs.get(1) : head;
    if (NOT_KEPT.contains(head) || NOT_KEPT.contains(top)) {
      throw new FilterSyntaxException(
          "field '" + f.raw + "' is not supported", f.position(), whyNotKept(head));
    }
    if (!HEADS.contains(head)) {
      throw new FilterSyntaxException(
          "unknown field '" + f.raw + "'", f.position(), suggestHead(f, head) + KNOWN_FIELDS);
    }
    if (SCALAR_HEADS.contains(head) && segs.size() > 1) {
      throw new FilterSyntaxException(
          "unknown field '" + f.raw + "'", f.position(), "'" + head + "' has no sub-fields");
    }
    FieldPath path = FieldPath.of(segs);
    if (!path.isKnown()) {
      List<String> subs =
          head.equals("httpRequest")
              ? HTTP_FIELDS
              : head.equals("operation") ? OPERATION_FIELDS : RESOURCE_FIELDS;
      String sub = segs.size() > 1 ? segs.get(1) : "";
      String guess = closest(sub, subs);
      String suggestion =
          guess == null || segs.size() != 2 ? "" : "did you mean '" + head + "." + guess + "'? ";
      throw new FilterSyntaxException(
          "unknown field '" + f.raw + "'",
          f.position(),
          suggestion
              + "known fields of "
              + head
              + ": "
              + String.join(", ", subs).replace("labels", "labels.KEY"));
    }
    return path;
  }

  static String describe(Token t) {
    return t.type == Token.Type.OP ? t.describe() : "'" + t.raw + "'";
  }

  /**
   * "did you mean X? " for a misspelt head: BigQuery export column names ({@code
   * protopayload_auditlog}, {@code jsonpayload_v1_...}) map to the LogEntry field; otherwise the
   * closest field name within two edits, ignoring case.
   */
  private static String suggestHead(Token f, String head) {
    String rest = f.raw.substring(Math.min(f.raw.length(), head.length()));
    String lower = head.toLowerCase(Locale.ROOT);
    String mapped = null;
    if (lower.startsWith("protopayload_")) {
      mapped = "protoPayload";
    } else if (lower.startsWith("jsonpayload_")) {
      mapped = "jsonPayload";
    }
    if (mapped != null) {
      List<String> segs = new ArrayList<>(f.segments);
      segs.set(0, mapped);
      return "did you mean '"
          + (mapped.equals("protoPayload")
              ? FieldPath.of(ProtoFieldNames.canonical(segs)).toString()
              : mapped + rest)
          + "'? ("
          + head
          + " is a BigQuery export column; filters use the LogEntry field names) ";
    }
    String foreign = ForeignFields.hint(head, f.raw);
    if (foreign != null) {
      return foreign;
    }
    String guess = closest(head, HEADS);
    return guess == null ? "" : "did you mean '" + guess + rest + "'? ";
  }

  /** The candidate within edit distance 2 (ignoring case and underscores) of the word, or null. */
  static String closest(String word, List<String> candidates) {
    String best = null;
    int bestDist = 3;
    String w = word.toLowerCase(Locale.ROOT);
    String bare = w.replace("_", "");
    for (String c : candidates) {
      String lc = c.toLowerCase(Locale.ROOT);
      int d =
          Math.min(EditDistance.between(w, lc), EditDistance.between(bare, lc.replace("_", "")));
      if (d < bestDist) {
        bestDist = d;
        best = c;
      }
    }
    return best;
  }
}
