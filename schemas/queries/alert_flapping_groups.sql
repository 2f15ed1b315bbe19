-- Question: which (rule, group) pairs flap — fire and resolve again and again — over the last
-- @days days? Counts the state changes each group went through, whether or not flap detection
-- (flapCount within flapWindow) caught them: a group that fires and resolves six times a day every
-- day, slower than flapWindow, pages every time.
-- Returns one row per (rule, group) with at least @min_cycles resolutions, most first: incidents
-- (alertIds), resolutions, FLAPPING notices sent, notifications that reached the topic, and the
-- median incident length in minutes.
-- Parameters: @days INT64, @min_cycles INT64
-- Table: ${dataset}.alerts (schemas/alerts.json); `group` is the group as JSON object text.
WITH changes AS (
  SELECT
    *,
    -- Exact median (PERCENTILE_CONT is an analytic function; NULLs, the other states, ignored).
    PERCENTILE_CONT(IF(state = 'RESOLVED', incident.durationSeconds, NULL), 0.5)
      OVER (PARTITION BY rule, `group`) AS median_seconds
  FROM `${dataset}.alerts`
  WHERE windowStart >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days + 7 DAY)
    AND windowEnd >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days DAY)
    AND type != 'new-template'
)
SELECT
  rule,
  `group`,
  COUNT(DISTINCT alertId) AS incidents,
  COUNTIF(state = 'RESOLVED') AS resolutions,
  COUNTIF(state = 'FLAPPING') AS flapping_notices,
  COUNTIF(silencedBy IS NULL) AS notifications,
  ROUND(ANY_VALUE(median_seconds) / 60, 1) AS median_incident_minutes,
  MIN(firstSeen) AS first_incident,
  MAX(windowEnd) AS last_change
FROM changes
GROUP BY rule, `group`
HAVING resolutions >= @min_cycles
ORDER BY resolutions DESC, notifications DESC, rule, `group`
