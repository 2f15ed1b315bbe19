package dev.logalerts.tools;

import static dev.logalerts.tools.Draft.obj;
import static dev.logalerts.tools.Draft.strings;
import static dev.logalerts.tools.LogSources.API_BACKEND;
import static dev.logalerts.tools.LogSources.CLUSTER;
import static dev.logalerts.tools.LogSources.PROJECT;
import static dev.logalerts.tools.LogSources.PROJECT_NUMBER;
import static dev.logalerts.tools.LogSources.REGION;
import static dev.logalerts.tools.LogSources.duration;
import static dev.logalerts.tools.ShopData.USER_AGENTS;

import dev.logalerts.model.Timestamps;
import dev.logalerts.tools.ShopData.Workload;
import java.util.List;
import java.util.Map;

/**
 * The shop's network logs, in the layout Cloud Logging exports them (see the fixtures under
 * pipeline/src/test/resources/families/): VPC flow logs and firewall rules logging of the VPC
 * {@code shop-vpc} ({@code gce_subnetwork}), Cloud DNS queries ({@code dns_query}), Cloud NAT
 * ({@code nat_gateway}), the passthrough and proxy network load balancers, and Cloud Armor
 * decisions on the external load balancer's request logs. Part of {@link FamilySources}.
 */
final class NetworkSources {
  static final String VPC = "shop-vpc";
  static final String GKE_SUBNET = "prod-eu-gke";
  static final String VM_SUBNET = "prod-eu-vms";
  static final String NAT_GATEWAY = "shop-nat-eu";
  static final String ARMOR_POLICY = "shop-api-policy";
  static final String EDGE_POLICY = "shop-edge-policy";

  private static final String CLOUD_SQL_IP = "10.20.0.3";
  private static final String REDIS_IP = "10.20.1.4";
  private static final String KUBE_DNS_IP = "10.12.0.10";
  private static final String NAT_IP_PREFIX = "34.76.18.";

  private final Rng r;

  /** For the shared variable parts (IP addresses, traces): draws from this class's Rng. */
  private final LogSources shop;

  NetworkSources(Rng r) {
    this.r = r;
    this.shop = new LogSources(r);
  }

  private Draft draft(String key, String resourceType, Map<String, String> labels, String log) {
    Draft d = new Draft();
    d.templateKey = key;
    d.insertId = r.alnum(r.between(12, 14));
    d.resourceType = resourceType;
    d.resourceLabels = labels;
    d.logName = "projects/" + PROJECT + "/logs/" + log;
    d.timestampDigits = 9;
    return d;
  }

  private static Map<String, String> subnet(String name) {
    return strings(
        "location",
        REGION,
        "project_id",
        PROJECT,
        "subnetwork_id",
        name.equals(GKE_SUBNET) ? "5829107723319445170" : "3310458829174562091",
        "subnetwork_name",
        name);
  }

  private int ephemeralPort() {
    return r.between(32768, 60999);
  }

  private static Map<String, Object> tuple(
      String srcIp, int srcPort, String destIp, int destPort, int protocol) {
    return obj(
        "dest_ip",
        destIp,
        "dest_port",
        destPort,
        "protocol",
        protocol,
        "src_ip",
        srcIp,
        "src_port",
        srcPort);
  }

  private Map<String, Object> vm(String name, String zoneSuffix) {
    return obj(
        "project_id",
        PROJECT,
        "region",
        REGION,
        "vm_name",
        name,
        "zone",
        REGION + "-" + zoneSuffix);
  }

  private static Map<String, Object> vpc(String subnet) {
    return obj("project_id", PROJECT, "subnetwork_name", subnet, "vpc_name", VPC);
  }

  private Map<String, Object> gke(Workload w) {
    return obj(
        "cluster",
        obj("cluster_location", REGION, "cluster_name", CLUSTER),
        "pod",
        obj("pod_name", r.pick(w.pods), "pod_namespace", w.namespace),
        "workload",
        obj("type", "DEPLOYMENT", "name", w.container));
  }

  private static final Workload[] WORKLOADS = {
    ShopData.FRONTEND,
    ShopData.CART,
    ShopData.CHECKOUT,
    ShopData.INVENTORY,
    ShopData.PAYMENTS,
    ShopData.AUTH,
    ShopData.RECOMMEND
  };

  // ---------------------------------------------------------------- VPC flow logs

  /** One 5-second flow record; reporter SRC or DEST as the VM that saw it. */
  Draft vpcFlow(long t) {
    Workload w = r.pick(WORKLOADS);
    String node = NodeSources.nodeOf(w);
    String podIp = shop.podIp();
    String srcIp;
    int srcPort;
    String destIp;
    int destPort;
    int protocol = 6;
    String reporter = "SRC";
    String subnet = GKE_SUBNET;
    Map<String, Object> src = null;
    Map<String, Object> dest = null;
    String kind;
    int u = r.nextInt(100);
    if (u < 24) {
      kind = "cloudsql";
      srcIp = podIp;
      srcPort = ephemeralPort();
      destIp = CLOUD_SQL_IP;
      destPort = 5432;
      src = gke(w);
    } else if (u < 38) {
      kind = "redis";
      srcIp = podIp;
      srcPort = ephemeralPort();
      destIp = REDIS_IP;
      destPort = 6379;
      src = gke(w);
    } else if (u < 56) {
      kind = "health_check";
      srcIp = (r.chance(0.5) ? "35.191." : "130.211.") + r.between(0, 3) + "." + r.between(1, 254);
      srcPort = ephemeralPort();
      destIp = podIp;
      destPort = 8080;
      reporter = "DEST";
      dest = gke(ShopData.FRONTEND);
    } else if (u < 70) {
      kind = "egress";
      srcIp = podIp;
      srcPort = ephemeralPort();
      destIp = shop.publicIp();
      destPort = 443;
      src = gke(r.chance(0.6) ? ShopData.PAYMENTS : ShopData.CHECKOUT);
    } else if (u < 86) {
      // Pod to pod: the sending node and the receiving node each report the flow.
      kind = "pod_to_pod";
      srcIp = podIp;
      srcPort = ephemeralPort();
      destIp = shop.podIp();
      destPort = 8080;
      reporter = r.chance(0.5) ? "SRC" : "DEST";
      src = gke(ShopData.FRONTEND);
      dest = gke(w);
    } else if (u < 92) {
      kind = "dns";
      srcIp = podIp;
      srcPort = ephemeralPort();
      destIp = KUBE_DNS_IP;
      destPort = 53;
      protocol = 17;
      src = gke(w);
    } else if (u < 96) {
      kind = "iap_ssh";
      srcIp = "35.235.240." + r.between(1, 254);
      srcPort = ephemeralPort();
      destIp = "10.30.0.5";
      destPort = 22;
      reporter = "DEST";
      subnet = VM_SUBNET;
    } else {
      // The reply direction as the database proxy VM reports it: the client's port is ephemeral.
      kind = "reply";
      srcIp = "10.30.0.7";
      srcPort = 5432;
      destIp = podIp;
      destPort = ephemeralPort();
      subnet = VM_SUBNET;
    }
    Draft d =
        draft(
            "vpc_flow:" + kind,
            "gce_subnetwork",
            subnet(subnet),
            "compute.googleapis.com%2Fvpc_flows");
    long end = t - r.betweenLong(0, 2 * LogGenerator.NANOS);
    long start = end - r.betweenLong(0, 5 * LogGenerator.NANOS);
    long packets = r.between(1, 60);
    boolean srcSide = reporter.equals("SRC");
    String instance =
        subnet.equals(VM_SUBNET) ? (destPort == 22 ? "bastion-1" : "pgbouncer-1") : node;
    d.jsonPayload =
        obj(
            "bytes_sent",
            Long.toString(packets * r.between(60, 1400)),
            "connection",
            tuple(srcIp, srcPort, destIp, destPort, protocol),
            "dest_gke_details",
            dest,
            "dest_instance",
            srcSide ? null : vm(instance, "b"),
            "dest_location",
            kind.equals("egress")
                ? obj("asn", 16509, "continent", "Europe", "country", "irl")
                : null,
            "dest_vpc",
            srcSide ? null : vpc(subnet),
            "end_time",
            Timestamps.format(end, 9),
            "packets_sent",
            Long.toString(packets),
            "reporter",
            reporter,
            "rtt_msec",
            protocol == 6 && srcSide ? Integer.toString(r.between(1, 40)) : null,
            "src_gke_details",
            src,
            "src_instance",
            srcSide ? vm(instance, "b") : null,
            "src_location",
            kind.equals("health_check") || kind.equals("iap_ssh")
                ? obj("asn", 15169, "continent", "America", "country", "usa")
                : null,
            "src_vpc",
            srcSide ? vpc(subnet) : null,
            "start_time",
            Timestamps.format(start, 9));
    return d;
  }

  // ---------------------------------------------------------------- firewall rules logging

  /** One connection a logged firewall rule decided. */
  Draft firewall(long t) {
    String rule;
    String action = "ALLOW";
    String direction = "INGRESS";
    int priority = 1000;
    String srcIp;
    int srcPort = ephemeralPort();
    String destIp;
    int destPort;
    String vmName;
    String subnet = VM_SUBNET;
    List<String> range;
    int u = r.nextInt(100);
    if (u < 35) {
      rule = "allow-health-checks";
      srcIp = "35.191." + r.between(0, 3) + "." + r.between(1, 254);
      destIp = shop.podIp();
      destPort = 8080;
      vmName = NodeSources.nodeOf(ShopData.FRONTEND);
      subnet = GKE_SUBNET;
      range = List.of("35.191.0.0/16", "130.211.0.0/22");
    } else if (u < 45) {
      rule = "allow-iap-ssh";
      srcIp = "35.235.240." + r.between(1, 254);
      destIp = "10.30.0.5";
      destPort = 22;
      vmName = "bastion-1";
      range = List.of("35.235.240.0/20");
    } else if (u < 55) {
      rule = "allow-internal";
      srcIp = shop.podIp();
      destIp = "10.30.0.7";
      destPort = 5432;
      vmName = "pgbouncer-1";
      range = List.of("10.0.0.0/8");
    } else if (u < 95) {
      // Internet scanners knocking on the default deny.
      rule = "deny-all-ingress";
      action = "DENY";
      priority = 65534;
      srcIp = shop.publicIp();
      destIp = r.pick(new String[] {"10.30.0.5", "10.30.0.6", "10.30.0.7"});
      destPort = r.pick(new Integer[] {22, 23, 3389, 445, 5900, 8443, 6379});
      vmName =
          destIp.endsWith(".5") ? "bastion-1" : destIp.endsWith(".6") ? "vpn-gw-1" : "pgbouncer-1";
      range = List.of("0.0.0.0/0");
    } else {
      rule = "deny-smtp-egress";
      action = "DENY";
      direction = "EGRESS";
      srcIp = "10.30.0.9";
      destIp = shop.publicIp();
      destPort = 25;
      vmName = "legacy-erp-1";
      range = List.of("0.0.0.0/0");
    }
    String disposition = action.equals("ALLOW") ? "ALLOWED" : "DENIED";
    boolean ingress = direction.equals("INGRESS");
    Draft d =
        draft(
            "firewall:" + rule,
            "gce_subnetwork",
            subnet(subnet),
            "compute.googleapis.com%2Ffirewall");
    d.timestampDigits = 6;
    d.jsonPayload =
        obj(
            "connection",
            tuple(srcIp, srcPort, destIp, destPort, 6),
            "disposition",
            disposition,
            "instance",
            vm(vmName, "b"),
            "remote_location",
            srcIp.startsWith("10.") && destIp.startsWith("10.")
                ? null
                : obj(
                    "continent",
                    r.pick(new String[] {"Asia", "Europe", "America"}),
                    "country",
                    r.pick(new String[] {"chn", "rus", "usa", "nld", "bra"})),
            "rule_details",
            obj(
                "action",
                action,
                "destination_range",
                ingress ? null : range,
                "direction",
                direction,
                "ip_port_info",
                List.of(
                    obj("ip_protocol", "TCP", "port_range", List.of(Integer.toString(destPort)))),
                "priority",
                priority,
                "reference",
                "network:" + VPC + "/firewall:" + rule,
                "source_range",
                ingress ? range : null),
            "vpc",
            vpc(subnet));
    return d;
  }

  // ---------------------------------------------------------------- Cloud DNS

  private static final String[] EXTERNAL_NAMES = {
    "oauth2.googleapis.com.",
    "storage.googleapis.com.",
    "spanner.googleapis.com.",
    "pubsub.googleapis.com.",
    "logging.googleapis.com.",
    "api.stripe.com.",
    "api-m.paypal.com.",
    "smtp.mail.example.net.",
  };
  private static final String[] PRIVATE_NAMES = {
    "orders-db.shop.internal.", "redis.shop.internal.", "erp.shop.internal."
  };

  /** One query a VM or GKE node sent to Cloud DNS. */
  Draft dns(long t) {
    String name;
    String code = "NOERROR";
    String zone = "";
    int u = r.nextInt(1000);
    if (u < 640) {
      name = r.pick(EXTERNAL_NAMES);
    } else if (u < 900) {
      name = r.pick(PRIVATE_NAMES);
      zone = "shop-internal";
    } else if (u < 960) {
      // Search-path expansions from the pods' resolv.conf that nobody answers.
      name =
          r.pick(EXTERNAL_NAMES)
              + r.pick(new String[] {"shop.svc.cluster.local.", "c." + PROJECT + ".internal."});
      code = "NXDOMAIN";
    } else if (u < 996) {
      name = "erp-legacy.shop.internal.";
      zone = "shop-internal";
      code = "NXDOMAIN";
    } else {
      name = "feeds.partner.example.org.";
      code = "SERVFAIL";
    }
    String type = r.chance(0.7) ? "A" : "AAAA";
    String rdata = "";
    if (code.equals("NOERROR") && type.equals("A")) {
      rdata =
          name
              + "\t"
              + (zone.isEmpty() ? 300 : 60)
              + "\tIN\ta\t"
              + (zone.isEmpty()
                  ? shop.publicIp()
                  : "10.20." + r.between(0, 3) + "." + r.between(2, 40));
    }
    Workload w = r.pick(WORKLOADS);
    String vm = NodeSources.nodeOf(w);
    String vmId = NodeSources.nodeId(vm);
    Draft d =
        draft(
            "dns:" + type + ":" + code,
            "dns_query",
            strings(
                "location",
                REGION,
                "project_id",
                PROJECT,
                "source_type",
                "gce-vm",
                "target_name",
                zone,
                "target_type",
                zone.isEmpty() ? "external" : "private-zone"),
            "dns.googleapis.com%2Fdns_queries");
    d.severity = code.equals("NOERROR") ? "INFO" : code.equals("NXDOMAIN") ? "NOTICE" : "WARNING";
    d.jsonPayload =
        obj(
            "authAnswer",
            !zone.isEmpty(),
            "dns64Translated",
            false,
            "protocol",
            "UDP",
            "queryName",
            name,
            "queryType",
            type,
            "rdata",
            rdata,
            "responseCode",
            code,
            "serverLatency",
            zone.isEmpty() ? r.between(1, 40) : 0,
            "sourceIP",
            "10.10.0." + r.between(2, 30),
            "sourceNetwork",
            VPC,
            "vmInstanceId",
            Long.parseLong(vmId),
            "vmInstanceIdString",
            vmId,
            "vmInstanceName",
            PROJECT_NUMBER + "." + vm,
            "vmProjectId",
            PROJECT,
            "vmZoneName",
            REGION + "-b");
    return d;
  }

  // ---------------------------------------------------------------- Cloud NAT

  /** One NAT translation (or a dropped one when the node ran out of NAT ports). */
  Draft nat(long t) {
    boolean dropped = r.chance(0.015);
    Workload w = r.chance(0.6) ? ShopData.PAYMENTS : ShopData.CHECKOUT;
    String srcIp = "10.10.0." + r.between(2, 30);
    int srcPort = ephemeralPort();
    String destIp = shop.publicIp();
    int destPort = r.chance(0.9) ? 443 : 587;
    Map<String, Object> connection =
        dropped
            ? tuple(srcIp, srcPort, destIp, destPort, 6)
            : obj(
                "dest_ip", destIp,
                "dest_port", destPort,
                "nat_ip", NAT_IP_PREFIX + r.between(10, 11),
                "nat_port", r.between(1024, 65535),
                "protocol", 6,
                "src_ip", srcIp,
                "src_port", srcPort);
    Draft d =
        draft(
            "nat:" + (dropped ? "DROPPED" : "OK"),
            "nat_gateway",
            strings(
                "gateway_name", NAT_GATEWAY,
                "project_id", PROJECT,
                "region", REGION,
                "router_id", "7712093345812290318"),
            "compute.googleapis.com%2Fnat_flows");
    d.severity = "INFO";
    d.jsonPayload =
        obj(
            "allocation_status",
            dropped ? "DROPPED" : "OK",
            "connection",
            connection,
            "destination",
            obj("geo_location", obj("asn", 16509, "continent", "Europe", "country", "irl")),
            "endpoint",
            obj(
                "project_id",
                PROJECT,
                "region",
                REGION,
                "vm_name",
                NodeSources.nodeOf(w),
                "zone",
                REGION + "-b"),
            "gateway_identifiers",
            obj("gateway_name", NAT_GATEWAY, "region", REGION, "router_name", "shop-router-eu"),
            "vpc",
            vpc(GKE_SUBNET));
    return d;
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
