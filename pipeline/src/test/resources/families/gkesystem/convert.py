#!/usr/bin/env python3
"""Wrap the real lines of GKE's system components (listed below with where each was read) in the
LogEntry GKE writes for them, one fixture file each, in this directory.

The line is theirs, the entry ours: resource k8s_container (namespace, pod, container labels and the
pod's labels as GKE's agent writes them) on log stdout/stderr, or k8s_node on the node's journald
logs, or a Kubernetes event in log events. A klog line (`E0625 18:56:41.248418  1 client.go:473] msg`)
becomes what GKE's agent makes of it: jsonPayload {pid, message} with the header taken out,
sourceLocation file and line, severity from klog's letter (as in the whole entry of
https://github.com/cilium/cilium/issues/41037); other text lines a textPayload with the stream's
severity (stderr ERROR, stdout INFO); a JSON line a jsonPayload. Timestamps and insertIds are ours.

Usage: python3 convert.py   (writes <fixture>.json files next to this script; prints the count)
"""
import json, os, re, sys

# Pods: workload, pod name, container, labels. Pod names ending in a real suffix from the source
# where one was given, else ours.
PODS = {
  "konnectivity-agent": ("kube-system", "konnectivity-agent-5cd6895866-fztpk", "konnectivity-agent", {"k8s-pod/k8s-app": "konnectivity-agent", "k8s-pod/pod-template-hash": "5cd6895866"}),
  "event-exporter": ("kube-system", "event-exporter-gke-6c9d8bd8d8-z7fl6", "event-exporter", {"k8s-pod/k8s-app": "event-exporter", "k8s-pod/pod-template-hash": "6c9d8bd8d8"}),
  "prometheus-to-sd": ("kube-system", "event-exporter-gke-6c9d8bd8d8-z7fl6", "prometheus-to-sd-exporter", {"k8s-pod/k8s-app": "event-exporter", "k8s-pod/pod-template-hash": "6c9d8bd8d8"}),
  "kubedns": ("kube-system", "kube-dns-58f547fd74-swzzt", "kubedns", {"k8s-pod/k8s-app": "kube-dns", "k8s-pod/pod-template-hash": "58f547fd74"}),
  "dnsmasq": ("kube-system", "kube-dns-58f547fd74-swzzt", "dnsmasq", {"k8s-pod/k8s-app": "kube-dns", "k8s-pod/pod-template-hash": "58f547fd74"}),
  "dns-sidecar": ("kube-system", "kube-dns-58f547fd74-swzzt", "sidecar", {"k8s-pod/k8s-app": "kube-dns", "k8s-pod/pod-template-hash": "58f547fd74"}),
  "kube-proxy": ("kube-system", "kube-proxy-gke-cluster-1-default-pool-476246ab-wnl7", "kube-proxy", {"k8s-pod/component": "kube-proxy", "k8s-pod/tier": "node"}),
  "metrics-server": ("kube-system", "metrics-server-v0.5.2-7745bd9447-mrnvr", "metrics-server", {"k8s-pod/k8s-app": "metrics-server", "k8s-pod/version": "v0.5.2", "k8s-pod/pod-template-hash": "7745bd9447"}),
  "fluentbit-gke": ("kube-system", "fluentbit-gke-4c9rj", "fluentbit-gke", {"k8s-pod/k8s-app": "fluentbit-gke", "k8s-pod/component": "fluentbit-gke"}),
  "fluentbit": ("kube-system", "fluentbit-gke-4c9rj", "fluentbit", {"k8s-pod/k8s-app": "fluentbit-gke", "k8s-pod/component": "fluentbit-gke"}),
  "gke-metrics-agent": ("kube-system", "gke-metrics-agent-sf267", "gke-metrics-agent", {"gke.googleapis.com/log_type": "system", "k8s-pod/component": "gke-metrics-agent", "k8s-pod/k8s-app": "gke-metrics-agent", "k8s-pod/controller-revision-hash": "5c577c6959", "k8s-pod/pod-template-generation": "1"}),
  "otel-collector": ("opentelemetry", "opentelemetry-collector-6f9c8d7b5d-q2xkz", "opentelemetry-collector", {"k8s-pod/app": "opentelemetry-collector"}),
  "pdcsi-node": ("kube-system", "pdcsi-node-7kq2m", "gce-pd-driver", {"k8s-pod/k8s-app": "gcp-compute-persistent-disk-csi-driver"}),
  "gcsfuse-sidecar": ("shop", "grafana-6699cdf5ff-rm4dm", "gke-gcsfuse-sidecar", {"k8s-pod/app_kubernetes_io/name": "grafana", "k8s-pod/pod-template-hash": "6699cdf5ff"}),
  "calico-node": ("kube-system", "calico-node-7b7nw", "calico-node", {"k8s-pod/k8s-app": "calico-node", "k8s-pod/controller-revision-hash": "3442049184"}),
  "anetd": ("kube-system", "anetd-5hq9t", "cilium-agent", {"k8s-pod/k8s-app": "cilium"}),
  "gke-metadata-server": ("kube-system", "gke-metadata-server-4pq8w", "gke-metadata-server", {"k8s-pod/k8s-app": "gke-metadata-server"}),
  "kube-dns-autoscaler": ("kube-system", "kube-dns-autoscaler-2715466192-3u1s8", "autoscaler", {"k8s-pod/k8s-app": "kube-dns-autoscaler", "k8s-pod/pod-template-hash": "2715466192"}),
  "ip-masq-agent": ("kube-system", "ip-masq-agent-9xj7l", "ip-masq-agent", {"k8s-pod/k8s-app": "ip-masq-agent"}),
  "metadata-agent": ("kube-system", "stackdriver-metadata-agent-cluster-level-f9544fdbd-cmxht", "metadata-agent", {}),
}
NODE = "gke-cluster-1-default-pool-476246ab-wnl7"

L = []
def add(fixture, group, component, wrap, line, source, **kw):
    d = dict(fixture=fixture, group=group, component=component, wrap=wrap, line=line, source=source)
    d.update(kw)
    L.append(d)

# konnectivity-agent
add("konnectivity-could-not-read-stream.json", "konn-read-stream", "konnectivity-agent", "entry", None,
    "https://github.com/cilium/cilium/issues/41037 (a whole GKE entry, values unchanged)")
add("konnectivity-read-failure-1.json", "konn-read-failure", "konnectivity-agent", "klog",
    'E0625 18:56:41.248418       1 client.go:473] "connection read failure" err="read tcp 172.30.210.115:58694->172.21.107.127:443: use of closed network connection"',
    "https://github.com/openshift/hypershift/issues/313")
add("konnectivity-read-failure-2.json", "konn-read-failure", "konnectivity-agent", "klog",
    'E0625 18:56:41.618133       1 client.go:473] "connection read failure" err="read tcp 172.30.210.115:58712->172.21.107.127:443: use of closed network connection"',
    "https://github.com/openshift/hypershift/issues/313")
add("konnectivity-read-failure-gke.json", "konn-read-failure", "konnectivity-agent", "message",
    '"connection read failure" err="read tcp 10.68.0.7:42272->10.68.0.9:10250: use of closed network connection"',
    "https://github.com/kubernetes/kubernetes/issues/110225 (the message of a GKE entry)", severity="ERROR", file="client.go", fline="473")
add("konnectivity-conn-write-failure-1.json", "konn-write-failure", "konnectivity-agent", "klog",
    'E0625 18:56:41.248676       1 client.go:502] "conn write failure" err="write tcp 172.30.210.115:58694->172.21.107.127:443: use of closed network connection" connectionID=22',
    "https://github.com/openshift/hypershift/issues/313")
add("konnectivity-conn-write-failure-2.json", "konn-write-failure", "konnectivity-agent", "klog",
    'E0625 18:56:41.618396       1 client.go:502] "conn write failure" err="write tcp 172.30.210.115:58712->172.21.107.127:443: use of closed network connection" connectionID=29',
    "https://github.com/openshift/hypershift/issues/313")
add("konnectivity-connect-to-server.json", "konn-connect", "konnectivity-agent", "klog",
    'I0604 15:41:53.295979       1 stream.go:227] Connect to server b7549484-80d7-48e2-ad87-bbc458e22754',
    "https://github.com/gardener/gardener/pull/2251")
add("konnectivity-proxy-server-port-443.json", "konn-flag-proxyport", "konnectivity-agent", "klog",
    'I0719 13:51:09.906166       1 options.go:128] ProxyServerPort set to 443.',
    "https://github.com/Azure/AKS/issues/4423")
add("konnectivity-proxy-server-port-8132.json", "konn-flag-proxyport", "konnectivity-agent", "klog",
    'W0604 15:41:53.282452       1 main.go:114] ProxyServerPort set to 8132.',
    "https://github.com/gardener/gardener/pull/2251")
add("konnectivity-health-server-port.json", "konn-flag-healthport", "konnectivity-agent", "klog",
    'I0719 13:51:09.906185       1 options.go:131] HealthServerPort set to 8082.',
    "https://github.com/Azure/AKS/issues/4423")

# event-exporter and its prometheus-to-sd sidecar
add("event-exporter-list-unauthorized-1.json", "ee-list-unauthorized", "event-exporter", "klog",
    'E0711 17:27:45.460910       1 reflector.go:190] github.com/GoogleCloudPlatform/k8s-stackdriver/event-exporter/watchers/watcher.go:50: Failed to list *v1.Event: Unauthorized',
    "https://github.com/GoogleCloudPlatform/k8s-stackdriver/issues/357")
add("event-exporter-list-unauthorized-2.json", "ee-list-unauthorized", "event-exporter", "klog",
    'E0711 17:27:46.465531       1 reflector.go:190] github.com/GoogleCloudPlatform/k8s-stackdriver/event-exporter/watchers/watcher.go:50: Failed to list *v1.Event: Unauthorized',
    "https://github.com/GoogleCloudPlatform/k8s-stackdriver/issues/357")
add("event-exporter-list-forbidden.json", "ee-list-forbidden", "event-exporter", "klog",
    'E0902 08:12:44.409083       1 reflector.go:190] github.com/GoogleCloudPlatform/k8s-stackdriver/event-exporter/watchers/watcher.go:50: Failed to list *v1.Event: events is forbidden: User "system:serviceaccount:devops:event-exporter-sa" cannot list resource "events" in API group "" at the cluster scope',
    "https://github.com/kubernetes/website/issues/16184")
add("event-exporter-sending.json", "ee-sending", "event-exporter", "klog",
    'I0912 20:56:31.575763       1 sink.go:160] Sending 4 entries to Stackdriver',
    "https://github.com/GoogleCloudPlatform/k8s-stackdriver/issues/41")
add("event-exporter-sent.json", "ee-sent", "event-exporter", "klog",
    'I0912 20:56:31.685767       1 sink.go:167] Successfully sent 4 entries to Stackdriver',
    "https://github.com/GoogleCloudPlatform/k8s-stackdriver/issues/41")
add("event-exporter-send-forbidden.json", "ee-send-failed", "event-exporter", "message",
    'Failed to send request to Stackdriver: googleapi: Error 403: The caller does not have permission, forbidden',
    "https://github.com/kubernetes/website/issues/24901 (the message after klog's `1 writer.go:94]`)", severity="WARNING", file="writer.go", fline="94")
add("prometheus-to-sd-gce-config-1.json", "p2sd-gce-config", "prometheus-to-sd", "klog",
    'F0707 13:26:00.772823       1 main.go:123] Failed to get GCE config: error while getting instance (node) name: metadata: GCE metadata "instance/name" not defined',
    "https://github.com/GoogleCloudPlatform/gke-terraform-generator/issues/25")
add("prometheus-to-sd-gce-config-2.json", "p2sd-gce-config", "prometheus-to-sd", "klog",
    'F0630 09:58:22.693722       1 main.go:123] Failed to get GCE config: error while getting instance (node) name: metadata: GCE metadata "instance/name" not defined',
    "https://github.com/GoogleCloudPlatform/k8s-stackdriver/issues/353")
for i, m in enumerate(["stackdriver_sink_request_count", "stackdriver_sink_received_entry_count", "stackdriver_sink_successfully_sent_entry_count"]):
    add("prometheus-to-sd-metric-not-cached-%d.json" % (i + 1), "p2sd-not-cached", "prometheus-to-sd", "message",
        'Metric %s was not found in the cache.' % m,
        "https://github.com/GoogleCloudPlatform/k8s-stackdriver/issues/43 (W lines of GKE's log viewer)", severity="WARNING")

# kube-dns
add("kube-dns-sidecar-metrics-refused-1.json", "dns-metrics-refused", "dns-sidecar", "klog",
    'W0901 16:56:21.836491       1 server.go:64] Error getting metrics from dnsmasq: read udp 127.0.0.1:34697->127.0.0.1:53: read: connection refused',
    "https://github.com/kubernetes/dns/issues/257")
add("kube-dns-sidecar-metrics-refused-2.json", "dns-metrics-refused", "dns-sidecar", "klog",
    'W0901 16:56:26.837159       1 server.go:64] Error getting metrics from dnsmasq: read udp 127.0.0.1:54448->127.0.0.1:53: read: connection refused',
    "https://github.com/kubernetes/dns/issues/257")
add("kube-dns-sidecar-metrics-timeout-before-flags.json", "dns-metrics-timeout", "dns-sidecar", "text",
    'ERROR: logging before flag.Parse: W0811 00:18:25.716131      34 server.go:64] Error getting metrics from dnsmasq: read udp 127.0.0.1:35950->127.0.0.1:53: i/o timeout',
    "https://github.com/kubernetes/kubeadm/issues/381", stream="stderr")
add("kube-dns-sidecar-probe-kubedns.json", "dns-probe-start", "dns-sidecar", "klog",
    'I0901 16:54:41.807287       1 dnsprobe.go:75] Starting dnsProbe {Label:kubedns Server:127.0.0.1:10053 Name:kubernetes.default.svc.cluster.local. Interval:5s Type:33}',
    "https://github.com/kubernetes/dns/issues/257")
add("kube-dns-sidecar-probe-dnsmasq.json", "dns-probe-start", "dns-sidecar", "klog",
    'I0901 16:54:41.807359       1 dnsprobe.go:75] Starting dnsProbe {Label:dnsmasq Server:127.0.0.1:53 Name:kubernetes.default.svc.cluster.local. Interval:5s Type:33}',
    "https://github.com/kubernetes/dns/issues/257")
add("kube-dns-list-endpoints-timeout.json", "dns-list-timeout", "kubedns", "klog",
    'E1005 21:42:35.537428       1 reflector.go:201] k8s.io/dns/pkg/dns/dns.go:189: Failed to list *v1.Endpoints: Get https://10.11.240.1:443/api/v1/endpoints?resourceVersion=0: dial tcp 10.11.240.1:443: i/o timeout',
    "https://github.com/kubernetes/kubernetes/issues/69478")
add("kube-dns-waiting-for-apiserver.json", "dns-waiting", "kubedns", "klog",
    'I1005 21:42:35.536661       1 dns.go:219] Waiting for [endpoints services] to be initialized from apiserver...',
    "https://github.com/kubernetes/kubernetes/issues/69478")
add("dnsmasq-started.json", "dnsmasq-started", "dnsmasq", "klog",
    'I0129 06:53:41.495380       1 nanny.go:108] dnsmasq[30]: started, version 2.76 cachesize 1000',
    "https://github.com/rootsongjc/kubernetes-handbook/issues/125")
add("dnsmasq-ignoring-nameserver.json", "dnsmasq-ignoring", "dnsmasq", "klog",
    'I0129 06:53:41.495497       1 nanny.go:108] dnsmasq[30]: ignoring nameserver 127.0.0.1 - local interface',
    "https://github.com/rootsongjc/kubernetes-handbook/issues/125")
add("dnsmasq-eof.json", "dnsmasq-eof", "dnsmasq", "klog",
    'W0129 06:53:41.495401       1 nanny.go:112] Got EOF from stdout',
    "https://github.com/rootsongjc/kubernetes-handbook/issues/125")

# kube-proxy
add("kube-proxy-restore-failed-51.json", "kp-restore-failed", "kube-proxy", "klog",
    'E0809 05:37:21.484590       1 proxier.go:1507] Failed to execute iptables-restore: exit status 1 (iptables-restore: line 51 failed\n)',
    "https://github.com/kubernetes/kubernetes/issues/104234")
add("kube-proxy-restore-failed-53.json", "kp-restore-failed", "kube-proxy", "klog",
    'E0809 06:14:37.485082       1 proxier.go:1507] Failed to execute iptables-restore: exit status 1 (iptables-restore: line 53 failed\n)',
    "https://github.com/kubernetes/kubernetes/issues/104234")
add("kube-proxy-sync-failed.json", "kp-sync-failed", "kube-proxy", "klog",
    'I0809 05:37:21.484752       1 proxier.go:779] Sync failed; retrying in 30s',
    "https://github.com/kubernetes/kubernetes/issues/104234")
add("kube-proxy-nodeport-in-use.json", "kp-nodeport", "kube-proxy", "klog",
    'E0112 09:36:32.221928    5712 proxier.go:1061] can\'t open "nodePort for common/a-analysis175:8008" (:45102/tcp), skipping this nodePort: listen tcp :45102: bind: address already in use',
    "https://github.com/kubernetes/kubernetes/issues/35641")
add("kube-proxy-adding-service.json", "kp-adding-service", "kube-proxy", "klog",
    'I0112 09:36:31.968749    5712 proxier.go:431] Adding new service "common/a-analysis175:8008" at 192.168.3.167:8008/TCP',
    "https://github.com/kubernetes/kubernetes/issues/35641")

# metrics-server
add("metrics-server-scrape-404-1.json", "ms-scrape-404", "metrics-server", "klog",
    'E0616 14:28:55.242985       1 scraper.go:140] "Failed to scrape node" err="request failed, status: \\"404 Not Found\\"" node="ip-10-1-3-224.eu-west-1.compute.internal"',
    "https://github.com/kubernetes-sigs/metrics-server/issues/1055")
add("metrics-server-scrape-404-2.json", "ms-scrape-404", "metrics-server", "klog",
    'E0616 14:28:55.244963       1 scraper.go:140] "Failed to scrape node" err="request failed, status: \\"404 Not Found\\"" node="ip-10-1-1-144.eu-west-1.compute.internal"',
    "https://github.com/kubernetes-sigs/metrics-server/issues/1055")
add("metrics-server-scraping-node-1.json", "ms-scraping-node", "metrics-server", "klog",
    'I1027 20:50:32.216086       1 scraper.go:137] "Scraping node" node="vm-stage-k8s-master-2"',
    "https://github.com/kubernetes-sigs/metrics-server/issues/1111")
add("metrics-server-scraping-node-2.json", "ms-scraping-node", "metrics-server", "klog",
    'I1027 20:50:32.224464       1 scraper.go:137] "Scraping node" node="server-stage-fsn1-001"',
    "https://github.com/kubernetes-sigs/metrics-server/issues/1111")
add("metrics-server-scraping-nodes.json", "ms-scraping-nodes", "metrics-server", "klog",
    'I1027 20:50:32.209290       1 scraper.go:115] "Scraping metrics from nodes" nodeCount=5',
    "https://github.com/kubernetes-sigs/metrics-server/issues/1111")
add("metrics-server-http-get-1.json", "ms-http-200", "metrics-server", "klog",
    'I1027 20:50:37.568538       1 httplog.go:129] "HTTP" verb="GET" URI="/apis/metrics.k8s.io/v1beta1" latency="1.575552ms" userAgent="Go-http-client/2.0" audit-ID="e686f590-aecd-4598-b38b-c6c529a8c590" srcIP="10.0.0.5:4822" resp=200',
    "https://github.com/kubernetes-sigs/metrics-server/issues/1111")
add("metrics-server-http-get-2.json", "ms-http-200", "metrics-server", "klog",
    'I1027 20:50:37.572650       1 httplog.go:129] "HTTP" verb="GET" URI="/apis/metrics.k8s.io/v1beta1" latency="312.909\u00b5s" userAgent="Go-http-client/2.0" audit-ID="6c76ac95-0fc1-4e41-b528-698e3799f7c9" srcIP="10.0.0.5:4822" resp=200',
    "https://github.com/kubernetes-sigs/metrics-server/issues/1111")
add("metrics-server-serving.json", "ms-serving", "metrics-server", "klog",
    'I0826 00:47:41.898427       1 secure_serving.go:266] Serving securely on [::]:4443',
    "https://github.com/kubernetes-sigs/metrics-server/issues/1081")
add("metrics-server-json-refused.json", "ms-json-failed", "metrics-server", "json",
    '{"ts":1755621897133.5642,"caller":"scraper/scraper.go:149","msg":"Failed to scrape node","node":{"name":"ip-10-108-166-232.us-east-2.compute.internal"},"err":"Get \\"https://10.108.166.232:10250/metrics/resource\\": dial tcp 10.108.166.232:10250: connect: connection refused"}',
    "https://github.com/kubernetes-sigs/metrics-server/issues/1704", stream="stderr")
add("metrics-server-json-timeout-1.json", "ms-json-timeout", "metrics-server", "json",
    '{"ts":1755621892168.5889,"caller":"scraper/scraper.go:147","msg":"Failed to scrape node, timeout to access kubelet","node":{"name":"ip-10-108-183-190.us-east-2.compute.internal"},"timeout":"10s","err":"Get \\"https://10.108.183.190:10250/metrics/resource\\": context deadline exceeded"}',
    "https://github.com/kubernetes-sigs/metrics-server/issues/1704", stream="stderr")
add("metrics-server-json-timeout-2.json", "ms-json-timeout", "metrics-server", "json",
    '{"ts":1755621922085.854,"caller":"scraper/scraper.go:147","msg":"Failed to scrape node, timeout to access kubelet","node":{"name":"ip-10-108-166-232.us-east-2.compute.internal"},"timeout":"10s","err":"Get \\"https://10.108.166.232:10250/metrics/resource\\": context deadline exceeded"}',
    "https://github.com/kubernetes-sigs/metrics-server/issues/1704", stream="stderr")

# fluentbit-gke pod: its Go front (fluentbit-gke) and fluent-bit itself
add("fluentbit-gke-process-denied.json", "fbg-denied", "fluentbit-gke", "klog",
    "E0103 15:20:06.750179       1 server.go:178] Failed to process request with tag kube_kube-system_gke-metrics-agent-sf267_gke-metrics-agent_stderr: rpc error: code = PermissionDenied desc = Permission 'logging.logEntries.create' denied on resource (or it may not exist).",
    "https://github.com/signalfx/splunk-otel-collector-chart/issues/619")
add("fluentbit-flush-chunk-retry.json", "fb-flush", "fluentbit", "text",
    "[2023/11/16 12:47:23] [ warn] [engine] failed to flush chunk '33014-1700106442.104466000.flb', retry in 11 seconds: task_id=0, input=dummy.0 > output=stackdriver.1 (out_id=1)",
    "https://github.com/fluent/fluent-bit/issues/8188", stream="stderr")
add("fluentbit-stackdriver-error.json", "fb-sd-error", "fluentbit", "text",
    "[2020/09/29 21:00:31] [ warn] [output:stackdriver:stackdriver.0] error",
    "https://github.com/fluent/fluent-bit/issues/2617", stream="stderr")
add("fluentbit-oauth2-token.json", "fb-token", "fluentbit", "text",
    "[2020/09/29 20:43:44] [ info] [oauth2] access token from 'www.googleapis.com:443' retrieved",
    "https://github.com/fluent/fluent-bit/issues/2617", stream="stderr")

# OpenTelemetry collectors: gke-metrics-agent, and a collector of Google's OTLP ingest sample
add("gke-metrics-agent-sender-failed.json", "gma-sender-failed", "gke-metrics-agent", "text",
    '2023-01-03T15:20:45.649Z\twarn\tbatchprocessor/batch_processor.go:185\tSender failed\t{"kind": "processor", "name": "batch", "error": "rpc error: code = PermissionDenied desc = Permission monitoring.timeSeries.create denied (or the resource may not exist)."}',
    "https://github.com/signalfx/splunk-otel-collector-chart/issues/619", stream="stderr")
add("otel-collector-exporting-failed.json", "otel-export-failed", "otel-collector", "text",
    '2025-02-24T12:01:53.847Z\terror\texporterhelper/queue_sender.go:90\tExporting failed. Dropping data.\t{"kind": "exporter", "data_type": "metrics", "name": "googlemanagedprometheus", "error": "rpc error: code = Unauthenticated desc = transport: per-RPC creds failed due to error: metadata: GCE metadata \\"instance/service-accounts/default/token?scopes=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcloud-platform%2Chttps%3A%2F%2Fwww.googleapis.com%2Fauth%2Fmonitoring%2Chttps%3A%2F%2Fwww.googleapis.com%2Fauth%2Fmonitoring.read%2Chttps%3A%2F%2Fwww.googleapis.com%2Fauth%2Fmonitoring.write\\" not defined", "dropped_items": 2}',
    "https://github.com/GoogleCloudPlatform/otlp-k8s-ingest/issues/41", stream="stderr")

# pdcsi-node (Compute Engine persistent disk CSI driver)
add("pdcsi-no-device-path.json", "pd-no-device-path", "pdcsi-node", "klog",
    "W0917 11:45:11.746267       1 device-utils.go:235] For disk pvc-9794d07f-947c-4218-b03b-b0917af27118 couldn't find a device path, calling udevadmTriggerForDiskIfExists",
    "https://github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver/issues/1398")
add("pdcsi-found-attached.json", "pd-found", "pdcsi-node", "klog",
    'I0723 14:29:30.184393       1 node.go:273] Successfully found attached GCE PD "csi-disk" at device path /dev/disk/by-id/google-csi-disk.',
    "https://github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver/issues/560")
add("pdcsi-blkid.json", "pd-blkid", "pdcsi-node", "klog",
    'I0723 14:29:30.184447       1 mount_linux.go:391] Attempting to determine if disk "/dev/disk/by-id/google-csi-disk" is formatted using blkid with args: ([-p -s TYPE -s PTTYPE -o export /dev/disk/by-id/google-csi-disk])',
    "https://github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver/issues/560")
add("pdcsi-stage-called.json", "pd-stage-called", "pdcsi-node", "klog",
    'I0723 14:29:29.682310       1 utils.go:55] /csi.v1.Node/NodeStageVolume called with request: volume_id:"projects/ariba-cobalt-clusters/zones/us-west1-a/disks/csi-disk" staging_target_path:"/csi/staging/mysql/rw-file-system-single-node-writer" volume_capability:<mount:<> access_mode:<mode:SINGLE_NODE_WRITER > > ',
    "https://github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver/issues/560")
add("pdcsi-dev-path.json", "pd-dev-path", "pdcsi-node", "message",
    'For disk pvc-edf38be4-6fae-4af7-978f-a1e55bbe16ec the /dev/* path is /dev/nvme0n7 for disk/by-id path /dev/disk/by-id/google-pvc-edf38be4-6fae-4af7-978f-a1e55bbe16ec',
    "https://github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver/issues/2403 (message of the csi-gce-pd-node pod's log)", severity="INFO")
add("pdcsi-serial-mismatch.json", "pd-serial", "pdcsi-node", "message",
    'For disk pvc-edf38be4-6fae-4af7-978f-a1e55bbe16ec, device path /dev/nvme0n7, found serial number pvc-45a366d6-9844-40be-be9e-3d53894ca2ab',
    "https://github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver/issues/2403 (message of the csi-gce-pd-node pod's log)", severity="INFO")

# Cloud Storage FUSE CSI driver's sidecar in a workload's pod
add("gcsfuse-sidecar-version.json", "gcsfuse-version", "gcsfuse-sidecar", "message",
    'Running Google Cloud Storage FUSE CSI driver sidecar mounter version v1.4.3-gke.8',
    "https://github.com/GoogleCloudPlatform/gcsfuse/issues/2504 (after klog's `1 main.go:48]`)", severity="INFO", file="main.go", fline="48")
add("gcsfuse-sidecar-exited.json", "gcsfuse-exited", "gcsfuse-sidecar", "message",
    'the sidecar container failed with error: gcsfuse exited with error: signal: terminated',
    "https://github.com/GoogleCloudPlatform/gcs-fuse-csi-driver/issues/113", severity="ERROR")

# calico-node (GKE network policy on Dataplane V1)
add("calico-iface-came-up.json", "cal-iface-up", "calico-node", "text",
    '2021-01-12 09:13:06.152 [INFO][60] felix/endpoint_mgr.go 353: Workload interface came up, marking for reconfiguration. ifaceName="cali50d724d0bd7"',
    "https://github.com/projectcalico/calico/issues/4308", stream="stdout")
add("calico-proc-sys.json", "cal-proc-sys", "calico-node", "text",
    '2021-01-12 09:13:06.152 [INFO][60] felix/endpoint_mgr.go 1089: Applying /proc/sys configuration to interface. ifaceName="cali50d724d0bd7"',
    "https://github.com/projectcalico/calico/issues/4308", stream="stdout")
add("calico-applying-updates.json", "cal-applying", "calico-node", "text",
    '2021-01-12 09:13:06.152 [INFO][60] felix/int_dataplane.go 1453: Applying dataplane updates',
    "https://github.com/projectcalico/calico/issues/4308", stream="stdout")
add("calico-insync.json", "cal-insync", "calico-node", "text",
    '2024-08-29 11:49:12.320 [INFO][116] felix/watchersyncer.go 209: Received InSync event from one of the watcher caches',
    "https://github.com/projectcalico/calico/issues/9193", stream="stdout")
add("calico-synced-update-services.json", "cal-synced-update", "calico-node", "text",
    '2024-08-29 11:49:12.320 [INFO][116] felix/watchercache.go 294: Sending synced update ListRoot="/calico/resources/v3/projectcalico.org/kubernetesservice"',
    "https://github.com/projectcalico/calico/issues/9193", stream="stdout")
add("calico-synced-update-nodes.json", "cal-synced-update", "calico-node", "text",
    '2024-08-29 11:49:12.320 [INFO][116] felix/watchercache.go 294: Sending synced update ListRoot="/calico/resources/v3/projectcalico.org/nodes"',
    "https://github.com/projectcalico/calico/issues/9193", stream="stdout")
add("calico-noop-raw.json", "cal-noop", "calico-node", "text",
    '2020-06-05 10:17:06.490 [DEBUG][38] felix/table.go 1116: Update ended up being no-op, skipping call to ip(6)tables-restore. ipVersion=0x4 table="raw"',
    "https://github.com/projectcalico/calico/issues/3397", stream="stdout")
add("calico-noop-mangle.json", "cal-noop", "calico-node", "text",
    '2020-06-05 10:17:06.490 [DEBUG][38] felix/table.go 1116: Update ended up being no-op, skipping call to ip(6)tables-restore. ipVersion=0x6 table="mangle"',
    "https://github.com/projectcalico/calico/issues/3397", stream="stdout")

# anetd (GKE Dataplane V2's Cilium agent), Cilium's logfmt lines
add("anetd-invoked-l2responder.json", "cil-invoked", "anetd", "text",
    'level=info msg=Invoked duration="80.485\u00b5s" function="l2responder.NewL2ResponderReconciler (pkg/datapath/l2responder/l2responder.go:64)" subsys=hive',
    "https://github.com/cilium/cilium/issues/29341", stream="stderr")
add("anetd-invoked-garp.json", "cil-invoked", "anetd", "text",
    'level=info msg=Invoked duration="77.541\u00b5s" function="garp.newGARPProcessor (pkg/datapath/garp/processor.go:27)" subsys=hive',
    "https://github.com/cilium/cilium/issues/29341", stream="stderr")
add("anetd-start-hook-gops.json", "cil-start-hook", "anetd", "text",
    'level=info msg="Start hook executed" duration="273.029\u00b5s" function="gops.registerGopsHooks.func1 (pkg/gops/cell.go:44)" subsys=hive',
    "https://github.com/cilium/cilium/issues/29341", stream="stderr")
add("anetd-start-hook-metrics.json", "cil-start-hook", "anetd", "text",
    'level=info msg="Start hook executed" duration="1.27\u00b5s" function="metrics.NewRegistry.func1 (pkg/metrics/registry.go:86)" subsys=hive',
    "https://github.com/cilium/cilium/issues/29341", stream="stderr")
add("anetd-connecting-apiserver.json", "cil-establishing", "anetd", "text",
    'level=info msg="Establishing connection to apiserver" host="https://192.168.56.200:6443" subsys=k8s-client',
    "https://github.com/cilium/cilium/issues/29341", stream="stderr")
add("anetd-connected-apiserver.json", "cil-connected", "anetd", "text",
    'level=info msg="Connected to apiserver" subsys=k8s-client',
    "https://github.com/cilium/cilium/issues/29341", stream="stderr")

# Workload Identity's gke-metadata-server; the older Stackdriver metadata agent
add("gke-metadata-server-generate-token-404.json", "gms-token-404", "gke-metadata-server", "message",
    'Handler returns generic::not_found: GenerateAccessToken("xxx-xxxx-xxxx@xxxx-ivxxxx.iam.gserviceaccount.com"): googleapi: Error 404: Requested entity was not found., notFound, Reason: IAM, UserMessage: Unable to generate access token; IAM returned 404 Not Found: Requested entity was not found.',
    "https://github.com/argoproj/argo-workflows/issues/4592 (after klog's `metadata.go:151]`; the three lines the report wraps it in joined by a blank)", severity="ERROR", file="metadata.go", fline="151")
add("metadata-agent-publish-denied-1.json", "mda-publish-denied", "metadata-agent", "klog",
    'W0402 12:37:55.503160       1 kubernetes.go:118] Failed to publish resource metadata: rpc error: code = PermissionDenied desc = The caller does not have permission',
    "https://github.com/terraform-google-modules/terraform-google-kubernetes-engine/issues/473")
add("metadata-agent-publish-denied-2.json", "mda-publish-denied", "metadata-agent", "klog",
    'W0402 12:38:55.902556       1 kubernetes.go:118] Failed to publish resource metadata: rpc error: code = PermissionDenied desc = The caller does not have permission',
    "https://github.com/terraform-google-modules/terraform-google-kubernetes-engine/issues/473")
add("metadata-agent-flushed-binary-log-1.json", "mda-flushed", "metadata-agent", "klog",
    'I0402 12:37:25.110888       1 binarylog.go:265] rpc: flushed binary log to ""',
    "https://github.com/terraform-google-modules/terraform-google-kubernetes-engine/issues/473")
add("metadata-agent-flushed-binary-log-2.json", "mda-flushed", "metadata-agent", "klog",
    'I0402 12:38:25.111159       1 binarylog.go:265] rpc: flushed binary log to ""',
    "https://github.com/terraform-google-modules/terraform-google-kubernetes-engine/issues/473")

# kube-dns' autoscaler (cluster-proportional-autoscaler) and ip-masq-agent
add("kube-dns-autoscaler-status-45.json", "cpa-status", "kube-dns-autoscaler", "klog",
    'I0906 16:30:32.691040       1 k8sclient.go:277] Cluster status: SchedulableNodes[45], SchedulableCores[90]',
    "https://github.com/kubernetes-sigs/cluster-proportional-autoscaler/issues/65")
add("kube-dns-autoscaler-status-44.json", "cpa-status", "kube-dns-autoscaler", "klog",
    'I0906 16:34:12.693949       1 k8sclient.go:277] Cluster status: SchedulableNodes[44], SchedulableCores[88]',
    "https://github.com/kubernetes-sigs/cluster-proportional-autoscaler/issues/65")
add("kube-dns-autoscaler-updating-up.json", "cpa-updating", "kube-dns-autoscaler", "klog",
    'I0906 16:30:32.691065       1 k8sclient.go:278] Replicas are not as expected : updating replicas from 11 to 12',
    "https://github.com/kubernetes-sigs/cluster-proportional-autoscaler/issues/65")
add("kube-dns-autoscaler-updating-down.json", "cpa-updating", "kube-dns-autoscaler", "klog",
    'I0906 16:34:12.693973       1 k8sclient.go:278] Replicas are not as expected : updating replicas from 12 to 11',
    "https://github.com/kubernetes-sigs/cluster-proportional-autoscaler/issues/65")
add("ip-masq-agent-config-found.json", "ipm-config-found", "ip-masq-agent", "klog",
    'I0914 22:40:52.590226       1 ip-masq-agent.go:180] config file found at "/etc/config/ip-masq-agent"',
    "https://github.com/kubernetes-sigs/ip-masq-agent/issues/21")
add("ip-masq-agent-using-config.json", "ipm-using-config", "ip-masq-agent", "klog",
    'I0914 22:40:52.591164       1 ip-masq-agent.go:167] using config: {"nonMasqueradeCIDRs":["172.16.0.0/13","192.168.0.0/16"],"masqLinkLocal":false,"resyncInterval":60000000000}',
    "https://github.com/kubernetes-sigs/ip-masq-agent/issues/21")
add("ip-masq-agent-running-iptables-n.json", "ipm-running-iptables", "ip-masq-agent", "klog",
    'I0914 22:40:52.591195       1 iptables.go:361] running iptables -N [IP-MASQ-AGENT -t nat]',
    "https://github.com/kubernetes-sigs/ip-masq-agent/issues/21")
add("ip-masq-agent-running-iptables-c.json", "ipm-running-iptables", "ip-masq-agent", "klog",
    'I0914 22:40:52.599954       1 iptables.go:361] running iptables -C [POSTROUTING -t nat -m comment --comment ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom IP-MASQ-AGENT chain -m addrtype ! --dst-type LOCAL -j IP-MASQ-AGENT]',
    "https://github.com/kubernetes-sigs/ip-masq-agent/issues/21")
add("ip-masq-agent-running-restore.json", "ipm-running-restore", "ip-masq-agent", "klog",
    'I0914 22:40:52.608243       1 iptables.go:338] running iptables-restore [--noflush]',
    "https://github.com/kubernetes-sigs/ip-masq-agent/issues/21")
add("ip-masq-agent-sync-restore-failed.json", "ipm-sync-restore", "ip-masq-agent", "klog",
    'E0914 22:40:52.622691       1 ip-masq-agent.go:145] error syncing masquerade rules: exit status 1 (iptables-restore: line 7 failed\n)',
    "https://github.com/kubernetes-sigs/ip-masq-agent/issues/21 (klog's line; the reason repeated after it is the exit's own line)")
add("ip-masq-agent-sync-xtables-lock.json", "ipm-sync-lock", "ip-masq-agent", "klog",
    'E0922 00:30:24.709933       1 ip-masq-agent.go:145] error syncing masquerade rules: failed to ensure that nat chain IP-MASQ-AGENT jumps to MASQUERADE: error checking rule: exit status 4: Another app is currently holding the xtables lock. Stopped waiting after 5s.',
    "https://github.com/kubernetes-sigs/ip-masq-agent/issues/23 (klog's line; the reason repeated after it is the exit's own line)")

# kubelet and the container runtime: node journald
add("kubelet-syncloop-probe-1.json", "kl-syncloop-probe", "kubelet", "journald",
    'I0509 08:18:50.485093  941881 kubelet.go:2668] "SyncLoop (probe)" probe="readiness" status="not ready" pod="manager/northftpmaster-0"',
    "https://github.com/kubernetes/kubernetes/issues/138889")
add("kubelet-syncloop-probe-2.json", "kl-syncloop-probe", "kubelet", "journald",
    'I0509 08:18:56.428158  941881 kubelet.go:2668] "SyncLoop (probe)" probe="readiness" status="not ready" pod="manager/northftpmaster-0"',
    "https://github.com/kubernetes/kubernetes/issues/138889")
add("kubelet-error-syncing-pod-1.json", "kl-error-syncing", "kubelet", "journald",
    'E1212 18:44:45.139799    1365 pod_workers.go:182] Error syncing pod ff7d4a40-df6a-11e7-954a-42010a800003 ("kube-dns-autoscaler-69c5cbdcdd-b2pzr_kube-system(ff7d4a40-df6a-11e7-954a-42010a800003)"), skipping: network is not ready: [runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: Kubenet does not have netConfig. This is most likely due to lack of PodCIDR]',
    "https://github.com/kubernetes/kubernetes/issues/57047 (a GKE node's kubelet.log)")
add("kubelet-error-syncing-pod-2.json", "kl-error-syncing", "kubelet", "journald",
    'E1212 18:44:45.142187    1365 pod_workers.go:182] Error syncing pod 5e7fab1b-df6b-11e7-954a-42010a800003 ("deployment-hash-test-59d9668d4c-snvxk_e2e-tests-sig-apps-deployment-upgrade-n2ftb(5e7fab1b-df6b-11e7-954a-42010a800003)"), skipping: network is not ready: [runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: Kubenet does not have netConfig. This is most likely due to lack of PodCIDR]',
    "https://github.com/kubernetes/kubernetes/issues/57047 (a GKE node's kubelet.log)")
add("kubelet-error-syncing-pod-image-pull.json", "kl-error-syncing-pull", "kubelet", "journald",
    'E0314 08:39:55.517696    3244 pod_workers.go:190] Error syncing pod 4b4728cd-4620-11e9-9bf4-d409029b649b ("modeldb-backend-54f88cf869-xbnz4_kubeflow(4b4728cd-4620-11e9-9bf4-d409029b649b)"), skipping: failed to "StartContainer" for "modeldb-backend" with ImagePullBackOff: "Back-off pulling image \\"mitdbg/modeldb-backend:kf0.4\\""',
    "https://github.com/kubeflow/kubeflow/issues/2698")
add("kubelet-runtime-network-not-ready.json", "kl-network-not-ready", "kubelet", "journald",
    'E1212 18:44:40.139706    1365 kubelet.go:2095] Container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: Kubenet does not have netConfig. This is most likely due to lack of PodCIDR',
    "https://github.com/kubernetes/kubernetes/issues/57047 (a GKE node's kubelet.log)")
add("containerd-sandbox-image-locked.json", "ctd-sandbox-failed", "containerd", "journald",
    'E0911 19:47:37.280291    4669 instrumented_service.go:38] RunPodSandbox for &PodSandboxMetadata{Name:kube-controller-manager-abhi-d-linux-1,Uid:792465b3feab1a72266e9b2a92a0fec4,Namespace:kube-system,Attempt:0,} failed, error: failed to get sandbox image "gcr.io/google_containers/pause:3.0": failed to pull image "gcr.io/google_containers/pause:3.0": failed to pull image "gcr.io/google_containers/pause:3.0": locking ref k8s.io/2/layer-sha256:f112334343777b75be77ec1f835e3bbbe7d7bd46e27b6a2ae35c6b3cfea0987c failed: ref k8s.io/2/layer-sha256:f112334343777b75be77ec1f835e3bbbe7d7bd46e27b6a2ae35c6b3cfea0987c locked: unavailable',
    "https://github.com/containerd/cri/issues/239 (cri-containerd's journald line)")
add("kubelet-nameserver-limits-1.json", "kl-nameserver", "kubelet", "journald",
    'E0411 04:00:15.042424    1074 dns.go:157] "Nameserver limits exceeded" err="Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 119.29.29.29 223.6.6.6 180.76.76.76"',
    "https://github.com/k3s-io/k3s/issues/7266 (k3s' embedded kubelet; the line the report wraps in two joined by a blank)")
add("kubelet-nameserver-limits-2.json", "kl-nameserver", "kubelet", "journald",
    'E0411 04:00:44.041874    1074 dns.go:157] "Nameserver limits exceeded" err="Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 119.29.29.29 223.6.6.6 180.76.76.76"',
    "https://github.com/k3s-io/k3s/issues/7266 (k3s' embedded kubelet; the line the report wraps in two joined by a blank)")
add("kubelet-nameserver-limits-json.json", "kl-nameserver~json", "kubelet", "journald",
    '{"ts":1700168537196.4094,"caller":"dns/dns.go:153","msg":"Nameserver limits exceeded","err":"Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 8.8.8.8 8.8.4.4 8.8.8.8"}',
    "https://github.com/nforgeio/neonKUBE/issues/1868 (kubelet with --logging-format=json)", pid="7914")
add("containerd-stop-sandbox-returns-1.json", "ctd-stop-sandbox-ok", "containerd", "journald",
    r'time="2022-08-10T15:05:17.189136976+08:00" level=info msg="StopPodSandbox for \"4764fb047ccd809708395741c774ed319c21f3988747a6489aeabb5ee5961f6c\" returns successfully"',
    "https://github.com/containerd/containerd/issues/7276", pid="2514")
add("containerd-stop-sandbox-returns-2.json", "ctd-stop-sandbox-ok", "containerd", "journald",
    r'time="2022-08-10T15:05:17.189728274+08:00" level=info msg="StopPodSandbox for \"93ac73955708578a18bcf553016e213ef4d3d0e87dcf52cf4e47a9c343b140fb\" returns successfully"',
    "https://github.com/containerd/containerd/issues/7276", pid="2514")
add("containerd-stop-sandbox.json", "ctd-stop-sandbox", "containerd", "journald",
    r'time="2022-08-10T15:05:17.189460359+08:00" level=info msg="StopPodSandbox for \"93ac73955708578a18bcf553016e213ef4d3d0e87dcf52cf4e47a9c343b140fb\""',
    "https://github.com/containerd/containerd/issues/7276", pid="2514")
add("containerd-teardown-network.json", "ctd-teardown", "containerd", "journald",
    r'time="2022-08-10T15:05:17.189106495+08:00" level=info msg="TearDown network for sandbox \"4764fb047ccd809708395741c774ed319c21f3988747a6489aeabb5ee5961f6c\" successfully"',
    "https://github.com/containerd/containerd/issues/7276", pid="2514")
add("containerd-container-to-stop-exited.json", "ctd-must-be-running", "containerd", "journald",
    r'time="2022-08-10T15:05:17.189556610+08:00" level=info msg="Container to stop \"73271d7b22c16a55e02d5f95f5532875f8ff41f261df49332bc4982e5d774407\" must be in running or unknown state, current state \"CONTAINER_EXITED\""',
    "https://github.com/containerd/containerd/issues/7276", pid="2514")
add("containerd-stop-container-timeout-1.json", "ctd-stop-container", "containerd", "journald",
    r'time="2023-09-19T13:13:47.313835166Z" level=info msg="StopContainer for \"2dd4d0a67942263b4dbc37d677fd3c53e3607f21487480c77dfb2a9c2f37d2ee\" with timeout 1 (s)"',
    "https://github.com/kubernetes/kubernetes/issues/108891", pid="220")
add("containerd-stop-container-timeout-300.json", "ctd-stop-container", "containerd", "journald",
    r'time="2023-03-10T02:15:28.074415426-07:00" level=info msg="StopContainer for \"d1f8136eac10d13a0c78476980cccaeede748072885b02828685983afa61cae4\" with timeout 300 (s)"',
    "https://github.com/vhive-serverless/vHive/pull/684")
add("containerd-shim-disconnected.json", "ctd-shim-disconnected", "containerd", "journald",
    'time="2023-03-10T02:15:58.115683927-07:00" level=info msg="shim disconnected" id=d1f8136eac10d13a0c78476980cccaeede748072885b02828685983afa61cae4',
    "https://github.com/vhive-serverless/vHive/pull/684")
add("containerd-cleaning-up-shim.json", "ctd-cleaning-up", "containerd", "journald",
    'time="2023-03-10T02:15:58.115766496-07:00" level=warning msg="cleaning up after shim disconnected" id=d1f8136eac10d13a0c78476980cccaeede748072885b02828685983afa61cae4 namespace=k8s.io',
    "https://github.com/vhive-serverless/vHive/pull/684")
add("node-problem-detector-kmsg-watcher.json", "npd-watcher", "node-problem-detector", "journald",
    'I0401 06:17:52.095370    4510 log_watchers.go:40] Use log watcher of plugin "kmsg"',
    "https://github.com/kubernetes/node-problem-detector/issues/786")

# Kubernetes events (log `events`)
add("event-failed-scheduling-ephemeral.json", "ev-failed-scheduling", "events", "event",
    '0/3 nodes are available: 3 Insufficient ephemeral-storage. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
    "https://github.com/GoogleCloudPlatform/gcs-fuse-csi-driver/issues/153", reason="FailedScheduling", type="Warning", src="gke.io/optimize-utilization-scheduler")
add("event-backoff-pulling-image.json", "ev-backoff-pull", "events", "event",
    'Back-off pulling image "gcr.io/istio-testing/prowbazel:0.5.14"',
    "https://github.com/kubernetes/test-infra/issues/15102 (a GKE node's kubelet)", reason="BackOff", type="Normal", src="kubelet")
add("event-backoff-restarting.json", "ev-backoff-restart", "events", "event",
    'Back-off restarting failed container',
    "https://github.com/fission/fission/issues/540 (a GKE node's kubelet)", reason="BackOff", type="Warning", src="kubelet")
add("event-failed-to-pull-image.json", "ev-failed-pull", "events", "event",
    'Failed to pull image "gcr.io/istio-testing/prowbazel:0.5.14": rpc error: code = Unknown desc = context canceled',
    "https://github.com/kubernetes/test-infra/issues/15102 (a GKE node's kubelet; the Failed events of one image pull are one group)", reason="Failed", type="Warning", src="kubelet")
add("event-failed-err-image-pull.json", "ev-failed-pull", "events", "event",
    'Error: ErrImagePull',
    "https://github.com/kubernetes/test-infra/issues/15102 (a GKE node's kubelet; the Failed events of one image pull are one group)", reason="Failed", type="Warning", src="kubelet")
add("event-failed-image-pull-backoff.json", "ev-failed-pull", "events", "event",
    'Error: ImagePullBackOff',
    "https://github.com/kubernetes/test-infra/issues/15102 (a GKE node's kubelet; the Failed events of one image pull are one group)", reason="Failed", type="Warning", src="kubelet")
add("event-pulling-image.json", "ev-pulling", "events", "event",
    'pulling image "gcr.io/istio-testing/prowbazel:0.5.14"',
    "https://github.com/kubernetes/test-infra/issues/15102 (a GKE node's kubelet)", reason="Pulling", type="Normal", src="kubelet")
add("event-dns-config-forming.json", "ev-dns-config", "events", "event",
    'Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 213.133.100.100 213.133.99.99 213.133.98.98',
    "https://github.com/kubeovn/kube-ovn/issues/497", reason="DNSConfigForming", type="Warning", src="kubelet")
add("event-missing-cluster-dns.json", "ev-missing-cluster-dns", "events", "event",
    'pod: "metrics-server-697746ff48-krmpt_kube-system(43584748-5bba-439f-ad38-f3fa5277cfa6)". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.',
    "https://github.com/kubeovn/kube-ovn/issues/497", reason="MissingClusterDNS", type="Warning", src="kubelet")
add("event-not-trigger-scale-up.json", "ev-not-scale-up", "events", "event",
    "pod didn't trigger scale-up: 3 Insufficient ephemeral-storage",
    "https://github.com/GoogleCloudPlatform/gcs-fuse-csi-driver/issues/153", reason="NotTriggerScaleUp", type="Normal", src="cluster-autoscaler")
add("event-readiness-probe-failed.json", "ev-readiness", "events", "event",
    'Readiness probe failed: Get http://10.52.2.217:8888/healthz: dial tcp 10.52.2.217:8888: getsockopt: connection refused',
    "https://github.com/fission/fission/issues/540", reason="Unhealthy", type="Warning", src="kubelet")
add("event-liveness-probe-failed.json", "ev-liveness", "events", "event",
    'Liveness probe failed: ',
    "https://github.com/kubernetes/kubernetes/issues/31717", reason="Unhealthy", type="Warning", src="kubelet")
add("event-failed-mount-gcsfuse.json", "ev-failed-mount", "events", "event",
    'MountVolume.SetUp failed for volume "gcs-fuse-csi-pv" : rpc error: code = FailedPrecondition desc = failed to find the sidecar container in Pod spec',
    "https://github.com/GoogleCloudPlatform/gcs-fuse-csi-driver/issues/153", reason="FailedMount", type="Warning", src="kubelet")


PROJECT, LOCATION, CLUSTER = "shop-prod", "europe-west1-c", "cluster-1"
KLOG = re.compile(r"^([IWEF])(\d\d)(\d\d) (\d\d:\d\d:\d\d\.\d{6})\s+(\d+) ([^ :\]]+):(\d+)\] (.*)$", re.S)
LEVEL = {"I": "INFO", "W": "WARNING", "E": "ERROR", "F": "CRITICAL"}
NODE_LOGS = {"kubelet": ("kubelet", "kubelet.service"), "containerd": ("container-runtime", "containerd.service"),
             "node-problem-detector": ("node-problem-detector", "node-problem-detector.service")}


def container_entry(d, n):
    ns, pod, container, labels = PODS[d["component"]]
    return {"insertId": "gkesystem-%02d" % n,
            "resource": {"type": "k8s_container", "labels": {
                "project_id": PROJECT, "location": LOCATION, "cluster_name": CLUSTER,
                "namespace_name": ns, "pod_name": pod, "container_name": container}},
            "labels": dict(labels, **{"compute.googleapis.com/resource_name": NODE}),
            "logName": "projects/%s/logs/%s" % (PROJECT, d.get("stream", "stderr"))}


def entry(d, n):
    wrap, line = d["wrap"], d["line"]
    ts = "2024-06-01T10:00:%02dZ" % (n % 60)
    if wrap == "entry":  # the cilium issue's whole entry (its receiveTimestamp cut off there)
        return {"insertId": "w10pldbig050cgfv", "jsonPayload": {"pid": "1", "message": "\"could not read stream\" err=\"rpc error: code = Unavailable desc = error reading from server: EOF\" serverID=\"5f353416-f771-4139-893f-671b9d6b279d\" agentID=\"f6f0a510-3d43-4263-ad18-2258775c6df3\""},
                "resource": {"type": "k8s_container", "labels": {"pod_name": "konnectivity-agent-5cd6895866-fztpk", "namespace_name": "kube-system", "project_id": "cilium-pr", "cluster_name": "cilium-cilium-16958908892-1-4", "location": "us-east1-c", "container_name": "konnectivity-agent"}},
                "timestamp": "2025-08-14T08:09:19.842916562Z", "severity": "ERROR",
                "labels": {"k8s-pod/k8s-app": "konnectivity-agent", "compute.googleapis.com/resource_name": "gke-cilium-cilium-169589-default-pool-b4ef93a7-rv6k", "k8s-pod/pod-template-hash": "5cd6895866"},
                "logName": "projects/cilium-pr/logs/stderr", "sourceLocation": {"file": "client.go", "line": "357"}}
    if wrap == "event":
        warn = d["type"] == "Warning"
        return {"insertId": "gkesystem-%02d" % n,
                "jsonPayload": {"kind": "Event", "apiVersion": "v1", "type": d["type"], "reason": d["reason"],
                                "message": line, "source": {"component": d["src"]},
                                "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-7d9f8b6c5-x2x7q", "apiVersion": "v1"},
                                "metadata": {"name": "web-7d9f8b6c5-x2x7q.17d4a1b2c3d4e5f6", "namespace": "shop"}},
                "resource": {"type": "k8s_pod", "labels": {"project_id": PROJECT, "location": LOCATION, "cluster_name": CLUSTER, "namespace_name": "shop", "pod_name": "web-7d9f8b6c5-x2x7q"}},
                "timestamp": ts, "severity": "WARNING" if warn else "INFO",
                "logName": "projects/%s/logs/events" % PROJECT}
    if wrap == "journald":
        log, unit = NODE_LOGS[d["component"]]
        m = KLOG.match(line)
        return {"insertId": "gkesystem-%02d" % n,
                "jsonPayload": {"MESSAGE": line, "SYSLOG_IDENTIFIER": d["component"], "_SYSTEMD_UNIT": unit,
                                "_PID": m.group(5) if m else d.get("pid", "1024"), "PRIORITY": "6", "_TRANSPORT": "stdout", "_HOSTNAME": NODE},
                "resource": {"type": "k8s_node", "labels": {"project_id": PROJECT, "location": LOCATION, "cluster_name": CLUSTER, "node_name": NODE}},
                "timestamp": ts, "severity": "INFO", "logName": "projects/%s/logs/%s" % (PROJECT, log)}
    e = container_entry(d, n)
    e["timestamp"] = ts
    if wrap == "klog":
        m = KLOG.match(line)
        assert m, line
        e["jsonPayload"] = {"pid": m.group(5), "message": m.group(8)}
        e["sourceLocation"] = {"file": m.group(6), "line": m.group(7)}
        e["severity"] = LEVEL[m.group(1)]
    elif wrap == "message":
        e["jsonPayload"] = {"pid": "1", "message": line}
        if "file" in d:
            e["sourceLocation"] = {"file": d["file"], "line": d["fline"]}
        e["severity"] = d["severity"]
    elif wrap == "text":
        e["textPayload"] = line
        e["severity"] = "ERROR" if d.get("stream", "stderr") == "stderr" else "INFO"
    elif wrap == "json":
        e["jsonPayload"] = json.loads(line)
        e["severity"] = "ERROR"
    else:
        raise ValueError(wrap)
    return e


here = os.path.dirname(os.path.abspath(__file__))
for n, d in enumerate(L):
    with open(os.path.join(here, d["fixture"]), "w") as out:
        out.write(json.dumps(entry(d, n), ensure_ascii=False) + "\n")
with open(os.path.join(here, "groups.tsv"), "w") as out:
    out.write("# fixture\tgroup (fixtures of one group are one log call: one template; other groups another;"
              " a~b is the call a in another format, whose row an exclusion of a's may take)\tcomponent\tsource\n")
    for d in L:
        out.write("\t".join([d["fixture"], d["group"], d["component"], d["source"]]) + "\n")
print(len(L), "lines", len({d["component"] for d in L}), "components")
