package dev.logalerts.parse;

import static dev.logalerts.parse.FamilyFields.J_DISPOSITION;
import static dev.logalerts.parse.FamilyFields.J_INVOLVED_KIND;
import static dev.logalerts.parse.FamilyFields.J_JOURNAL_HOSTNAME;
import static dev.logalerts.parse.FamilyFields.J_JOURNAL_MESSAGE;
import static dev.logalerts.parse.FamilyFields.J_KIND;
import static dev.logalerts.parse.FamilyFields.J_REASON;
import static dev.logalerts.parse.FamilyFields.J_REPORTER;
import static dev.logalerts.parse.FamilyFields.J_RULE_REFERENCE;
import static dev.logalerts.parse.FamilyFields.J_SOURCE_NETWORK;
import static dev.logalerts.parse.FamilyFields.J_SYSLOG_IDENTIFIER;
import static dev.logalerts.parse.FamilyFields.J_SYSTEMD_UNIT;
import static dev.logalerts.parse.FamilyFields.J_TYPE;
import static dev.logalerts.parse.FamilyFields.P_CALLER_IP;
import static dev.logalerts.parse.FamilyFields.P_METHOD;
import static dev.logalerts.parse.FamilyFields.P_PRINCIPAL;
import static dev.logalerts.parse.FamilyFields.P_PRINCIPAL_SUBJECT;
import static dev.logalerts.parse.FamilyFields.P_RESOURCE_NAME;
import static dev.logalerts.parse.FamilyFields.P_TYPE;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogFamily;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.parse.FamilyFields.Source;
import java.util.List;

/**
 * What a person calls the event of each well-known GCP log family: its message (made at parse time
 * when the entry has no message text of its own) and its structural template (used for noisy-log
 * grouping instead of mining the message, so that e.g. an audit log's {@code methodName} is kept
 * verbatim and a VPC flow's addresses never split a group). The documented table is {@code
 * docs/log-families.md}; keep the two in step. Families are recognised by log id first, then by the
 * payload's {@code @type} or shape, so an entry routed through another log keeps its family.
 *
 * <p>The per-family formats are in {@link AuditFamily}, {@link AccessTransparencyFamily}, {@link
 * NetworkFamilies}, {@link PlatformFamilies}, {@link AutoscalerFamily} and {@link AccessLogFamily};
 * this class classifies and dispatches.
 */
public final class LogFamilies {
  private LogFamilies() {}

  /**
   * A family's structural template and the Cloud Logging clauses that match exactly its entries
   * (for the suggested exclusion), both from values that are constant within the template.
   */
  public static final class Structural {
    private final String template;
    private final String clauses;

    Structural(String template, String clauses) {
      this.template = template;
      this.clauses = clauses;
    }

    public String template() {
      return template;
    }

    /** {@code AND}-joined restrictions (beyond log, resource type and severity); may be empty. */
    public String clauses() {
      return clauses;
    }
  }

  /**
   * The family of an entry.
   *
   * @param logId decoded LOG_ID
   * @param resourceType {@code resource.type}
   * @param requestLog an App Engine RequestLog (never an audit log)
   * @param hasHttp the entry has an {@code httpRequest}
   */
  static LogFamily classify(
      String logId, String resourceType, boolean requestLog, boolean hasHttp, Source f) {
    if (logId.equals(AccessTransparencyFamily.LOG_ID)
        || f.get(J_TYPE).endsWith(AccessTransparencyFamily.TYPE_SUFFIX)) {
      return LogFamily.ACCESS_TRANSPARENCY;
    }
    if (logId.startsWith("cloudaudit.googleapis.com/")) {
      return LogFamily.AUDIT;
    }
    switch (logId) {
      case "compute.googleapis.com/vpc_flows":
      case "networkmanagement.googleapis.com/vpc_flows":
        return LogFamily.VPC_FLOW;
      case "compute.googleapis.com/firewall":
        return LogFamily.FIREWALL;
      case NetworkFamilies.POLICY_ACTION_LOG_ID:
        return LogFamily.NETWORK_POLICY;
      case NetworkFamilies.IDS_THREAT_LOG_ID:
        return LogFamily.IDS_THREAT;
      case NetworkFamilies.IDS_TRAFFIC_LOG_ID:
        return LogFamily.IDS_TRAFFIC;
      case NetworkFamilies.HEALTH_CHECK_LOG_ID:
        return LogFamily.HEALTH_CHECK;
      case "compute.googleapis.com/nat_flows":
        return LogFamily.CLOUD_NAT;
      case "dns.googleapis.com/dns_queries":
        return LogFamily.CLOUD_DNS;
      case AutoscalerFamily.LOG_ID:
        return LogFamily.GKE_AUTOSCALER;
      case PlatformFamilies.DATAPROC_AUTOSCALER_LOG_ID:
        return LogFamily.DATAPROC_AUTOSCALER;
      default:
        break;
    }
    String protoType = f.get(P_TYPE);
    if (protoType.endsWith("google.cloud.audit.AuditLog")
        || (!requestLog && !f.get(P_METHOD).isEmpty())) {
      return LogFamily.AUDIT;
    }
    String type = f.get(J_TYPE);
    if (type.contains(".loadbalancing.type.") || isLoadBalancer(resourceType)) {
      if (hasHttp) {
        return LogFamily.LB_REQUEST;
      }
      return type.endsWith("NetworkLoadBalancerLogEntry")
          ? LogFamily.LB_PASSTHROUGH
          : LogFamily.LB_PROXY;
    }
    if (type.contains(".scheduler.logging.")) {
      return LogFamily.SCHEDULER;
    }
    if (type.contains(".tasks.logging.")) {
      return LogFamily.TASKS;
    }
    if (type.contains(".workflows.type.")) {
      return LogFamily.WORKFLOWS;
    }
    switch (resourceType) {
      case "nat_gateway":
        return LogFamily.CLOUD_NAT;
      case "dns_query":
        return LogFamily.CLOUD_DNS;
      default:
        break;
    }
    if (!f.get(J_DISPOSITION).isEmpty() && !f.get(J_RULE_REFERENCE).isEmpty()) {
      return LogFamily.FIREWALL;
    }
    if (!f.get(J_REPORTER).isEmpty() && resourceType.equals("gce_subnetwork")) {
      return LogFamily.VPC_FLOW;
    }
    if (f.get(J_KIND).equals("Event")
        && !f.get(J_REASON).isEmpty()
        && !f.get(J_INVOLVED_KIND).isEmpty()) {
      return LogFamily.K8S_EVENT;
    }
    if (!f.get(J_JOURNAL_MESSAGE).isEmpty()) {
      return LogFamily.JOURNALD;
    }
    if (!hasHttp && AccessLogFamily.read(f) != null) {
      return LogFamily.ACCESS_LOG;
    }
    return LogFamily.OTHER;
  }

  /** Resource types of load-balancer logs (request, connection and flow logs). */
  public static boolean isLoadBalancer(String resourceType) {
    switch (resourceType) {
      case "http_load_balancer":
      case "http_external_regional_lb_rule":
      case "internal_http_lb_rule":
      case "l4_proxy_rule":
      case "tcp_ssl_proxy_rule":
      case "loadbalancing.googleapis.com/ExternalNetworkLoadBalancerRule":
      case "loadbalancing.googleapis.com/InternalNetworkLoadBalancerRule":
        return true;
      default:
        return false;
    }
  }

  /**
   * The message the family makes for an entry without message text of its own, or "" when it has
   * none (then the request line, if any, is used).
   */
  static String message(LogFamily family, Source f) {
    switch (family) {
      case AUDIT:
        return AuditFamily.message(f);
      case JOURNALD:
        return journaldMessage(f);
      case K8S_EVENT:
        return PlatformFamilies.eventMessage(f);
      case VPC_FLOW:
        return NetworkFamilies.vpcFlowMessage(f);
      case FIREWALL:
        return NetworkFamilies.firewallMessage(f);
      case NETWORK_POLICY:
        return NetworkFamilies.networkPolicyMessage(f);
      case IDS_THREAT:
        return NetworkFamilies.idsThreatMessage(f);
      case IDS_TRAFFIC:
        return NetworkFamilies.idsTrafficMessage(f);
      case HEALTH_CHECK:
        return NetworkFamilies.healthCheckMessage(f);
      case CLOUD_DNS:
        return NetworkFamilies.dnsMessage(f);
      case CLOUD_NAT:
        return NetworkFamilies.natMessage(f);
      case LB_PROXY:
      case LB_PASSTHROUGH:
        return NetworkFamilies.lbConnectionMessage(family, f);
      case SCHEDULER:
        return PlatformFamilies.schedulerMessage(f);
      case TASKS:
        return PlatformFamilies.tasksMessage(f);
      case WORKFLOWS:
        return PlatformFamilies.workflowsMessage(f);
      case DATAPROC_AUTOSCALER:
        return PlatformFamilies.dataprocAutoscalerMessage(f);
      case GKE_AUTOSCALER:
        return AutoscalerFamily.message(f);
      case ACCESS_LOG:
        return AccessLogFamily.message(f);
      case ACCESS_TRANSPARENCY:
        return AccessTransparencyFamily.message(f);
      default:
        return "";
    }
  }

  /**
   * A journald entry's message with its program in front, as syslog writes it: {@code kubelet:
   * <MESSAGE>}. The program is {@code SYSLOG_IDENTIFIER}, else {@code _SYSTEMD_UNIT} without its
   * {@code .service} suffix; without either, the bare {@code MESSAGE}. The prefix keeps the same
   * text from different programs apart and stays literal in the mined template ({@code kubelet:
   * <*>] "SyncLoop (PLEG): event for pod" ...}). A {@code MESSAGE} that is a structured logger's
   * JSON line (a service such as Caddy writing zap's JSON to the journal) gives the message inside
   * it, as such a line in any other message field does ({@link JsonLineMessage}).
   */
  static String journaldMessage(Source f) {
    String message = JsonLineMessage.message(f.get(J_JOURNAL_MESSAGE));
    String program = f.get(J_SYSLOG_IDENTIFIER);
    if (program.isEmpty()) {
      program = f.get(J_SYSTEMD_UNIT);
      if (program.endsWith(".service")) {
        program = program.substring(0, program.length() - ".service".length());
      }
    }
    if (program.isEmpty() || message.isEmpty()) {
      return message;
    }
    return program + ": " + message;
  }

  /**
   * The service name the payload gives, for {@link ServiceDeriver} (its fallback after the
   * resource's labels): an audit log's {@code protoPayload.serviceName}, the product an Access
   * Transparency entry names; else "".
   */
  static String payloadService(LogFamily family, String auditServiceName, Source f) {
    switch (family) {
      case AUDIT:
        return auditServiceName;
      case ACCESS_TRANSPARENCY:
        return AccessTransparencyFamily.product(f);
      default:
        return "";
    }
  }

  /**
   * The name the payload gives the entry's resource, for {@link ServiceDeriver}: the VM of a {@code
   * gce_instance} audit log ({@code protoPayload.resourceName} {@code …/instances/NAME}; the
   * managed instance group whose operation it records, {@link #instanceGroupManager}) or journald
   * entry ({@code _HOSTNAME}), the source network of a Cloud DNS query, the workload of a
   * Kubernetes event GKE logs on the cluster ({@code namespace/workload} of its object: a
   * Deployment's, ReplicaSet's, Job's, HPA's or Endpoints' events); else "".
   */
  static String payloadName(LogFamily family, String resourceType, Source f) {
    if (family == LogFamily.K8S_EVENT && resourceType.equals("k8s_cluster")) {
      String namespace = f.get(FamilyFields.J_INVOLVED_NAMESPACE);
      String name = f.get(FamilyFields.J_INVOLVED_NAME);
      return namespace.isEmpty() || name.isEmpty()
          ? ""
          : namespace + "/" + ServiceDeriver.podWorkload(name);
    }
    if (family == LogFamily.AUDIT && resourceType.equals("gce_instance")) {
      // An operation of a managed instance group on one of its VMs: the group.
      String group = instanceGroupManager(f);
      if (!group.isEmpty()) {
        return group;
      }
      // …/instances/NAME, or a part of it (…/instances/NAME/SerialPort/1): the VM's name.
      String r = f.get(P_RESOURCE_NAME);
      int i = r.lastIndexOf("/instances/");
      if (i < 0) {
        return "";
      }
      int from = i + "/instances/".length();
      int slash = r.indexOf('/', from);
      return slash < 0 ? r.substring(from) : r.substring(from, slash);
    }
    if (family == LogFamily.CLOUD_DNS) {
      return f.get(J_SOURCE_NETWORK);
    }
    if (family == LogFamily.JOURNALD && resourceType.equals("gce_instance")) {
      // The VM's host name is its instance name; a zonal or global DNS name adds domains.
      String host = f.get(J_JOURNAL_HOSTNAME);
      int dot = host.indexOf('.');
      return dot < 0 ? host : host.substring(0, dot);
    }
    return "";
  }

  /** How Compute Engine's audit status of a group's operation on a VM starts. */
  static final String IGM_STATUS_PREFIX = "Instance Group Manager '";

  /**
   * The managed instance group that made a Compute Engine audit log's operation on a VM: {@code
   * metadata.instance_group_manager_name}, else the group its status message names ({@code Instance
   * Group Manager 'projects/N/zones/Z/instanceGroupManagers/NAME' initiated recreateInstance on
   * instance …}, or the group's name alone); else "".
   */
  static String instanceGroupManager(Source f) {
    String name = f.get(FamilyFields.P_IGM_NAME);
    if (!name.isEmpty()) {
      return name;
    }
    String status = f.get(FamilyFields.P_STATUS_MESSAGE);
    if (!status.startsWith(IGM_STATUS_PREFIX)) {
      return "";
    }
    int end = status.indexOf('\'', IGM_STATUS_PREFIX.length());
    if (end < 0) {
      return "";
    }
    int from = Math.max(status.lastIndexOf('/', end) + 1, IGM_STATUS_PREFIX.length());
    return status.substring(from, end);
  }

  /**
   * The family of a parsed event: the parser's classification, or for an event without one (built
   * by hand, or decoded from an older encoding) its payload read back ({@link FamilyFields#of}).
   */
  public static LogFamily of(LogEvent e) {
    LogFamily parsed = e.family();
    if (parsed != null) {
      return parsed;
    }
    return classify(
        e.logId(),
        e.resourceType(),
        e.payloadKind() == PayloadKind.PROTO
            && FamilyFields.of(e).get(P_TYPE).endsWith("appengine.logging.v1.RequestLog"),
        e.httpRequest() != null,
        FamilyFields.of(e));
  }

  /**
   * The structural template of a parsed event's family, or null when its message is to be mined
   * (families whose message is free text: journald, GKE events without a reason, everything else).
   * Load-balancer request logs use the request template plus {@link #requestDetails}.
   */
  public static Structural structural(LogEvent e) {
    return structural(e, of(e));
  }

  /**
   * {@link #structural(LogEvent)} for an event already classified as {@code family}: remembered per
   * thread ({@link StructuralMemo}), as family entries repeat their templates.
   */
  public static Structural structural(LogEvent e, LogFamily family) {
    return StructuralMemo.get().structural(family, FamilyFields.of(e), LogFamilies::structural);
  }

  /** The structural template of {@code family} from its slots; reads nothing else. */
  private static Structural structural(LogFamily family, Source f) {
    switch (family) {
      case AUDIT:
        return AuditFamily.structural(f);
      case K8S_EVENT:
        return PlatformFamilies.eventStructural(f);
      case VPC_FLOW:
        return NetworkFamilies.vpcFlowStructural(f);
      case FIREWALL:
        return NetworkFamilies.firewallStructural(f);
      case NETWORK_POLICY:
        return NetworkFamilies.networkPolicyStructural(f);
      case IDS_THREAT:
        return NetworkFamilies.idsThreatStructural(f);
      case IDS_TRAFFIC:
        return NetworkFamilies.idsTrafficStructural(f);
      case HEALTH_CHECK:
        return NetworkFamilies.healthCheckStructural(f);
      case CLOUD_DNS:
        return NetworkFamilies.dnsStructural(f);
      case CLOUD_NAT:
        return NetworkFamilies.natStructural(f);
      case LB_PROXY:
      case LB_PASSTHROUGH:
        return NetworkFamilies.lbConnectionStructural(family, f);
      case SCHEDULER:
        return PlatformFamilies.schedulerStructural(f);
      case TASKS:
        return PlatformFamilies.tasksStructural(f);
      case WORKFLOWS:
        return PlatformFamilies.workflowsStructural(f);
      case DATAPROC_AUTOSCALER:
        return PlatformFamilies.dataprocAutoscalerStructural(f);
      case GKE_AUTOSCALER:
        return AutoscalerFamily.structural(f);
      case ACCESS_TRANSPARENCY:
        return AccessTransparencyFamily.structural(f);
      default:
        return null;
    }
  }

  /**
   * The access-log line of a proxy's JSON access log without message text of its own, or null; its
   * template is the request template plus the response flags ({@code GET /api/<*> 5xx UC}), made
   * where request templates are.
   */
  public static AccessLogFamily.Line accessLine(LogEvent e, LogFamily family) {
    return family == LogFamily.ACCESS_LOG ? AccessLogFamily.of(e) : null;
  }

  /**
   * Who made an audit log's call ({@code protoPayload.authenticationInfo.principalEmail}, else its
   * {@code principalSubject}: a federated identity exchanging a token has no address) and from
   * where ({@code protoPayload.requestMetadata.callerIp}), as {@code [principal, callerIp]}, each
   * "" when absent; both "" for an entry of another family. An audit log's message names the call,
   * not its caller, which is what a security alert on it is about.
   */
  public static List<String> auditCaller(LogEvent e) {
    if (of(e) != LogFamily.AUDIT) {
      return List.of("", "");
    }
    Source f = FamilyFields.of(e);
    String principal = f.get(P_PRINCIPAL);
    return List.of(
        principal.isEmpty() ? f.get(P_PRINCIPAL_SUBJECT) : principal, f.get(P_CALLER_IP));
  }

  /**
   * What a load-balancer request log adds to its request template: {@code statusDetails} and the
   * Cloud Armor outcome (edge policy first), e.g. {@code " denied_by_security_policy armor
   * test-armor-policy DENY"}, with the rate limit that denied it ({@code … DENY RATE_BASED_BAN});
   * "" for other entries (see {@link ArmorDetails}).
   */
  public static String requestDetails(LogEvent e) {
    StringBuilder sb = new StringBuilder();
    appendRequestDetails(e, sb);
    return sb.toString();
  }

  /**
   * The restrictions of what {@link #appendRequestDetails} added to a request template ({@code GET
   * / 4xx denied_by_security_policy armor my-policy DENY}), read back from it: its statusDetails
   * and Cloud Armor policy and outcome, so that an exclusion of the denied requests' row is not
   * also one of the backend's own 404s, nor of another policy's denials.
   */
  public static List<String> requestDetailClauses(String template) {
    return ArmorDetails.clauses(template);
  }

  /** Appends {@link #requestDetails} to {@code out} (request templates are written in place). */
  public static void appendRequestDetails(LogEvent e, StringBuilder out) {
    if (e.httpRequest() == null) {
      return;
    }
    Source f = FamilyFields.of(e);
    if (!isLoadBalancer(e.resourceType()) && !f.get(J_TYPE).contains(".loadbalancing.type.")) {
      return;
    }
    ArmorDetails.append(f, out);
  }

  // ---------------------------------------------------------------------------------------------
  // Shared helpers for the family formats.

  /**
   * A protobuf type URL without its host and package: {@code AttemptFinished} of {@code
   * type.googleapis.com/google.cloud.scheduler.logging.AttemptFinished}; the whole text when it
   * ends in neither.
   */
  static String shortTypeName(String type) {
    int cut = Math.max(type.lastIndexOf('.'), type.lastIndexOf('/'));
    return cut >= 0 && cut < type.length() - 1 ? type.substring(cut + 1) : type;
  }

  /** A Cloud Logging string restriction {@code path="value"}. */
  static String eq(int slot, String value) {
    return restriction(slot, '=', value);
  }

  /** A Cloud Logging substring restriction {@code path:"value"}. */
  static String has(int slot, String value) {
    return restriction(slot, ':', value);
  }

  private static String restriction(int slot, char op, String value) {
    StringBuilder sb = new StringBuilder(FamilyFields.path(slot)).append(op).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  /** {@code a AND b}, skipping empty parts. */
  static String and(String... clauses) {
    StringBuilder sb = new StringBuilder();
    for (String c : clauses) {
      if (c.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(" AND ");
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** The value, or {@code -} when it is empty. */
  static String orDash(String v) {
    return v.isEmpty() ? "-" : v;
  }
}
