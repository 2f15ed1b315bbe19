package dev.logalerts.pipeline;

import dev.logalerts.io.IoOptions;
import dev.logalerts.rules.RulesOptions;
import dev.logalerts.templates.NoisyLogOptions;

/**
 * All options of the job. Each stage defines its own options interface next to its code; this one
 * composes them. Every getter is a Flex Template parameter of the same (camelCase) name, listed in
 * {@code templates/metadata.json}.
 */
public interface LogAlertsOptions extends IoOptions, RulesOptions, NoisyLogOptions {}
