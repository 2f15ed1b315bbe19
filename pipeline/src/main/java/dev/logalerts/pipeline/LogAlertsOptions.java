package dev.logalerts.pipeline;

import dev.logalerts.alerting.AlertingOptions;
import dev.logalerts.combine.CombineOptions;
import dev.logalerts.io.CloudSinkOptions;
import dev.logalerts.io.IoOptions;
import dev.logalerts.rules.RulesOptions;
import dev.logalerts.templates.NoisyLogOptions;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;

/**
 * All options of the job. Each stage defines its own options interface next to its code; this one
 * composes them. Every getter is a Flex Template parameter of the same (camelCase) name, listed in
 * {@code templates/metadata.json}.
 */
public interface LogAlertsOptions
    extends IoOptions,
        RulesOptions,
        AlertingOptions,
        NoisyLogOptions,
        CloudSinkOptions,
        CombineOptions {
  /**
   * Tests only (hidden, so no template parameter): when set above 0, a streaming job re-reads the
   * rules file every this many seconds instead of every {@code rulesRefreshMinutes}.
   */
  @Hidden
  @Description("Tests only: rules refresh period in seconds; overrides rulesRefreshMinutes.")
  Integer getRulesRefreshSeconds();

  void setRulesRefreshSeconds(Integer value);
}
