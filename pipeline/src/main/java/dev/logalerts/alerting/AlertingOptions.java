package dev.logalerts.alerting;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Options of the alert evaluation stage; the lead composes them into the pipeline's options.
 * {@code maxGroupsPerRule} lives in {@code RulesOptions} (the rules loader owns it); pass it with
 * {@link EvaluateRules#withMaxGroupsPerRule}.
 */
public interface AlertingOptions extends PipelineOptions {
  @Description(
      "How long after a bucket's end (event time) late entries still update alerts, in minutes."
          + " Later entries are counted in the 'late' counters only.")
  @Default.Integer(10)
  int getAllowedLatenessMinutes();

  void setAllowedLatenessMinutes(int value);

  @Description("Hot-key fanout of the per-(rule, group) bucket combine.")
  @Default.Integer(16)
  int getAlertHotKeyFanout();

  void setAlertHotKeyFanout(int value);

  @Description("new-template rules: templates remembered per group; beyond it no new-template alerts.")
  @Default.Integer(10000)
  int getMaxKnownTemplatesPerGroup();

  void setMaxKnownTemplatesPerGroup(int value);
}
