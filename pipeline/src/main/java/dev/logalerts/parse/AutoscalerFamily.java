package dev.logalerts.parse;

import static dev.logalerts.parse.FamilyFields.J_CA_DOWN_NODE;
import static dev.logalerts.parse.FamilyFields.J_CA_DOWN_NODEPOOL;
import static dev.logalerts.parse.FamilyFields.J_CA_MEASURE_TIME;
import static dev.logalerts.parse.FamilyFields.J_CA_NODES_COUNT;
import static dev.logalerts.parse.FamilyFields.J_CA_NODES_TARGET;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_DOWN_NODES;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_DOWN_NODE_REASON;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_DOWN_NODE_REASON_PARAMETER;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_DOWN_REASON;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_DOWN_REASON_PARAMETER;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_UP_NAP_REASON;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_UP_NAP_REASON_PARAMETER;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_UP_PODS;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_UP_POD_NAP;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_UP_POD_NAP_PARAMETER;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_UP_POD_REJECTED;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_UP_POD_REJECTED_PARAMETER;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_UP_REASON;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_UP_REASON_PARAMETER;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_UP_SKIPPED;
import static dev.logalerts.parse.FamilyFields.J_CA_NO_UP_SKIPPED_PARAMETER;
import static dev.logalerts.parse.FamilyFields.J_CA_POOL_CREATED;
import static dev.logalerts.parse.FamilyFields.J_CA_POOL_DELETED;
import static dev.logalerts.parse.FamilyFields.J_CA_RESULT_ERROR;
import static dev.logalerts.parse.FamilyFields.J_CA_RESULT_EVENT;
import static dev.logalerts.parse.FamilyFields.J_CA_RESULT_PARAMETER;
import static dev.logalerts.parse.FamilyFields.J_CA_UP_NODEPOOL;
import static dev.logalerts.parse.FamilyFields.J_CA_UP_PODS;
import static dev.logalerts.parse.FamilyFields.J_CA_UP_REQUESTED;
import static dev.logalerts.parse.LogFamilies.and;
import static dev.logalerts.parse.LogFamilies.eq;

import dev.logalerts.parse.FamilyFields.Source;
import dev.logalerts.parse.LogFamilies.Structural;

/**
 * GKE cluster autoscaler visibility events (log {@code
 * container.googleapis.com/cluster-autoscaler-visibility}): a jsonPayload without message text
 * whose one top-level key says the kind of event. The message names the kind and what an operator
 * acts on — the node pool and node counts of a decision, the {@code messageId} of a failed result
 * or of the reason nothing was scaled ({@code cluster autoscaler noScaleUp
 * no.scale.up.nap.pod.zonal.resources.exceeded asia-northeast1-a}); the template keeps the kind and
 * the {@code messageId}, both constant (pool names of node auto-provisioning are generated, so they
 * stay in the message only). Array fields are read from their first element.
 *
 * <p>An event none of whose fields below is present keeps its payload shape ({@code {decision}}).
 */
final class AutoscalerFamily {
  private AutoscalerFamily() {}

  static final String LOG_ID = "container.googleapis.com/cluster-autoscaler-visibility";

  private static final String PREFIX = "cluster autoscaler ";

  /** Where a {@code noScaleUp} event's reason may be, most general first. */
  private static final int[] NO_SCALE_UP_REASONS = {
    J_CA_NO_UP_REASON,
    J_CA_NO_UP_NAP_REASON,
    J_CA_NO_UP_SKIPPED,
    J_CA_NO_UP_POD_NAP,
    J_CA_NO_UP_POD_REJECTED
  };

  /** The first parameter of each of those reasons, in the same order. */
  private static final int[] NO_SCALE_UP_PARAMETERS = {
    J_CA_NO_UP_REASON_PARAMETER,
    J_CA_NO_UP_NAP_REASON_PARAMETER,
    J_CA_NO_UP_SKIPPED_PARAMETER,
    J_CA_NO_UP_POD_NAP_PARAMETER,
    J_CA_NO_UP_POD_REJECTED_PARAMETER
  };

  /** Where a {@code noScaleDown} event's reason may be, and its first parameter. */
  private static final int[] NO_SCALE_DOWN_REASONS = {
    J_CA_NO_DOWN_REASON, J_CA_NO_DOWN_NODE_REASON
  };

  private static final int[] NO_SCALE_DOWN_PARAMETERS = {
    J_CA_NO_DOWN_REASON_PARAMETER, J_CA_NO_DOWN_NODE_REASON_PARAMETER
  };

  private enum Kind {
    SCALE_UP("scaleUp", "jsonPayload.decision.scaleUp"),
    SCALE_DOWN("scaleDown", "jsonPayload.decision.scaleDown"),
    NODE_POOL_CREATED("nodePoolCreated", "jsonPayload.decision.nodePoolCreated"),
    NODE_POOL_DELETED("nodePoolDeleted", "jsonPayload.decision.nodePoolDeleted"),
    RESULT("resultInfo", "jsonPayload.resultInfo"),
    NO_SCALE_UP("noScaleUp", "jsonPayload.noDecisionStatus.noScaleUp"),
    NO_SCALE_DOWN("noScaleDown", "jsonPayload.noDecisionStatus.noScaleDown"),
    STATUS("status", "jsonPayload.status");

    final String name;
    final String path;

    Kind(String name, String path) {
      this.name = name;
      this.path = path;
    }
  }

  private static Kind kind(Source f) {
    if (any(f, J_CA_UP_NODEPOOL, J_CA_UP_REQUESTED, J_CA_UP_PODS)) {
      return Kind.SCALE_UP;
    }
    if (any(f, J_CA_DOWN_NODEPOOL, J_CA_DOWN_NODE)) {
      return Kind.SCALE_DOWN;
    }
    if (any(f, J_CA_POOL_CREATED)) {
      return Kind.NODE_POOL_CREATED;
    }
    if (any(f, J_CA_POOL_DELETED)) {
      return Kind.NODE_POOL_DELETED;
    }
    if (any(f, J_CA_RESULT_EVENT, J_CA_RESULT_ERROR)) {
      return Kind.RESULT;
    }
    if (any(f, J_CA_NO_UP_PODS) || any(f, NO_SCALE_UP_REASONS)) {
      return Kind.NO_SCALE_UP;
    }
    if (any(f, J_CA_NO_DOWN_NODES) || any(f, NO_SCALE_DOWN_REASONS)) {
      return Kind.NO_SCALE_DOWN;
    }
    // A cluster writes its status twice, interleaved: with node counts for each zone and with
    // measureTime only for its region. Both are "cluster autoscaler status".
    if (any(f, J_CA_NODES_COUNT, J_CA_NODES_TARGET, J_CA_MEASURE_TIME)) {
      return Kind.STATUS;
    }
    return null;
  }

  static String message(Source f) {
    Kind kind = kind(f);
    if (kind == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(PREFIX).append(kind.name);
    switch (kind) {
      case SCALE_UP:
        append(sb, "", f.get(J_CA_UP_NODEPOOL), "");
        append(sb, "+", f.get(J_CA_UP_REQUESTED), " nodes");
        append(sb, "for ", f.get(J_CA_UP_PODS), " pods");
        break;
      case SCALE_DOWN:
        append(sb, "", f.get(J_CA_DOWN_NODEPOOL), "");
        append(sb, "node ", f.get(J_CA_DOWN_NODE), "");
        break;
      case NODE_POOL_CREATED:
        append(sb, "", f.get(J_CA_POOL_CREATED), "");
        break;
      case NODE_POOL_DELETED:
        append(sb, "", f.get(J_CA_POOL_DELETED), "");
        break;
      case RESULT:
        String error = f.get(J_CA_RESULT_ERROR);
        sb.append(error.isEmpty() ? " OK" : " " + error);
        append(sb, "", f.get(J_CA_RESULT_PARAMETER), "");
        break;
      case NO_SCALE_UP:
        appendReason(sb, f, NO_SCALE_UP_REASONS, NO_SCALE_UP_PARAMETERS);
        break;
      case NO_SCALE_DOWN:
        appendReason(sb, f, NO_SCALE_DOWN_REASONS, NO_SCALE_DOWN_PARAMETERS);
        break;
      case STATUS:
        append(sb, "", f.get(J_CA_NODES_COUNT), " nodes");
        append(sb, "target ", f.get(J_CA_NODES_TARGET), "");
        break;
    }
    return sb.toString();
  }

  static Structural structural(Source f) {
    Kind kind = kind(f);
    if (kind == null) {
      return null;
    }
    String presence = kind.path + ":*";
    switch (kind) {
      case RESULT:
        String error = f.get(J_CA_RESULT_ERROR);
        String errorPath = FamilyFields.path(J_CA_RESULT_ERROR);
        return error.isEmpty()
            ? new Structural(PREFIX + "resultInfo OK", and(presence, "NOT " + errorPath + ":*"))
            : new Structural(PREFIX + "resultInfo " + error, eq(J_CA_RESULT_ERROR, error));
      case NO_SCALE_UP:
        return withReason(kind, presence, f, NO_SCALE_UP_REASONS);
      case NO_SCALE_DOWN:
        return withReason(kind, presence, f, NO_SCALE_DOWN_REASONS);
      default:
        return new Structural(PREFIX + kind.name, presence);
    }
  }

  /**
   * The template of a no-scaling event with the first reason found: its {@code messageId} equal at
   * its own path, and the more general reasons absent, so the clauses select this template only.
   */
  private static Structural withReason(Kind kind, String presence, Source f, int[] slots) {
    int found = firstPresent(f, slots);
    StringBuilder clauses = new StringBuilder(presence);
    for (int i = 0; i < (found < 0 ? slots.length : found); i++) {
      clauses.append(" AND NOT ").append(FamilyFields.path(slots[i])).append(":*");
    }
    if (found < 0) {
      return new Structural(PREFIX + kind.name, clauses.toString());
    }
    String reason = f.get(slots[found]);
    clauses.append(" AND ").append(eq(slots[found], reason));
    return new Structural(PREFIX + kind.name + ' ' + reason, clauses.toString());
  }

  private static void appendReason(StringBuilder sb, Source f, int[] reasons, int[] parameters) {
    int found = firstPresent(f, reasons);
    if (found >= 0) {
      sb.append(' ').append(f.get(reasons[found]));
      append(sb, "", f.get(parameters[found]), "");
    }
  }

  private static void append(StringBuilder sb, String before, String value, String after) {
    if (!value.isEmpty()) {
      sb.append(' ').append(before).append(value).append(after);
    }
  }

  private static boolean any(Source f, int... slots) {
    return firstPresent(f, slots) >= 0;
  }

  /** The index of the first slot with a value, or -1. */
  private static int firstPresent(Source f, int[] slots) {
    for (int i = 0; i < slots.length; i++) {
      if (!f.get(slots[i]).isEmpty()) {
        return i;
      }
    }
    return -1;
  }
}
