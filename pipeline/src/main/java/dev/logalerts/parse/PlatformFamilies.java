package dev.logalerts.parse;

import static dev.logalerts.parse.FamilyFields.J_DP_CONSTRAINT;
import static dev.logalerts.parse.FamilyFields.J_DP_DECISION;
import static dev.logalerts.parse.FamilyFields.J_DP_DETAILS;
import static dev.logalerts.parse.FamilyFields.J_DP_ERROR;
import static dev.logalerts.parse.FamilyFields.J_DP_METRIC;
import static dev.logalerts.parse.FamilyFields.J_DP_STATE;
import static dev.logalerts.parse.FamilyFields.J_INVOLVED_KIND;
import static dev.logalerts.parse.FamilyFields.J_MESSAGE;
import static dev.logalerts.parse.FamilyFields.J_REASON;
import static dev.logalerts.parse.FamilyFields.J_SCHED_DEBUG_INFO;
import static dev.logalerts.parse.FamilyFields.J_STATUS;
import static dev.logalerts.parse.FamilyFields.J_TARGET_TYPE;
import static dev.logalerts.parse.FamilyFields.J_TASK_STATUS;
import static dev.logalerts.parse.FamilyFields.J_TASK_TARGET;
import static dev.logalerts.parse.FamilyFields.J_TYPE;
import static dev.logalerts.parse.FamilyFields.J_URL;
import static dev.logalerts.parse.FamilyFields.J_WF_CALLEE;
import static dev.logalerts.parse.FamilyFields.J_WF_HANDLED;
import static dev.logalerts.parse.FamilyFields.J_WF_RAISED;
import static dev.logalerts.parse.FamilyFields.J_WF_STATE;
import static dev.logalerts.parse.FamilyFields.J_WF_STEP;
import static dev.logalerts.parse.LogFamilies.and;
import static dev.logalerts.parse.LogFamilies.eq;
import static dev.logalerts.parse.LogFamilies.has;
import static dev.logalerts.parse.LogFamilies.orDash;

import dev.logalerts.parse.FamilyFields.Source;
import dev.logalerts.parse.LogFamilies.Structural;

/**
 * Platform log families: Kubernetes events (GKE {@code events} log), Cloud Scheduler attempt logs,
 * Cloud Tasks task-activity logs, Cloud Workflows execution and call logs and the Dataproc cluster
 * autoscaler's log.
 */
final class PlatformFamilies {
  private PlatformFamilies() {}

  // Kubernetes events: the event's own message is kept; the template is "<kind> <reason>".

  static String eventMessage(Source f) {
    return f.get(J_INVOLVED_KIND) + ' ' + f.get(J_REASON);
  }

  /** {@code "<reason>: "}, what goes before an event's JSON message; "" without a reason. */
  static String eventReasonPrefix(Source f) {
    String reason = f.get(J_REASON);
    return reason.isEmpty() ? "" : reason + ": ";
  }

  static Structural eventStructural(Source f) {
    String kind = f.get(J_INVOLVED_KIND);
    String reason = f.get(J_REASON);
    String probe = reason.equals("Unhealthy") ? probeOutcome(f.get(J_MESSAGE)) : "";
    if (!probe.isEmpty()) {
      return new Structural(
          kind + ' ' + reason + ' ' + probe,
          and(eq(J_INVOLVED_KIND, kind), eq(J_REASON, reason), has(J_MESSAGE, probe)));
    }
    return new Structural(
        kind + ' ' + reason, and(eq(J_INVOLVED_KIND, kind), eq(J_REASON, reason)));
  }

  private static final String[] PROBES = {"Liveness", "Readiness", "Startup"};

  /**
   * The kubelet's {@code Unhealthy} events tell which probe failed and how at the head of their
   * message ({@code Liveness probe failed: …}, {@code Readiness probe errored: …}): a failing
   * liveness or startup probe restarts the container, a readiness probe only takes the pod out of
   * its Services, so they are different rows. "" for any other message.
   */
  static String probeOutcome(String message) {
    for (String probe : PROBES) {
      if (message.startsWith(probe) && message.startsWith(" probe ", probe.length())) {
        int start = probe.length() + " probe ".length();
        int end = start;
        while (end < message.length() && Character.isLowerCase(message.charAt(end))) {
          end++;
        }
        return end > start ? message.substring(0, end) : "";
      }
    }
    return "";
  }

  // Cloud Scheduler: "AttemptFinished NOT_FOUND HTTP https://example.com/run", and for a failed
  // attempt the reason Scheduler gives with the target's HTTP code, which the status alone does
  // not say (INTERNAL is any 5xx): ": URL_UNREACHABLE-UNREACHABLE_5xx. Original HTTP response code
  // number = 500".
  static String schedulerMessage(Source f) {
    StringBuilder sb = new StringBuilder(shortType(f.get(J_TYPE)));
    String status = f.get(J_STATUS);
    if (!status.isEmpty()) {
      sb.append(' ').append(status);
    }
    sb.append(' ').append(orDash(f.get(J_TARGET_TYPE)));
    String url = f.get(J_URL);
    if (!url.isEmpty()) {
      sb.append(' ').append(url);
    }
    String debugInfo = f.get(J_SCHED_DEBUG_INFO);
    if (!status.isEmpty() && !debugInfo.isEmpty()) {
      sb.append(": ").append(debugInfo);
    }
    return sb.toString();
  }

  static Structural schedulerStructural(Source f) {
    String type = f.get(J_TYPE);
    String status = f.get(J_STATUS);
    String target = f.get(J_TARGET_TYPE);
    StringBuilder sb = new StringBuilder("Cloud Scheduler ").append(shortType(type));
    if (!status.isEmpty()) {
      sb.append(' ').append(status);
    }
    sb.append(' ').append(orDash(target));
    return new Structural(
        sb.toString(),
        and(
            // The type's last part: the template holds it (an exclusion keeps only what its
            // template shows), and it tells AttemptStarted from AttemptFinished.
            type.isEmpty() ? "" : has(J_TYPE, shortType(type)),
            status.isEmpty() ? "NOT " + FamilyFields.path(J_STATUS) + ":*" : eq(J_STATUS, status),
            target.isEmpty() ? "" : eq(J_TARGET_TYPE, target)));
  }

  // Cloud Tasks: "task attempt UNAVAILABLE POST https://example.com/work"

  static String tasksMessage(Source f) {
    return "task attempt " + orDash(f.get(J_TASK_STATUS)) + ' ' + orDash(f.get(J_TASK_TARGET));
  }

  // The exclusion holds what the template shows and no more: the method (a queue's POST and GET
  // targets are two rows), and, for an entry without a response status, that absence. A queue with
  // logging on also writes its CreateTask, DeleteTask and AttemptDispatch operations here
  // (taskCreationLog, attemptDispatchLog: no attemptResponseLog), at the severity of its successful
  // responses, so without it that row's exclusion took the queue's OK responses too.
  static Structural tasksStructural(Source f) {
    String status = f.get(J_TASK_STATUS);
    String target = f.get(J_TASK_TARGET);
    String method = httpMethod(target);
    return new Structural(
        "Cloud Tasks attempt " + orDash(status) + (method.isEmpty() ? "" : " " + method),
        and(
            status.isEmpty()
                ? "NOT " + FamilyFields.path(J_TASK_STATUS) + ":*"
                : eq(J_TASK_STATUS, status),
            method.isEmpty() ? "" : FamilyFields.path(J_TASK_TARGET) + "=~\"^" + method + " \""));
  }

  /** The method before a task's target address ({@code POST} of {@code POST https://…}), or "". */
  private static String httpMethod(String target) {
    int space = target.indexOf(' ');
    if (space <= 0) {
      return "";
    }
    for (int i = 0; i < space; i++) {
      char c = target.charAt(i);
      if (c < 'A' || c > 'Z') {
        return ""; // not a method: kept out of the template and the exclusion alike
      }
    }
    return target.substring(0, space);
  }

  // Cloud Workflows (@type google.cloud.workflows.type.*). A call log (EngineCallLog, written
  // when call logging is on) has no message of its own: "call http.post EXCEPTION_RAISED at
  // callApi: {"message":"HTTP server responded with error code 503",…}". An execution log
  // (ExecutionsSystemLog) keeps its message ("Execution failed or cancelled."); both templates
  // name the event without the free text or the step's arguments: "Workflows call http.post
  // EXCEPTION_RAISED", "Workflows execution FAILED".

  static String workflowsMessage(Source f) {
    String callee = f.get(J_WF_CALLEE);
    String state = orDash(f.get(J_WF_STATE));
    StringBuilder sb =
        new StringBuilder(callee.isEmpty() ? "execution " : "call " + callee + ' ').append(state);
    String step = f.get(J_WF_STEP);
    if (!step.isEmpty()) {
      sb.append(" at ").append(step);
    }
    String exception = f.get(J_WF_RAISED).isEmpty() ? f.get(J_WF_HANDLED) : f.get(J_WF_RAISED);
    if (!exception.isEmpty()) {
      sb.append(": ").append(exception);
    }
    return sb.toString();
  }

  static Structural workflowsStructural(Source f) {
    String type = f.get(J_TYPE);
    String callee = f.get(J_WF_CALLEE);
    String state = f.get(J_WF_STATE);
    StringBuilder sb = new StringBuilder("Workflows ");
    sb.append(callee.isEmpty() ? "execution" : "call " + callee).append(' ').append(orDash(state));
    return new Structural(
        sb.toString(),
        and(
            eq(J_TYPE, type),
            callee.isEmpty() ? "" : eq(J_WF_CALLEE, callee),
            state.isEmpty() ? "" : eq(J_WF_STATE, state)));
  }

  // Dataproc cluster autoscaler (log dataproc.googleapis.com/autoscaler, an AutoscalerLog without
  // a message field): state, decision, the metric deciding it, the first constraint reached, then
  // status.error or else status.details: "Dataproc autoscaler RECOMMENDING SCALE_UP YARN_MEMORY:
  // Recommending a scale up from 2 to 4 primary workers." The template keeps the state, the
  // decision and the constraint (SCALING_CAPPED_DUE_TO_LACK_OF_QUOTA is the one to alert on), not
  // the metric, the sizes or the free text: "Dataproc autoscaler RECOMMENDING SCALE_UP".

  static final String DATAPROC_AUTOSCALER_LOG_ID = "dataproc.googleapis.com/autoscaler";

  static String dataprocAutoscalerMessage(Source f) {
    StringBuilder sb = dataprocAutoscalerHead(f, true);
    String text = f.get(J_DP_ERROR).isEmpty() ? f.get(J_DP_DETAILS) : f.get(J_DP_ERROR);
    if (!text.isEmpty()) {
      sb.append(": ").append(text);
    }
    return sb.toString();
  }

  static Structural dataprocAutoscalerStructural(Source f) {
    String state = f.get(J_DP_STATE);
    String decision = f.get(J_DP_DECISION);
    String constraint = f.get(J_DP_CONSTRAINT);
    return new Structural(
        dataprocAutoscalerHead(f, false).toString(),
        and(
            state.isEmpty() ? "" : eq(J_DP_STATE, state),
            decision.isEmpty() ? "" : eq(J_DP_DECISION, decision),
            constraint.isEmpty() ? "" : eq(J_DP_CONSTRAINT, constraint)));
  }

  /** State, decision, (the metric deciding it,) the first constraint reached. */
  private static StringBuilder dataprocAutoscalerHead(Source f, boolean withMetric) {
    StringBuilder sb = new StringBuilder("Dataproc autoscaler ").append(orDash(f.get(J_DP_STATE)));
    appendIfAny(sb, f.get(J_DP_DECISION));
    if (withMetric) {
      appendIfAny(sb, f.get(J_DP_METRIC));
    }
    appendIfAny(sb, f.get(J_DP_CONSTRAINT));
    return sb;
  }

  private static void appendIfAny(StringBuilder sb, String v) {
    if (!v.isEmpty()) {
      sb.append(' ').append(v);
    }
  }

  /** The message type's last name: {@code ….logging.AttemptFinished} → {@code AttemptFinished}. */
  private static String shortType(String type) {
    return orDash(LogFamilies.shortTypeName(type));
  }
}
