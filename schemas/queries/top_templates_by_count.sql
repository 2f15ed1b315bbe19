-- Question: which message templates are logged most often (entry count) over the last @days days?
-- Returns one row per (project, service, log, severity, template), most entries first, with
-- entries per hour and when the template was first and last seen in the period.
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
  ROUND(SUM(count) / (@days * 24), 1) AS entries_per_hour,
  SUM(bytes) AS total_bytes,
  MIN(first_seen) AS first_seen,
  MAX(last_seen) AS last_seen,
  ANY_VALUE(sample_message) AS sample_message
FROM `${dataset}.noisy_logs`
WHERE window_start >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days DAY)
  AND (@project = '' OR project_id = @project)
GROUP BY project_id, service, log_id, severity, template_id
ORDER BY entries DESC
LIMIT @limit
