-- Question: how long do the incidents of each rule last, over the incidents that resolved in the
-- last @days days? (An on-call lead's "time to resolve": from the incident's first FIRING window
-- to the window it resolved in, as the RESOLVED message's incident summary records it.)
-- Returns one row per rule: incidents resolved, median / p90 / longest duration in minutes, the
-- FIRING notifications they sent and the evaluations suppressed meanwhile. Silenced incidents
-- count too (their rows carry silencedBy): an incident lasted as long whether or not it paged.
-- Incidents still open, and new-template alerts (never RESOLVED), are not in it.
-- Parameters: @days INT64
-- Table: ${dataset}.alerts (schemas/alerts.json), partitioned on windowStart. An absence or
--   deadline RESOLVED has the start of the gap or the missed deadline as windowStart, older than
--   when it resolved, so the partition filter reaches a week further back than the period.
WITH resolved AS (
  SELECT
    rule,
    type,
    alertId,
    incident.durationSeconds AS seconds,
    incident.notifications AS notifications,
    incident.suppressed AS suppressed
  FROM `${dataset}.alerts`
  WHERE windowStart >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days + 7 DAY)
    AND windowEnd >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days DAY)
    AND state = 'RESOLVED'
    AND incident IS NOT NULL
),
-- Exact percentiles (PERCENTILE_CONT is an analytic function in BigQuery).
ranked AS (
  SELECT
    *,
    PERCENTILE_CONT(seconds, 0.5) OVER (PARTITION BY rule) AS median_seconds,
    PERCENTILE_CONT(seconds, 0.9) OVER (PARTITION BY rule) AS p90_seconds
  FROM resolved
)
SELECT
  rule,
  ANY_VALUE(type) AS type,
  COUNT(DISTINCT alertId) AS incidents,
  ROUND(ANY_VALUE(median_seconds) / 60, 1) AS median_minutes,
  ROUND(ANY_VALUE(p90_seconds) / 60, 1) AS p90_minutes,
  ROUND(MAX(seconds) / 60, 1) AS longest_minutes,
  SUM(notifications) AS notifications,
  SUM(suppressed) AS suppressed_evaluations
FROM ranked
GROUP BY rule
ORDER BY median_minutes DESC, rule
