package dev.logalerts.parse;

import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload fields that name a GCP log family's event ({@link LogFamilies}): one numbered slot
 * per field path. The parser captures them while it streams the payload (even when {@link
 * LogEntryParser#withPayloadPaths} keeps no leaves), and the same slots can be read back from a
 * parsed {@link LogEvent}'s payload, so the message (at parse time) and the structural template
 * (when entries are grouped) are made by one piece of code from one list of paths.
 */
final class FamilyFields {
  private FamilyFields() {}

  /** Read access to the slots of one entry; a missing field reads as "". */
  interface Source {
    String get(int slot);
  }

  // protoPayload
  static final int P_METHOD = 0;
  static final int P_SERVICE = 1;
  static final int P_STATUS_CODE = 2;
  static final int P_STATUS_MESSAGE = 3;
  static final int P_RESOURCE_NAME = 4;
  static final int P_VIOLATION = 5;
  static final int P_BQ1_CODE = 6;
  static final int P_BQ1_MESSAGE = 7;
  static final int P_BQ2_CODE = 8;
  static final int P_BQ2_MESSAGE = 9;
  static final int P_TYPE = 10;
  // jsonPayload
  static final int J_TYPE = 11;
  static final int J_MESSAGE = 12;
  static final int J_JOURNAL_MESSAGE = 13;
  static final int J_SYSLOG_IDENTIFIER = 14;
  static final int J_SYSTEMD_UNIT = 15;
  static final int J_COMM = 16;
  static final int J_KIND = 17;
  static final int J_REASON = 18;
  static final int J_INVOLVED_KIND = 19;
  static final int J_SRC_IP = 20;
  static final int J_SRC_PORT = 21;
  static final int J_DEST_IP = 22;
  static final int J_DEST_PORT = 23;
  static final int J_PROTOCOL = 24;
  static final int J_NAT_IP = 25;
  static final int J_NAT_PORT = 26;
  static final int J_CLIENT_IP = 27;
  static final int J_CLIENT_PORT = 28;
  static final int J_SERVER_IP = 29;
  static final int J_SERVER_PORT = 30;
  static final int J_REPORTER = 31;
  static final int J_DISPOSITION = 32;
  static final int J_RULE_REFERENCE = 33;
  static final int J_RULE_DIRECTION = 34;
  static final int J_QUERY_NAME = 35;
  static final int J_QUERY_TYPE = 36;
  static final int J_RESPONSE_CODE = 37;
  static final int J_SOURCE_NETWORK = 38;
  static final int J_ALLOCATION_STATUS = 39;
  static final int J_NAT_GATEWAY = 40;
  static final int J_STATUS_DETAILS = 41;
  static final int J_ARMOR_OUTCOME = 42;
  static final int J_ARMOR_NAME = 43;
  static final int J_EDGE_OUTCOME = 44;
  static final int J_EDGE_NAME = 45;
  static final int J_STATUS = 46;
  static final int J_TARGET_TYPE = 47;
  static final int J_URL = 48;
  static final int J_TASK_STATUS = 49;
  static final int J_TASK_TARGET = 50;
  static final int J_JOB_NAME = 51;
  // GKE cluster autoscaler visibility events (arrays: the first element's value)
  static final int J_CA_NODES_COUNT = 52;
  static final int J_CA_NODES_TARGET = 53;
  static final int J_CA_UP_NODEPOOL = 54;
  static final int J_CA_UP_REQUESTED = 55;
  static final int J_CA_UP_PODS = 56;
  static final int J_CA_DOWN_NODEPOOL = 57;
  static final int J_CA_DOWN_NODE = 58;
  static final int J_CA_POOL_CREATED = 59;
  static final int J_CA_POOL_DELETED = 60;
  static final int J_CA_RESULT_EVENT = 61;
  static final int J_CA_RESULT_ERROR = 62;
  static final int J_CA_RESULT_PARAMETER = 63;
  static final int J_CA_NO_UP_PODS = 64;
  static final int J_CA_NO_UP_REASON = 65;
  static final int J_CA_NO_UP_NAP_REASON = 66;
  static final int J_CA_NO_UP_SKIPPED = 67;
  static final int J_CA_NO_UP_POD_NAP = 68;
  static final int J_CA_NO_UP_POD_REJECTED = 69;
  static final int J_CA_NO_DOWN_NODES = 70;
  static final int J_CA_NO_DOWN_REASON = 71;
  static final int J_CA_NO_DOWN_NODE_REASON = 72;
  static final int J_CA_NO_UP_REASON_PARAMETER = 73;
  static final int J_CA_NO_UP_NAP_REASON_PARAMETER = 74;
  static final int J_CA_NO_UP_SKIPPED_PARAMETER = 75;
  static final int J_CA_NO_UP_POD_NAP_PARAMETER = 76;
  static final int J_CA_NO_UP_POD_REJECTED_PARAMETER = 77;
  static final int J_CA_NO_DOWN_REASON_PARAMETER = 78;
  static final int J_CA_NO_DOWN_NODE_REASON_PARAMETER = 79;
  // JSON access logs of proxies (Envoy / Istio, Envoy Gateway, Traefik; see AccessLogFamily)
  static final int J_AL_METHOD = 80;
  static final int J_AL_PATH = 81;
  static final int J_AL_ORIGIN_PATH = 82;
  static final int J_AL_RESPONSE_CODE = 83;
  static final int J_AL_RESPONSE_FLAGS = 84;
  static final int J_AL_REQUEST_METHOD = 85;
  static final int J_AL_REQUEST_PATH = 86;
  static final int J_AL_DOWNSTREAM_STATUS = 87;
  // Cloud Workflows execution and call logs (see PlatformFamilies)
  static final int J_WF_STATE = 88;
  static final int J_WF_CALLEE = 89;
  static final int J_WF_STEP = 90;
  static final int J_WF_RAISED = 91;
  static final int J_WF_HANDLED = 92;
  // Dataproc cluster autoscaler (google.cloud.dataproc.logging.AutoscalerLog)
  static final int J_DP_STATE = 93;
  static final int J_DP_DETAILS = 94;
  static final int J_DP_ERROR = 95;
  static final int J_DP_DECISION = 96;
  static final int J_DP_METRIC = 97;
  static final int J_DP_CONSTRAINT = 98;
  // Cloud Endpoints' proxy (ESP) request log, endpoints_log (url is J_URL)
  static final int J_ESP_METHOD = 99;
  static final int J_ESP_RESPONSE_CODE = 100;
  static final int J_ESP_LOG_MESSAGE = 101;
  static final int J_ESP_ERROR_CAUSE = 102;
  // GKE Dataplane V2 network policy logs (policy-action); disposition and connection.* above
  static final int J_NP_DIRECTION = 103;
  static final int J_NP_SRC_NAMESPACE = 104;
  static final int J_NP_SRC_POD = 105;
  static final int J_NP_SRC_WORKLOAD = 106;
  static final int J_NP_DEST_NAMESPACE = 107;
  static final int J_NP_DEST_POD = 108;
  static final int J_NP_DEST_WORKLOAD = 109;
  // Cloud IDS threat logs (ids.googleapis.com/threat)
  static final int J_IDS_NAME = 110;
  static final int J_IDS_SEVERITY = 111;
  static final int J_IDS_TYPE = 112;
  static final int J_IDS_CATEGORY = 113;
  static final int J_IDS_SRC_IP = 114;
  static final int J_IDS_SRC_PORT = 115;
  static final int J_IDS_DEST_IP = 116;
  static final int J_IDS_DEST_PORT = 117;
  static final int J_IDS_APPLICATION = 118;
  // Load-balancing health check logs (compute.googleapis.com/healthchecks)
  static final int J_HC_STATE = 119;
  static final int J_HC_PREVIOUS_STATE = 120;
  static final int J_HC_DETAILED_STATE = 121;
  static final int J_HC_PROTOCOL = 122;
  static final int J_HC_IP = 123;
  static final int J_HC_PORT = 124;
  static final int J_HC_RESULT_TEXT = 125;
  // GKE cluster autoscaler status without node counts (the regional entry of a cluster)
  static final int J_CA_MEASURE_TIME = 126;
  // The kind of a BigQuery job: legacy jobCompletedEvent's eventName, jobChange's jobConfig.type
  static final int P_BQ1_EVENT = 127;
  static final int P_BQ2_JOB_TYPE = 128;
  // Access Transparency (google.cloud.audit.TransparencyLog; arrays: the first element's value)
  static final int J_AT_REASON_TYPE = 129;
  static final int J_AT_REASON_DETAIL = 130;
  static final int J_AT_PRODUCT = 131;
  static final int J_AT_METHOD = 132;
  static final int J_AT_JOB_TITLE = 133;
  // journald's host name: names a VM whose entries carry no instance-name label
  static final int J_JOURNAL_HOSTNAME = 134;
  // BigQueryAuditMetadata: the reason of each event that has one (AuditFamily.BQ_EVENTS, in
  // order), and the job type of a jobInsertion
  static final int P_BQ_EVENT_REASON = 135;
  static final int P_BQ2_INSERTED_JOB_TYPE = 150;
  // pgAudit statements (Cloud SQL for PostgreSQL, AlloyDB): the request's class and command tag
  static final int P_PGAUDIT_CLASS = 151;
  static final int P_PGAUDIT_COMMAND = 152;
  // Cloud SQL automated backups: how the backup window ended (STATUS_SUCCEEDED, STATUS_FAILED…)
  static final int P_WINDOW_STATUS = 153;
  // A Kubernetes event's object (names a cluster-scoped event's workload)
  static final int J_INVOLVED_NAMESPACE = 154;
  static final int J_INVOLVED_NAME = 155;
  // Cloud IDS traffic logs (the addresses, ports and application are the J_IDS_ slots above)
  static final int J_IDS_IP_PROTOCOL = 156;
  static final int J_IDS_ACTION = 157;
  static final int J_IDS_DIRECTION = 158;
  // Cloud Armor's preview policy (a rule under test: what it would have done)
  static final int J_PREVIEW_OUTCOME = 159;
  static final int J_PREVIEW_NAME = 160;
  // Who made an audit log's call, and from where: not part of its message or template, but what
  // an alert's sample of it names (see LogFamilies.auditCaller)
  static final int P_PRINCIPAL = 161;
  static final int P_CALLER_IP = 162;
  // The caller without an address: a federated identity's subject (an AWS role's ARN, an OIDC sub)
  static final int P_PRINCIPAL_SUBJECT = 163;
  // The managed instance group a Compute Engine audit log's operation was made by (a repair, an
  // autoscaler's or an update's recreate): names the group's VMs as one service
  static final int P_IGM_NAME = 164;
  // Cloud Scheduler's reason for a failed attempt, with the target's HTTP code ("URL_UNREACHABLE-
  // UNREACHABLE_5xx. Original HTTP response code number = 500"): in the message, not the template
  static final int J_SCHED_DEBUG_INFO = 165;
  // A Kubernetes-style resource's conditions in an audit log's response (Cloud Run's Service and
  // Revision): P_READY_REASON reads back as the reason of the element whose type is Ready (see
  // readyReason), from the parsed event's payload only; the parser's own capture is not read.
  static final int P_CONDITION_TYPE = 166;
  static final int P_READY_REASON = 167;
  // Cloud Armor's configured action of the backend policy's rule (THROTTLE, RATE_BASED_BAN…)
  static final int J_ARMOR_ACTION = 168;

  /** Slot number → path below the payload root (dot-separated, as written in the docs table). */
  private static final String[][] PATHS = {
    {"protoPayload", "methodName"},
    {"protoPayload", "serviceName"},
    {"protoPayload", "status.code"},
    {"protoPayload", "status.message"},
    {"protoPayload", "resourceName"},
    {"protoPayload", "metadata.violationReason"},
    {"protoPayload", "serviceData.jobCompletedEvent.job.jobStatus.error.code"},
    {"protoPayload", "serviceData.jobCompletedEvent.job.jobStatus.error.message"},
    {"protoPayload", "metadata.jobChange.job.jobStatus.errorResult.code"},
    {"protoPayload", "metadata.jobChange.job.jobStatus.errorResult.message"},
    {"protoPayload", "@type"},
    {"jsonPayload", "@type"},
    {"jsonPayload", "message"},
    {"jsonPayload", "MESSAGE"},
    {"jsonPayload", "SYSLOG_IDENTIFIER"},
    {"jsonPayload", "_SYSTEMD_UNIT"},
    {"jsonPayload", "_COMM"},
    {"jsonPayload", "kind"},
    {"jsonPayload", "reason"},
    {"jsonPayload", "involvedObject.kind"},
    {"jsonPayload", "connection.src_ip"},
    {"jsonPayload", "connection.src_port"},
    {"jsonPayload", "connection.dest_ip"},
    {"jsonPayload", "connection.dest_port"},
    {"jsonPayload", "connection.protocol"},
    {"jsonPayload", "connection.nat_ip"},
    {"jsonPayload", "connection.nat_port"},
    {"jsonPayload", "connection.clientIp"},
    {"jsonPayload", "connection.clientPort"},
    {"jsonPayload", "connection.serverIp"},
    {"jsonPayload", "connection.serverPort"},
    {"jsonPayload", "reporter"},
    {"jsonPayload", "disposition"},
    {"jsonPayload", "rule_details.reference"},
    {"jsonPayload", "rule_details.direction"},
    {"jsonPayload", "queryName"},
    {"jsonPayload", "queryType"},
    {"jsonPayload", "responseCode"},
    {"jsonPayload", "sourceNetwork"},
    {"jsonPayload", "allocation_status"},
    {"jsonPayload", "gateway_identifiers.gateway_name"},
    {"jsonPayload", "statusDetails"},
    {"jsonPayload", "enforcedSecurityPolicy.outcome"},
    {"jsonPayload", "enforcedSecurityPolicy.name"},
    {"jsonPayload", "enforcedEdgeSecurityPolicy.outcome"},
    {"jsonPayload", "enforcedEdgeSecurityPolicy.name"},
    {"jsonPayload", "status"},
    {"jsonPayload", "targetType"},
    {"jsonPayload", "url"},
    {"jsonPayload", "attemptResponseLog.status"},
    {"jsonPayload", "attemptResponseLog.targetAddress"},
    {"jsonPayload", "jobName"},
    {"jsonPayload", "status.autoscaledNodesCount"},
    {"jsonPayload", "status.autoscaledNodesTarget"},
    {"jsonPayload", "decision.scaleUp.increasedMigs.mig.nodepool"},
    {"jsonPayload", "decision.scaleUp.increasedMigs.requestedNodes"},
    {"jsonPayload", "decision.scaleUp.triggeringPodsTotalCount"},
    {"jsonPayload", "decision.scaleDown.nodesToBeRemoved.node.mig.nodepool"},
    {"jsonPayload", "decision.scaleDown.nodesToBeRemoved.node.name"},
    {"jsonPayload", "decision.nodePoolCreated.nodePools.name"},
    {"jsonPayload", "decision.nodePoolDeleted.nodePoolNames"},
    {"jsonPayload", "resultInfo.results.eventId"},
    {"jsonPayload", "resultInfo.results.errorMsg.messageId"},
    {"jsonPayload", "resultInfo.results.errorMsg.parameters"},
    {"jsonPayload", "noDecisionStatus.noScaleUp.unhandledPodGroupsTotalCount"},
    {"jsonPayload", "noDecisionStatus.noScaleUp.reason.messageId"},
    {"jsonPayload", "noDecisionStatus.noScaleUp.napFailureReason.messageId"},
    {"jsonPayload", "noDecisionStatus.noScaleUp.skippedMigs.reason.messageId"},
    {"jsonPayload", "noDecisionStatus.noScaleUp.unhandledPodGroups.napFailureReasons.messageId"},
    {"jsonPayload", "noDecisionStatus.noScaleUp.unhandledPodGroups.rejectedMigs.reason.messageId"},
    {"jsonPayload", "noDecisionStatus.noScaleDown.nodesTotalCount"},
    {"jsonPayload", "noDecisionStatus.noScaleDown.reason.messageId"},
    {"jsonPayload", "noDecisionStatus.noScaleDown.nodes.reason.messageId"},
    {"jsonPayload", "noDecisionStatus.noScaleUp.reason.parameters"},
    {"jsonPayload", "noDecisionStatus.noScaleUp.napFailureReason.parameters"},
    {"jsonPayload", "noDecisionStatus.noScaleUp.skippedMigs.reason.parameters"},
    {"jsonPayload", "noDecisionStatus.noScaleUp.unhandledPodGroups.napFailureReasons.parameters"},
    {"jsonPayload", "noDecisionStatus.noScaleUp.unhandledPodGroups.rejectedMigs.reason.parameters"},
    {"jsonPayload", "noDecisionStatus.noScaleDown.reason.parameters"},
    {"jsonPayload", "noDecisionStatus.noScaleDown.nodes.reason.parameters"},
    {"jsonPayload", "method"},
    {"jsonPayload", "path"},
    {"jsonPayload", "x-envoy-origin-path"},
    {"jsonPayload", "response_code"},
    {"jsonPayload", "response_flags"},
    {"jsonPayload", "RequestMethod"},
    {"jsonPayload", "RequestPath"},
    {"jsonPayload", "DownstreamStatus"},
    {"jsonPayload", "state"},
    {"jsonPayload", "callee"},
    {"jsonPayload", "step"},
    {"jsonPayload", "exceptionRaised.exception"},
    {"jsonPayload", "exceptionHandled.exception"},
    {"jsonPayload", "status.state"},
    {"jsonPayload", "status.details"},
    {"jsonPayload", "status.error"},
    {"jsonPayload", "recommendation.outputs.decision"},
    {"jsonPayload", "recommendation.outputs.decisionMetric"},
    {"jsonPayload", "recommendation.outputs.constraintsReached"},
    {"jsonPayload", "http_method"},
    {"jsonPayload", "http_response_code"},
    {"jsonPayload", "log_message"},
    {"jsonPayload", "error_cause"},
    {"jsonPayload", "connection.direction"},
    {"jsonPayload", "src.pod_namespace"},
    {"jsonPayload", "src.pod_name"},
    {"jsonPayload", "src.workload_name"},
    {"jsonPayload", "dest.pod_namespace"},
    {"jsonPayload", "dest.pod_name"},
    {"jsonPayload", "dest.workload_name"},
    {"jsonPayload", "name"},
    {"jsonPayload", "alert_severity"},
    {"jsonPayload", "type"},
    {"jsonPayload", "category"},
    {"jsonPayload", "source_ip_address"},
    {"jsonPayload", "source_port"},
    {"jsonPayload", "destination_ip_address"},
    {"jsonPayload", "destination_port"},
    {"jsonPayload", "application"},
    {"jsonPayload", "healthCheckProbeResult.healthState"},
    {"jsonPayload", "healthCheckProbeResult.previousHealthState"},
    {"jsonPayload", "healthCheckProbeResult.detailedHealthState"},
    {"jsonPayload", "healthCheckProbeResult.healthCheckProtocol"},
    {"jsonPayload", "healthCheckProbeResult.ipAddress"},
    {"jsonPayload", "healthCheckProbeResult.targetPort"},
    {"jsonPayload", "healthCheckProbeResult.probeResultText"},
    {"jsonPayload", "status.measureTime"},
    {"protoPayload", "serviceData.jobCompletedEvent.eventName"},
    {"protoPayload", "metadata.jobChange.job.jobConfig.type"},
    {"jsonPayload", "reason.type"},
    {"jsonPayload", "reason.detail"},
    {"jsonPayload", "product"},
    {"jsonPayload", "accesses.methodName"},
    {"jsonPayload", "principalJobTitle"},
    {"jsonPayload", "_HOSTNAME"},
    {"protoPayload", "metadata.jobInsertion.reason"},
    {"protoPayload", "metadata.jobDeletion.reason"},
    {"protoPayload", "metadata.datasetCreation.reason"},
    {"protoPayload", "metadata.datasetChange.reason"},
    {"protoPayload", "metadata.datasetDeletion.reason"},
    {"protoPayload", "metadata.tableCreation.reason"},
    {"protoPayload", "metadata.tableChange.reason"},
    {"protoPayload", "metadata.tableDeletion.reason"},
    {"protoPayload", "metadata.tableDataRead.reason"},
    {"protoPayload", "metadata.tableDataChange.reason"},
    {"protoPayload", "metadata.modelCreation.reason"},
    {"protoPayload", "metadata.modelDeletion.reason"},
    {"protoPayload", "metadata.routineCreation.reason"},
    {"protoPayload", "metadata.routineChange.reason"},
    {"protoPayload", "metadata.routineDeletion.reason"},
    {"protoPayload", "metadata.jobInsertion.job.jobConfig.type"},
    {"protoPayload", "request.auditClass"},
    {"protoPayload", "request.command"},
    {"protoPayload", "metadata.windowStatus"},
    {"jsonPayload", "involvedObject.namespace"},
    {"jsonPayload", "involvedObject.name"},
    {"jsonPayload", "ip_protocol"},
    {"jsonPayload", "action"},
    {"jsonPayload", "direction"},
    {"jsonPayload", "previewSecurityPolicy.outcome"},
    {"jsonPayload", "previewSecurityPolicy.name"},
    {"protoPayload", "authenticationInfo.principalEmail"},
    {"protoPayload", "requestMetadata.callerIp"},
    {"protoPayload", "authenticationInfo.principalSubject"},
    {"protoPayload", "metadata.instance_group_manager_name"},
    {"jsonPayload", "debugInfo"},
    {"protoPayload", "response.status.conditions.type"},
    {"protoPayload", "response.status.conditions.reason"},
    {"jsonPayload", "enforcedSecurityPolicy.configuredAction"},
  };

  static final int SLOTS = PATHS.length;

  /** Payload key of each slot (see {@link FieldValues#key}). */
  private static final String[] KEYS = new String[SLOTS];

  // The capture trie. Node ids start at ROLE_BASE so they can share the flattener's role numbers;
  // JSON_ROOT and PROTO_ROOT are the two roots.
  static final int ROLE_BASE = 100;
  private static final List<Map<String, Integer>> CHILDREN = new ArrayList<>();
  private static final List<Integer> SLOT_OF = new ArrayList<>();
  static final int JSON_ROOT;
  static final int PROTO_ROOT;

  static {
    JSON_ROOT = newNode();
    PROTO_ROOT = newNode();
    for (int slot = 0; slot < SLOTS; slot++) {
      String[] segments = PATHS[slot][1].split("\\.");
      String[] full = new String[segments.length + 1];
      full[0] = PATHS[slot][0];
      System.arraycopy(segments, 0, full, 1, segments.length);
      KEYS[slot] = FieldValues.key(full);
      int node = PATHS[slot][0].equals("jsonPayload") ? JSON_ROOT : PROTO_ROOT;
      for (String seg : segments) {
        Integer next = CHILDREN.get(node - ROLE_BASE).get(seg);
        if (next == null) {
          next = newNode();
          CHILDREN.get(node - ROLE_BASE).put(seg, next);
        }
        node = next;
      }
      SLOT_OF.set(node - ROLE_BASE, slot);
    }
  }

  private static int newNode() {
    CHILDREN.add(new HashMap<>());
    SLOT_OF.add(-1);
    return ROLE_BASE + CHILDREN.size() - 1;
  }

  /** The capture role of field {@code name} under capture role {@code role}, or 0 (none). */
  static int child(int role, String name) {
    Integer next = CHILDREN.get(role - ROLE_BASE).get(name);
    return next == null ? 0 : next;
  }

  /** The slot a capture role fills, or -1 for an inner node. */
  static int slot(int role) {
    return SLOT_OF.get(role - ROLE_BASE);
  }

  /** The dotted path of a slot, e.g. {@code jsonPayload.connection.src_ip}. */
  static String path(int slot) {
    return PATHS[slot][0] + '.' + PATHS[slot][1];
  }

  /** The slots of a parsed event, read from its payload. */
  static Source of(LogEvent e) {
    FieldValues p = e.payload();
    return slot -> {
      if (slot == P_READY_REASON) {
        return readyReason(p);
      }
      String v = p.first(KEYS[slot]);
      return v == null ? "" : v;
    };
  }

  /**
   * The reason of the {@code Ready} element of {@code protoPayload.response.status.conditions[]},
   * or "". Array elements are stored under one key each, sorted by key with ties in document order,
   * so the elements' types and reasons are two lists that pair by position when every element has a
   * reason (a failed Service's Ready, ConfigurationsReady and RoutesReady each carry one, and
   * Ready's may differ: RevisionFailed beside ContainerMissing). An element without a reason (a
   * condition that is True) breaks the pairing: the reason is then taken only when every reason
   * present is the same one, else "" (which element holds it is not known).
   */
  static String readyReason(FieldValues p) {
    int t = p.indexOf(KEYS[P_CONDITION_TYPE]);
    if (t < 0) {
      return "";
    }
    int r = p.indexOf(KEYS[P_READY_REASON]);
    if (r < 0) {
      return "";
    }
    String typeKey = KEYS[P_CONDITION_TYPE];
    int types = 0;
    int ready = -1;
    for (int i = t; i < p.size() && p.keyAt(i).equals(typeKey); i++, types++) {
      if (ready < 0 && p.valueAt(i).equals("Ready")) {
        ready = types;
      }
    }
    if (ready < 0) {
      return "";
    }
    String reasonKey = KEYS[P_READY_REASON];
    int reasons = 0;
    boolean same = true;
    for (int i = r; i < p.size() && p.keyAt(i).equals(reasonKey); i++, reasons++) {
      same &= p.valueAt(i).equals(p.valueAt(r));
    }
    return reasons == types ? p.valueAt(r + ready) : same ? p.valueAt(r) : "";
  }
}
