"""Writes walk/real/gcpleft.jsonl: the entries this round examines, each after a "# name (source)"
line. Whole real entries are copied; where only a resource's status is real (gcloud describe
output), it is put in the envelope of the real ReplaceService entry (the fixture
exports/cloud-run-system-event-ready-false-revision.json), as the audit log writes the resource in
protoPayload.response."""
import copy, json, os

FAM = "pipeline/src/test/resources/families/"
out = []

def load(p):
    return json.load(open(FAM + p))

rev = load("exports/cloud-run-system-event-ready-false-revision.json")
out.append(("Cloud Run revision Ready False HealthCheckContainerError (chat transcript 71251073224, fixture)", rev))
out.append(("Cloud Run service Ready True (student's notes 60501240382, fixture)",
            load("exports/cloud-run-system-event-ready-true-service.json")))

def service_entry(name, svc, conditions, insert):
    e = copy.deepcopy(rev)
    e["insertId"] = insert
    ready = [c for c in conditions if c["type"] == "Ready"][0]
    e["protoPayload"]["status"]["message"] = (
        "Ready condition status changed to False for Service %s with message: %s" % (svc, ready["message"]))
    e["protoPayload"]["resourceName"] = "namespaces/computeengine-506321/services/" + svc
    e["protoPayload"]["response"] = {
        "metadata": {"name": svc, "namespace": "607603788049"},
        "apiVersion": "serving.knative.dev/v1", "kind": "Service",
        "status": {"observedGeneration": 5, "conditions": conditions},
        "@type": "type.googleapis.com/google.cloud.run.v1.Service"}
    e["resource"]["labels"].update({"service_name": svc, "configuration_name": svc, "revision_name": ""})
    return e

# pipecd's test of a real `gcloud run services describe` (file 2856510095): image not found
pipecd = [
    {"type": "Ready", "status": "False", "reason": "RevisionFailed",
     "message": "Revision helloworld-v010-1234567 is not ready.", "lastTransitionTime": "2022-01-31T06:18:57.242172Z"},
    {"type": "ConfigurationsReady", "status": "False", "reason": "ContainerMissing",
     "message": "Image 'gcr.io/pipecd/helloworld:v0.1.0' not found.", "lastTransitionTime": "2022-01-31T06:18:57.177493Z"},
    {"type": "RoutesReady", "status": "False", "reason": "RevisionFailed",
     "message": "Revision helloworld-v010-1234567 is not ready.", "lastTransitionTime": "2022-01-31T06:18:57.242172Z"}]
out.append(("Cloud Run service Ready False RevisionFailed / ContainerMissing (pipecd 2856510095, status theirs, entry ours)",
            service_entry("helloworld", "helloworld", pipecd, "gcpleft-run-pipecd")))

# a deploy report's `gcloud run services describe` (file 30902107209): secrets not found
msg = ("Revision 'directus-test-00001-2qh' is not ready and cannot serve traffic. "
       "spec.template.spec.containers[0].env[9].value_from.secret_key_ref.name: Secret "
       "projects/812872501910/secrets/DIRECTUS_DB_PASSWORD_test/versions/latest was not found")
directus = [
    {"lastTransitionTime": "2025-11-26T07:39:44.879105Z", "message": msg, "reason": "SecretsAccessCheckFailed", "status": "False", "type": "Ready"},
    {"lastTransitionTime": "2025-11-26T07:39:44.844162Z", "message": msg.split("traffic. ")[1], "reason": "SecretsAccessCheckFailed", "status": "False", "type": "ConfigurationsReady"},
    {"lastTransitionTime": "2025-11-26T07:39:44.879105Z", "message": msg, "reason": "SecretsAccessCheckFailed", "status": "False", "type": "RoutesReady"}]
out.append(("Cloud Run service Ready False SecretsAccessCheckFailed (report 30902107209, status theirs, entry ours)",
            service_entry("directus-test", "directus-test", directus, "gcpleft-run-directus")))

# Knative's revision on OpenShift (file 24143014149, `oc get revision -o yaml`): image not found;
# conditions sorted by type (ContainerHealthy before Ready), keys alphabetical
e = copy.deepcopy(rev)
e["insertId"] = "gcpleft-run-knative-missing"
m = ("Unable to fetch image \"docker.io/nheidloff/authors:1\": failed to resolve image to digest: "
     "failed to fetch image information: GET https://index.docker.io/v2/nheidloff/authors/manifests/1: "
     "MANIFEST_UNKNOWN: manifest unknown; map[Tag:1]")
e["protoPayload"]["status"]["message"] = (
    "Ready condition status changed to False for Revision authors-jee-v2 with message: " + m)
e["protoPayload"]["resourceName"] = "namespaces/computeengine-506321/revisions/authors-jee-v2"
e["protoPayload"]["response"]["metadata"]["name"] = "authors-jee-v2"
e["protoPayload"]["response"]["status"]["conditions"] = [
    {"lastTransitionTime": "2020-06-03T08:12:49Z", "message": m, "reason": "ContainerMissing", "status": "False", "type": "ContainerHealthy"},
    {"lastTransitionTime": "2020-06-03T08:12:49Z", "message": m, "reason": "ContainerMissing", "status": "False", "type": "Ready"}]
e["resource"]["labels"].update({"service_name": "authors", "configuration_name": "authors", "revision_name": "authors-jee-v2"})
out.append(("Knative revision Ready False ContainerMissing (OpenShift notes 24143014149, status theirs, entry ours)", e))

# The same service's next deploy failing on a missing image (the real entry, its reason replaced):
# shows what one row per method and code joined for one service
e = json.loads(json.dumps(rev).replace("HealthCheckContainerError", "ContainerMissing"))
e["insertId"] = "gcpleft-run-same-service-missing"
out.append(("Cloud Run revision of aegis-ai Ready False ContainerMissing (the real entry, reason replaced)", e))

# Cloud Armor
armor = [json.loads(l) for l in open("/work/h-reallogs6/walk/real/gce.jsonl") if l.startswith("{") and "enforcedSecurityPolicy" in l]
for a in armor:
    p = a["jsonPayload"]["enforcedSecurityPolicy"]
    out.append(("Armor %s %s %s (reallogs6 walk/real/gce.jsonl)" % (p.get("name"), p.get("configuredAction"), p.get("outcome")), a))
ban = [a for a in armor if a["jsonPayload"]["enforcedSecurityPolicy"]["configuredAction"] == "RATE_BASED_BAN"][0]
deny = copy.deepcopy(ban)
deny["insertId"] = "gcpleft-armor-rule-deny"
deny["jsonPayload"]["enforcedSecurityPolicy"] = {"configuredAction": "DENY", "name": "production-cbp-armor-policy", "outcome": "DENY", "priority": 1000}
deny["httpRequest"]["status"] = 403
out.append(("Armor production-cbp-armor-policy DENY rule, same policy and path as the ban (the ban's entry with the DENY rule of Sekoia's sample)", deny))
out.append(("Armor RATE_BASED_BAN conform ACCEPT (a PSC NEG test's notes, file 56754701164)", {
  "insertId": "1sdwgjfdxuj9",
  "jsonPayload": {"securityPolicyRequestData": {"remoteIpInfo": {"regionCode": "HK", "asn": 32135}},
    "backendTargetProjectNumber": "projects/487126826743",
    "@type": "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",
    "enforcedSecurityPolicy": {"configuredAction": "RATE_BASED_BAN", "rateLimitAction": {"outcome": "RATE_LIMIT_THRESHOLD_CONFORM"},
      "outcome": "ACCEPT", "priority": 1000, "name": "ajbx-public-armor"}},
  "httpRequest": {"requestMethod": "GET", "requestUrl": "https://tenant.taobao.caep.uk/", "requestSize": "44", "status": 200,
    "responseSize": "333", "userAgent": "curl/8.7.1", "remoteIp": "202.8.105.197:53663", "serverIp": "192.168.0.17:443",
    "latency": "0.007911s", "protocol": "HTTP/2"},
  "resource": {"type": "http_external_regional_lb_rule", "labels": {"target_proxy_name": "ajbx-public-proxy",
    "network_name": "aibang-12345678-ajbx-dev-cinternal-vpc1", "url_map_name": "ajbx-public-um", "backend_target_name": "ajbx-public-bs",
    "backend_scope_type": "REGION", "region": "europe-west2", "project_id": "aibang-12345678-ajbx-dev", "backend_name": "",
    "backend_target_type": "BACKEND_SERVICE", "backend_type": "UNKNOWN", "forwarding_rule_name": "ajbx-public-fr",
    "backend_scope": "europe-west2", "matched_url_path_rule": "UNMATCHED"}},
  "timestamp": "2026-06-05T08:30:22.854130Z", "severity": "INFO",
  "logName": "projects/aibang-12345678-ajbx-dev/logs/loadbalancing.googleapis.com%2Fexternal_regional_requests",
  "receiveTimestamp": "2026-06-05T08:30:27.649161967Z"}))
# Armor fixtures already in families/
for f in ["otel/armor-security-policy.json", "otel/armor-edge-security-policy.json", "otel/armor-two-policies-failed-to-pick-backend.json",
          "panther/armor-preview-deny.json", "exports/armor-deny-block-all.json"]:
    out.append(("fixture " + f, load(f)))
# GCE entries without a name label
for f in ["exports/gce-metadata-scripts-startup-chmod.json", "exports/gce-guest-agent-watching-metadata-error.json",
          "exports/winevt-guest-agent-watching-metadata.json", "exports/osconfig-agent-lookup-guest-policies-not-found.json"]:
    out.append(("fixture " + f, load(f)))

with open("walk/real/gcpleft.jsonl", "w") as w:
    for name, e in out:
        w.write("# " + name + "\n" + json.dumps(e) + "\n")
print(len(out), "entries")
