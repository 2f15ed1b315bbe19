-- Question: how did each service's log volume change from last week to this week?
-- Compares the last 7 days with the 7 days before, per project and service: entries, bytes,
-- distinct templates and growth; the most bytes added first (a service new this week, whose
-- growth in percent is NULL, ranks by its whole volume; a percentage would put +5000% on 1 KB
-- above +20% on 100 GB).
-- Parameters: @project STRING ('' = all projects), @limit INT64
-- Table: ${dataset}.noisy_logs (schemas/noisy_logs.json)
WITH weekly AS (
  SELECT
    project_id,
    service,
    IF(window_start >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 7 DAY), 'this', 'last') AS week,
    SUM(count) AS entries,
    SUM(bytes) AS total_bytes,
    COUNT(DISTINCT template_id) AS templates
  FROM `${dataset}.noisy_logs`
  WHERE window_start >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 14 DAY)
    AND (@project = '' OR project_id = @project)
  GROUP BY project_id, service, week
)
SELECT
  project_id,
  service,
  SUM(IF(week = 'last', total_bytes, 0)) AS bytes_last_week,
  SUM(IF(week = 'this', total_bytes, 0)) AS bytes_this_week,
  SUM(IF(week = 'last', entries, 0)) AS entries_last_week,
  SUM(IF(week = 'this', entries, 0)) AS entries_this_week,
  MAX(IF(week = 'this', templates, 0)) AS templates_this_week,
  ROUND(100 * SAFE_DIVIDE(SUM(IF(week = 'this', total_bytes, 0)) - SUM(IF(week = 'last', total_bytes, 0)),
                          SUM(IF(week = 'last', total_bytes, 0))), 1) AS bytes_growth_pct,
  SUM(IF(week = 'this', total_bytes, 0)) - SUM(IF(week = 'last', total_bytes, 0)) AS bytes_added
FROM weekly
GROUP BY project_id, service
ORDER BY bytes_added DESC
LIMIT @limit
