package dev.logalerts.ruletest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.alerting.Alert;
import dev.logalerts.alerting.EvaluateRules;
import dev.logalerts.alerting.Evaluation;
import dev.logalerts.io.EntryStreams;
import dev.logalerts.io.FileLogSource;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.RawEntry;
import dev.logalerts.parse.InvalidEntryException;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.ParseLogEntries;
import dev.logalerts.pipeline.LogAlertsPipeline;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RulesLoader;
import dev.logalerts.rules.RulesValidationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;

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
  /**
   * What the pipelines running in this JVM produced, by run id: the DirectRunner runs in-process,
   * so a collecting DoFn hands elements over directly.
   */
  private static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();

  /** A test file that was read and checked, ready to run. */
  public record Prepared(RuleTestSpec spec, RuleSet rules, List<List<byte[]>> entriesPerTest) {}

  /** One test's outcome. */
  public record Outcome(
      RuleTestSpec.Case test,
      List<Alert> alerts,
      List<Evaluation> evaluations,
      Verdict verdict,
      long millis) {}

  /** What a replay produced: the alerts and every evaluation, in time order. */
  public record Replayed(
      List<Alert> alerts, List<Evaluation> evaluations, Map<String, Long> counters) {
    Replayed(List<Alert> alerts, List<Evaluation> evaluations) {
      this(alerts, evaluations, Map.of());
    }

    /** A counter of the replay (the parse step's: entries_read, deadletter_invalid_json, ...). */
    public long counter(String name) {
      return counters.getOrDefault(name, 0L);
    }
  }

  private RuleTestRunner() {}

  /**
   * Reads the test file and its rules and builds every test's entries, so that nothing runs unless
   * the whole file is valid.
   *
   * @throws RuleTestException listing every problem ({@code FILE:LINE:COL: message})
   */
  public static Prepared prepare(Path testFile) {
    RuleTestReader.Partial read = RuleTestReader.read(testFile);
    RuleTestSpec spec = read.spec();
    List<String> errors = new ArrayList<>(read.errors());
    if (spec.rulesFile() == null) {
      throw new RuleTestException(errors);
    }
    RuleSet rules;
    try {
      String yaml = Files.readString(spec.rulesFile(), StandardCharsets.UTF_8);
      rules = RulesLoader.parse(yaml, spec.rulesFile().toString());
    } catch (IOException e) {
      errors.add(spec.rulesFile() + ": cannot read rules file: " + e.getMessage());
      throw new RuleTestException(errors);
    } catch (RulesValidationException e) {
      errors.addAll(e.errors());
      throw new RuleTestException(errors);
    }
    List<List<byte[]>> entries = new ArrayList<>();
    LogEntryParser parser = new LogEntryParser();
    for (RuleTestSpec.Case test : spec.tests()) {
      for (RuleTestSpec.Expectation e : test.expect()) {
        Rule rule = rules.rule(e.rule());
        if (rule != null) {
          for (String key : e.group().keySet()) {
            if (!rule.groupBy().contains(key)) {
              // The alerts' groups have exactly the rule's groupBy keys: this one can never match.
              errors.add(
                  String.format(
                      "%s:%d:%d: test '%s': group key '%s' is not a groupBy key of rule '%s' (%s)",
                      testFile,
                      e.line(),
                      e.column(),
                      test.name(),
                      key,
                      e.rule(),
                      rule.groupBy().isEmpty()
                          ? "it has no groupBy: its alerts have no group"
                          : "its keys: " + String.join(", ", rule.groupBy())));
            }
          }
        }
        if (rule == null) {
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
      if (spec.start() != null) { // without it, the entries' times are unknown
        entries.add(entries(spec, test, parser, errors));
      }
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
      RuleTestSpec.Case test = tests.get(i);
      Replayed r =
          replay(
              prepared.rules(),
              prepared.entriesPerTest().get(i),
              endAtLeast(prepared.spec(), test, prepared.rules()));
      Verdict verdict = Verdict.of(prepared.spec(), test, prepared.rules(), r.alerts());
      outcomes.add(
          new Outcome(
              test, r.alerts(), r.evaluations(), verdict, (System.nanoTime() - t0) / 1_000_000));
    }
    return outcomes;
  }

  /**
   * Time runs at least to the latest expectation's {@code at} plus one period of its rule, so that
   * an expected alert after the last entry (an absence deadline) can happen.
   */
  static long endAtLeast(RuleTestSpec spec, RuleTestSpec.Case test, RuleSet rules) {
    long end = Long.MIN_VALUE;
    for (RuleTestSpec.Expectation e : test.expect()) {
      Rule r = rules.rule(e.rule());
      if (e.atMillis() != null && r != null) {
        end = Math.max(end, spec.start().toEpochMilli() + e.atMillis() + r.period().getMillis());
      }
    }
    return end;
  }

  /**
   * The job's parse and evaluation over these entries (LogEntry JSON lines) as a batch replay: the
   * alerts and every evaluation.
   */
  static Replayed replay(RuleSet rules, List<byte[]> jsonLines, long endAtLeastMillis) {
    List<RawEntry> raw = new ArrayList<>();
    for (byte[] line : jsonLines) {
      raw.add(RawEntry.of(line, Map.of()));
    }
    return replay(rules, Create.of(raw).withCoder(RawEntry.Coder.of()), endAtLeastMillis, true);
  }

  /**
   * Replays entries from {@code source} (e.g. the job's file source over an export) through the
   * job's parser and evaluation, batch, on the DirectRunner.
   */
  public static Replayed replay(
      RuleSet rules,
      PTransform<PBegin, PCollection<RawEntry>> source,
      long endAtLeastMillis,
      boolean drain) {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    options.setJobName("replay-" + UUID.randomUUID());
    // Test aids that copy or encode every element; off as in scripts/run-local.sh.
    options.as(DirectOptions.class).setEnforceImmutability(false);
    options.as(DirectOptions.class).setEnforceEncodability(false);
    Pipeline pipeline = Pipeline.create(options);
    String runId = UUID.randomUUID().toString();
    Queue<Object> sink = new ConcurrentLinkedQueue<>();
    COLLECTED.put(runId, sink);
    try {
      PCollectionTuple out =
          pipeline
              .apply("Entries", source)
              .apply("ParseLogEntries", ParseLogEntries.using(LogAlertsPipeline.batchParser(rules)))
              .get(ParseLogEntries.PARSED)
              .apply("EvaluateRules", EvaluateRules.of(rules).replay(endAtLeastMillis, drain));
      out.get(EvaluateRules.ALERTS).apply("CollectAlerts", ParDo.of(new CollectFn<>(runId)));
      out.get(EvaluateRules.EVALUATIONS)
          .apply("CollectEvaluations", ParDo.of(new CollectFn<>(runId)));
      PipelineResult result = pipeline.run();
      result.waitUntilFinish();
      List<Alert> alerts = new ArrayList<>();
      List<Evaluation> evaluations = new ArrayList<>();
      for (Object o : sink) {
        if (o instanceof Alert a) {
          alerts.add(a);
        } else if (o instanceof Evaluation e) {
          evaluations.add(e);
        }
      }
      alerts.sort(Verdict.ALERT_ORDER);
      evaluations.sort(
          Comparator.comparingLong(Evaluation::windowEndMillis)
              .thenComparing(Evaluation::rule)
              .thenComparing(e -> e.group().toString()));
      return new Replayed(alerts, evaluations, PipelineCounters.all(result));
    } finally {
      COLLECTED.remove(runId);
    }
  }

  /** Hands each element to the collector of its run. */
  static final class CollectFn<T> extends DoFn<T, Void> {
    private final String runId;

    CollectFn(String runId) {
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element T element) {
      COLLECTED.get(runId).add(element);
    }
  }

  private static List<byte[]> entries(
      RuleTestSpec spec, RuleTestSpec.Case test, LogEntryParser parser, List<String> errors) {
    List<byte[]> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
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
          String problem = admit(parser, bytes, seen, out);
          if (problem != null) {
            errors.add(
                String.format(
                    "%s:%d:%d: test '%s': entry is not a valid LogEntry: %s",
                    spec.file(), e.line(), e.column(), test.name(), problem));
            break;
          }
        }
      } else if (input instanceof RuleTestSpec.FileInput f) {
        readFile(spec, test, f, parser, out, seen, errors);
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
      Set<String> seen,
      List<String> errors) {
    try (InputStream raw = Files.newInputStream(f.path());
        InputStream in = f.path().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      // Lines or a JSON array (gcloud logging read --format=json), as the job reads exports;
      // recordings are small, so the whole file is at hand to number the line of an entry.
      byte[] file = in.readAllBytes();
      int[] line = {1, 0}; // the line at offset line[1]
      EntryStreams.forEachEntry(
          new ByteArrayInputStream(file),
          LogEntryParser.DEFAULT_MAX_ENTRY_BYTES,
          new FileLogSource.LineConsumer() {
            @Override
            public void accept(byte[] bytes, long offset, long size) {
              report(offset, admit(parser, bytes, seen, out));
            }

            @Override
            public void acceptUnreadable(byte[] entry, long offset, String why) {
              report(offset, why); // a YAML document that is not YAML
            }

            private void report(long offset, @Nullable String problem) {
              for (; line[1] < offset; line[1]++) {
                line[0] += file[line[1]] == '\n' ? 1 : 0;
              }
              if (problem != null) {
                errors.add(
                    String.format(
                        "%s:%d:1: test '%s': not a valid LogEntry: %s",
                        f.path(), line[0], test.name(), problem));
              }
            }
          });
    } catch (IOException e) {
      errors.add(
          String.format(
              "%s:%d:1: test '%s': cannot read %s: %s",
              spec.file(), f.line(), test.name(), f.path(), e.getMessage()));
    }
  }

  /**
   * Parses the entry once: its problem when it is not a valid LogEntry, else null, and then it is
   * added to {@code out} unless it is a redelivery. The deployed job reads Pub/Sub, which delivers
   * at least once, and drops a redelivery (same insertId and timestamp, its DeduplicateEntries
   * step), so a test that counted one would fire where the job does not. The batch replay has no
   * such step, and the streaming one's per-entry timers would make each test minutes long on the
   * DirectRunner: the same key is applied here. Entries without an insertId cannot be told apart
   * and all count, as in the job.
   */
  private static String admit(
      LogEntryParser parser, byte[] json, Set<String> seen, List<byte[]> out) {
    LogEvent event;
    try {
      event = parser.parse(json);
    } catch (InvalidEntryException e) {
      return e.code() + ": " + e.getMessage();
    }
    if (event.insertId().isEmpty() || seen.add(event.dedupeKey())) {
      out.add(json);
    }
    return null;
  }
}
