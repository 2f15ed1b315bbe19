/**
 * Noisy-log dedupe: message template mining, secret redaction and the windowed volume account.
 *
 * <h2>Template mining design</h2>
 *
 * <p><b>Stateless by decision.</b> {@link dev.logalerts.templates.TemplateMiner} is a pure,
 * deterministic function of one message: a single-pass scanner masks variable tokens (numbers,
 * ids, hex, UUIDs, IPs, hosts, emails, paths, URL paths and queries, dates, quoted and
 * {@code key=value} values, user names after "user") and keeps every other word literally. The
 * template id is a fixed 64-bit hash of the template text ({@code TemplateIds}: FNV-1a over
 * UTF-8, MurmurHash3 finaliser, 16 hex digits). So the same message gets the same id on every
 * worker, in every window, on every day, after every restart, with no coordination, no state and
 * no shuffle; counts from many workers add up in BigQuery and an analyst can follow a template
 * over weeks. Drain-style clustering is arrival-order dependent (Drain3#56): which message came
 * first decides the cluster's template and id, which breaks exactly this.
 *
 * <p><b>What is lost against Drain.</b> Drain learns that a position is variable from seeing
 * several values there; a stateless miner only sees one message, so a variable that looks like a
 * plain word ("state LOOKING" vs "state FOLLOWING", process names without digits) keeps its
 * value and splits the template. We accept that: a split template still accounts its volume
 * correctly (just in two rows), whereas a wrong merge hides an event. In return we avoid Drain's
 * opposite failure, merging events that differ in one keyword ("VM Started" / "VM Paused",
 * Drain3#109), because constant words are never masked. Runs of placeholders collapse
 * ({@code <*> <*>} and {@code <*>, <*>} become {@code <*>}), so a variable spanning a different
 * number of tokens (a date, a list of block ids) does not split a template (Drain3#66).
 *
 * <p><b>Adding a stateful merge later without changing ids.</b> The stateless template is the
 * stable key ("pre-template"). A later step can group distinct pre-templates (few thousand a
 * day, not messages) by a coarse key such as (service, token count, first word), send each
 * group to one stateful DoFn, and record merges as an alias table {@code preTemplateId ->
 * canonicalId} where the canonical id is always the id of an existing pre-template and, once
 * issued, never changes (first-come only decides which alias is canonical, not the ids
 * themselves). Raw rows keep the pre-template id; queries join the alias table. Nothing already
 * written changes.
 *
 * <p><b>Multi-line and long messages.</b> The template comes from the first non-blank line
 * (at most its first 2,000 chars) plus, for stack traces, the first exception type found in
 * the following lines ({@code Caused by: X}, or an unindented {@code pkg.SomeException:} /
 * Python {@code ValueError:} line), appended as {@code " | type"}; frames are ignored.
 */
package dev.logalerts.templates;
