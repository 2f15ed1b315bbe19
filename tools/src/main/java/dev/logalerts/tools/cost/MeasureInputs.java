package dev.logalerts.tools.cost;

import dev.logalerts.combine.CombineOptions;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.RawEntry;
import dev.logalerts.parse.ParseLogEntries;
import dev.logalerts.pipeline.LogAlertsOptions;
import dev.logalerts.pipeline.LogAlertsPipeline;
import dev.logalerts.templates.NoisyKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.joda.time.Instant;

/**
 * Measures what the job shuffles per entry, with its real steps and coders: builds the whole job
 * ({@link LogAlertsPipeline#build}) over log files, finds every GroupByKey and every stateful step
 * of the rules and the noisy-log account, and encodes each element they receive as a windowed value
 * (key, value, timestamp, window, pane) with the PCollection's own coder. DeduplicateEntries runs
 * only in streaming, so what it would receive (every entry with an insertId, keyed by insertId and
 * timestamp, {@link LogEventCoder}) is encoded on the parsed entries of the same run.
 *
 * <p>The same run writes the job's output tables as files, so it also counts rows per hour of input
 * (event time) and their mean size. {@code scripts/estimate-cost.sh --measure [--input=GLOB]
 * [--rules-file=FILE]} prints one line per shuffling step, then the measured parameters of {@link
 * Param} as flags of the cost model.
 */
public final class MeasureInputs {
  private static final String NAMESPACE = "shuffle-report";
  private static final String ENTRIES = "(entries)";
  private static final String DEDUP = "DeduplicateEntries (streaming only)";
  private static final String EVENT_TIME = "(event time)";
  // The steps that fold partial aggregates before a shuffle, measured at their output with no
  // partial held (maxPartialsPerBundle=0): one partial per entry (per entry and rule), what a
  // shuffle would receive with bundles of one entry, so the model's per-entry figures are upper
  // bounds.
  private static final String NOISY_PARTIALS = "AccountNoisyLogs/PartialVolumes/Partials";
  private static final String RULE_PARTIALS = "EvaluateRules/MatchRules";

  private MeasureInputs() {}

  /** One measured step: elements and encoded bytes it received. */
  record Step(String name, long elements, long bytes) {}

  /** The measured steps, the entry count, and the rule count of the rules file. */
  record Result(long entries, int rules, double hours, Path output, List<Step> steps) {}

  /**
   * Runs the job over {@code input} with {@code rulesPath} and measures its shuffles: once as it
   * runs (partials folded per bundle: what reaches the keyed stages), once with no partial held
   * (the partial steps' outputs: one element per entry, or per entry and rule).
   */
  static Result measure(String input, String rulesPath, int rules) throws IOException {
    Result folded = run(input, rulesPath, rules, false);
    Result single = run(input, rulesPath, rules, true);
    List<Step> steps = new ArrayList<>(folded.steps());
    steps.addAll(single.steps());
    steps.sort(java.util.Comparator.comparing(Step::name));
    return new Result(folded.entries(), rules, folded.hours(), folded.output(), steps);
  }

  /**
   * One run: with {@code partialsAlone}, only the partial steps' outputs with no partial held;
   * otherwise every GroupByKey and stateful step, and what deduplication would receive.
   */
  private static Result run(String input, String rulesPath, int rules, boolean partialsAlone)
      throws IOException {
    Path out = Files.createTempDirectory("shuffle-report");
    LogAlertsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--inputFilePattern=" + input,
                "--rulesPath=" + rulesPath,
                "--outputDirectory=" + out)
            .as(LogAlertsOptions.class);
    options.as(DirectOptions.class).setEnforceImmutability(false);
    options.as(DirectOptions.class).setEnforceEncodability(false);
    if (partialsAlone) {
      options.as(CombineOptions.class).setMaxPartialsPerBundle(0);
    }
    Pipeline pipeline = Pipeline.create(options);
    LogAlertsPipeline.build(pipeline, options);

    Map<String, PCollection<?>> shuffled = new LinkedHashMap<>();
    PCollection<?>[] events = new PCollection<?>[1];
    PCollection<?>[] raw = new PCollection<?>[1];
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            String name = node.getFullName();
            boolean ours =
                name.startsWith("MatchRuleFilters/")
                    || name.startsWith("EvaluateRules/")
                    || name.startsWith("AccountNoisyLogs/");
            if (!ours || name.startsWith("EvaluateRules/InputEnd")) {
              return; // sinks, and the batch-only end-of-input side input
            }
            PTransform<?, ?> t = node.getTransform();
            if (partialsAlone) {
              if (isStep(name, NOISY_PARTIALS) || isStep(name, RULE_PARTIALS)) {
                // The partials only: a bounded job's rule step also puts out its bundles' newest
                // event time (the end-of-input side input), no shuffle of the streaming job.
                TupleTag<?> main = ((ParDo.MultiOutput<?, ?>) t).getMainOutputTag();
                shuffled.put(name, (PCollection<?>) node.getOutputs().get(main));
                // A batch job folds the noisy-log volumes in its rule step too (one pass per
                // entry): reported under the name of the streaming job's own step.
                for (PCollection<?> out : node.getOutputs().values()) {
                  if (out.getCoder() instanceof KvCoder<?, ?> kv
                      && kv.getKeyCoder() instanceof NoisyKey.Coder) {
                    shuffled.put(NOISY_PARTIALS + "/ParMultiDo(Partials)", out);
                  }
                }
              }
              return;
            }
            for (PCollection<?> in : node.toAppliedPTransform(pipeline).getMainInputs().values()) {
              if (t instanceof GroupByKey || isStateful(t)) {
                shuffled.put(name, in);
              }
              if (events[0] == null && in.getCoder() instanceof LogEventCoder) {
                events[0] = in;
              }
              if (raw[0] == null && in.getCoder() instanceof RawEntry.Coder) {
                raw[0] = in;
              }
            }
          }
        });
    int i = 0;
    for (Map.Entry<String, PCollection<?>> e : shuffled.entrySet()) {
      measureInto(e.getValue(), e.getKey(), "MeasureShuffle" + i++);
    }
    if (!partialsAlone) {
      if (events[0] == null && raw[0] != null) {
        // A batch job parses inside its rule step: parse the raw entries beside it, for the
        // size of what deduplication would receive in streaming.
        @SuppressWarnings("unchecked")
        PCollection<RawEntry> entries = (PCollection<RawEntry>) raw[0];
        events[0] =
            entries.apply("MeasureParse", ParseLogEntries.create()).get(ParseLogEntries.PARSED);
      }
      if (events[0] == null) {
        throw new IllegalStateException("no LogEvent input found in the job graph");
      }
      @SuppressWarnings("unchecked")
      PCollection<LogEvent> parsed = (PCollection<LogEvent>) events[0];
      parsed.apply("MeasureDedup", ParDo.of(new DedupSizeFn(parsed.getCoder())));
    }

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    if (partialsAlone) {
      return new Result(0, rules, 0, out, steps(result));
    }
    long[] span = eventTimeSpan(result);
    double hours = Math.max(1, span[1] - span[0]) / 3_600_000.0;
    return new Result(counter(result, ENTRIES + "/elements"), rules, hours, out, steps(result));
  }

  private static boolean isStateful(PTransform<?, ?> t) {
    DoFn<?, ?> fn = null;
    if (t instanceof ParDo.MultiOutput<?, ?> m) {
      fn = m.getFn();
    } else if (t instanceof ParDo.SingleOutput<?, ?> s) {
      fn = s.getFn();
    }
    if (fn == null) {
      return false;
    }
    DoFnSignature sig = DoFnSignatures.getSignature(fn.getClass());
    return sig.usesState() || sig.usesTimers();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void measureInto(PCollection<?> pc, String name, String stepName) {
    Coder<? extends BoundedWindow> windowCoder =
        pc.getWindowingStrategy().getWindowFn().windowCoder();
    ((PCollection) pc).apply(stepName, ParDo.of(new SizeFn(name, pc.getCoder(), windowCoder)));
  }

  /** Encodes each element as the shuffle would: the windowed value with the collection's coder. */
  static final class SizeFn<T> extends DoFn<T, Void> {
    private final String name;
    private final Coder<WindowedValue<T>> coder;

    @SuppressWarnings({"unchecked", "rawtypes"})
    SizeFn(String name, Coder<T> valueCoder, Coder<? extends BoundedWindow> windowCoder) {
      this.name = name;
      this.coder = (Coder) WindowedValues.getFullCoder(valueCoder, (Coder) windowCoder);
    }

    @ProcessElement
    public void process(
        @Element T element, @Timestamp Instant ts, BoundedWindow window, PaneInfo pane)
        throws IOException {
      byte[] bytes =
          CoderUtils.encodeToByteArray(coder, WindowedValues.of(element, ts, window, pane));
      Metrics.counter(NAMESPACE, name + "/elements").inc();
      Metrics.counter(NAMESPACE, name + "/bytes").inc(bytes.length);
    }
  }

  /** What DeduplicateEntries' DropRedeliveries would receive: KV(dedupeKey, entry) per insertId. */
  static final class DedupSizeFn extends DoFn<LogEvent, Void> {
    private final Coder<WindowedValue<KV<String, LogEvent>>> coder;

    DedupSizeFn(Coder<LogEvent> eventCoder) {
      this.coder =
          WindowedValues.getFullCoder(
              KvCoder.of(StringUtf8Coder.of(), eventCoder),
              org.apache.beam.sdk.transforms.windowing.GlobalWindow.Coder.INSTANCE);
    }

    @ProcessElement
    public void process(@Element LogEvent e) throws IOException {
      Metrics.counter(NAMESPACE, ENTRIES + "/elements").inc();
      Metrics.distribution(NAMESPACE, EVENT_TIME).update(e.eventTime().getMillis());
      if (e.insertId().isEmpty()) {
        return;
      }
      // Pub/Sub input is in the global window, as the streaming job's entries are.
      byte[] bytes =
          CoderUtils.encodeToByteArray(
              coder, WindowedValues.valueInGlobalWindow(KV.of(e.dedupeKey(), e)));
      Metrics.counter(NAMESPACE, DEDUP + "/elements").inc();
      Metrics.counter(NAMESPACE, DEDUP + "/bytes").inc(bytes.length);
    }
  }

  private static long counter(PipelineResult result, String name) {
    MetricQueryResults q =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(NAMESPACE, name))
                    .build());
    boolean done = PipelineCounters.isDone(result);
    long sum = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      sum += PipelineCounters.value(c, done);
    }
    return sum;
  }

  /** Oldest and newest entry's event time, epoch millis. */
  private static long[] eventTimeSpan(PipelineResult result) {
    MetricQueryResults q =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(NAMESPACE, EVENT_TIME))
                    .build());
    for (MetricResult<DistributionResult> d : q.getDistributions()) {
      return new long[] {d.getAttempted().getMin(), d.getAttempted().getMax()};
    }
    throw new IllegalStateException("no entries were read");
  }

  private static List<Step> steps(PipelineResult result) {
    MetricQueryResults q =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(NAMESPACE))
                    .build());
    boolean done = PipelineCounters.isDone(result);
    Map<String, long[]> byStep = new LinkedHashMap<>();
    for (MetricResult<Long> c : q.getCounters()) {
      String n = c.getName().getName();
      if (n.startsWith(ENTRIES) || n.startsWith(EVENT_TIME)) {
        continue;
      }
      int slash = n.lastIndexOf('/');
      long[] v = byStep.computeIfAbsent(n.substring(0, slash), k -> new long[2]);
      v[n.endsWith("/bytes") ? 1 : 0] += PipelineCounters.value(c, done);
    }
    List<Step> steps = new ArrayList<>();
    byStep.forEach((k, v) -> steps.add(new Step(k, v[0], v[1])));
    steps.sort((a, b) -> a.name().compareTo(b.name()));
    return steps;
  }

  /** Rows written to one output table of the run: count and mean JSON line size. */
  record Rows(long rows, double meanBytes) {}

  static Rows rows(Path dir) throws IOException {
    long rows = 0;
    long bytes = 0;
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path f :
            (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json"))::iterator) {
          for (String line : Files.readAllLines(f)) {
            if (!line.isBlank()) {
              rows++;
              bytes += line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
          }
        }
      }
    }
    return new Rows(rows, rows == 0 ? 0 : (double) bytes / rows);
  }

  /** Whether the primitive {@code name} is the step {@code step} or inside it. */
  private static boolean isStep(String name, String step) {
    return name.equals(step) || name.startsWith(step + "/");
  }

  private static Step step(Result r, String prefix) {
    long elements = 0;
    long bytes = 0;
    for (Step s : r.steps()) {
      if (s.name().startsWith(prefix)) {
        elements += s.elements();
        bytes += s.bytes();
      }
    }
    return new Step(prefix, elements, bytes);
  }

  /** Prints one line per measured step, then the cost model's flags with the measured values. */
  static void print(Result r, PrintStream out) throws IOException {
    out.printf(
        java.util.Locale.ROOT,
        "entries: %,d over %.2f hours of event time; rules: %d%n",
        r.entries(),
        r.hours(),
        r.rules());
    out.println("step | elements | elements/entry | bytes | bytes/entry");
    for (Step s : r.steps()) {
      out.printf(
          java.util.Locale.ROOT,
          "%s | %,d | %.3f | %,d | %.1f%n",
          s.name(),
          s.elements(),
          (double) s.elements() / r.entries(),
          s.bytes(),
          (double) s.bytes() / r.entries());
    }
    Step dedup = step(r, DEDUP);
    Step noisyPre = step(r, NOISY_PARTIALS);
    Step noisyPost = step(r, "AccountNoisyLogs/CombineVolume/");
    Step rulePre = step(r, RULE_PARTIALS);
    Step rulePost = step(r, "EvaluateRules/AggregateBuckets/CombineBuckets/");
    Step lifecycle = step(r, "EvaluateRules/EvaluateAndTrackLifecycle/");
    double n = r.entries();
    int rules = Math.max(1, r.rules());
    Rows noisy = rows(r.output().resolve("noisy_logs"));
    Rows alerts = rows(r.output().resolve("alerts"));
    Rows dead = rows(r.output().resolve("deadletter"));
    java.util.Locale l = java.util.Locale.ROOT;
    out.printf(l, "--dedup-shuffle-bytes=%.1f%n", dedup.bytes() / n);
    out.printf(l, "--noisy-shuffle-bytes=%.1f%n", noisyPre.bytes() / n);
    out.printf(l, "--rule-shuffle-bytes=%.2f%n", rulePre.bytes() / n / rules);
    out.printf(l, "--noisy-keyed-bytes-per-hour=%.0f%n", noisyPost.bytes() / r.hours());
    out.printf(
        l,
        "--rule-keyed-bytes-per-hour=%.0f%n",
        (rulePost.bytes() + lifecycle.bytes()) / r.hours() / rules);
    out.printf(l, "--early-pane-bytes-per-observation=%.1f%n", mean(rulePost) + mean(lifecycle));
    out.printf(l, "--observations-per-entry-rule=%.4f%n", rulePre.elements() / n / rules);
    out.printf(l, "--noisy-rows-per-hour=%.1f%n", noisy.rows() / r.hours());
    out.printf(l, "--noisy-row-bytes=%.0f%n", noisy.meanBytes());
    out.printf(l, "--alerts-per-hour=%.2f%n", alerts.rows() / r.hours());
    out.printf(l, "--alert-row-bytes=%.0f%n", alerts.meanBytes());
    out.printf(l, "--dead-letters-per-million=%.0f%n", dead.rows() * 1e6 / (n + dead.rows()));
    out.printf(l, "--dead-letter-row-bytes=%.0f%n", dead.meanBytes());
  }

  private static double mean(Step s) {
    return s.elements() == 0 ? 0 : (double) s.bytes() / s.elements();
  }
}
