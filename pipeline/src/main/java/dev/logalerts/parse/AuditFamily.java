package dev.logalerts.parse;

import static dev.logalerts.parse.FamilyFields.P_BQ1_CODE;
import static dev.logalerts.parse.FamilyFields.P_BQ1_EVENT;
import static dev.logalerts.parse.FamilyFields.P_BQ1_MESSAGE;
import static dev.logalerts.parse.FamilyFields.P_BQ2_CODE;
import static dev.logalerts.parse.FamilyFields.P_BQ2_JOB_TYPE;
import static dev.logalerts.parse.FamilyFields.P_BQ2_MESSAGE;
import static dev.logalerts.parse.FamilyFields.P_METHOD;
import static dev.logalerts.parse.FamilyFields.P_SERVICE;
import static dev.logalerts.parse.FamilyFields.P_STATUS_CODE;
import static dev.logalerts.parse.FamilyFields.P_STATUS_MESSAGE;
import static dev.logalerts.parse.FamilyFields.P_VIOLATION;
import static dev.logalerts.parse.LogFamilies.and;
import static dev.logalerts.parse.LogFamilies.eq;

import dev.logalerts.parse.FamilyFields.Source;
import dev.logalerts.parse.LogFamilies.Structural;

/**
 * Cloud Audit Logs (admin activity, data access, system event, policy denied; Kubernetes audit logs
 * too, whose {@code methodName} is verb and resource: {@code io.k8s.core.v1.pods.create}).
 *
 * <ul>
 *   <li>message: {@code <methodName>}, then {@code ": <CODE> <status.message>"} for an error status
 *       (the message left out when it only repeats the code), {@code ": <status.message>"} for an
 *       OK status with a message; a policy denial's {@code metadata.violationReason} after the
 *       code; a BigQuery job that completed with an error ({@code jobStatus.error} of the legacy
 *       {@code serviceData}, {@code jobStatus.errorResult} of {@code BigQueryAuditMetadata}) adds
 *       {@code ": job failed: <CODE> <message>"} (the message left out when {@code status.message}
 *       already said it, as legacy {@code jobservice.jobcompleted} entries do). Without a {@code
 *       methodName} the head is {@code serviceName}. A BigQuery job's kind follows the head: the
 *       legacy {@code jobCompletedEvent.eventName} ({@code jobservice.jobcompleted
 *       query_job_completed}) or {@code jobChange}'s {@code job.jobConfig.type} ({@code
 *       google.cloud.bigquery.v2.JobService.InsertJob QUERY}), so that query, load, extract and
 *       copy jobs are told apart.
 *   <li>template: the same without free text: {@code methodName} verbatim (never templated), the
 *       job's kind, the code name, the violation reason (or a status message that is one reason
 *       token, as Compute writes {@code IP_SPACE_EXHAUSTED}), {@code job failed: <CODE>}.
 * </ul>
 */
final class AuditFamily {
  private AuditFamily() {}

  private static final String[] RPC_CODES = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED"
  };

  static String message(Source f) {
    StringBuilder sb = new StringBuilder(head(f));
    appendJobKind(sb, f);
    int code = JsonValues.unsignedInt(f.get(P_STATUS_CODE));
    String statusMessage = f.get(P_STATUS_MESSAGE);
    if (code != 0) {
      String name = codeName(code, f.get(P_STATUS_CODE));
      sb.append(": ").append(name);
      String violation = f.get(P_VIOLATION);
      if (!violation.isEmpty()) {
        sb.append(' ').append(violation);
      }
      if (!statusMessage.isEmpty() && !statusMessage.equals(name)) {
        sb.append(' ').append(statusMessage);
      }
    } else if (!statusMessage.isEmpty()) {
      sb.append(": ").append(statusMessage);
    }
    String jobCode = jobErrorCode(f);
    if (!jobCode.isEmpty()) {
      sb.append(": job failed: ").append(jobCode);
      String m = f.get(P_BQ2_MESSAGE).isEmpty() ? f.get(P_BQ1_MESSAGE) : f.get(P_BQ2_MESSAGE);
      // A legacy jobcompleted entry puts the job's error in protoPayload.status too: once is enough
      if (!m.isEmpty() && !m.equals(statusMessage)) {
        sb.append(' ').append(m);
      }
    }
    return sb.toString();
  }

  static Structural structural(Source f) {
    StringBuilder sb = new StringBuilder(head(f));
    String jobKindClause = appendJobKind(sb, f);
    String codeText = f.get(P_STATUS_CODE);
    int code = JsonValues.unsignedInt(codeText);
    String codeClause = "";
    String violationClause = "";
    if (code != 0) {
      sb.append(": ").append(codeName(code, codeText));
      codeClause = "protoPayload.status.code=" + codeText;
      String violation = f.get(P_VIOLATION);
      String reason = f.get(P_STATUS_MESSAGE);
      if (!violation.isEmpty()) {
        sb.append(' ').append(violation);
        violationClause = eq(P_VIOLATION, violation);
      } else if (isReasonToken(reason) && !reason.equals(codeName(code, codeText))) {
        // Compute puts its reason in the status message (IP_SPACE_EXHAUSTED,
        // ZONE_RESOURCE_POOL_EXHAUSTED, QUOTA_EXCEEDED): what tells one shortage from another.
        sb.append(' ').append(reason);
        violationClause = eq(P_STATUS_MESSAGE, reason);
      }
    }
    String jobCode = jobErrorCode(f);
    String jobClause = "";
    if (!jobCode.isEmpty()) {
      sb.append(": job failed: ").append(jobCode);
      jobClause =
          f.get(P_BQ2_CODE).isEmpty() && f.get(P_BQ2_MESSAGE).isEmpty()
              ? jobErrorClause(f, P_BQ1_CODE, P_BQ1_MESSAGE)
              : jobErrorClause(f, P_BQ2_CODE, P_BQ2_MESSAGE);
    }
    String method = f.get(P_METHOD);
    String headClause =
        method.isEmpty()
            ? and("NOT " + FamilyFields.path(P_METHOD) + ":*", eq(P_SERVICE, f.get(P_SERVICE)))
            : eq(P_METHOD, method);
    return new Structural(
        sb.toString(), and(headClause, jobKindClause, codeClause, violationClause, jobClause));
  }

  private static String head(Source f) {
    String method = f.get(P_METHOD);
    if (!method.isEmpty()) {
      return method;
    }
    String service = f.get(P_SERVICE);
    return service.isEmpty() ? "audit" : service;
  }

  /** Where a BigQuery job's kind is: legacy {@code eventName}, {@code jobChange}'s type. */
  private static final int[] JOB_KINDS = {P_BQ1_EVENT, P_BQ2_JOB_TYPE};

  /**
   * Appends {@code " <kind>"} of a BigQuery job ({@code query_job_completed}, {@code QUERY}) when
   * the entry names one; returns the restriction on it, or "".
   */
  private static String appendJobKind(StringBuilder sb, Source f) {
    for (int slot : JOB_KINDS) {
      String kind = f.get(slot);
      if (!kind.isEmpty()) {
        sb.append(' ').append(kind);
        return eq(slot, kind);
      }
    }
    return "";
  }

  /** Code name of a BigQuery job's error, or "" when the job did not fail. */
  private static String jobErrorCode(Source f) {
    String c2 = f.get(P_BQ2_CODE);
    String m2 = f.get(P_BQ2_MESSAGE);
    if (!c2.isEmpty() || !m2.isEmpty()) {
      return c2.isEmpty() ? "UNKNOWN" : codeName(JsonValues.unsignedInt(c2), c2);
    }
    String c1 = f.get(P_BQ1_CODE);
    String m1 = f.get(P_BQ1_MESSAGE);
    if (!c1.isEmpty() || !m1.isEmpty()) {
      return c1.isEmpty() ? "UNKNOWN" : codeName(JsonValues.unsignedInt(c1), c1);
    }
    return "";
  }

  /** The job error's code (one row per code), or the presence of its message when it has none. */
  private static String jobErrorClause(Source f, int codeSlot, int messageSlot) {
    String c = f.get(codeSlot);
    if (c.isEmpty()) {
      return FamilyFields.path(messageSlot) + ":*";
    }
    return JsonValues.unsignedInt(c) > 0 || c.equals("0")
        ? FamilyFields.path(codeSlot) + "=" + c
        : eq(codeSlot, c);
  }

  /** A reason written as one upper-case token with an underscore ({@code IP_SPACE_EXHAUSTED}). */
  private static boolean isReasonToken(String s) {
    if (s.length() < 3 || s.length() > 64 || s.indexOf('_') < 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return s.charAt(0) >= 'A' && s.charAt(0) <= 'Z';
  }

  /** The google.rpc.Code name ({@code 7} → {@code PERMISSION_DENIED}), else {@code CODE_<n>}. */
  static String codeName(int code, String text) {
    return code >= 0 && code < RPC_CODES.length ? RPC_CODES[code] : "CODE_" + text;
  }
}
