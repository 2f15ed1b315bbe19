-- Question: which templates should we exclude from ingestion, and how much would that save?
-- Low-severity templates (below WARNING) ranked by estimated monthly savings over the last
-- @days days, with the ready-to-use exclusion filter, a sample and the share of the service's
-- volume. Savings = the template's bytes over the period, extrapolated to 30 days, at the
-- price the pipeline was configured with (already inside est_monthly_cost_usd).
-- Templates that alert rules depend on are flagged, not left out: alert_rules lists the rules
-- whose filter matched the template's entries in the period (the union of the rows'
-- alert_rules) and safe_to_exclude is FALSE, because excluded entries never reach the
-- pipeline (nor Cloud Logging's own alerts): the exclusion would blind those rules. Rows
-- written before the alert_rules column existed name no rules.
-- Parameters: @days INT64, @project STRING ('' = all projects), @min_monthly_usd FLOAT64, @limit INT64
-- Table: ${dataset}.noisy_logs (schemas/noisy_logs.json)
WITH per_template AS (
  SELECT
    project_id,
    service,
    log_id,
    resource_type,
    severity,
    template_id,
    ANY_VALUE(template) AS template,
    SUM(count) AS entries,
    SUM(bytes) AS total_bytes,
    SUM(est_monthly_cost_usd * TIMESTAMP_DIFF(window_end, window_start, SECOND))
      / (@days * 86400) AS monthly_savings_usd,
    ANY_VALUE(suggested_exclusion) AS suggested_exclusion,
    ANY_VALUE(sample_message) AS sample_message
  FROM `${dataset}.noisy_logs`
  WHERE window_start >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days DAY)
    AND (@project = '' OR project_id = @project)
    AND severity IN ('DEFAULT', 'DEBUG', 'INFO', 'NOTICE')
  GROUP BY project_id, service, log_id, resource_type, severity, template_id
),
rules AS (
  SELECT
    project_id,
    service,
    log_id,
    resource_type,
    severity,
    template_id,
    ARRAY_AGG(DISTINCT rule_name ORDER BY rule_name) AS alert_rules
  FROM `${dataset}.noisy_logs` AS n, UNNEST(n.alert_rules) AS rule_name
  WHERE window_start >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days DAY)
    AND (@project = '' OR project_id = @project)
    AND severity IN ('DEFAULT', 'DEBUG', 'INFO', 'NOTICE')
  GROUP BY project_id, service, log_id, resource_type, severity, template_id
),
per_service AS (
  SELECT project_id, service, SUM(bytes) AS service_bytes
  FROM `${dataset}.noisy_logs`
  WHERE window_start >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days DAY)
    AND (@project = '' OR project_id = @project)
  GROUP BY project_id, service
)
SELECT
  t.project_id,
  t.service,
  t.log_id,
  t.resource_type,
  t.severity,
  t.template_id,
  t.template,
  t.entries,
  t.total_bytes,
  ROUND(100 * SAFE_DIVIDE(t.total_bytes, s.service_bytes), 1) AS pct_of_service_bytes,
  ROUND(t.monthly_savings_usd, 2) AS est_monthly_savings_usd,
  t.suggested_exclusion,
  t.sample_message,
  r.alert_rules IS NULL AS safe_to_exclude,
  COALESCE(r.alert_rules, ARRAY<STRING>[]) AS alert_rules
FROM per_template AS t
JOIN per_service AS s
  ON t.project_id = s.project_id AND t.service = s.service
LEFT JOIN rules AS r
  ON t.project_id = r.project_id
  AND t.service = r.service
  AND t.log_id = r.log_id
  AND t.resource_type = r.resource_type
  AND t.severity = r.severity
  AND t.template_id = r.template_id
WHERE t.monthly_savings_usd >= @min_monthly_usd
ORDER BY est_monthly_savings_usd DESC
LIMIT @limit
