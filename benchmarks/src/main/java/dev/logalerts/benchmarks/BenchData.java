package dev.logalerts.benchmarks;

import dev.logalerts.alerting.RuleFilters;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.InvalidEntryException;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.pipeline.LogAlertsPipeline;
import dev.logalerts.rules.RulesLoader;
import dev.logalerts.tools.LogGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes every benchmark runs on: {@link #ENTRIES} entries from {@link LogGenerator} (seed 42,
 * 24 h, all incidents — the production-like mix of sources and templates), their parsed events and
 * messages, and the 20 rule filters of a realistic rules file.
 */
final class BenchData {
  /** Entries per invocation; benchmarks report per-entry throughput via OperationsPerInvocation. */
  static final int ENTRIES = 10_000;

  /**
   * Twenty filters as a team would write them: the day-one rules of samples/rules.yaml and the kind
   * of service-specific rules that follow (paths into jsonPayload, labels with '/', log_id(),
   * regexes, value lists, durations, negation, bare words).
   */
  static final String[] RULE_FILTERS = {
    "severity>=ERROR AND NOT httpRequest:*",
    "resource.type=\"http_load_balancer\" AND httpRequest.status>=500",
    "resource.type=\"cloud_run_revision\" AND log_id(\"run.googleapis.com/requests\")",
    "httpRequest.latency:*",
    "resource.type=\"cloud_composer_environment\" AND log_id(\"airflow-worker\")"
        + " AND textPayload:\"Marking task as FAILED\"",
    "resource.type=\"cloud_run_job\" AND textPayload:\"Export completed\"",
    "httpRequest.status:*",
    "severity>=ERROR",
    "resource.labels.namespace_name=\"shop\" AND resource.labels.container_name=\"checkout\""
        + " AND textPayload:\"payment provider timeout\"",
    "labels.\"k8s-pod/app\"=\"payments-api\" AND jsonPayload.message=~\"^card declined\"",
    "jsonPayload.provider=(\"stripe\" OR \"adyen\") AND jsonPayload.latency_ms>=1000",
    "protoPayload.status.code=7 OR protoPayload.methodName=\"SetIamPolicy\"",
    "log_id(\"cloudaudit.googleapis.com/activity\")"
        + " AND protoPayload.methodName:\"CreateServiceAccountKey\"",
    "resource.type=\"gce_instance\" AND textPayload=~\"Out of memory: Killed process \\\\d+\"",
    "resource.type=\"k8s_container\" AND severity>=WARNING AND"
        + " -resource.labels.namespace_name=\"batch\"",
    "httpRequest.latency>=\"1s\" AND resource.labels.service_name=\"pricing-api\"",
    "resource.type=\"dataflow_step\" AND severity>=WARNING",
    "\"DEADLINE_EXCEEDED\"",
    "resource.type=\"http_load_balancer\" AND"
        + " jsonPayload.statusDetails!=\"response_sent_by_backend\"",
    "logName:\"stderr\" AND (textPayload:\"Exception\" OR textPayload:\"Traceback\")",
  };

  /** Number of {@link #RULE_FILTERS}; a constant for JMH's OperationsPerInvocation. */
  static final int RULES = 20;

  final byte[][] lines = new byte[ENTRIES][];
  final LogEvent[] events = new LogEvent[ENTRIES];
  final String[] messages = new String[ENTRIES];
  final CompiledFilter[] filters = new CompiledFilter[RULE_FILTERS.length];

  /** The same filters as the job tests them: once per entry, naming the rules matched. */
  final RuleFilters ruleFilters;

  /**
   * The filters without the one bare word ({@code "DEADLINE_EXCEEDED"}), as the job tests them: a
   * rules file whose every rule names the fields it reads.
   */
  final RuleFilters fieldRuleFilters;

  /**
   * The parser the job builds for those rules ({@link LogAlertsPipeline#batchParser}): it keeps of
   * the payload only the fields they and the templates read.
   */
  final LogEntryParser fieldRulesParser;

  /**
   * The parser the job builds for all the filters ({@link LogAlertsPipeline#batchParser}): as
   * {@link #fieldRulesParser}, but it keeps every field of the entries whose bytes hold the bare
   * word.
   */
  final LogEntryParser rulesParser;

  final long jsonBytes;

  BenchData() {
    List<LogGenerator.Line> generated =
        new LogGenerator(
                new LogGenerator.Config()
                    .entries(ENTRIES)
                    .seed(42)
                    .duration(Duration.ofHours(24))
                    .allIncidents())
            .lines();
    LogEntryParser parser = new LogEntryParser();
    long bytes = 0;
    for (int i = 0; i < ENTRIES; i++) {
      lines[i] = generated.get(i).json;
      bytes += lines[i].length;
      try {
        events[i] = parser.parse(lines[i]);
      } catch (InvalidEntryException e) {
        throw new IllegalStateException(
            "generator wrote an entry the parser rejects: "
                + new String(lines[i], java.nio.charset.StandardCharsets.UTF_8),
            e);
      }
      messages[i] = events[i].message();
    }
    jsonBytes = bytes;
    if (RULE_FILTERS.length != RULES) {
      throw new IllegalStateException("RULES must equal RULE_FILTERS.length");
    }
    String[] names = new String[RULE_FILTERS.length];
    for (int k = 0; k < RULE_FILTERS.length; k++) {
      filters[k] = Filter.compile(RULE_FILTERS[k]);
      names[k] = "rule-" + k;
    }
    ruleFilters = RuleFilters.of("bench", filters, names);

    List<CompiledFilter> named = new ArrayList<>();
    List<String> namedNames = new ArrayList<>();
    StringBuilder yaml = new StringBuilder("rules:\n");
    StringBuilder allYaml = new StringBuilder("rules:\n");
    for (int k = 0; k < filters.length; k++) {
      String rule =
          "  - name: "
              + names[k]
              + "\n    type: threshold\n    threshold: 1\n    filter: '"
              + RULE_FILTERS[k].replace("'", "''")
              + "'\n";
      allYaml.append(rule);
      if (Filter.textsSearchedEverywhere(filters[k]).isEmpty()) {
        named.add(filters[k]);
        namedNames.add(names[k]);
        yaml.append(rule);
      }
    }
    rulesParser =
        LogAlertsPipeline.batchParser(RulesLoader.parse(allYaml.toString(), "bench-rules.yaml"));
    fieldRuleFilters =
        RuleFilters.of(
            "bench", named.toArray(new CompiledFilter[0]), namedNames.toArray(new String[0]));
    fieldRulesParser =
        LogAlertsPipeline.batchParser(RulesLoader.parse(yaml.toString(), "bench-rules.yaml"));
  }
}
