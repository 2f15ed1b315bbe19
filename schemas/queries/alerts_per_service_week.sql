-- Question: how many incidents and notifications did each service have, week by week, over the
-- last @weeks weeks? (The weekly on-call review.)
-- The service is the alert's group value under `service` (the derived service name), else under
-- the resource label that names a service (Cloud Run, App Engine, a load balancer's backend, a
-- k8s namespace/container pair); an alert of a rule grouped by none of them is '(not grouped by
-- service)': group such rules by service to see them here.
-- Returns one row per (week starting Monday, service, rule): incidents that started that week,
-- notifications that reached the topic, and the severities seen.
-- Parameters: @weeks INT64
-- Table: ${dataset}.alerts (schemas/alerts.json); `group` is the group as JSON object text, and a
--   key with dots is read as '$."resource.labels.service_name"'.
WITH alerts AS (
  SELECT
    *,
    COALESCE(
      JSON_VALUE(`group`, '$.service'),
      JSON_VALUE(`group`, '$."resource.labels.service_name"'),
      JSON_VALUE(`group`, '$."resource.labels.module_id"'),
      JSON_VALUE(`group`, '$."resource.labels.backend_service_name"'),
      CONCAT(
        JSON_VALUE(`group`, '$."resource.labels.namespace_name"'),
        '/',
        JSON_VALUE(`group`, '$."resource.labels.container_name"')),
      '(not grouped by service)') AS service
  FROM `${dataset}.alerts`
  WHERE windowStart >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @weeks * 7 + 7 DAY)
    AND firstSeen >= TIMESTAMP_TRUNC(
      TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL (@weeks - 1) * 7 DAY), WEEK(MONDAY))
)
SELECT
  DATE(TIMESTAMP_TRUNC(firstSeen, WEEK(MONDAY))) AS week,
  service,
  rule,
  COUNT(DISTINCT alertId) AS incidents,
  COUNTIF(state IN ('FIRING', 'FLAPPING', 'RESOLVED') AND silencedBy IS NULL) AS notifications,
  ARRAY_AGG(DISTINCT severity ORDER BY severity) AS severities
FROM alerts
GROUP BY week, service, rule
ORDER BY week DESC, incidents DESC, service, rule
