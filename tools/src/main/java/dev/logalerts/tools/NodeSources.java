package dev.logalerts.tools;

import static dev.logalerts.tools.Draft.obj;
import static dev.logalerts.tools.Draft.strings;
import static dev.logalerts.tools.LogSources.CLUSTER;
import static dev.logalerts.tools.LogSources.PROJECT;
import static dev.logalerts.tools.LogSources.REGION;
import static dev.logalerts.tools.LogSources.fmt;

import dev.logalerts.model.Timestamps;
import dev.logalerts.tools.ShopData.Workload;
import java.util.Map;

/**
 * Logs of the machines under the shop, in the layout Cloud Logging exports them (see the fixtures
 * under pipeline/src/test/resources/families/): journald of the GKE nodes (kubelet and containerd
 * on {@code k8s_node}, klog and logfmt lines in {@code jsonPayload.MESSAGE}) and of two VMs with
 * the Ops Agent ({@code gce_instance}, log {@code journald}), GKE events (Kubernetes Event objects
 * on {@code k8s_pod} and {@code k8s_cluster}) and the serial port output of booting CI runner VMs.
 * Part of {@link FamilySources}.
 */
final class NodeSources {
  /** The node journal variant that is an ERROR line (kubelet's CrashLoopBackOff). */
  static final int KUBELET_ERROR = 4;

  /** The workload whose pods crash-loop now and then (BackOff events, kubelet's error line). */
  private static final Workload CRASHING = ShopData.RECOMMEND;

  private final Rng r;
  private final LogSources shop;

  NodeSources(Rng r) {
    this.r = r;
    this.shop = new LogSources(r);
  }

  /** A node's or VM's 19-digit instance id, stable per name. */
  static String nodeId(String name) {
    long h = name.hashCode() * 0x9E3779B97F4A7C15L;
    return Long.toString(Math.floorMod(h, 8_000_000_000_000_000_000L) + 1_000_000_000_000_000_000L);
  }

  /** The process id of a daemon on a node, stable per node. */
  private static int pid(String node, int base) {
    return base + Math.floorMod(node.hashCode(), 400);
  }

  // ---------------------------------------------------------------- journald: GKE nodes

  /** A kubelet or containerd line of a GKE node; {@code variant} -1 draws one. */
  Draft nodeJournal(long t, int variant) {
    Workload w = r.pick(ShopData.LONG_RUNNING);
    if (variant < 0) {
      int u = r.nextInt(1000);
      variant =
          u < 300
              ? 0
              : u < 420
                  ? 1
                  : u < 560 ? 2 : u < 640 ? 3 : u < 644 ? KUBELET_ERROR : 5 + r.nextInt(4);
    }
    if (variant == KUBELET_ERROR || variant == 1 && r.chance(0.3)) {
      w = CRASHING;
    }
    String node = w.nodeName();
    String pod = r.pick(w.pods);
    boolean kubelet = variant <= KUBELET_ERROR;
    String message;
    String key;
    char level = 'I';
    switch (variant) {
      case 0:
        key = "kubelet.pleg";
        message =
            klog('I', t, node, "kubelet.go:2116")
                + "\"SyncLoop (PLEG): event for pod\" pod=\""
                + w.namespace
                + "/"
                + pod
                + "\" event=&{ID:"
                + r.uuid()
                + " Type:"
                + r.pick(new String[] {"ContainerStarted", "ContainerDied"})
                + "}";
        break;
      case 1:
        key = "kubelet.probe_failed";
        message =
            klog('I', t, node, "prober.go:107")
                + "\"Probe failed\" probeType=\"Readiness\" pod=\""
                + w.namespace
                + "/"
                + pod
                + "\" podUID=\""
                + r.uuid()
                + "\" containerName=\""
                + w.container
                + "\" probeResult=\"failure\" output=\"Get \\\"http://"
                + shop.podIp()
                + ":8080/healthz\\\": context deadline exceeded (Client.Timeout exceeded while"
                + " awaiting headers)\"";
        break;
      case 2:
        key = "kubelet.remove_container";
        message =
            klog('I', t, node, "scope.go:117")
                + "\"RemoveContainer\" containerID=\""
                + r.hex(64)
                + "\"";
        break;
      case 3:
        key = "kubelet.cadvisor_watch";
        level = 'W';
        String slice =
            "/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + r.uuid().replace('-', '_')
                + ".slice";
        message =
            klog('W', t, node, "watcher.go:93")
                + "Error while processing event (\""
                + slice
                + "\": 0x40000100 == IN_CREATE|IN_ISDIR): inotify_add_watch "
                + slice
                + ": no such file or directory";
        break;
      case KUBELET_ERROR:
        key = "kubelet.crashloop";
        level = 'E';
        String uid = r.uuid();
        message =
            klog('E', t, node, "pod_workers.go:1298")
                + "\"Error syncing pod, skipping\" err=\"failed to \\\"StartContainer\\\" for \\\""
                + w.container
                + "\\\" with CrashLoopBackOff: \\\"back-off 5m0s restarting failed container="
                + w.container
                + " pod="
                + pod
                + "_"
                + w.namespace
                + "("
                + uid
                + ")\\\"\" pod=\""
                + w.namespace
                + "/"
                + pod
                + "\" podUID=\""
                + uid
                + "\"";
        break;
      case 5:
        key = "containerd.start";
        message =
            logfmt(t, "info", "StartContainer for \\\"" + r.hex(64) + "\\\" returns successfully");
        break;
      case 6:
        key = "containerd.image";
        message =
            logfmt(
                t,
                "info",
                "ImageUpdate event name:\\\"europe-west1-docker.pkg.dev/"
                    + PROJECT
                    + "/shop/"
                    + w.container
                    + ":1."
                    + r.between(30, 48)
                    + "."
                    + r.between(0, 9)
                    + "\\\" labels:{key:\\\"io.cri-containerd.image\\\" value:\\\"managed\\\"}");
        break;
      case 7:
        key = "containerd.shim_disconnected";
        message = logfmt(t, "info", "shim disconnected") + " id=" + r.hex(64) + " namespace=k8s.io";
        break;
      default:
        key = "containerd.shim_cleanup";
        level = 'W';
        message =
            logfmt(t, "warning", "cleaning up after shim disconnected")
                + " id="
                + r.hex(64)
                + " namespace=k8s.io";
        break;
    }
    String program = kubelet ? "kubelet" : "containerd";
    Draft d = new Draft();
    d.templateKey = "journald." + key;
    d.insertId = r.alnum(16);
    d.resourceType = "k8s_node";
    d.resourceLabels =
        strings(
            "cluster_name", CLUSTER,
            "location", REGION,
            "node_name", node,
            "project_id", PROJECT);
    d.severity = level == 'E' ? "ERROR" : level == 'W' ? "WARNING" : "INFO";
    d.logName = "projects/" + PROJECT + "/logs/" + (kubelet ? "kubelet" : "container-runtime");
    d.timestampDigits = 6;
    d.jsonPayload =
        obj(
            "MESSAGE",
            message,
            "PRIORITY",
            level == 'E' ? "3" : level == 'W' ? "4" : "6",
            "SYSLOG_FACILITY",
            "3",
            "SYSLOG_IDENTIFIER",
            program,
            "_BOOT_ID",
            bootId(node),
            "_CAP_EFFECTIVE",
            "1ffffffffff",
            "_COMM",
            program,
            "_EXE",
            kubelet ? "/home/kubernetes/bin/kubelet" : "/usr/bin/containerd",
            "_GID",
            "0",
            "_HOSTNAME",
            node,
            "_PID",
            Integer.toString(pid(node, kubelet ? 1500 : 900)),
            "_SYSTEMD_CGROUP",
            "/system.slice/" + program + ".service",
            "_SYSTEMD_SLICE",
            "system.slice",
            "_SYSTEMD_UNIT",
            program + ".service",
            "_TRANSPORT",
            "stdout",
            "_UID",
            "0");
    return d;
  }

  private static String klog(char level, long t, String node, String source) {
    return level
        + fmt(t, "MMdd HH:mm:ss.SSSSSS")
        + String.format(" %7d ", pid(node, 1500))
        + source
        + "] ";
  }

  private static String logfmt(long t, String level, String msg) {
    return "time=\"" + Timestamps.format(t, 9) + "\" level=" + level + " msg=\"" + msg + "\"";
  }

  private static String bootId(String host) {
    return Long.toHexString(host.hashCode() * 0x9E3779B97F4A7C15L | Long.MIN_VALUE)
        + Long.toHexString(host.hashCode() * 0xBF58476D1CE4E5B9L | Long.MIN_VALUE);
  }

  // ---------------------------------------------------------------- journald: VMs (Ops Agent)

  private static final String[] VMS = {"pgbouncer-1", "metrics-1"};

  /** A journald line of a VM with the Ops Agent: systemd, logind, pgbouncer. */
  Draft vmJournal(long t) {
    String host = r.pick(VMS);
    String program;
    String unit;
    String message;
    String key;
    String priority = "6";
    int session = r.between(100, 999);
    int u = r.nextInt(100);
    if (host.equals("pgbouncer-1") && u < 55) {
      program = "pgbouncer";
      unit = "pgbouncer.service";
      if (u < 30) {
        key = "pgbouncer.stats";
        message =
            "LOG stats: "
                + r.between(5, 90)
                + " xacts/s, "
                + r.between(20, 400)
                + " queries/s, in "
                + r.between(2000, 90000)
                + " B/s, out "
                + r.between(8000, 400000)
                + " B/s, xact "
                + r.between(300, 9000)
                + " us, query "
                + r.between(90, 2000)
                + " us, wait "
                + r.between(0, 40)
                + " us";
      } else if (u < 52) {
        key = "pgbouncer.login";
        message =
            "LOG C-0x55d0"
                + r.hex(8)
                + ": orders/orders_rw@"
                + shop.podIp()
                + ":"
                + r.between(32768, 60999)
                + " login attempt: db=orders user=orders_rw tls=TLSv1.3/TLS_AES_256_GCM_SHA384";
      } else {
        key = "pgbouncer.pooler_error";
        priority = "4";
        message =
            "WARNING C-0x55d0"
                + r.hex(8)
                + ": orders/orders_rw@"
                + shop.podIp()
                + ":"
                + r.between(32768, 60999)
                + " pooler error: client_login_timeout (server down)";
      }
    } else if (u < 80) {
      program = "systemd";
      unit = "init.scope";
      switch (r.nextInt(4)) {
        case 0:
          key = "systemd.starting";
          message = "Starting logrotate.service - Rotate log files...";
          break;
        case 1:
          key = "systemd.deactivated";
          message = "logrotate.service: Deactivated successfully.";
          break;
        case 2:
          key = "systemd.finished";
          message = "Finished logrotate.service - Rotate log files.";
          break;
        default:
          key = "systemd.session";
          message =
              "Started session-"
                  + session
                  + ".scope - Session "
                  + session
                  + " of User "
                  + r.pick(ShopData.FIRST)
                  + ".";
          break;
      }
    } else {
      program = "systemd-logind";
      unit = "systemd-logind.service";
      if (r.chance(0.5)) {
        key = "logind.new_session";
        message = "New session " + session + " of user " + r.pick(ShopData.FIRST) + ".";
      } else {
        key = "logind.removed_session";
        message = "Removed session " + session + ".";
      }
    }
    Draft d = new Draft();
    d.templateKey = "journald." + key;
    d.insertId = r.alnum(14);
    d.resourceType = "gce_instance";
    d.resourceLabels =
        strings("instance_id", nodeId(host), "project_id", PROJECT, "zone", REGION + "-b");
    d.labels = strings("compute.googleapis.com/resource_name", host);
    d.severity = priority.equals("4") ? "WARNING" : "INFO";
    d.logName = "projects/" + PROJECT + "/logs/journald";
    d.timestampDigits = 6;
    d.jsonPayload =
        obj(
            "MESSAGE",
            message,
            "PRIORITY",
            priority,
            "SYSLOG_FACILITY",
            program.equals("pgbouncer") ? "3" : "4",
            "SYSLOG_IDENTIFIER",
            program,
            "_BOOT_ID",
            bootId(host),
            "_COMM",
            program.equals("systemd") ? "systemd" : program,
            "_HOSTNAME",
            host,
            "_PID",
            Integer.toString(program.equals("systemd") ? 1 : pid(host, 600)),
            "_SYSTEMD_UNIT",
            unit,
            "_TRANSPORT",
            program.equals("pgbouncer") ? "stdout" : "journal");
    return d;
  }

  // ---------------------------------------------------------------- GKE events

  /** A Kubernetes event from the cluster's {@code events} log. */
  Draft event(long t) {
    Workload w = r.pick(ShopData.LONG_RUNNING);
    String pod = r.pick(w.pods);
    String kind = "Pod";
    String reason;
    String message;
    String type = "Normal";
    String component = "kubelet";
    String fieldPath = "spec.containers{" + w.container + "}";
    String image =
        "europe-west1-docker.pkg.dev/"
            + PROJECT
            + "/shop/"
            + w.container
            + ":1."
            + r.between(30, 48)
            + ".0";
    int u = r.nextInt(100);
    if (u < 22) {
      reason = "Unhealthy";
      type = "Warning";
      message =
          "Readiness probe failed: Get \"http://"
              + shop.podIp()
              + ":8080/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting"
              + " headers)";
    } else if (u < 30) {
      w = CRASHING;
      pod = r.pick(w.pods);
      reason = "BackOff";
      type = "Warning";
      fieldPath = "spec.containers{" + w.container + "}";
      message =
          "Back-off restarting failed container "
              + w.container
              + " in pod "
              + pod
              + "_"
              + w.namespace
              + "("
              + r.uuid()
              + ")";
    } else if (u < 38) {
      reason = "Scheduled";
      component = "default-scheduler";
      fieldPath = null;
      message = "Successfully assigned " + w.namespace + "/" + pod + " to " + w.nodeName();
    } else if (u < 46) {
      reason = "Pulling";
      message = "Pulling image \"" + image + "\"";
    } else if (u < 54) {
      reason = "Pulled";
      String secs = r.between(1, 9) + "." + r.digits(3) + "s";
      message =
          "Successfully pulled image \""
              + image
              + "\" in "
              + secs
              + " ("
              + secs
              + " including waiting). Image size: "
              + r.between(20_000_000, 300_000_000)
              + " bytes.";
    } else if (u < 62) {
      reason = "Created";
      message = "Created container " + w.container;
    } else if (u < 70) {
      reason = "Started";
      message = "Started container " + w.container;
    } else if (u < 76) {
      reason = "Killing";
      message = "Stopping container " + w.container;
    } else if (u < 88) {
      kind = "Deployment";
      reason = "ScalingReplicaSet";
      component = "deployment-controller";
      fieldPath = null;
      int n = r.between(2, 6);
      boolean up = r.chance(0.5);
      message =
          "Scaled "
              + (up ? "up" : "down")
              + " replica set "
              + w.container
              + "-"
              + w.hash
              + " to "
              + n
              + " from "
              + (up ? n - 1 : n + 1);
    } else {
      kind = "HorizontalPodAutoscaler";
      reason = "SuccessfulRescale";
      component = "horizontal-pod-autoscaler";
      fieldPath = null;
      message =
          "New size: "
              + r.between(2, 8)
              + "; reason: cpu resource utilization (percentage of request) above target";
    }
    boolean onPod = kind.equals("Pod");
    String name = onPod ? pod : w.container;
    Draft d = new Draft();
    d.templateKey = "event:" + kind + " " + reason;
    d.insertId = r.alnum(15);
    d.resourceType = onPod ? "k8s_pod" : "k8s_cluster";
    d.resourceLabels =
        onPod
            ? strings(
                "cluster_name", CLUSTER,
                "location", REGION,
                "namespace_name", w.namespace,
                "pod_name", pod,
                "project_id", PROJECT)
            : strings("cluster_name", CLUSTER, "location", REGION, "project_id", PROJECT);
    d.severity = type.equals("Warning") ? "WARNING" : "INFO";
    d.logName = "projects/" + PROJECT + "/logs/events";
    d.timestampDigits = 0;
    String when = Timestamps.format(t, 0);
    Map<String, Object> source =
        component.equals("kubelet")
            ? obj("component", component, "host", w.nodeName())
            : obj("component", component);
    d.jsonPayload =
        obj(
            "apiVersion",
            "v1",
            "count",
            type.equals("Warning") ? r.between(1, 40) : 1,
            "eventTime",
            null,
            "firstTimestamp",
            when,
            "involvedObject",
            obj(
                "apiVersion",
                onPod ? "v1" : kind.equals("Deployment") ? "apps/v1" : "autoscaling/v2",
                "fieldPath",
                onPod ? fieldPath : null,
                "kind",
                kind,
                "name",
                name,
                "namespace",
                w.namespace,
                "resourceVersion",
                r.digits(9),
                "uid",
                r.uuid()),
            "kind",
            "Event",
            "lastTimestamp",
            when,
            "message",
            message,
            "metadata",
            obj(
                "creationTimestamp",
                when,
                "name",
                name + "." + r.hex(16),
                "namespace",
                w.namespace,
                "resourceVersion",
                r.digits(9),
                "uid",
                r.uuid()),
            "reason",
            reason,
            "reportingComponent",
            component,
            "reportingInstance",
            component.equals("kubelet") ? w.nodeName() : "",
            "source",
            source,
            "type",
            type);
    return d;
  }
}
