-- Question: which templates appeared for the first time in the last 7 days, i.e. were not seen
-- in the @days days before that? (New error shapes after a release, new chatty debug logs.)
-- Returns one row per new (project, service, severity, template), newest first.
-- Parameters: @days INT64 (history to compare against, e.g. 28), @project STRING ('' = all)
-- Table: ${dataset}.noisy_logs (schemas/noisy_logs.json)
WITH per_template AS (
  SELECT
    project_id,
    service,
    severity,
    template_id,
    ANY_VALUE(template) AS template,
    MIN(first_seen) AS first_seen,
    SUM(count) AS entries,
    SUM(bytes) AS total_bytes,
    ANY_VALUE(sample_message) AS sample_message,
    ANY_VALUE(sample_insert_ids[SAFE_OFFSET(0)]) AS sample_insert_id
  FROM `${dataset}.noisy_logs`
  WHERE window_start >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL (@days + 7) DAY)
    AND (@project = '' OR project_id = @project)
  GROUP BY project_id, service, severity, template_id
)
SELECT
  project_id,
  service,
  severity,
  template_id,
  template,
  first_seen,
  entries,
  total_bytes,
  sample_message,
  sample_insert_id
FROM per_template
WHERE first_seen >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 7 DAY)
ORDER BY first_seen DESC
