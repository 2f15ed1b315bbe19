-- Question: which rules make the most noise for on-call over the last @days days? (Notifications
-- that reached the topic, incidents, how many groups fired, how many incidents were over within
-- 10 minutes — short incidents that paged are the first candidates for a longer window, a higher
-- threshold or resolveAfter — and the flapping episodes and silenced alerts.)
-- Returns one row per rule, most notifications first.
-- Parameters: @days INT64, @limit INT64
-- Table: ${dataset}.alerts (schemas/alerts.json). A FIRING row with silencedBy never reached the
--   topic; a FLAPPING row is one notification too; one incident is one alertId (a flapping group's
--   fire/resolve cycles stay under one alertId, so count its RESOLVED rows for the cycles).
SELECT
  rule,
  ANY_VALUE(type) AS type,
  ANY_VALUE(severity) AS severity,
  COUNTIF(state IN ('FIRING', 'FLAPPING', 'RESOLVED') AND silencedBy IS NULL) AS notifications,
  COUNTIF(state = 'FIRING' AND silencedBy IS NULL) AS firing_notifications,
  COUNT(DISTINCT alertId) AS incidents,
  COUNT(DISTINCT `group`) AS groups_fired,
  COUNTIF(state = 'RESOLVED' AND incident.durationSeconds <= 600) AS resolved_within_10m,
  COUNTIF(state = 'RESOLVED') AS resolved,
  COUNTIF(state = 'FLAPPING') AS flapping_episodes,
  COUNTIF(silencedBy IS NOT NULL) AS silenced
FROM `${dataset}.alerts`
WHERE windowStart >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days + 7 DAY)
  AND windowEnd >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days DAY)
GROUP BY rule
ORDER BY notifications DESC, incidents DESC, rule
LIMIT @limit
