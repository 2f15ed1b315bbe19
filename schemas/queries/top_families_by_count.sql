-- Question: which template families are logged most often (entry count) over the last @days days?
-- A family groups the templates the learning step folded together (a variable the miner keeps as a
-- plain word, e.g. acct=root / acct=ftp); templates without a row in template_families are their
-- own family. The join adds no rows (one row per template_id there), so the sums stay exact.
-- Parameters: @days INT64, @project STRING ('' = all projects), @limit INT64
-- Tables: ${dataset}.noisy_logs (schemas/noisy_logs.json), ${dataset}.template_families
--   (schemas/template_families.json, loaded from scripts/templates.sh --families-out)
SELECT
  n.project_id,
  n.service,
  n.log_id,
  n.severity,
  COALESCE(f.family_id, n.template_id) AS family_id,
  ANY_VALUE(COALESCE(f.family, n.template)) AS family,
  COUNT(DISTINCT n.template_id) AS templates,
  SUM(n.count) AS entries,
  SUM(n.bytes) AS total_bytes,
  MIN(n.first_seen) AS first_seen,
  MAX(n.last_seen) AS last_seen,
  ANY_VALUE(n.sample_message) AS sample_message
FROM `${dataset}.noisy_logs` AS n
LEFT JOIN `${dataset}.template_families` AS f
  ON f.template_id = n.template_id
WHERE n.window_start >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL @days DAY)
  AND (@project = '' OR n.project_id = @project)
GROUP BY n.project_id, n.service, n.log_id, n.severity, family_id
ORDER BY entries DESC
LIMIT @limit
