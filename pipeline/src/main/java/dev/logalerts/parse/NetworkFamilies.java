package dev.logalerts.parse;

import static dev.logalerts.parse.FamilyFields.J_ALLOCATION_STATUS;
import static dev.logalerts.parse.FamilyFields.J_CLIENT_IP;
import static dev.logalerts.parse.FamilyFields.J_CLIENT_PORT;
import static dev.logalerts.parse.FamilyFields.J_DEST_IP;
import static dev.logalerts.parse.FamilyFields.J_DEST_PORT;
import static dev.logalerts.parse.FamilyFields.J_DISPOSITION;
import static dev.logalerts.parse.FamilyFields.J_HC_DETAILED_STATE;
import static dev.logalerts.parse.FamilyFields.J_HC_IP;
import static dev.logalerts.parse.FamilyFields.J_HC_PORT;
import static dev.logalerts.parse.FamilyFields.J_HC_PREVIOUS_STATE;
import static dev.logalerts.parse.FamilyFields.J_HC_PROTOCOL;
import static dev.logalerts.parse.FamilyFields.J_HC_RESULT_TEXT;
import static dev.logalerts.parse.FamilyFields.J_HC_STATE;
import static dev.logalerts.parse.FamilyFields.J_IDS_APPLICATION;
import static dev.logalerts.parse.FamilyFields.J_IDS_CATEGORY;
import static dev.logalerts.parse.FamilyFields.J_IDS_DEST_IP;
import static dev.logalerts.parse.FamilyFields.J_IDS_DEST_PORT;
import static dev.logalerts.parse.FamilyFields.J_IDS_NAME;
import static dev.logalerts.parse.FamilyFields.J_IDS_SEVERITY;
import static dev.logalerts.parse.FamilyFields.J_IDS_SRC_IP;
import static dev.logalerts.parse.FamilyFields.J_IDS_SRC_PORT;
import static dev.logalerts.parse.FamilyFields.J_IDS_TYPE;
import static dev.logalerts.parse.FamilyFields.J_NAT_IP;
import static dev.logalerts.parse.FamilyFields.J_NAT_PORT;
import static dev.logalerts.parse.FamilyFields.J_NP_DEST_NAMESPACE;
import static dev.logalerts.parse.FamilyFields.J_NP_DEST_POD;
import static dev.logalerts.parse.FamilyFields.J_NP_DEST_WORKLOAD;
import static dev.logalerts.parse.FamilyFields.J_NP_DIRECTION;
import static dev.logalerts.parse.FamilyFields.J_NP_SRC_NAMESPACE;
import static dev.logalerts.parse.FamilyFields.J_NP_SRC_POD;
import static dev.logalerts.parse.FamilyFields.J_NP_SRC_WORKLOAD;
import static dev.logalerts.parse.FamilyFields.J_PROTOCOL;
import static dev.logalerts.parse.FamilyFields.J_QUERY_NAME;
import static dev.logalerts.parse.FamilyFields.J_QUERY_TYPE;
import static dev.logalerts.parse.FamilyFields.J_REPORTER;
import static dev.logalerts.parse.FamilyFields.J_RESPONSE_CODE;
import static dev.logalerts.parse.FamilyFields.J_RULE_DIRECTION;
import static dev.logalerts.parse.FamilyFields.J_RULE_REFERENCE;
import static dev.logalerts.parse.FamilyFields.J_SERVER_IP;
import static dev.logalerts.parse.FamilyFields.J_SERVER_PORT;
import static dev.logalerts.parse.FamilyFields.J_SRC_IP;
import static dev.logalerts.parse.FamilyFields.J_SRC_PORT;
import static dev.logalerts.parse.FamilyFields.J_STATUS_DETAILS;
import static dev.logalerts.parse.LogFamilies.and;
import static dev.logalerts.parse.LogFamilies.eq;
import static dev.logalerts.parse.LogFamilies.orDash;

import dev.logalerts.model.LogFamily;
import dev.logalerts.parse.FamilyFields.Source;
import dev.logalerts.parse.LogFamilies.Structural;
import java.util.Locale;

/**
 * Network log families: VPC flow logs, firewall rules logging, GKE network policy logs, Cloud IDS
 * threat logs, load-balancing health check logs, Cloud DNS query logs, Cloud NAT logs and
 * load-balancer connection/flow logs (proxy and passthrough Network Load Balancers). Their messages
 * name the 5-tuple; their templates keep only what is constant for one kind of traffic (protocol,
 * the server-side port unless it is ephemeral, rule, disposition, response code).
 */
final class NetworkFamilies {
  private NetworkFamilies() {}

  /** The log id of GKE Dataplane V2's network policy logs (resource {@code k8s_node}). */
  static final String POLICY_ACTION_LOG_ID = "policy-action";

  /** The log id of Cloud IDS threat logs (resource {@code ids.googleapis.com/Endpoint}). */
  static final String IDS_THREAT_LOG_ID = "ids.googleapis.com/threat";

  /** The log id of Cloud IDS traffic logs: one entry per session the endpoint inspected. */
  static final String IDS_TRAFFIC_LOG_ID = "ids.googleapis.com/traffic";

  /** The log id of load-balancing health check logs (one entry per health state change). */
  static final String HEALTH_CHECK_LOG_ID = "compute.googleapis.com/healthchecks";

  /** Ports from here up are ephemeral (Linux starts its range at 32768): masked in templates. */
  static final int EPHEMERAL_PORTS = 32768;

  // VPC flow logs: "VPC flow TCP 10.0.0.2:51234 -> 10.0.0.3:443 reporter=SRC"

  static String vpcFlowMessage(Source f) {
    StringBuilder sb = new StringBuilder("VPC flow ");
    tuple(sb, f.get(J_PROTOCOL), f, J_SRC_IP, J_SRC_PORT, J_DEST_IP, J_DEST_PORT);
    return sb.append(" reporter=").append(orDash(f.get(J_REPORTER))).toString();
  }

  /**
   * One template per protocol, server port and reporter. The server port is the destination's, or
   * for return traffic (an ephemeral destination port, a fixed source port: the reply of a server
   * on 443 to its client) the source's, written {@code from :443}; with both ports ephemeral it is
   * {@code :<*>}. The restrictions say which side, so that no row's exclusion takes another's
   * flows.
   */
  static Structural vpcFlowStructural(Source f) {
    String dest = f.get(J_DEST_PORT);
    String destPort = port(dest);
    boolean ephemeralDest = destPort.equals("<*>");
    // Only needed when the destination port is ephemeral; read then only, so that the client's
    // ephemeral port does not spread StructuralMemo's tree.
    String src = ephemeralDest ? f.get(J_SRC_PORT) : "";
    String port;
    String portClauses;
    if (!ephemeralDest || port(src).equals("<*>") || src.isEmpty()) {
      port = portSuffix(dest);
      portClauses =
          and(
              portClause(J_DEST_PORT, dest),
              ephemeralDest ? ephemeralClause(J_DEST_PORT) : "",
              ephemeralDest && !src.isEmpty() ? ephemeralClause(J_SRC_PORT) : "");
    } else {
      port = " from :" + port(src);
      portClauses = and(portClause(J_SRC_PORT, src), ephemeralClause(J_DEST_PORT));
    }
    String template =
        "VPC flow " + protocol(f.get(J_PROTOCOL)) + port + " reporter=" + orDash(f.get(J_REPORTER));
    return new Structural(
        template, and(protocolClause(f), portClauses, reporterClause(f.get(J_REPORTER))));
  }

  private static String ephemeralClause(int slot) {
    return FamilyFields.path(slot) + ">=" + EPHEMERAL_PORTS;
  }

  // Firewall rules logging: "firewall network:default/firewall:allow-ssh ALLOWED INGRESS TCP …"

  static String firewallMessage(Source f) {
    StringBuilder sb = new StringBuilder("firewall ");
    sb.append(orDash(f.get(J_RULE_REFERENCE)))
        .append(' ')
        .append(orDash(f.get(J_DISPOSITION)))
        .append(' ')
        .append(orDash(f.get(J_RULE_DIRECTION)))
        .append(' ');
    tuple(sb, f.get(J_PROTOCOL), f, J_SRC_IP, J_SRC_PORT, J_DEST_IP, J_DEST_PORT);
    return sb.toString();
  }

  static Structural firewallStructural(Source f) {
    String rule = f.get(J_RULE_REFERENCE);
    String disposition = f.get(J_DISPOSITION);
    String direction = f.get(J_RULE_DIRECTION);
    String template =
        "firewall " + orDash(rule) + ' ' + orDash(disposition) + ' ' + orDash(direction);
    return new Structural(
        template,
        and(
            rule.isEmpty() ? "" : eq(J_RULE_REFERENCE, rule),
            disposition.isEmpty() ? "" : eq(J_DISPOSITION, disposition),
            direction.isEmpty() ? "" : eq(J_RULE_DIRECTION, direction)));
  }

  // GKE network policy logs (Dataplane V2, log policy-action):
  // "network policy deny ingress tcp default/client-pod -> default/test-service-7c9-sfd9h:8080"

  static String networkPolicyMessage(Source f) {
    StringBuilder sb = new StringBuilder("network policy ");
    sb.append(orDash(f.get(J_DISPOSITION)))
        .append(' ')
        .append(orDash(f.get(J_NP_DIRECTION)))
        .append(' ')
        .append(orDash(f.get(J_PROTOCOL)))
        .append(' ')
        .append(podOrAddress(f, J_NP_SRC_NAMESPACE, J_NP_SRC_POD, J_SRC_IP))
        .append(" -> ")
        .append(podOrAddress(f, J_NP_DEST_NAMESPACE, J_NP_DEST_POD, J_DEST_IP));
    String port = f.get(J_DEST_PORT);
    return port.isEmpty() ? sb.toString() : sb.append(':').append(port).toString();
  }

  /**
   * The same by workload (a Deployment's name, not its pods'), with {@code external} for an end
   * outside the cluster: one template per policy decision between two workloads and a port.
   */
  static Structural networkPolicyStructural(Source f) {
    String template =
        "network policy "
            + orDash(f.get(J_DISPOSITION))
            + ' '
            + orDash(f.get(J_NP_DIRECTION))
            + ' '
            + orDash(f.get(J_PROTOCOL))
            + ' '
            + workload(f, J_NP_SRC_NAMESPACE, J_NP_SRC_WORKLOAD)
            + " -> "
            + workload(f, J_NP_DEST_NAMESPACE, J_NP_DEST_WORKLOAD)
            + ':'
            + port(f.get(J_DEST_PORT));
    return new Structural(
        template,
        and(
            eqIfSet(J_DISPOSITION, f),
            eqIfSet(J_NP_DIRECTION, f),
            eqIfSet(J_PROTOCOL, f),
            workloadClause(f, J_NP_SRC_NAMESPACE, J_NP_SRC_WORKLOAD),
            workloadClause(f, J_NP_DEST_NAMESPACE, J_NP_DEST_WORKLOAD),
            portClause(J_DEST_PORT, f.get(J_DEST_PORT))));
  }

  /** {@code namespace/pod}, else the address (an end outside the cluster). */
  private static String podOrAddress(Source f, int namespace, int pod, int ip) {
    String name = f.get(pod);
    return name.isEmpty() ? orDash(f.get(ip)) : qualified(f.get(namespace), name);
  }

  private static String workload(Source f, int namespace, int workload) {
    String name = f.get(workload);
    return name.isEmpty() ? "external" : qualified(f.get(namespace), name);
  }

  private static String qualified(String namespace, String name) {
    return namespace.isEmpty() ? name : namespace + '/' + name;
  }

  private static String workloadClause(Source f, int namespace, int workload) {
    String name = f.get(workload);
    if (name.isEmpty()) {
      return "NOT " + FamilyFields.path(workload) + ":*"; // "external": no workload on that end
    }
    String ns = f.get(namespace);
    return and(ns.isEmpty() ? "" : eq(namespace, ns), eq(workload, name));
  }

  // Cloud IDS threats: "Cloud IDS HIGH vulnerability/code-execution Apache Log4j Remote Code
  // Execution Vulnerability 198.51.100.7:40432 -> 10.128.0.5:8080 web-browsing"

  static String idsThreatMessage(Source f) {
    StringBuilder sb = new StringBuilder(idsThreat(f)).append(' ');
    endpoint(sb, f.get(J_IDS_SRC_IP), f.get(J_IDS_SRC_PORT));
    sb.append(" -> ");
    endpoint(sb, f.get(J_IDS_DEST_IP), f.get(J_IDS_DEST_PORT));
    String application = f.get(J_IDS_APPLICATION);
    return application.isEmpty() ? sb.toString() : sb.append(' ').append(application).toString();
  }

  /** One template per threat and targeted port: the addresses vary from one alert to the next. */
  static Structural idsThreatStructural(Source f) {
    return perPort(
        idsThreat(f), f, J_IDS_DEST_PORT, J_IDS_SEVERITY, J_IDS_TYPE, J_IDS_CATEGORY, J_IDS_NAME);
  }

  // Cloud IDS traffic: "Cloud IDS traffic TCP 10.128.0.5:49412 -> 142.250.72.110:443 ssl allow
  // client-to-server"

  static String idsTrafficMessage(Source f) {
    StringBuilder sb = new StringBuilder("Cloud IDS traffic ");
    tuple(
        sb,
        f.get(FamilyFields.J_IDS_IP_PROTOCOL),
        f,
        J_IDS_SRC_IP,
        J_IDS_SRC_PORT,
        J_IDS_DEST_IP,
        J_IDS_DEST_PORT);
    sb.append(' ').append(idsSession(f));
    String direction = f.get(FamilyFields.J_IDS_DIRECTION);
    return direction.isEmpty() ? sb.toString() : sb.append(' ').append(direction).toString();
  }

  /** One template per protocol, application, action and server port, as for VPC flows. */
  static Structural idsTrafficStructural(Source f) {
    return perPort(
        "Cloud IDS traffic "
            + protocol(f.get(FamilyFields.J_IDS_IP_PROTOCOL))
            + ' '
            + idsSession(f),
        f,
        J_IDS_DEST_PORT,
        FamilyFields.J_IDS_IP_PROTOCOL,
        J_IDS_APPLICATION,
        FamilyFields.J_IDS_ACTION);
  }

  private static String idsSession(Source f) {
    return orDash(f.get(J_IDS_APPLICATION)) + ' ' + orDash(f.get(FamilyFields.J_IDS_ACTION));
  }

  private static String idsThreat(Source f) {
    return "Cloud IDS "
        + orDash(f.get(J_IDS_SEVERITY))
        + ' '
        + orDash(f.get(J_IDS_TYPE))
        + '/'
        + orDash(f.get(J_IDS_CATEGORY))
        + ' '
        + orDash(f.get(J_IDS_NAME));
  }

  private static String eqIfSet(int slot, Source f) {
    String v = f.get(slot);
    return v.isEmpty() ? "" : eq(slot, v);
  }

  /**
   * {@code <what> :<port>} (an ephemeral port masked), matched by the values of {@code slots},
   * those {@code what} was made of, and the port.
   */
  private static Structural perPort(String what, Source f, int portSlot, int... slots) {
    String port = f.get(portSlot);
    String[] clauses = new String[slots.length + 1];
    for (int i = 0; i < slots.length; i++) {
      clauses[i] = eqIfSet(slots[i], f);
    }
    clauses[slots.length] = portClause(portSlot, port);
    return new Structural(what + portSuffix(port), and(clauses));
  }

  // Health checks: "health check HEALTHY -> UNHEALTHY TIMEOUT TCP 10.0.0.19:80: Connection refused"

  static String healthCheckMessage(Source f) {
    StringBuilder sb = new StringBuilder(healthCheckChange(f)).append(' ');
    endpoint(sb, f.get(J_HC_IP), f.get(J_HC_PORT));
    String text = f.get(J_HC_RESULT_TEXT);
    return text.isEmpty() ? sb.toString() : sb.append(": ").append(text).toString();
  }

  /** One template per state change and port: the instance's address varies. */
  static Structural healthCheckStructural(Source f) {
    return perPort(
        healthCheckChange(f),
        f,
        J_HC_PORT,
        J_HC_PREVIOUS_STATE,
        J_HC_STATE,
        J_HC_DETAILED_STATE,
        J_HC_PROTOCOL);
  }

  private static String healthCheckChange(Source f) {
    return "health check "
        + orDash(f.get(J_HC_PREVIOUS_STATE))
        + " -> "
        + orDash(f.get(J_HC_STATE))
        + ' '
        + orDash(f.get(J_HC_DETAILED_STATE))
        + ' '
        + orDash(f.get(J_HC_PROTOCOL));
  }

  // Cloud DNS: "DNS A example.com. NXDOMAIN"

  static String dnsMessage(Source f) {
    return "DNS "
        + orDash(f.get(J_QUERY_TYPE))
        + ' '
        + orDash(f.get(J_QUERY_NAME))
        + ' '
        + orDash(f.get(J_RESPONSE_CODE));
  }

  static Structural dnsStructural(Source f) {
    String type = f.get(J_QUERY_TYPE);
    String code = f.get(J_RESPONSE_CODE);
    return new Structural(
        "DNS " + orDash(type) + ' ' + orDash(code),
        and(
            type.isEmpty() ? "" : eq(J_QUERY_TYPE, type),
            code.isEmpty() ? "" : eq(J_RESPONSE_CODE, code)));
  }

  // Cloud NAT: "NAT OK TCP 10.0.0.2:52348 -> 99.88.77.66:80 via 35.1.2.3:1024"

  static String natMessage(Source f) {
    StringBuilder sb = new StringBuilder("NAT ").append(orDash(f.get(J_ALLOCATION_STATUS)));
    sb.append(' ');
    tuple(sb, f.get(J_PROTOCOL), f, J_SRC_IP, J_SRC_PORT, J_DEST_IP, J_DEST_PORT);
    String natIp = f.get(J_NAT_IP);
    if (!natIp.isEmpty()) {
      sb.append(" via ").append(natIp);
      String natPort = f.get(J_NAT_PORT);
      if (!natPort.isEmpty()) {
        sb.append(':').append(natPort);
      }
    }
    return sb.toString();
  }

  static Structural natStructural(Source f) {
    String status = f.get(J_ALLOCATION_STATUS);
    return new Structural(
        "NAT " + orDash(status) + ' ' + protocol(f.get(J_PROTOCOL)),
        and(status.isEmpty() ? "" : eq(J_ALLOCATION_STATUS, status), protocolClause(f)));
  }

  // Load-balancer connection logs (proxy NLB) and flow logs (passthrough NLB).

  static String lbConnectionMessage(LogFamily family, Source f) {
    StringBuilder sb = new StringBuilder(kind(family)).append(' ');
    tuple(sb, f.get(J_PROTOCOL), f, J_CLIENT_IP, J_CLIENT_PORT, J_SERVER_IP, J_SERVER_PORT);
    String details = f.get(J_STATUS_DETAILS);
    if (!details.isEmpty()) {
      sb.append(' ').append(details);
    }
    return sb.toString();
  }

  static Structural lbConnectionStructural(LogFamily family, Source f) {
    StringBuilder sb = new StringBuilder(kind(family));
    sb.append(' ').append(protocol(f.get(J_PROTOCOL)));
    sb.append(portSuffix(f.get(J_SERVER_PORT)));
    String details = f.get(J_STATUS_DETAILS);
    if (!details.isEmpty()) {
      sb.append(' ').append(details);
    }
    return new Structural(
        sb.toString(),
        and(
            protocolClause(f),
            portClause(J_SERVER_PORT, f.get(J_SERVER_PORT)),
            details.isEmpty() ? "" : eq(J_STATUS_DETAILS, details)));
  }

  private static String kind(LogFamily family) {
    return family == LogFamily.LB_PASSTHROUGH ? "NLB flow" : "proxy NLB connection";
  }

  // ---------------------------------------------------------------------------------------------

  /** {@code TCP 10.0.0.2:51234 -> 10.0.0.3:443} (parts that are absent left out). */
  private static void tuple(
      StringBuilder sb,
      String protocolNumber,
      Source f,
      int srcIp,
      int srcPort,
      int destIp,
      int destPort) {
    sb.append(protocol(protocolNumber)).append(' ');
    endpoint(sb, f.get(srcIp), f.get(srcPort));
    sb.append(" -> ");
    endpoint(sb, f.get(destIp), f.get(destPort));
  }

  private static void endpoint(StringBuilder sb, String ip, String port) {
    sb.append(ip.isEmpty() ? "-" : ip);
    if (!port.isEmpty()) {
      sb.append(':').append(port);
    }
  }

  /**
   * IANA protocol number → name ({@code 6} → {@code TCP}); other numbers as {@code proto-N}, a name
   * in capitals.
   */
  static String protocol(String number) {
    switch (number) {
      case "1":
        return "ICMP";
      case "6":
        return "TCP";
      case "17":
        return "UDP";
      case "47":
        return "GRE";
      case "50":
        return "ESP";
      case "58":
        return "ICMPv6";
      case "132":
        return "SCTP";
      case "":
        return "-";
      default:
        // Some exports write the name ("udp") where Cloud Logging writes the number.
        return number.chars().allMatch(Character::isLetter)
            ? number.toUpperCase(Locale.ROOT)
            : "proto-" + number;
    }
  }

  /** A port for a template: as is below {@link #EPHEMERAL_PORTS}, else {@code <*>}. */
  /** {@code " :<port>"} for a template, or nothing for a flow without ports (ICMP, GRE, ESP). */
  private static String portSuffix(String port) {
    return port.isEmpty() ? "" : " :" + port(port);
  }

  static String port(String port) {
    int p = JsonValues.unsignedInt(port);
    if (port.isEmpty()) {
      return "-";
    }
    return p >= EPHEMERAL_PORTS || p == 0 && !port.equals("0") ? "<*>" : port;
  }

  private static String protocolClause(Source f) {
    String p = f.get(J_PROTOCOL);
    return p.isEmpty() || JsonValues.unsignedInt(p) == 0 && !p.equals("0")
        ? ""
        : FamilyFields.path(J_PROTOCOL) + "=" + p;
  }

  private static String portClause(int slot, String port) {
    String p = port(port);
    return p.equals("-") || p.equals("<*>") ? "" : FamilyFields.path(slot) + "=" + p;
  }

  private static String reporterClause(String reporter) {
    return reporter.isEmpty() ? "" : eq(J_REPORTER, reporter);
  }
}
