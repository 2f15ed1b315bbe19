package dev.logalerts.ruletest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.alerting.Alert;
import dev.logalerts.alerting.EvaluateRules;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.RawEntry;
import dev.logalerts.parse.InvalidEntryException;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.ParseLogEntries;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RulesLoader;
import dev.logalerts.rules.RulesValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Runs rule tests through the production evaluation: each test's entries go through the job's own
 * {@link ParseLogEntries} and {@link EvaluateRules} transforms in a batch pipeline on the
 * DirectRunner, and the alerts that come out are compared with the expectations. Nothing of the
 * evaluation is re-implemented here, so a passing test means the job alerts the same way.
 *
 * <p>Each test runs in its own pipeline: rule state (incidents, absence, learned templates) must
 * not leak from one test into the next.
 */
public final class RuleTestRunner {
  /** Alerts of the pipelines running in this JVM, by run id (the DirectRunner runs in-process). */
  private static final Map<String, Queue<Alert>> COLLECTED = new ConcurrentHashMap<>();

  /** A test file that was read and checked, ready to run. */
  public record Prepared(RuleTestSpec spec, RuleSet rules, List<List<byte[]>> entriesPerTest) {}

  /** One test's outcome. */
  public record Outcome(RuleTestSpec.Case test, List<Alert> alerts, Verdict verdict, long millis) {}

  private RuleTestRunner() {}

  /**
   * Reads the test file and its rules and builds every test's entries, so that nothing runs
   * unless the whole file is valid.
   *
   * @throws RuleTestException listing every problem ({@code FILE:LINE:COL: message})
   */
  public static Prepared prepare(Path testFile) {
    RuleTestSpec spec = RuleTestReader.read(testFile);
    RuleSet rules;
    try {
      String yaml = Files.readString(spec.rulesFile(), StandardCharsets.UTF_8);
      rules = RulesLoader.parse(yaml, spec.rulesFile().toString());
    } catch (IOException e) {
      throw new RuleTestException(
          List.of(spec.rulesFile() + ": cannot read rules file: " + e.getMessage()));
    } catch (RulesValidationException e) {
      throw new RuleTestException(e.errors());
    }
    List<String> errors = new ArrayList<>();
    List<List<byte[]>> entries = new ArrayList<>();
    LogEntryParser parser = new LogEntryParser();
    for (RuleTestSpec.Case test : spec.tests()) {
      for (RuleTestSpec.Expectation e : test.expect()) {
        if (rules.rule(e.rule()) == null) {
          errors.add(
              String.format(
                  "%s:%d:%d: test '%s': rule '%s' is not in %s (its rules: %s)",
                  testFile,
                  e.line(),
                  e.column(),
                  test.name(),
                  e.rule(),
                  spec.rulesFile().getFileName(),
                  rules.rules().stream().map(Rule::name).collect(Collectors.joining(", "))));
        }
      }
      entries.add(entries(spec, test, parser, errors));
    }
    if (!errors.isEmpty()) {
      throw new RuleTestException(errors);
    }
    return new Prepared(spec, rules, entries);
  }

  /** Runs every test of a prepared file, in order. */
  public static List<Outcome> run(Prepared prepared) {
    List<Outcome> outcomes = new ArrayList<>();
    List<RuleTestSpec.Case> tests = prepared.spec().tests();
    for (int i = 0; i < tests.size(); i++) {
      long t0 = System.nanoTime();
      List<Alert> alerts = evaluate(prepared.rules(), prepared.entriesPerTest().get(i));
      Verdict verdict = Verdict.of(prepared.spec(), tests.get(i), prepared.rules(), alerts);
      outcomes.add(
          new Outcome(tests.get(i), alerts, verdict, (System.nanoTime() - t0) / 1_000_000));
    }
    return outcomes;
  }

  /** The alerts the job's evaluation produces for these entries (LogEntry JSON lines). */
  static List<Alert> evaluate(RuleSet rules, List<byte[]> jsonLines) {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    options.setJobName("rule-test-" + UUID.randomUUID());
    Pipeline pipeline = Pipeline.create(options);
    List<RawEntry> raw = new ArrayList<>();
    for (byte[] line : jsonLines) {
      raw.add(RawEntry.of(line, Map.of()));
    }
    String runId = UUID.randomUUID().toString();
    Queue<Alert> sink = new ConcurrentLinkedQueue<>();
    COLLECTED.put(runId, sink);
    try {
      PCollection<LogEvent> events =
          pipeline
              .apply("Entries", Create.of(raw).withCoder(RawEntry.Coder.of()))
              .apply("ParseLogEntries", ParseLogEntries.using(new LogEntryParser()))
              .get(ParseLogEntries.PARSED);
      events
          .apply("EvaluateRules", EvaluateRules.of(rules))
          .apply("Collect", ParDo.of(new CollectFn(runId)));
      pipeline.run().waitUntilFinish();
      List<Alert> alerts = new ArrayList<>(sink);
      alerts.sort(Verdict.ALERT_ORDER);
      return alerts;
    } finally {
      COLLECTED.remove(runId);
    }
  }

  /** Hands each alert to the collector of its run. */
  static final class CollectFn extends DoFn<Alert, Void> {
    private final String runId;

    CollectFn(String runId) {
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element Alert alert) {
      COLLECTED.get(runId).add(alert);
    }
  }

  private static List<byte[]> entries(
      RuleTestSpec spec, RuleTestSpec.Case test, LogEntryParser parser, List<String> errors) {
    List<byte[]> out = new ArrayList<>();
    int inputIndex = 0;
    for (RuleTestSpec.Input input : test.inputs()) {
      inputIndex++;
      if (input instanceof RuleTestSpec.EntryInput e) {
        for (int k = 0; k < e.count(); k++) {
          ObjectNode entry = e.entry().deepCopy();
          Instant at = spec.start().plusMillis(e.atMillis() + k * e.everyMillis());
          entry.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(at));
          if (!entry.hasNonNull("insertId")) {
            entry.put("insertId", "test-" + inputIndex + "-" + (k + 1));
          } else if (e.count() > 1) {
            entry.put("insertId", entry.get("insertId").asText() + "-" + (k + 1));
          }
          byte[] bytes = entry.toString().getBytes(StandardCharsets.UTF_8);
          String problem = invalid(parser, bytes);
          if (problem != null) {
            errors.add(
                String.format(
                    "%s:%d:%d: test '%s': entry is not a valid LogEntry: %s",
                    spec.file(), e.line(), e.column(), test.name(), problem));
            break;
          }
          out.add(bytes);
        }
      } else if (input instanceof RuleTestSpec.FileInput f) {
        readFile(spec, test, f, parser, out, errors);
      }
    }
    return out;
  }

  private static void readFile(
      RuleTestSpec spec,
      RuleTestSpec.Case test,
      RuleTestSpec.FileInput f,
      LogEntryParser parser,
      List<byte[]> out,
      List<String> errors) {
    try (InputStream raw = Files.newInputStream(f.path());
        InputStream in = f.path().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = reader.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        String problem = invalid(parser, bytes);
        if (problem != null) {
          errors.add(
              String.format(
                  "%s:%d:1: test '%s': not a valid LogEntry: %s", f.path(), n, test.name(), problem));
        } else {
          out.add(bytes);
        }
      }
    } catch (IOException e) {
      errors.add(
          String.format(
              "%s:%d:1: test '%s': cannot read %s: %s",
              spec.file(), f.line(), test.name(), f.path(), e.getMessage()));
    }
  }

  /** Why the job's parser would dead-letter this entry, or null when it parses. */
  private static String invalid(LogEntryParser parser, byte[] json) {
    try {
      parser.parse(json);
      return null;
    } catch (InvalidEntryException e) {
      return e.code() + ": " + e.getMessage();
    }
  }
}
