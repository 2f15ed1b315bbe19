package dev.logalerts.tools;

import static dev.logalerts.tools.Draft.obj;
import static dev.logalerts.tools.Draft.strings;
import static dev.logalerts.tools.LogSources.CLUSTER;
import static dev.logalerts.tools.LogSources.PROJECT;
import static dev.logalerts.tools.LogSources.PROJECT_NUMBER;
import static dev.logalerts.tools.LogSources.REGION;

import dev.logalerts.model.Timestamps;
import dev.logalerts.tools.ShopData.Workload;
import java.util.List;
import java.util.Map;

/**
 * The shop's VPC logs, in the layout Cloud Logging exports them (see the fixtures under
 * pipeline/src/test/resources/families/): VPC flow logs and firewall rules logging of the VPC
 * {@code shop-vpc} ({@code gce_subnetwork}), Cloud DNS queries ({@code dns_query}) and Cloud NAT
 * ({@code nat_gateway}). The load balancers' logs are in {@link EdgeSources}. Part of {@link
 * FamilySources}.
 */
final class NetworkSources {
  static final String VPC = "shop-vpc";
  static final String GKE_SUBNET = "prod-eu-gke";
  static final String VM_SUBNET = "prod-eu-vms";
  static final String NAT_GATEWAY = "shop-nat-eu";

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
    return draft(r, key, resourceType, labels, log);
  }

  /** A network log entry of this project: 9-digit timestamps, an insertId like the exports'. */
  static Draft draft(
      Rng r, String key, String resourceType, Map<String, String> labels, String log) {
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
    return ephemeralPort(r);
  }

  /** A client port from Linux's default ephemeral range. */
  static int ephemeralPort(Rng r) {
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

  // ---------------------------------------------------------------- VPC flow logs

  /** One 5-second flow record; reporter SRC or DEST as the VM that saw it. */
  Draft vpcFlow(long t) {
    Workload w = r.pick(ShopData.LONG_RUNNING);
    String node = w.nodeName();
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
      vmName = ShopData.FRONTEND.nodeName();
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
    Workload w = r.pick(ShopData.LONG_RUNNING);
    String vm = w.nodeName();
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
                w.nodeName(),
                "zone",
                REGION + "-b"),
            "gateway_identifiers",
            obj("gateway_name", NAT_GATEWAY, "region", REGION, "router_name", "shop-router-eu"),
            "vpc",
            vpc(GKE_SUBNET));
    return d;
  }
}
