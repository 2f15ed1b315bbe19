package dev.logalerts.rules;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the rules stage; the lead composes them into the pipeline's options. */
public interface RulesOptions extends PipelineOptions {
  @Description(
      "Rules file (YAML): a local path or gs://BUCKET/PATH. Validated at launch; see README"
          + " 'Rules file' and scripts/validate-rules.sh.")
  String getRulesPath();

  void setRulesPath(String value);

  @Description(
      "How often (minutes) a streaming job re-reads the rules file; an invalid update keeps the"
          + " previous rules. 0 reads the rules only at launch.")
  @Default.Integer(5)
  Integer getRulesRefreshMinutes();

  void setRulesRefreshMinutes(Integer value);

  @Description(
      "Most distinct groups one rule tracks; further groups go to the group '(other)' and a"
          + " warning counter, so a high-cardinality groupBy cannot grow state without bound.")
  @Default.Integer(10000)
  Integer getMaxGroupsPerRule();

  void setMaxGroupsPerRule(Integer value);
}
