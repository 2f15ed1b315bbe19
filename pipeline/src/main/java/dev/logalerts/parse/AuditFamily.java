package dev.logalerts.parse;

import static dev.logalerts.parse.FamilyFields.P_BQ1_CODE;
import static dev.logalerts.parse.FamilyFields.P_BQ1_EVENT;
import static dev.logalerts.parse.FamilyFields.P_BQ1_MESSAGE;
import static dev.logalerts.parse.FamilyFields.P_BQ2_CODE;
import static dev.logalerts.parse.FamilyFields.P_BQ2_INSERTED_JOB_TYPE;
import static dev.logalerts.parse.FamilyFields.P_BQ2_JOB_TYPE;
import static dev.logalerts.parse.FamilyFields.P_BQ2_MESSAGE;
import static dev.logalerts.parse.FamilyFields.P_BQ_EVENT_REASON;
import static dev.logalerts.parse.FamilyFields.P_METHOD;
import static dev.logalerts.parse.FamilyFields.P_PGAUDIT_CLASS;
import static dev.logalerts.parse.FamilyFields.P_PGAUDIT_COMMAND;
import static dev.logalerts.parse.FamilyFields.P_READY_REASON;
import static dev.logalerts.parse.FamilyFields.P_RESOURCE_NAME;
import static dev.logalerts.parse.FamilyFields.P_SERVICE;
import static dev.logalerts.parse.FamilyFields.P_STATUS_CODE;
import static dev.logalerts.parse.FamilyFields.P_STATUS_MESSAGE;
import static dev.logalerts.parse.FamilyFields.P_VIOLATION;
import static dev.logalerts.parse.FamilyFields.P_WINDOW_STATUS;
import static dev.logalerts.parse.LogFamilies.and;
import static dev.logalerts.parse.LogFamilies.eq;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.RpcCodes;
import dev.logalerts.parse.FamilyFields.Source;
import dev.logalerts.parse.LogFamilies.Structural;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

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
 *       copy jobs are told apart; any other {@code BigQueryAuditMetadata} event follows as its name
 *       and reason ({@code InsertJob tableDataRead JOB}, {@code InsertJob jobInsertion
 *       JOB_INSERT_REQUEST QUERY}): one query writes a read per table, a change per destination and
 *       its insertion under the same method. A pgAudit statement (Cloud SQL for PostgreSQL,
 *       AlloyDB) adds its class and command tag ({@code cloudsql.instances.query READ SELECT}), a
 *       Cloud SQL backup window its status ({@code STATUS_FAILED}), and a Kubernetes request to a
 *       non-resource path ({@code io.k8s.get}) the path ({@code readyz}, {@code api/v1}).
 *   <li>template: the same without free text: {@code methodName} verbatim (never templated), the
 *       event details above, the code name, the violation reason (or a status message that is one
 *       reason token, as Compute writes {@code IP_SPACE_EXHAUSTED}, or the policy a denial names:
 *       {@code constraints/compute.vmExternalIpAccess}, {@code denied by
 *       autogke-disallow-privilege}, {@code violates PodSecurity "restricted:latest"}, Dataproc's
 *       {@code Insufficient 'CPUS' quota}; or the reason of the {@code Ready} condition of the
 *       resource in the response, Cloud Run's {@code HealthCheckContainerError}, {@code
 *       SecretsAccessCheckFailed}), {@code job failed: <CODE>}.
 * </ul>
 */
final class AuditFamily {
  private AuditFamily() {}

  static String message(Source f) {
    StringBuilder sb = new StringBuilder(head(f));
    appendEvent(sb, f, false);
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

  static @Nullable Structural structural(Source f) {
    if (f.get(P_METHOD).isEmpty()
        && JsonValues.unsignedInt(f.get(P_STATUS_CODE)) == 0
        && !f.get(P_STATUS_MESSAGE).isEmpty()) {
      // A system event without a method (Cloud Run's "Ready condition status changed to False
      // for Service x"): its text is all that tells one event from another, so it is mined.
      return null;
    }
    StringBuilder sb = new StringBuilder(head(f));
    String eventClause = appendEvent(sb, f, true);
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
      } else if (!f.get(P_READY_REASON).isEmpty()) {
        // A resource that did not become ready (Cloud Run's revision or service after
        // ReplaceService): its Ready condition's reason tells a container that did not listen
        // from an image not found or a secret not readable, which one code covers. Cloud Logging
        // matches an array's elements one by one, so the clause is on any condition's reason.
        String ready = f.get(P_READY_REASON);
        sb.append(' ').append(ready);
        violationClause = eq(P_READY_REASON, ready);
      } else if (code != RpcCodes.NOT_FOUND) {
        // A denial names the policy; a lookup of one that does not exist is not a denial.
        String policy = policyIn(reason);
        if (!policy.isEmpty()) {
          sb.append(' ').append(policy);
          violationClause = FamilyFields.path(P_STATUS_MESSAGE) + ":" + Filter.quote(policy);
        }
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
        sb.toString(), and(headClause, eventClause, codeClause, violationClause, jobClause));
  }

  private static String head(Source f) {
    String method = f.get(P_METHOD);
    if (!method.isEmpty()) {
      return method;
    }
    String service = f.get(P_SERVICE);
    return service.isEmpty() ? "audit" : service;
  }

  /**
   * The {@code BigQueryAuditMetadata} events with a reason, in the order of their slots from {@link
   * FamilyFields#P_BQ_EVENT_REASON}. {@code jobChange} has none: its job's type tells it.
   */
  static final String[] BQ_EVENTS = {
    "jobInsertion",
    "jobDeletion",
    "datasetCreation",
    "datasetChange",
    "datasetDeletion",
    "tableCreation",
    "tableChange",
    "tableDeletion",
    "tableDataRead",
    "tableDataChange",
    "modelCreation",
    "modelDeletion",
    "routineCreation",
    "routineChange",
    "routineDeletion"
  };

  /** Where a BigQuery job's kind is: legacy {@code eventName}, {@code jobChange}'s type. */
  private static final int[] JOB_KINDS = {P_BQ1_EVENT, P_BQ2_JOB_TYPE, P_BQ2_INSERTED_JOB_TYPE};

  /**
   * The longest non-resource Kubernetes path kept in a template ({@code readyz}, {@code api/v1}).
   */
  private static final int MAX_K8S_PATH = 64;

  /**
   * Appends what names the event beyond its method, each one a bounded set of values: a BigQuery
   * event's name and reason, a BigQuery job's kind ({@code query_job_completed}, {@code QUERY}), a
   * pgAudit statement's class and command, a backup window's status, a Kubernetes non-resource
   * path. Returns the restriction on them, or "". {@code forTemplate}: a non-resource path outside
   * the API server's own ({@link #isApiServerPath}) is written {@code <*>}.
   */
  private static String appendEvent(StringBuilder sb, Source f, boolean forTemplate) {
    String clause = "";
    // Only BigQuery writes these events: other audit logs skip the look-ups (a read of a parsed
    // event's payload is a search per slot).
    boolean bigQuery = f.get(P_SERVICE).equals("bigquery.googleapis.com");
    for (int i = 0; bigQuery && i < BQ_EVENTS.length; i++) {
      String reason = f.get(P_BQ_EVENT_REASON + i);
      if (!reason.isEmpty()) {
        sb.append(' ').append(BQ_EVENTS[i]).append(' ').append(reason);
        clause = eq(P_BQ_EVENT_REASON + i, reason);
        break;
      }
    }
    boolean kinded = false;
    for (int slot : JOB_KINDS) {
      String kind = f.get(slot);
      if (!kind.isEmpty()) {
        sb.append(' ').append(kind);
        clause = and(clause, eq(slot, kind));
        kinded = true;
        break;
      }
    }
    for (int i = 0; bigQuery && !kinded && i < JOB_KINDS.length; i++) {
      // A BigQuery entry without a job kind is a row apart from the kinded ones (InsertJob, not
      // InsertJob QUERY): its exclusion pins the kind's absence, or it would take theirs too.
      clause = and(clause, "NOT " + FamilyFields.path(JOB_KINDS[i]) + ":*");
    }
    String pgClass = f.get(P_PGAUDIT_CLASS);
    if (!pgClass.isEmpty()) {
      sb.append(' ').append(pgClass);
      clause = and(clause, eq(P_PGAUDIT_CLASS, pgClass));
      String command = f.get(P_PGAUDIT_COMMAND);
      if (!command.isEmpty()) {
        sb.append(' ').append(command);
        clause = and(clause, eq(P_PGAUDIT_COMMAND, command));
      }
    }
    String window = f.get(P_WINDOW_STATUS);
    if (isReasonToken(window)) {
      sb.append(' ').append(window);
      clause = and(clause, eq(P_WINDOW_STATUS, window));
    }
    String path = f.get(P_RESOURCE_NAME);
    if (isKubernetesVerbOnly(f.get(P_METHOD)) && !path.isEmpty() && path.length() <= MAX_K8S_PATH) {
      if (!forTemplate || isApiServerPath(path)) {
        sb.append(' ').append(path);
        clause = and(clause, eq(P_RESOURCE_NAME, path));
      } else {
        // Anything else is a probe of a public control plane (HNAP1, wp-login.php, .env): one row
        // for all of them, whose exclusion keeps the API server's own paths.
        sb.append(" <*>");
        clause =
            and(
                clause,
                "NOT "
                    + FamilyFields.path(P_RESOURCE_NAME)
                    + "=~"
                    + Filter.quote(API_SERVER_PATHS));
      }
    }
    return clause;
  }

  /**
   * The first segments of the Kubernetes API server's non-resource paths, as the audit log's
   * resource name writes them (no leading '/'): discovery, health, version, metrics, OpenAPI,
   * service account issuer discovery, logs and debug handlers.
   */
  private static final Set<String> API_SERVER_ROOTS =
      Set.of(
          "api",
          "apis",
          "healthz",
          "livez",
          "readyz",
          "version",
          "metrics",
          "openapi",
          ".well-known",
          "openid",
          "logs",
          "debug");

  /** {@link #API_SERVER_ROOTS} as a Cloud Logging regular expression on the whole path. */
  private static final String API_SERVER_PATHS =
      "^(" + String.join("|", new TreeSet<>(API_SERVER_ROOTS)).replace(".", "\\.") + ")(/|$)";

  /** Whether a non-resource path is one the API server serves ({@link #API_SERVER_ROOTS}). */
  static boolean isApiServerPath(String path) {
    int slash = path.indexOf('/');
    return API_SERVER_ROOTS.contains(slash < 0 ? path : path.substring(0, slash));
  }

  /**
   * A Kubernetes audit method without a resource ({@code io.k8s.get}): the request went to a
   * non-resource path such as {@code /readyz}, which the resource name holds.
   */
  private static boolean isKubernetesVerbOnly(String method) {
    return method.startsWith("io.k8s.") && method.indexOf('.', "io.k8s.".length()) < 0;
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

  private static final Pattern POLICY =
      Pattern.compile(
          "constraints/[A-Za-z0-9_.]{2,99}[A-Za-z0-9_]|denied by [A-Za-z0-9_-]{3,100}(?=\\])"
              + "|violates PodSecurity \"[a-z]{4,10}:[A-Za-z0-9.]{1,20}\""
              + "|Insufficient '[A-Z0-9_]{2,64}' quota");

  /**
   * The policy a denial names in its status message: an organization policy constraint ({@code
   * Constraint constraints/compute.vmExternalIpAccess violated for project …}), the GKE Autopilot
   * (Warden) rule ({@code [denied by autogke-disallow-privilege]}) or the Pod Security Standard a
   * namespace enforces ({@code pods "nginx" is forbidden: violates PodSecurity "restricted:latest":
   * privileged (…), …}: the level, not the list of what the pod got wrong), or the quota a request
   * exceeded as Dataproc names it ({@code Insufficient 'NVIDIA_A100_80GB_GPUS' quota. Requested
   * 5.0, available 0.0. …}: the quota, not the amounts); "" when none.
   */
  static String policyIn(String statusMessage) {
    if (statusMessage.indexOf("constraints/") < 0
        && statusMessage.indexOf("denied by ") < 0
        && statusMessage.indexOf("violates PodSecurity ") < 0
        && statusMessage.indexOf("Insufficient '") < 0) {
      return "";
    }
    Matcher m = POLICY.matcher(statusMessage);
    return m.find() ? m.group() : "";
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
    String name = RpcCodes.name(code);
    return name != null ? name : "CODE_" + text;
  }
}
