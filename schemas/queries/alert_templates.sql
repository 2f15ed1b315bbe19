-- Question: which templates appeared in alert samples over the last @days days, and how much
-- volume do they have? (Links the alert history to the noisy-log account: a template that keeps
-- firing alerts and is also among the noisiest is the first thing to fix with the app team.)
-- Returns one row per (rule, template): alerts fired, last firing, and the template's entries,
-- bytes and estimated monthly cost over the same period.
-- Parameters: @days INT64, @project STRING ('' = all projects)
-- Tables: ${dataset}.noisy_logs (schemas/noisy_logs.json) and ${dataset}.alerts, with the alert
--   columns this query assumes: alertId STRING, rule STRING, type STRING, state STRING
--   (FIRING/RESOLVED/FLAPPING), severity STRING, `group` (JSON string or RECORD), value FLOAT64,
--   threshold FLOAT64, windowStart TIMESTAMP, windowEnd TIMESTAMP, firstSeen TIMESTAMP,
--   summary STRING, description STRING, runbook STRING,
--   samples REPEATED RECORD(insertId STRING, timestamp TIMESTAMP, message STRING,
--   templateId STRING), logsExplorerUrl STRING, publishTime TIMESTAMP.
WITH alert_samples AS (
  SELECT
    a.rule,
    a.severity AS alert_severity,
    s.templateId AS sample_template_id,
    COUNT(DISTINCT a.alertId) AS alerts,
    MAX(a.publishTime) AS last_alert,
    ANY_VALUE(s.message) AS alert_sample_message
  FROM `${dataset}.alerts` AS a, UNNEST(a.samples) AS s
  -- windowStart, the partitioning column, prunes the scan (a week's margin: an absence or
  -- deadline alert's window starts before it is sent); publishTime picks the period.
  WHERE a.windowStart >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days + 7 DAY)
    AND a.publishTime >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days DAY)
    AND a.state = 'FIRING'
    AND s.templateId IS NOT NULL
  GROUP BY a.rule, alert_severity, sample_template_id
),
volume AS (
  SELECT
    template_id,
    ANY_VALUE(template) AS template,
    ARRAY_AGG(DISTINCT service) AS services,
    SUM(count) AS entries,
    SUM(bytes) AS total_bytes,
    SUM(est_monthly_cost_usd * TIMESTAMP_DIFF(window_end, window_start, SECOND))
      / (@days * 86400) AS monthly_cost_usd
  FROM `${dataset}.noisy_logs`
  WHERE window_start >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days DAY)
    AND (@project = '' OR project_id = @project)
  GROUP BY template_id
)
SELECT
  x.rule,
  x.alert_severity,
  x.sample_template_id AS template_id,
  v.template,
  v.services,
  x.alerts,
  x.last_alert,
  v.entries,
  v.total_bytes,
  ROUND(v.monthly_cost_usd, 2) AS est_monthly_cost_usd,
  x.alert_sample_message
FROM alert_samples AS x
LEFT JOIN volume AS v
  ON v.template_id = x.sample_template_id
ORDER BY x.alerts DESC, v.total_bytes DESC
