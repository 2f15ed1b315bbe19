package dev.logalerts.parse;

import static dev.logalerts.parse.FamilyFields.J_ARMOR_ACTION;
import static dev.logalerts.parse.FamilyFields.J_ARMOR_NAME;
import static dev.logalerts.parse.FamilyFields.J_ARMOR_OUTCOME;
import static dev.logalerts.parse.FamilyFields.J_EDGE_NAME;
import static dev.logalerts.parse.FamilyFields.J_EDGE_OUTCOME;
import static dev.logalerts.parse.FamilyFields.J_PREVIEW_NAME;
import static dev.logalerts.parse.FamilyFields.J_PREVIEW_OUTCOME;
import static dev.logalerts.parse.FamilyFields.J_STATUS_DETAILS;

import dev.logalerts.filter.Filter;
import dev.logalerts.parse.FamilyFields.Source;
import java.util.ArrayList;
import java.util.List;

/**
 * What a load-balancer request log adds to its request template ({@link
 * LogFamilies#appendRequestDetails}): {@code statusDetails}, the Cloud Armor policy and outcome
 * (edge policy first), the rate limit that denied a request ({@code THROTTLE} over its threshold,
 * {@code RATE_BASED_BAN}), and a preview policy's verdict where it differs; and the exclusion
 * clauses read back from such a template ({@link LogFamilies#requestDetailClauses}).
 *
 * <p>A rate limit's denials are not its policy's rule denials: a rule denies a kind of request
 * whatever its volume, a rate limit one client's volume of requests a rule would allow. One policy
 * holds both, and both deny with a 4xx, so without the configured action one row (and one
 * exclusion) held a policy's blocked attacks and its banned floods.
 */
final class ArmorDetails {
  private ArmorDetails() {}

  private static final String ACTION = "jsonPayload.enforcedSecurityPolicy.configuredAction";

  /** A backend policy's configured actions that deny by request volume, not by request. */
  private static final List<String> RATE_LIMITS = List.of("THROTTLE", "RATE_BASED_BAN");

  static boolean isRateLimit(String action) {
    return RATE_LIMITS.contains(action);
  }

  static void append(Source f, StringBuilder out) {
    String details = f.get(J_STATUS_DETAILS);
    if (!details.isEmpty()) {
      out.append(' ').append(details);
    }
    String outcome = f.get(J_EDGE_OUTCOME);
    String policy = f.get(J_EDGE_NAME);
    boolean edge = !outcome.isEmpty();
    if (!edge) {
      outcome = f.get(J_ARMOR_OUTCOME);
      policy = f.get(J_ARMOR_NAME);
    }
    if (!outcome.isEmpty()) {
      out.append(" armor ");
      if (!policy.isEmpty()) {
        out.append(policy).append(' ');
      }
      out.append(outcome);
      // Edge policies have no rate limits; an accepted request under a limit is not one it denied.
      String action = edge || !outcome.equals("DENY") ? "" : f.get(J_ARMOR_ACTION);
      if (isRateLimit(action)) {
        out.append(' ').append(action);
      }
    }
    // A preview rule's verdict where it differs from what was done: the requests it would block.
    String preview = f.get(J_PREVIEW_OUTCOME);
    if (!preview.isEmpty() && !preview.equals(outcome)) {
      out.append(" preview ");
      String previewPolicy = f.get(J_PREVIEW_NAME);
      if (!previewPolicy.isEmpty()) {
        out.append(previewPolicy).append(' ');
      }
      out.append(preview);
    }
  }

  static List<String> clauses(String template) {
    List<String> clauses = new ArrayList<>(2);
    String[] parts = template.split(" ", 4);
    if (parts.length < 4) {
      return clauses;
    }
    List<String> words = List.of(parts[3].split(" "));
    int armor = words.indexOf("armor");
    if (armor != 0 && !words.get(0).equals("preview")) {
      clauses.add("jsonPayload.statusDetails=" + Filter.quote(words.get(0)));
    }
    int preview = words.indexOf("preview");
    int end = preview > armor ? preview : words.size();
    String action = "";
    if (armor >= 0 && end - armor >= 3 && isRateLimit(words.get(end - 1))) {
      action = " AND " + ACTION + "=" + Filter.quote(words.get(--end));
    } else if (armor >= 0 && end > armor + 1 && words.get(end - 1).equals("DENY")) {
      // A DENY row without a rate limit is the rules' denials: its exclusion leaves the limits'.
      for (String limit : RATE_LIMITS) {
        action += " AND NOT " + ACTION + "=" + Filter.quote(limit);
      }
    }
    if (armor >= 0 && end - armor == 3) {
      // "armor my-policy DENY": that policy's verdict, not another policy's of the same outcome.
      String policy = Filter.quote(words.get(armor + 1));
      String outcome = Filter.quote(words.get(end - 1));
      clauses.add(
          "((jsonPayload.enforcedSecurityPolicy.name="
              + policy
              + " AND jsonPayload.enforcedSecurityPolicy.outcome="
              + outcome
              + action
              + ") OR (jsonPayload.enforcedEdgeSecurityPolicy.name="
              + policy
              + " AND jsonPayload.enforcedEdgeSecurityPolicy.outcome="
              + outcome
              + "))");
    } else if (armor >= 0 && end - armor >= 2) {
      String outcome = Filter.quote(words.get(end - 1));
      String backend = "jsonPayload.enforcedSecurityPolicy.outcome=" + outcome;
      clauses.add(
          "("
              + (action.isEmpty() ? backend : "(" + backend + action + ")")
              + " OR jsonPayload.enforcedEdgeSecurityPolicy.outcome="
              + outcome
              + ")");
    }
    return clauses;
  }
}
