package dev.logalerts.alerting;

import dev.logalerts.model.EventTimeOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of the alert evaluation stage; the lead composes them into the pipeline's options. {@code
 * allowedLatenessMinutes} is the pipeline-wide {@link EventTimeOptions} option (late panes within
 * it update alerts); {@code maxGroupsPerRule} lives in {@code RulesOptions} (the rules loader owns
 * it); pass it with {@link EvaluateRules#withMaxGroupsPerRule}.
 */
public interface AlertingOptions extends EventTimeOptions {
  @Description(
      "Hot-key fanout of the per-(rule, group) bucket combine (0 or 1: off, the default)."
          + " Observations are already combined per bundle before the shuffle; a fanout adds a"
          + " second shuffle.")
  @Default.Integer(0)
  int getAlertHotKeyFanout();

  void setAlertHotKeyFanout(int value);

  @Description(
      "Streaming: threshold rules fire within about this many seconds of the entry that crosses"
          + " the threshold (partial buckets are evaluated this often while entries arrive),"
          + " instead of when the watermark passes the bucket. 0: every rule waits for the"
          + " watermark (fewer state reads).")
  @Default.Integer(1)
  int getAlertEarlyFiringSeconds();

  void setAlertEarlyFiringSeconds(int value);

  @Description(
      "Streaming: when entries come after the watermark passed their bucket (a backlog read behind"
          + " it, an agent's delayed batch), each (rule, group) they reach waits this many seconds"
          + " for the rest before it judges them or evaluates on, so that a window is not judged on"
          + " part of a backlog; so do entries of a bucket that ended over two minutes ago read"
          + " ahead of the watermark (a job started on a backlog), and such a (rule, group) waits"
          + " on while the job is still reading the backlog, evaluating once a minute at least."
          + " 0: each pane is judged as it comes.")
  @Default.Integer(EvaluateRules.DEFAULT_SETTLE_SECONDS)
  int getAlertSettleSeconds();

  void setAlertSettleSeconds(int value);

  @Description(
      "Streaming: each boundary (a window's end, a deadline) is evaluated when the watermark is"
          + " this many seconds past it, not at once, so that entries that steadily come that long"
          + " behind the watermark (agents that buffer, a slow forwarder) are in its windows; see"
          + " the late_panes counter. Alerts that are not threshold rules' early firings come that"
          + " much later. 0: at once.")
  @Default.Integer(0)
  int getAlertEvaluationDelaySeconds();

  void setAlertEvaluationDelaySeconds(int value);

  @Description(
      "new-template rules: templates remembered per group; beyond it no new-template alerts.")
  @Default.Integer(10000)
  int getMaxKnownTemplatesPerGroup();

  void setMaxKnownTemplatesPerGroup(int value);
}
