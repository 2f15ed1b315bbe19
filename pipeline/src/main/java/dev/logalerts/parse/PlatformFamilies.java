package dev.logalerts.parse;

import static dev.logalerts.parse.FamilyFields.J_INVOLVED_KIND;
import static dev.logalerts.parse.FamilyFields.J_REASON;
import static dev.logalerts.parse.FamilyFields.J_STATUS;
import static dev.logalerts.parse.FamilyFields.J_TARGET_TYPE;
import static dev.logalerts.parse.FamilyFields.J_TASK_STATUS;
import static dev.logalerts.parse.FamilyFields.J_TASK_TARGET;
import static dev.logalerts.parse.FamilyFields.J_TYPE;
import static dev.logalerts.parse.FamilyFields.J_URL;
import static dev.logalerts.parse.LogFamilies.and;
import static dev.logalerts.parse.LogFamilies.eq;
import static dev.logalerts.parse.LogFamilies.orDash;

import dev.logalerts.parse.FamilyFields.Source;
import dev.logalerts.parse.LogFamilies.Structural;

/**
 * Platform log families: Kubernetes events (GKE {@code events} log), Cloud Scheduler attempt logs
 * and Cloud Tasks task-activity logs.
 */
final class PlatformFamilies {
  private PlatformFamilies() {}

  // Kubernetes events: the event's own message is kept; the template is "<kind> <reason>".

  static String eventMessage(Source f) {
    return f.get(J_INVOLVED_KIND) + ' ' + f.get(J_REASON);
  }

  static Structural eventStructural(Source f) {
    String kind = f.get(J_INVOLVED_KIND);
    String reason = f.get(J_REASON);
    return new Structural(
        kind + ' ' + reason, and(eq(J_INVOLVED_KIND, kind), eq(J_REASON, reason)));
  }

  // Cloud Scheduler: "AttemptFinished NOT_FOUND HTTP https://example.com/run"

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
            eq(J_TYPE, type),
            status.isEmpty() ? "NOT " + FamilyFields.path(J_STATUS) + ":*" : eq(J_STATUS, status),
            target.isEmpty() ? "" : eq(J_TARGET_TYPE, target)));
  }

  // Cloud Tasks: "task attempt UNAVAILABLE POST https://example.com/work"

  static String tasksMessage(Source f) {
    return "task attempt " + orDash(f.get(J_TASK_STATUS)) + ' ' + orDash(f.get(J_TASK_TARGET));
  }

  static Structural tasksStructural(Source f) {
    String status = f.get(J_TASK_STATUS);
    String target = f.get(J_TASK_TARGET);
    int space = target.indexOf(' ');
    String method = space > 0 ? target.substring(0, space) : "";
    return new Structural(
        "Cloud Tasks attempt " + orDash(status) + (method.isEmpty() ? "" : " " + method),
        status.isEmpty() ? "" : eq(J_TASK_STATUS, status));
  }

  /** The message type's last name: {@code ….logging.AttemptFinished} → {@code AttemptFinished}. */
  private static String shortType(String type) {
    int dot = type.lastIndexOf('.');
    return dot < 0 ? orDash(type) : type.substring(dot + 1);
  }
}
