package dev.logalerts.filter;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The field names of the protocol buffers a {@code protoPayload} holds (AuditLog and App Engine's
 * RequestLog), so that a filter may write them in any case, as Cloud Logging allows ("when querying
 * the regular protocol buffer field protoPayload, you don't need to preserve case"): {@code
 * protoPayload.methodname} is read as {@code protoPayload.methodName} when the filter is compiled,
 * instead of naming a key no entry has. Below a Struct field ({@code request}, {@code response},
 * {@code metadata}, …) keys are JSON object keys of the caller's own, and are kept as written.
 */
final class ProtoFieldNames {
  private ProtoFieldNames() {}

  /** Dotted paths below protoPayload; a trailing {@code *} marks a Struct (keys as written). */
  private static final List<String> FIELDS =
      List.of(
          // AuditLog
          "serviceName",
          "methodName",
          "resourceName",
          "resourceLocation.currentLocations",
          "resourceLocation.originalLocations",
          "resourceOriginalState*",
          "numResponseItems",
          "status.code",
          "status.message",
          "status.details*",
          "authenticationInfo.principalEmail",
          "authenticationInfo.authoritySelector",
          "authenticationInfo.thirdPartyPrincipal*",
          "authenticationInfo.serviceAccountKeyName",
          "authenticationInfo.principalSubject",
          "authenticationInfo.serviceAccountDelegationInfo.principalSubject",
          "authenticationInfo.serviceAccountDelegationInfo.firstPartyPrincipal.principalEmail",
          "authenticationInfo.serviceAccountDelegationInfo.firstPartyPrincipal.serviceMetadata*",
          "authenticationInfo.serviceAccountDelegationInfo.thirdPartyPrincipal*",
          "authorizationInfo.resource",
          "authorizationInfo.permission",
          "authorizationInfo.granted",
          "authorizationInfo.permissionType",
          "authorizationInfo.resourceAttributes*",
          "policyViolationInfo.orgPolicyViolationInfo*",
          "requestMetadata.callerIp",
          "requestMetadata.callerSuppliedUserAgent",
          "requestMetadata.callerNetwork",
          "requestMetadata.requestAttributes*",
          "requestMetadata.destinationAttributes*",
          "request*",
          "response*",
          "metadata*",
          "serviceData*",
          // App Engine RequestLog
          "appId",
          "moduleId",
          "versionId",
          "requestId",
          "ip",
          "startTime",
          "endTime",
          "latency",
          "megaCycles",
          "method",
          "resource",
          "httpVersion",
          "responseSize",
          "referrer",
          "userAgent",
          "nickname",
          "urlMapEntry",
          "host",
          "cost",
          "taskQueueName",
          "taskName",
          "wasLoadingRequest",
          "pendingTime",
          "instanceIndex",
          "finished",
          "first",
          "instanceId",
          "line.time",
          "line.severity",
          "line.logMessage",
          "line.sourceLocation.file",
          "line.sourceLocation.line",
          "line.sourceLocation.functionName",
          "appEngineRelease",
          "traceId",
          "traceSampled",
          "sourceReference.repository",
          "sourceReference.revisionId",
          "spanId");

  /** A level of the tree: lower-case name → canonical name and the level below. */
  private static final class Level {
    final Map<String, String> names = new HashMap<>();
    final Map<String, Level> below = new HashMap<>();
  }

  private static final Level ROOT = build();

  private static Level build() {
    Level root = new Level();
    for (String field : FIELDS) {
      boolean struct = field.endsWith("*");
      String[] parts = (struct ? field.substring(0, field.length() - 1) : field).split("\\.");
      Level level = root;
      for (int i = 0; i < parts.length; i++) {
        String lower = parts[i].toLowerCase(Locale.ROOT);
        level.names.put(lower, parts[i]);
        if (i < parts.length - 1) {
          level = level.below.computeIfAbsent(lower, k -> new Level());
        }
      }
    }
    return root;
  }

  /**
   * The segments of a protoPayload path with its proto field names in their own case; the first
   * segment is {@code protoPayload}. Segments that name no known field, and everything below a
   * Struct, are kept as written.
   */
  static List<String> canonical(List<String> segments) {
    List<String> out = null;
    Level level = ROOT;
    for (int i = 1; i < segments.size() && level != null; i++) {
      String seg = segments.get(i);
      String lower = seg.toLowerCase(Locale.ROOT);
      String name = level.names.get(lower);
      if (name == null) {
        break;
      }
      if (!name.equals(seg)) {
        if (out == null) {
          out = new java.util.ArrayList<>(segments);
        }
        out.set(i, name);
      }
      level = level.below.get(lower);
    }
    return out == null ? segments : out;
  }
}
