package dev.logalerts.parse;

import static dev.logalerts.parse.FamilyFields.J_AT_JOB_TITLE;
import static dev.logalerts.parse.FamilyFields.J_AT_METHOD;
import static dev.logalerts.parse.FamilyFields.J_AT_PRODUCT;
import static dev.logalerts.parse.FamilyFields.J_AT_REASON_DETAIL;
import static dev.logalerts.parse.FamilyFields.J_AT_REASON_TYPE;
import static dev.logalerts.parse.FamilyFields.J_TYPE;
import static dev.logalerts.parse.LogFamilies.and;
import static dev.logalerts.parse.LogFamilies.eq;

import dev.logalerts.parse.FamilyFields.Source;
import dev.logalerts.parse.LogFamilies.Structural;

/**
 * Access Transparency logs (log {@code cloudaudit.googleapis.com/access_transparency}, a {@code
 * jsonPayload} of type {@code google.cloud.audit.TransparencyLog}): one entry per access of Google
 * personnel to customer content. They sit in an audit log but carry no {@code protoPayload}.
 *
 * <ul>
 *   <li>message: {@code Access Transparency <reason.type> <product> <accesses.methodName>}, then
 *       {@code " by <principalJobTitle>"} and {@code ": <reason.detail>"} (the case or ticket):
 *       {@code Access Transparency CUSTOMER_INITIATED_SUPPORT Cloud Storage GoogleInternal.Read by
 *       Engineering: Case number: bar123}.
 *   <li>template: why, where and what, without the accessor or the case: {@code Access Transparency
 *       CUSTOMER_INITIATED_SUPPORT Cloud Storage GoogleInternal.Read}; its exclusion restricts all
 *       three (an absent one to its absence), so it never matches every access.
 * </ul>
 *
 * Repeated fields (several reasons, products or accesses) are read from their first element; a
 * field the entry lacks is left out of the text. An entry of the log with none of the three (Google
 * Workspace's, a {@code ccc_hosted_reporting.ActivityProto} that names them in a parameter list) is
 * named by its type instead: {@code Access Transparency ActivityProto}. The service is the product
 * ({@link #product(Source)}).
 */
final class AccessTransparencyFamily {
  private AccessTransparencyFamily() {}

  static final String LOG_ID = "cloudaudit.googleapis.com/access_transparency";

  static final String TYPE_SUFFIX = "google.cloud.audit.TransparencyLog";

  private static final String PREFIX = "Access Transparency";

  /** What an access is told apart by, in the order of the text. */
  private static final int[] KEYS = {J_AT_REASON_TYPE, J_AT_PRODUCT, J_AT_METHOD};

  static String message(Source f) {
    StringBuilder sb = head(f);
    String accessor = f.get(J_AT_JOB_TITLE);
    if (!accessor.isEmpty()) {
      sb.append(" by ").append(accessor);
    }
    String detail = f.get(J_AT_REASON_DETAIL);
    if (!detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    return sb.toString();
  }

  static Structural structural(Source f) {
    String[] clauses = new String[KEYS.length + 1];
    boolean any = false;
    for (int i = 0; i < KEYS.length; i++) {
      String v = f.get(KEYS[i]);
      any |= !v.isEmpty();
      clauses[i] = v.isEmpty() ? "NOT " + FamilyFields.path(KEYS[i]) + ":*" : eq(KEYS[i], v);
    }
    String type = f.get(J_TYPE);
    clauses[KEYS.length] = any || type.isEmpty() ? "" : eq(J_TYPE, type);
    return new Structural(head(f).toString(), and(clauses));
  }

  /** The product accessed ({@code Cloud Storage}), the entry's service; "" when not named. */
  static String product(Source f) {
    return f.get(J_AT_PRODUCT);
  }

  private static StringBuilder head(Source f) {
    StringBuilder sb = new StringBuilder(PREFIX);
    for (int slot : KEYS) {
      String v = f.get(slot);
      if (!v.isEmpty()) {
        sb.append(' ').append(v);
      }
    }
    if (sb.length() == PREFIX.length()) {
      String type = f.get(J_TYPE);
      if (!type.isEmpty()) {
        sb.append(' ').append(LogFamilies.shortTypeName(type));
      }
    }
    return sb;
  }
}
