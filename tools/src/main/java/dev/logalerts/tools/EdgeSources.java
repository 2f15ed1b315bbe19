package dev.logalerts.tools;

import static dev.logalerts.tools.Draft.obj;
import static dev.logalerts.tools.Draft.strings;
import static dev.logalerts.tools.LogSources.API_BACKEND;
import static dev.logalerts.tools.LogSources.PROJECT;
import static dev.logalerts.tools.LogSources.PROJECT_NUMBER;
import static dev.logalerts.tools.LogSources.REGION;
import static dev.logalerts.tools.LogSources.duration;
import static dev.logalerts.tools.NetworkSources.VM_SUBNET;
import static dev.logalerts.tools.NetworkSources.VPC;
import static dev.logalerts.tools.ShopData.USER_AGENTS;

import dev.logalerts.model.Timestamps;
import java.util.Map;

/**
 * The shop's load-balancer logs beyond the HTTP(S) requests of {@link HttpSources}, in the layout
 * Cloud Logging exports them (see the fixtures under pipeline/src/test/resources/families/): flow
 * logs of the passthrough network load balancers, connection logs of the proxy network load
 * balancer, and Cloud Armor denials on the external load balancer's request logs (on {@code
 * shop-api-backend}, which no planted incident uses). Part of {@link FamilySources}.
 */
final class EdgeSources {
  static final String ARMOR_POLICY = "shop-api-policy";
  static final String EDGE_POLICY = "shop-edge-policy";

  private final Rng r;
  private final LogSources shop;

  EdgeSources(Rng r) {
    this.r = r;
    this.shop = new LogSources(r);
  }

  private Draft draft(String key, String resourceType, Map<String, String> labels, String log) {
    return NetworkSources.draft(r, key, resourceType, labels, log);
  }

  private int ephemeralPort() {
    return NetworkSources.ephemeralPort(r);
  }

  // ---------------------------------------------------------------- network load balancers

  /**
   * A flow through a passthrough network load balancer: partners' SFTP uploads (external) or the
   * ERP database behind an internal one.
   */
  Draft passthroughFlow(long t) {
    boolean external = r.chance(0.6);
    String service = external ? "partner-sftp-backend" : "erp-db-ilb-backend";
    String clientIp = external ? shop.publicIp() : shop.podIp();
    String serverIp = external ? "34.140.22.87" : "10.30.0.20";
    int serverPort = external ? 22 : 5432;
    String kind = external ? "External" : "Internal";
    Draft d =
        draft(
            "nlb_flow:" + kind,
            "loadbalancing.googleapis.com/" + kind + "NetworkLoadBalancerRule",
            strings(
                "backend_group_name",
                service.replace("-backend", "-mig"),
                "backend_group_scope",
                "ZONE",
                "backend_group_type",
                "INSTANCE_GROUP",
                "backend_network_name",
                VPC,
                "backend_service_name",
                service,
                "backend_subnetwork_name",
                VM_SUBNET,
                "backend_target_type",
                "BACKEND_SERVICE",
                "backend_zone",
                REGION + "-b",
                "forwarding_rule_name",
                service.replace("-backend", "-fr"),
                "primary_target_pool",
                "",
                "project_id",
                PROJECT,
                "region",
                REGION,
                "target_pool",
                ""),
            "loadbalancing.googleapis.com%2Fflows");
    long end = t;
    long start = end - r.betweenLong(50_000_000L, 30 * LogGenerator.NANOS);
    long packets = r.between(4, 400);
    d.jsonPayload =
        obj(
            "@type",
            "type.googleapis.com/google.cloud.loadbalancing.type."
                + kind
                + "NetworkLoadBalancerLogEntry",
            "bytesSent",
            Long.toString(packets * r.between(80, 1400)),
            "connection",
            obj(
                "clientIp", clientIp,
                "clientPort", ephemeralPort(),
                "protocol", 6,
                "serverIp", serverIp,
                "serverPort", serverPort),
            "endTime",
            Timestamps.format(end, 9),
            "packetsReceived",
            Long.toString(packets + r.between(-2, 2)),
            "packetsSent",
            Long.toString(packets),
            "rtt",
            duration((long) (r.logNormal(0.02, 0.5) * 1e9)),
            "startTime",
            Timestamps.format(start, 9));
    return d;
  }

  /** A connection through the proxy network load balancer in front of the realtime gateway. */
  Draft proxyConnection(long t) {
    Draft d =
        draft(
            "nlb_proxy:443",
            "l4_proxy_rule",
            strings(
                "backend_name", "realtime-gateway-neg",
                "backend_scope", REGION + "-b",
                "backend_scope_type", "ZONE",
                "backend_target_name", "realtime-gateway-backend",
                "backend_target_type", "BACKEND_SERVICE",
                "backend_type", "NETWORK_ENDPOINT_GROUP",
                "forwarding_rule_name", "realtime-gateway-fr",
                "load_balancing_scheme", "EXTERNAL_MANAGED",
                "network_name", VPC,
                "project_id", PROJECT,
                "protocol", "TCP",
                "region", REGION,
                "target_proxy_name", "realtime-gateway-tcp-proxy"),
            "loadbalancing.googleapis.com%2Fconnections");
    d.severity = "INFO";
    d.timestampDigits = 6;
    long start = t - r.betweenLong(1_000_000L, 120 * LogGenerator.NANOS);
    d.jsonPayload =
        obj(
            "@type",
            "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",
            "connection",
            obj(
                "clientIp",
                shop.publicIp(),
                "clientPort",
                ephemeralPort(),
                "protocol",
                6,
                "serverIp",
                "34.111.9.40",
                "serverPort",
                443),
            "endTime",
            Timestamps.format(t, 6),
            "serverBytesReceived",
            Integer.toString(r.between(200, 90000)),
            "serverBytesSent",
            Integer.toString(r.between(500, 900000)),
            "startTime",
            Timestamps.format(start, 6));
    return d;
  }

  // ---------------------------------------------------------------- Cloud Armor

  /**
   * A request to the API backend that a Cloud Armor policy stopped: the WAF rule against SQL
   * injection, the rate-based rule (429) or the edge policy's country block.
   */
  Draft armor(long t) {
    String path;
    String method = "GET";
    int status = 403;
    String policy = ARMOR_POLICY;
    String configured = "DENY";
    int priority;
    String kind;
    int u = r.nextInt(100);
    if (u < 45) {
      kind = "sqli";
      path = "/api/v1/orders/" + r.digits(5) + "%27%20OR%201%3D1--";
      priority = 1000;
    } else if (u < 80) {
      kind = "throttle";
      method = "POST";
      path = "/api/v1/checkout";
      status = 429;
      configured = "THROTTLE";
      priority = 2000;
    } else {
      kind = "edge";
      path = "/api/v1/cart/" + r.digits(4);
      policy = EDGE_POLICY;
      priority = 100;
    }
    String ip = shop.publicIp();
    Map<String, Object> enforced =
        obj(
            "configuredAction",
            configured,
            "name",
            policy,
            "outcome",
            "DENY",
            "priority",
            priority);
    Draft d = draft("armor:" + kind, "http_load_balancer", null, "requests");
    d.insertId = r.alnum(13);
    d.jsonPayload =
        obj(
            "@type",
            "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",
            "backendTargetProjectNumber",
            "projects/" + PROJECT_NUMBER,
            "enforcedEdgeSecurityPolicy",
            policy.equals(EDGE_POLICY) ? enforced : null,
            "enforcedSecurityPolicy",
            policy.equals(EDGE_POLICY) ? null : enforced,
            "remoteIp",
            ip,
            "securityPolicyRequestData",
            obj(
                "remoteIpInfo",
                obj(
                    "asn",
                    r.between(1000, 65000),
                    "regionCode",
                    r.pick(new String[] {"CN", "RU", "US", "NL", "BR"}))),
            "statusDetails",
            "denied_by_security_policy");
    d.httpRequest =
        obj(
            "requestMethod",
            method,
            "requestUrl",
            "https://shop.example.com" + path,
            "requestSize",
            Integer.toString(r.between(90, 900)),
            "status",
            status,
            "responseSize",
            Integer.toString(r.between(180, 300)),
            "userAgent",
            r.chance(0.5) ? "python-requests/2.32.3" : r.pick(USER_AGENTS),
            "remoteIp",
            ip,
            "latency",
            duration(r.between(300, 9000) * 1000L),
            "protocol",
            "HTTP/1.1");
    d.resourceLabels =
        strings(
            "backend_service_name", API_BACKEND,
            "forwarding_rule_name", "shop-https-forwarding-rule",
            "project_id", PROJECT,
            "target_proxy_name", "shop-https-proxy",
            "url_map_name", "shop-url-map",
            "zone", "global");
    d.severity = "WARNING";
    d.trace = shop.trace();
    d.spanId = r.hex(16);
    d.timestampDigits = 6;
    return d;
  }
}
