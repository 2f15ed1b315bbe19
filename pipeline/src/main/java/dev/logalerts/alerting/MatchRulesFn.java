package dev.logalerts.alerting;

import dev.logalerts.combine.BundlePartials;
import dev.logalerts.combine.CombineInBundle;
import dev.logalerts.model.BundleCounter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.MessageTemplate;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.Timestamps;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.templates.EntryTemplates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Per entry and matched rule: the (rule, group) key and the entry's {@link Observation}, folded
 * into this bundle's partial bucket ({@link BucketAgg}) of that key and of the rule period's window
 * ({@link RulePeriodWindows}) of the entry; the partials go out when the bundle ends, in the global
 * window, each with the earliest timestamp of its entries, and {@code BucketWindows} then places
 * them (see {@link dev.logalerts.combine.CombineInBundle}: the shuffle gets one element per key,
 * bucket and bundle; folding here rather than in a step of its own saves the DirectRunner two steps
 * per observation). The filters were tested once, before ({@link MatchRuleFilters}); this step
 * reads the matched names (a batch job runs the test and this step's {@link #fold} in one step:
 * {@link MatchAndFoldFn}). The template is mined at most once per entry, and only when some matched
 * rule groups by template or is a new-template rule.
 *
 * <p>The rules are the launch rules, or, when the job reloads its rules file, the side input's
 * current version: a rule added, edited or removed in the file applies to the next entry after the
 * worker sees the new version. What is derived from the rules is recomputed once per version. An
 * entry matched under another version than this step's (a reload between the two steps) has its
 * filters tested again against this version, counted in {@value #REMATCHED_COUNTER}, so alerts
 * always follow the rules this step holds.
 */
final class MatchRulesFn extends DoFn<MatchedEvent, KV<String, BucketAgg>> {
  /** Entries whose filters were tested again because the rules changed between the steps. */
  static final String REMATCHED_COUNTER = "rule_matches_retested";

  private static final long DAY_MILLIS = Duration.standardDays(1).getMillis();

  /** Days of seeding an instance remembers before it starts over. */
  private static final int MAX_SEEDED_DAYS = 64;

  private final RuleSet launchRules;
  private final @Nullable PCollectionView<RuleSet> rulesView;
  private final String evaluationId;

  /** An entry's template, as the noisy-log account keys it ({@link EntryTemplates}). */
  private final SerializableFunction<MatchedEvent, MessageTemplate> templates;

  /** An entry's noisy-log template id, for the observations kept as alert samples. */
  private final SerializableFunction<MatchedEvent, String> sampleTemplateIds;

  private final int maxGroupsPerRule;
  private final int maxPartials;
  private transient GroupAdmission admission;
  private transient @Nullable RuleSet preparedFor;
  private transient List<Rule> rules;
  private transient boolean[] needsTemplate;
  private transient Map<String, Integer> indexByName;

  /**
   * The rule indexes of the last matched-names list seen: the filter step shares one list instance
   * per matched set, so consecutive entries rarely need the name lookup again.
   */
  private transient @Nullable List<String> lastNames;

  private transient int[] lastIndexes;

  /** The prepared rules' filters, built on the first entry matched under another version. */
  private transient @Nullable RuleFilters retestFilters;

  /** Scratch for group keys; a DoFn instance runs one element at a time. */
  private transient StringBuilder key;

  /** Per rule: what its kind observes ({@code RuleKind.OBSERVE_*} bits). */
  private transient int[] observes;

  private transient Counter[] overflow;

  /** Per latency rule: where its response times come from; null for other kinds. */
  private transient LatencySource[] latencies;

  /** Per latency rule: entries whose response-time field held an unreadable value. */
  private transient Counter[] unreadable;

  /** Per rule: the keys of its expected groups (deadline rules), seeded with every new bucket. */
  private transient List<List<String>> seedKeys;

  /** Whether any prepared rule has expected groups to seed. */
  private transient boolean seeds;

  /** Start (epoch ms) of the earliest bucket this instance has seeded for the prepared rules. */
  private transient long seededFrom;

  /**
   * The UTC days (of event time) this instance has seeded: a set, not the newest day, because a
   * bundle of a bounded input comes in any order and every day with entries must get its seed.
   */
  private transient Set<Long> seededDays;

  /** The day of the last entry seen, in {@link #seededDays}: most entries need no set lookup. */
  private transient long lastDay;

  /** This bundle's partial buckets, per (rule, group) key and rule-period window. */
  private transient @Nullable BundlePartials<String, Observation, BucketAgg> partials;

  /**
   * Bounded inputs: where each bundle's newest event time goes (see {@link
   * EvaluateRules.InputEnd}); null in streaming. Taken here, on the way, rather than in a step of
   * its own over every entry.
   */
  private final @Nullable TupleTag<Long> newestTag;

  /** The newest time (epoch ms) this bundle's entries reached ({@link EvaluateRules.InputEnd}). */
  private transient long newest;

  private final Counter shuffled = PipelineCounters.counter(CombineInBundle.SHUFFLED_COUNTER);
  private final Counter ahead = PipelineCounters.counter(EvaluateRules.AHEAD_OF_RECEIPT_COUNTER);

  private final BundleCounter matched = BundleCounter.of("rule_matches");
  private final BundleCounter retested = BundleCounter.of(REMATCHED_COUNTER);

  MatchRulesFn(
      RuleSet launchRules,
      @Nullable PCollectionView<RuleSet> rulesView,
      String evaluationId,
      SerializableFunction<MatchedEvent, MessageTemplate> templates,
      SerializableFunction<MatchedEvent, String> sampleTemplateIds,
      int maxGroupsPerRule,
      int maxPartials,
      @Nullable TupleTag<Long> newestTag) {
    this.launchRules = launchRules;
    this.rulesView = rulesView;
    this.evaluationId = evaluationId;
    this.templates = templates;
    this.sampleTemplateIds = sampleTemplateIds;
    this.maxGroupsPerRule = maxGroupsPerRule;
    this.maxPartials = maxPartials;
    this.newestTag = newestTag;
  }

  @Setup
  public void setup() {
    admission = new GroupAdmission(maxGroupsPerRule);
  }

  @StartBundle
  public void startBundle() {
    partials = new BundlePartials<>(new BucketAgg.BucketAggFn(), maxPartials);
    newest = Long.MIN_VALUE;
    matched.startBundle();
    retested.startBundle();
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) {
    flush(c);
  }

  /**
   * Outputs the bundle's partials (and for a bounded input its newest event time): this DoFn's
   * {@code @FinishBundle}, or that of a DoFn that runs this one's {@link #fold} ({@link
   * MatchAndFoldFn}).
   */
  void flush(DoFn<?, KV<String, BucketAgg>>.FinishBundleContext c) {
    BundlePartials<String, Observation, BucketAgg> held = Objects.requireNonNull(partials);
    held.forEachPartial(partial -> partial.settleSamples(sampleTemplateIds));
    held.flush(c);
    matched.flush();
    retested.flush();
    if (newestTag != null && newest != Long.MIN_VALUE) {
      shuffled.inc();
      c.output(newestTag, newest, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
    }
  }

  /**
   * Folds {@code o} into this bundle's partial of {@code key} and the entry's rule bucket; the
   * partial goes out in the entry's {@code window}.
   */
  private void emit(
      Instant timestamp,
      BoundedWindow window,
      Consumer<KV<String, BucketAgg>> out,
      String key,
      Observation o) {
    IntervalWindow bucket = RulePeriodWindows.windowOf(timestamp.getMillis(), o.periodMillis);
    BucketAgg single = Objects.requireNonNull(partials).add(key, bucket, o, timestamp, window);
    if (single != null) {
      single.settleSamples(sampleTemplateIds);
      out.accept(KV.of(key, single));
    }
  }

  /** Derives the per-rule arrays once per rules version. */
  private void prepare(RuleSet set) {
    if (preparedFor != null && preparedFor.version().equals(set.version())) {
      preparedFor = set;
      return;
    }
    preparedFor = set;
    rules = set.rules();
    needsTemplate = new boolean[rules.size()];
    observes = new int[rules.size()];
    overflow = new Counter[rules.size()];
    latencies = new LatencySource[rules.size()];
    unreadable = new Counter[rules.size()];
    indexByName = new HashMap<>();
    lastNames = null;
    retestFilters = null;
    seedKeys = new ArrayList<>();
    seeds = false;
    seededFrom = Long.MAX_VALUE;
    seededDays = new HashSet<>();
    lastDay = Long.MIN_VALUE;
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      indexByName.put(r.name(), i);
      List<String> keys = new ArrayList<>();
      for (List<String> values : RuleKinds.of(r.type()).expectedGroups(r)) {
        keys.add(
            r.name()
                + GroupKeys.RULE_SEP
                + String.join(String.valueOf(GroupKeys.VALUE_SEP), values));
      }
      seedKeys.add(keys);
      seeds |= !keys.isEmpty();
      observes[i] = RuleKinds.of(r.type()).observes(r);
      needsTemplate[i] =
          (observes[i] & RuleKind.OBSERVE_TEMPLATE) != 0 || r.groupBy().contains(Rule.TEMPLATE_KEY);
      overflow[i] = PipelineCounters.counter("groups_overflow_" + r.name());
      if ((observes[i] & RuleKind.OBSERVE_LATENCY) != 0) {
        latencies[i] = LatencyKind.source(r);
        unreadable[i] =
            PipelineCounters.counter(EvaluateRules.LATENCY_UNREADABLE_COUNTER_PREFIX + r.name());
      }
    }
  }

  /**
   * Deadline rules' expected groups must be tracked before (or without) any entry of theirs: their
   * keys get an empty observation (a seed) in the bucket of this entry when it is earlier than any
   * bucket seeded so far for these rules (so a bounded run tracks them from its first entry,
   * whatever the bundles), and in the first entry of each day of event time this instance sees (so
   * no day with entries leaves the keys without a bucket, in whatever order the entries come).
   */
  private void seed(
      Instant timestamp,
      BoundedWindow window,
      Consumer<KV<String, BucketAgg>> out,
      long eventMillis) {
    if (!seeds) {
      return;
    }
    long day = Math.floorDiv(eventMillis, DAY_MILLIS);
    if (eventMillis >= seededFrom && (day == lastDay || seededDays.contains(day))) {
      lastDay = day;
      return;
    }
    for (int i = 0; i < rules.size(); i++) {
      long p = rules.get(i).period().getMillis();
      for (String k : seedKeys.get(i)) {
        emit(timestamp, window, out, k, Observation.seed(eventMillis * 1_000_000L, p));
      }
    }
    if (seededDays.size() >= MAX_SEEDED_DAYS) {
      seededDays.clear(); // a long-running instance: seeding a day again costs one bucket per key
    }
    seededDays.add(day);
    lastDay = day;
    seededFrom = Math.min(seededFrom, eventMillis);
  }

  @ProcessElement
  public void process(ProcessContext c, BoundedWindow window) {
    RuleSet set = rulesView == null ? launchRules : c.sideInput(rulesView);
    fold(c.element(), c.timestamp(), window, set, c::output);
  }

  /**
   * Folds the observations of {@code m} (at {@code timestamp}, in {@code window}) under the rules
   * {@code set}; a partial that cannot be held goes to {@code out} right away.
   */
  void fold(
      MatchedEvent m,
      Instant timestamp,
      BoundedWindow window,
      RuleSet set,
      Consumer<KV<String, BucketAgg>> out) {
    if (set != preparedFor) {
      prepare(set);
      if (rulesView != null) {
        LiveRules.offer(evaluationId, set);
      }
    }
    LogEvent e = m.event();
    long eventMillis = e.eventTime().getMillis();
    if (newestTag != null) {
      long reached = EvaluateRules.InputEnd.reachedMillis(e);
      newest = Math.max(newest, reached);
      if (eventMillis - reached > Timestamps.CLOCK_DRIFT_MILLIS) {
        ahead.inc(); // a writer's clock runs ahead: said in the run's summary
      }
    }
    seed(timestamp, window, out, eventMillis);
    MessageTemplate template = null;
    if (key == null) {
      key = new StringBuilder(64);
    }
    int[] indexes;
    if (m.rulesVersion().equals(preparedFor.version())) {
      indexes = indexesOf(m.ruleNames());
    } else {
      retested.inc();
      if (retestFilters == null) {
        retestFilters = RuleFilters.of(preparedFor);
      }
      indexes = indexesOf(retestFilters.match(e).ruleNames());
    }
    if (indexes.length == 0) {
      return;
    }
    for (int i : indexes) {
      template = observe(timestamp, window, out, m, i, template, key);
    }
  }

  /** The prepared rules' indexes of {@code names} (names of other versions are skipped). */
  private int[] indexesOf(List<String> names) {
    if (names != lastNames) {
      int[] idx = new int[names.size()];
      int n = 0;
      for (String name : names) {
        Integer i = indexByName.get(name);
        if (i != null) {
          idx[n++] = i;
        }
      }
      lastIndexes = n == idx.length ? idx : Arrays.copyOf(idx, n);
      lastNames = names;
    }
    return lastIndexes;
  }

  /** Folds rule {@code i}'s observation of {@code e}; returns the template if mined (else null). */
  private @Nullable MessageTemplate observe(
      Instant timestamp,
      BoundedWindow window,
      Consumer<KV<String, BucketAgg>> out,
      MatchedEvent m,
      int i,
      @Nullable MessageTemplate minedTemplate,
      StringBuilder key) {
    LogEvent e = m.event();
    MessageTemplate template = minedTemplate;
    Rule r = rules.get(i);
    if (template == null && needsTemplate[i]) {
      template = templates.apply(m);
    }
    List<String> keys = GroupValues.keys(r, e, template, key);
    boolean grouped = !r.groupByPaths().isEmpty();
    int obs = observes[i];
    boolean hit =
        (obs & RuleKind.OBSERVE_NUMERATOR) != 0 && r.numerator() != null && r.numerator().test(e);
    double latency = Double.NaN;
    double latencyThreshold = Double.NaN;
    if ((obs & RuleKind.OBSERVE_LATENCY) != 0) {
      latency = latencies[i].seconds(e);
      if (latency == LatencySource.UNREADABLE) {
        unreadable[i].inc();
        latency = Double.NaN;
      }
      // Slow requests are counted exactly, so that "p95 >= threshold" is decided exactly.
      latencyThreshold = r.threshold();
      hit = latency >= latencyThreshold;
    }
    boolean newTemplate = (obs & RuleKind.OBSERVE_TEMPLATE) != 0;
    for (String k : keys) {
      if (grouped && !admission.admit(r.name(), k, e.eventTimeMillis())) {
        overflow[i].inc();
        k = GroupKeys.otherKey(r.name(), r.groupByPaths().size());
      }
      emit(
          timestamp,
          window,
          out,
          k,
          Observation.of(
                  e,
                  hit,
                  latency,
                  latencyThreshold,
                  needsTemplate[i] ? template : null,
                  newTemplate,
                  r.period().getMillis())
              .from(m));
    }
    matched.inc();
    return template;
  }
}
