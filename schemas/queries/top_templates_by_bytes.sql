-- Question: which message templates cost the most log volume (bytes) over the last @days days?
-- Returns one row per (project, service, log, severity, template), largest first, with the
-- entry count, bytes, estimated monthly cost, a redacted sample and the suggested exclusion.
-- Parameters: @days INT64, @project STRING ('' = all projects), @limit INT64
-- Table: ${dataset}.noisy_logs (schemas/noisy_logs.json)
SELECT
  project_id,
  service,
  log_id,
  severity,
  template_id,
  ANY_VALUE(template) AS template,
  SUM(count) AS entries,
  SUM(bytes) AS total_bytes,
  ROUND(SUM(bytes) / POW(1024, 3), 3) AS total_gib,
  ROUND(SUM(est_monthly_cost_usd * TIMESTAMP_DIFF(window_end, window_start, SECOND))
        / (@days * 86400), 2) AS est_monthly_cost_usd,
  ANY_VALUE(sample_message) AS sample_message,
  ANY_VALUE(suggested_exclusion) AS suggested_exclusion
FROM `${dataset}.noisy_logs`
WHERE window_start >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days DAY)
  AND (@project = '' OR project_id = @project)
GROUP BY project_id, service, log_id, severity, template_id
ORDER BY total_bytes DESC
LIMIT @limit
