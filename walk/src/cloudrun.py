"""Cloud Run service system lines and system events (lines and whole entries theirs; see each # line)."""
import json
from common import out, run_line

E = []
# Whole entry, values unchanged (index file 60501240382: a student's TP notes, `gcloud logging read` output).
E.append(("cloud_run system_event Ready True for Service, whole entry (file 60501240382)", {
 "insertId": "rqz153d5hpc",
 "logName": "projects/tp3partie1et2/logs/cloudaudit.googleapis.com%2Fsystem_event",
 "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog",
  "methodName": "/Services.CreateService",
  "resourceName": "namespaces/tp3partie1et2/services/test-condition",
  "response": {"@type": "type.googleapis.com/google.cloud.run.v1.Service",
   "metadata": {"annotations": {"serving.knative.dev/creator": "ozouxguillaume@gmail.com", "serving.knative.dev/lastModifier": "ozouxguillaume@gmail.com"}, "name": "test-condition", "namespace": "402564488059"},
   "status": {"url": "https://test-condition-uwwndjnimq-ew.a.run.app"}},
  "serviceName": "run.googleapis.com",
  "status": {"message": "Ready condition status changed to True for Service test-condition."},
  "timestamp": "2025-11-09T12:55:09.355372Z"},
 "receiveTimestamp": "2025-11-09T12:55:09.527792984Z",
 "resource": {"labels": {"configuration_name": "", "location": "europe-west1", "project_id": "tp3partie1et2", "revision_name": "", "service_name": "test-condition"}, "type": "cloud_run_revision"},
 "severity": "INFO"}))
# Whole entry (index file 71251073224, a chat transcript pasting it); response cut to its metadata name and Ready condition.
FALSE_MSG = "Ready condition status changed to False for Revision aegis-ai-00003-sp7 with message: The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable within the allocated timeout. This can happen when the container port is misconfigured or if the timeout is too short. The health check timeout can be extended. Logs for this revision might contain more information.\n\nLogs URL: https://console.cloud.google.com/logs/viewer?project=computeengine-506321&resource=cloud_run_revision/service_name/aegis-ai/revision_name/aegis-ai-00003-sp7&advancedFilter=resource.type%3D%22cloud_run_revision%22%0Aresource.labels.service_name%3D%22aegis-ai%22%0Aresource.labels.revision_name%3D%22aegis-ai-00003-sp7%22 \nFor more troubleshooting guidance, see https://cloud.google.com/run/docs/troubleshooting#container-failed-to-start"
E.append(("cloud_run system_event Ready False for Revision HealthCheckContainerError, whole entry (file 71251073224)", {
 "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog",
  "status": {"code": 9, "message": FALSE_MSG},
  "serviceName": "run.googleapis.com", "methodName": "/Services.ReplaceService",
  "resourceName": "namespaces/computeengine-506321/revisions/aegis-ai-00003-sp7",
  "response": {"metadata": {"name": "aegis-ai-00003-sp7", "namespace": "607603788049"}, "apiVersion": "serving.knative.dev/v1", "kind": "Revision",
   "status": {"observedGeneration": 1, "conditions": [{"type": "Ready", "status": "False", "reason": "HealthCheckContainerError", "lastTransitionTime": "2026-09-18T02:25:20.461034Z"}]},
   "@type": "type.googleapis.com/google.cloud.run.v1.Revision"}},
 "insertId": "-ep109zdlbhw",
 "resource": {"type": "cloud_run_revision", "labels": {"configuration_name": "aegis-ai", "project_id": "computeengine-506321", "location": "us-central1", "revision_name": "aegis-ai-00003-sp7", "service_name": "aegis-ai"}},
 "timestamp": "2026-09-18T02:25:20.486995Z", "severity": "ERROR",
 "logName": "projects/computeengine-506321/logs/cloudaudit.googleapis.com%2Fsystem_event",
 "receiveTimestamp": "2026-09-18T02:25:21.526978817Z"}))

def sysev(name, svc, rev, method, msg, sev, code=None, project="repurpose-p"):
    st = {"message": msg}
    if code: st["code"] = code
    res = f"namespaces/{project}/revisions/{rev}" if rev else f"namespaces/{project}/services/{svc}"
    return (name, {"insertId": "r6-" + (rev or svc), "logName": f"projects/{project}/logs/cloudaudit.googleapis.com%2Fsystem_event",
      "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog", "methodName": method, "resourceName": res,
        "serviceName": "run.googleapis.com", "status": st},
      "resource": {"type": "cloud_run_revision", "labels": {"configuration_name": svc, "location": "us-central1", "project_id": project, "revision_name": rev or "", "service_name": svc}},
      "timestamp": "2026-03-13T05:28:12.421Z", "receiveTimestamp": "2026-03-13T05:28:13Z", "severity": sev})

# Messages from Logs Explorer views pasted in public repositories; the entry laid out as the whole ones above.
E.append(sysev("cloud_run system_event Ready True for Revision with message, repurpose-worker (file 59316657361)", "repurpose-worker", "repurpose-worker-00001-8hv", "/Services.CreateService",
  "Ready condition status changed to True for Revision repurpose-worker-00001-8hv with message: Deploying revision succeeded in 7.69s.", "INFO"))
E.append(sysev("cloud_run system_event Ready True for Revision with message, carousel-renderer (file 59316657361)", "carousel-renderer", "carousel-renderer-00001-cq5", "/Services.CreateService",
  "Ready condition status changed to True for Revision carousel-renderer-00001-cq5 with message: Deploying revision succeeded in 36.21s.", "INFO"))
E.append(sysev("cloud_run system_event Ready True for Service carousel-renderer (file 59316657361)", "carousel-renderer", None, "/Services.CreateService",
  "Ready condition status changed to True for Service carousel-renderer.", "INFO"))
E.append(sysev("cloud_run system_event Ready False for Service aichatbox (file 59142924053)", "aichatbox", None, "/Services.ReplaceService",
  "Ready condition status changed to False for Service aichatbox with message: The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable within the allocated timeout. This can happen when the container port is misconfigured or if the timeout is too short. The health check timeout can be extended. Logs for this revision might contain more information.  Logs URL: https://console.cloud.google.com/logs/viewer?project=my-project-claude-496115&resource=cloud_run_revision/service_name/aichatbox/revision_name/aichatbox-00035-kjq&advancedFilter=resource.type%3D%22cloud_run_revision%22%0Aresource.labels.service_name%3D%22aichatbox%22%0Aresource.labels.revision_name%3D%22aichatbox-00035-kjq%22  For more troubleshooting guidance, see https://cloud.google.com/run/docs/troubleshooting#container-failed-to-start", "ERROR", 9, "my-project-claude-496115"))

def sysline(name, svc, rev, text, sev, project="repurpose-p"):
    return (name, {"insertId": "r6s-" + str(abs(hash(text)) % 10**8), "logName": f"projects/{project}/logs/run.googleapis.com%2Fvarlog%2Fsystem",
      "textPayload": text, "labels": {"instanceId": "0069c7a988a1b2c3d4e5f6"},
      "resource": {"type": "cloud_run_revision", "labels": {"configuration_name": svc, "location": "us-central1", "project_id": project, "revision_name": rev, "service_name": svc}},
      "timestamp": "2026-03-13T05:28:12.353Z", "receiveTimestamp": "2026-03-13T05:28:13Z", "severity": sev})

for n, (svc, rev, c, port, src) in enumerate([
    ("repurpose-worker", "repurpose-worker-00001-8hv", "repurpose-worker-1", 8080, "59316657361"),
    ("carousel-renderer", "carousel-renderer-00001-cq5", "carousel-renderer-1", 8080, "59316657361"),
    ("nodejs-pubsub-function", "nodejs-pubsub-function-00001-abc", "worker", 8080, "47574049510"),
    ("hello", "hello-00002-xyz", "hello-1", 8090, "6592706887")]):
    E.append(sysline(f"cloud_run varlog/system STARTUP TCP probe succeeded {c}:{port} (file {src})", svc, rev,
      f"Default STARTUP TCP probe succeeded after 1 attempt for container \"{c}\" on port {port}.", "INFO"))
E.append(sysline("cloud_run varlog/system STARTUP TCP probe failed placeholder-1 (file 59142924053)", "aichatbox", "aichatbox-00035-kjq",
  "Default STARTUP TCP probe failed 1 time consecutively for container \"placeholder-1\" on port 8080. The instance was not started. Connection failed with status CANCELLED.", "ERROR"))
E.append(sysline("cloud_run varlog/system STARTUP TCP probe failed backend-1:8000 (file 30259639664)", "promanage-backend", "promanage-backend-00003-6kk",
  "Default STARTUP TCP probe failed 1 time consecutively for container \"backend-1\" on port 8000. The instance was not started. Connection failed with status CANCELLED.", "ERROR"))
E.append(sysline("cloud_run varlog/system Starting new instance DEPLOYMENT_ROLLOUT (file 59316657361)", "repurpose-worker", "repurpose-worker-00001-8hv",
  "Starting new instance. Reason: DEPLOYMENT_ROLLOUT - Instance started due to traffic shifting between revisions due to deployment, traffic split adjustment, or deployment health check.", "INFO"))
E.append(sysline("cloud_run varlog/system Starting new instance AUTOSCALING (file 59316657361)", "repurpose-worker", "repurpose-worker-00001-8hv",
  "Starting new instance. Reason: AUTOSCALING - Instance started due to configured scaling factors (e.g. CPU utilization, request throughput, etc.) or no existing capacity for current traffic.", "INFO"))
E.append(sysline("cloud_run varlog/system Container called exit(3) (file 30259639664)", "promanage-backend", "promanage-backend-00003-6kk",
  "Container called exit(3).", "WARNING"))
out("cloudrun", E)
