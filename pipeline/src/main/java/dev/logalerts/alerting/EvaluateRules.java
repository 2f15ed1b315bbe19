package dev.logalerts.alerting;

import dev.logalerts.combine.BundleFolder;
import dev.logalerts.combine.CombineOptions;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.EntryFront;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.MessageTemplate;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.templates.EntryTemplates;
import dev.logalerts.templates.Redactor;
import dev.logalerts.templates.TemplateMiner;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Evaluates the alert rules over the parsed entries and runs each (rule, group)'s alert lifecycle:
 * {@code PCollection<LogEvent>} (timestamped with event time) in, {@code PCollection<Alert>}
 * (FIRING / RESOLVED) out.
 *
 * <p>Three named steps, read top to bottom in {@link #expand}:
 *
 * <ol>
 *   <li><b>MatchRules</b>: each rule whose compiled filter the entry matched (tested once per entry
 *       and rule, before, by {@link MatchRuleFilters}: the {@code MatchRuleFilters} step here or,
 *       in the job, one step shared with the noisy-log account) turns the entry into an {@code
 *       Observation} of {@code rule + group values}, folded at once into the bundle's partial
 *       bucket of that key (one element per key, bucket and bundle reaches the shuffle). Group
 *       values come from the rule's resolved {@code groupByPaths} (missing → {@code (none)}; a
 *       repeated field: an observation in the group of each value, {@link GroupValues}); the
 *       message template is mined once per entry and only when a rule needs it. Each worker admits
 *       at most {@code maxGroupsPerRule} groups per rule; the rest is counted in the group {@code
 *       other} ({@code groups_overflow_<rule>} counter), so a groupBy on a request id cannot blow
 *       up state.
 *   <li><b>AggregateBuckets</b>: fixed event-time windows of the rule's {@code period} (one {@link
 *       RulePeriodWindows} for all rules: the size travels with each partial), merged with a
 *       combiner (counts, a mergeable KLL latency sketch, the 5 earliest samples) with hot-key
 *       fanout, because one noisy service can own most entries. Buckets fire when the watermark
 *       passes their end (streaming: also early, see detection latency); entries up to {@code
 *       allowedLateness} behind produce late panes in discarding mode, i.e. each pane is a delta to
 *       add.
 *   <li><b>EvaluateAndTrackLifecycle</b>: the buckets are re-windowed into the global window and
 *       keyed by (rule, group) into a stateful DoFn that keeps the buckets the rule's window (and
 *       spike baseline) still needs (streaming: and, apart, those a late pane may still need until
 *       the allowed lateness is over, {@link OlderBuckets}), and evaluates the sliding window
 *       {@code [end - window, end)} at every bucket boundary with an event-time timer. Timers, not
 *       arrival order, drive evaluation: a bounded run delivers all buckets at once in any order, a
 *       streaming run delivers them as the watermark passes, and both walk the same boundaries in
 *       the same order — the same alerts for the same entries.
 * </ol>
 *
 * <p>Why not sliding windows in the combine: a window of N minutes sliding by 1 minute would copy
 * every entry into N windows and still need state for the lifecycle; buckets are combined once and
 * the sliding sum is a few additions in state.
 *
 * <p><b>Lifecycle</b> per (rule, group): FIRING when the condition becomes true ({@code alertId} =
 * hash of rule, group and incident start, so the RESOLVED carries the same id); while it holds, at
 * most one FIRING per {@code suppressFor} (re-notifications keep the id); RESOLVED after {@code
 * resolveAfter} consecutive evaluations below the condition, including evaluations where no data
 * arrived at all (the timer keeps ticking while an incident is open). A group that is resolved and
 * has no data in span is cleared {@code allowedLateness} after its last evaluation (immediately in
 * a bounded run). Late buckets merge into the stored ones; if no incident is open, the windows they
 * belong to are re-checked and may fire once; an open incident is never re-notified by late data.
 *
 * <p><b>Absence</b> fires at the first bucket boundary at or after lastSeen + expectWithin (only
 * for groups seen at least once), re-notifies every suppressFor, resolves when an entry of the
 * group is seen again, and forgets the group after forgetAfter. In a bounded run time ends at the
 * newest entry of the whole input, no later than its receipt (a side input, {@link InputEnd}): the
 * end of input is not an outage. State survives a Dataflow {@code --update} (step names are
 * stable), so an update causes no false absence alert; a fresh job starts with no known groups, so
 * it cannot alert on a group it has not seen (a group already silent before the restart is missed,
 * never falsely reported).
 *
 * <p><b>New-template</b>: templates first seen during {@code learnFor} after the group's first
 * bucket are known; afterwards a template never seen fires once per (rule, group, template) with
 * the template and its samples; there is no RESOLVED. Known templates per group are capped ({@code
 * maxKnownTemplatesPerGroup}, default 10,000); beyond it new templates of that group are counted in
 * {@code known_templates_overflow} instead of alerting. The group is forgotten after {@code
 * forgetAfter} without entries and re-learns if it comes back. Do not group a new-template rule by
 * {@code template} (each template would learn itself).
 *
 * <p><b>Detection latency</b> (measured in {@code DetectionLatencyTest}): a FIRING appears when the
 * watermark passes the end of the bucket holding the entry that makes the condition true, i.e. at
 * most one {@code period} of event time after that entry, plus the watermark lag of the source (for
 * Pub/Sub about a minute). Threshold rules do not wait: in streaming, AggregateBuckets also sends
 * partial buckets ({@code withEarlyFiring}, early panes) every few seconds while entries arrive,
 * and since a count only grows, a window that holds on part of its data fires at once with the
 * windowEnd and alertId its boundary would give it ({@link SlidingKind#onEarlyBucket}); the other
 * kinds store early panes and wait for their timer.
 *
 * <p><b>Rules that change while the job runs</b> ({@link #withRulesView}, streaming): the rules are
 * then a side input that is re-read from the rules file, and nothing in the graph depends on their
 * content (the bucket size travels with each observation), so a rule can be added, edited or
 * removed without a redeploy. MatchRuleFilters and MatchRules apply the newest version to the next
 * entry (MatchRules tests the filters again for an entry matched under another version than its
 * own, so a reload between the two steps changes nothing); the lifecycle carries a key over to an
 * edited rule when its kind, period and groupBy are unchanged and retires it otherwise (RESOLVED
 * for an open incident, see {@link LifecycleFn}).
 *
 * <p><b>Deadline</b> ({@link DeadlineKind}): at each deadline of a cron schedule, a group without a
 * matching entry in its lookback fires; its entry resolves it. Expected groups are tracked without
 * being seen: MatchRules seeds their keys with empty observations.
 *
 * <p><b>Silences</b> (ApplySilences, {@link Silences}): the rules file's silences mark alerts
 * evaluated inside a silence window with {@code silencedBy} (the sinks do not publish them) and
 * publish a FIRING still open when its window ends.
 *
 * <p>Samples, group values and the texts that name them are redacted with {@link Redactor} when the
 * alert is built; nothing unredacted leaves this transform.
 */
public final class EvaluateRules extends PTransform<PCollection<LogEvent>, PCollection<Alert>> {
  /**
   * Counter prefix, then a latency rule's name: matching entries whose response-time field held a
   * value that is neither a number nor a duration (not counted as requests).
   */
  public static final String LATENCY_UNREADABLE_COUNTER_PREFIX = "latency_unreadable_";

  /** Bounded runs: entries stamped more than a minute after Cloud Logging received them. */
  public static final String AHEAD_OF_RECEIPT_COUNTER = "entries_ahead_of_receipt";

  private final RuleSet rules;

  /** Names this instance's rules in {@link LiveRules}; each instance has its own. */
  private final String evaluationId = UUID.randomUUID().toString();

  // Set once by the with methods, each on a copy: the transform itself is never changed.
  private @Nullable PCollectionView<RuleSet> rulesView;
  private Duration allowedLateness = Duration.standardMinutes(60);
  private int maxGroupsPerRule = 10_000;
  private int hotKeyFanout;
  private Duration earlyFiring = Duration.standardSeconds(1);
  private Duration settle = Duration.standardSeconds(DEFAULT_SETTLE_SECONDS);
  private Duration evaluationDelay = Duration.ZERO;
  private KeyTimers.WallClock clock = System::currentTimeMillis;
  private int maxKnownTemplates = 10_000;
  private SerializableFunction<String, String> redactor;
  private SerializableFunction<String, MessageTemplate> miner;

  /** {@code alertSettleSeconds}'s default. */
  public static final int DEFAULT_SETTLE_SECONDS = 5;

  private EvaluateRules(RuleSet rules) {
    this.rules = rules;
    this.redactor = defaultRedactor();
    this.miner = defaultMiner();
  }

  /** A copy with its own {@link #evaluationId}, to change one setting of. */
  private EvaluateRules copy() {
    EvaluateRules c = new EvaluateRules(rules);
    c.rulesView = rulesView;
    c.allowedLateness = allowedLateness;
    c.maxGroupsPerRule = maxGroupsPerRule;
    c.hotKeyFanout = hotKeyFanout;
    c.earlyFiring = earlyFiring;
    c.settle = settle;
    c.evaluationDelay = evaluationDelay;
    c.clock = clock;
    c.maxKnownTemplates = maxKnownTemplates;
    c.redactor = redactor;
    c.miner = miner;
    return c;
  }

  /** Evaluates these rules with the default options. */
  public static EvaluateRules of(RuleSet rules) {
    return new EvaluateRules(rules);
  }

  /**
   * Evaluates these rules with the options' lateness, fanout and template cap; the group cap comes
   * from the rules options: {@code .withMaxGroupsPerRule(rulesOptions.getMaxGroupsPerRule())}.
   */
  public static EvaluateRules of(RuleSet rules, AlertingOptions options) {
    return of(rules)
        .withAllowedLateness(Duration.standardMinutes(options.getAllowedLatenessMinutes()))
        .withHotKeyFanout(options.getAlertHotKeyFanout())
        .withEarlyFiring(Duration.standardSeconds(options.getAlertEarlyFiringSeconds()))
        .withSettle(Duration.standardSeconds(options.getAlertSettleSeconds()))
        .withEvaluationDelay(Duration.standardSeconds(options.getAlertEvaluationDelaySeconds()))
        .withMaxKnownTemplatesPerGroup(options.getMaxKnownTemplatesPerGroup());
  }

  /**
   * Streaming: evaluate the rules this view holds at the time (e.g. {@code
   * RulesSideInput.refreshing}) instead of the launch rules; the launch rules given to {@code of}
   * stay the fallback of a worker that has not read the view yet. Returns a new transform; this one
   * is unchanged (as for every {@code with} method).
   */
  public EvaluateRules withRulesView(PCollectionView<RuleSet> v) {
    EvaluateRules c = copy();
    c.rulesView = v;
    return c;
  }

  public EvaluateRules withAllowedLateness(Duration v) {
    EvaluateRules c = copy();
    c.allowedLateness = v;
    return c;
  }

  public EvaluateRules withMaxGroupsPerRule(int v) {
    EvaluateRules c = copy();
    c.maxGroupsPerRule = v;
    return c;
  }

  public EvaluateRules withHotKeyFanout(int v) {
    EvaluateRules c = copy();
    c.hotKeyFanout = v;
    return c;
  }

  /**
   * Streaming: partial buckets are sent this long after their first entry, so threshold rules fire
   * within about this delay of the crossing entry instead of when the watermark passes the bucket
   * (ZERO: no partial buckets; every kind waits for the watermark).
   */
  public EvaluateRules withEarlyFiring(Duration v) {
    EvaluateRules c = copy();
    c.earlyFiring = v;
    return c;
  }

  /**
   * Streaming: a (rule, group) that receives a late pane (entries read after the watermark passed
   * their bucket) waits this long for the rest before it judges them or evaluates on (ZERO: each
   * late pane is judged as it comes). See {@link LifecycleFn#settleFor}.
   */
  public EvaluateRules withSettle(Duration v) {
    EvaluateRules c = copy();
    c.settle = v;
    return c;
  }

  /**
   * The processing-time clock by which a backlog's early panes are told from live ones (tests of a
   * live stream give the time of their entries). See {@link BacklogPanes#defersEarly}.
   */
  EvaluateRules withClock(KeyTimers.WallClock v) {
    EvaluateRules c = copy();
    c.clock = v;
    return c;
  }

  /**
   * Streaming: each boundary is evaluated when the watermark is this far past it (ZERO: as soon as
   * it passes), for a source whose entries come a steady while behind the watermark. See {@link
   * LifecycleFn#delayEvaluationBy}.
   */
  public EvaluateRules withEvaluationDelay(Duration v) {
    EvaluateRules c = copy();
    c.evaluationDelay = v;
    return c;
  }

  public EvaluateRules withMaxKnownTemplatesPerGroup(int v) {
    EvaluateRules c = copy();
    c.maxKnownTemplates = v;
    return c;
  }

  /** Tests only: a stand-in for {@link Redactor}. */
  EvaluateRules withRedactor(SerializableFunction<String, String> v) {
    EvaluateRules c = copy();
    c.redactor = v;
    return c;
  }

  /** Tests only: a stand-in for {@link TemplateMiner}. */
  EvaluateRules withMiner(SerializableFunction<String, MessageTemplate> v) {
    EvaluateRules c = copy();
    c.miner = v;
    return c;
  }

  private static SerializableFunction<String, String> defaultRedactor() {
    Redactor r = new Redactor();
    return r::redact;
  }

  private static SerializableFunction<String, MessageTemplate> defaultMiner() {
    TemplateMiner m = new TemplateMiner();
    return m::mine;
  }

  /** Replays: the alerts. */
  public static final TupleTag<Alert> ALERTS = new TupleTag<Alert>("alerts") {};

  /** Replays: every evaluation of every (rule, group). */
  public static final TupleTag<Evaluation> EVALUATIONS = new TupleTag<Evaluation>("evaluations") {};

  @Override
  public PCollection<Alert> expand(PCollection<LogEvent> entries) {
    return evaluate(entries.apply("MatchRuleFilters", matchFilters()));
  }

  /**
   * The filter test of these rules (the launch rules, or the reloadable view when set), as its own
   * step: the job applies it once, before the split, and feeds its output to both {@link
   * #onMatched} and the noisy-log account.
   */
  public MatchRuleFilters matchFilters() {
    return new MatchRuleFilters(rules, rulesView);
  }

  /**
   * The same evaluation over entries whose filters {@link #matchFilters} already tested: the steps
   * inside are named as in {@link #expand} (minus {@code MatchRuleFilters}), so the stateful ones
   * keep their names.
   */
  public PTransform<PCollection<MatchedEvent>, PCollection<Alert>> onMatched() {
    EvaluateRules self = this;
    return new PTransform<PCollection<MatchedEvent>, PCollection<Alert>>() {
      @Override
      public PCollection<Alert> expand(PCollection<MatchedEvent> matched) {
        return self.evaluate(matched);
      }
    };
  }

  private PCollection<Alert> evaluate(PCollection<MatchedEvent> entries) {
    return alerts(buckets(entries));
  }

  /** The alerts of the merged buckets: lifecycle per (rule, group), then silences. */
  private PCollection<Alert> alerts(Buckets b) {
    return b.buckets
        .apply("EvaluateAndTrackLifecycle", new TrackLifecycle(lifecycle(b.inputEnd, null)))
        .apply("ApplySilences", new Silences(rules, rulesView, evaluationId));
  }

  /**
   * The same evaluation as a replay of a bounded input, for rule tests and explain-rule: the output
   * holds {@link #ALERTS} and {@link #EVALUATIONS} (every evaluation with its window, value,
   * threshold and state change); time runs at least to {@code endAtLeastMillis}, and with {@code
   * drain} incidents open when the input ends are given time to resolve. Not for the job: the
   * evaluations are one element per key and bucket.
   */
  public PTransform<PCollection<LogEvent>, PCollectionTuple> replay(
      long endAtLeastMillis, boolean drain) {
    EvaluateRules self = this;
    return new PTransform<PCollection<LogEvent>, PCollectionTuple>() {
      @Override
      public PCollectionTuple expand(PCollection<LogEvent> events) {
        PCollection<MatchedEvent> entries = events.apply("MatchRuleFilters", self.matchFilters());
        Buckets b = self.buckets(entries);
        LifecycleFn fn =
            self.lifecycle(b.inputEnd, new LifecycleFn.Replay(endAtLeastMillis, drain));
        List<PCollectionView<?>> sideInputs = fn.sideInputs();
        PCollectionTuple out =
            b.buckets
                .apply("GlobalWindow", Window.<KV<String, BucketAgg>>into(new GlobalWindows()))
                .apply(
                    "Lifecycle",
                    ParDo.of(fn)
                        .withSideInputs(sideInputs)
                        .withOutputTags(ALERTS, TupleTagList.of(EVALUATIONS)));
        out.get(ALERTS).setCoder(AlertCoder.of());
        out.get(EVALUATIONS).setCoder(SerializableCoder.of(Evaluation.class));
        PCollection<Alert> alerts =
            out.get(ALERTS)
                .apply(
                    "ApplySilences", new Silences(self.rules, self.rulesView, self.evaluationId));
        return PCollectionTuple.of(ALERTS, alerts).and(EVALUATIONS, out.get(EVALUATIONS));
      }
    };
  }

  /** The merged buckets, and for a bounded input where its time ends ({@link InputEnd}). */
  private static final class Buckets {
    final PCollection<KV<String, BucketAgg>> buckets;
    final @Nullable PCollectionView<Long> inputEnd;

    Buckets(PCollection<KV<String, BucketAgg>> buckets, @Nullable PCollectionView<Long> inputEnd) {
      this.buckets = buckets;
      this.inputEnd = inputEnd;
    }
  }

  private Buckets buckets(PCollection<MatchedEvent> entries) {
    boolean bounded = entries.isBounded() == PCollection.IsBounded.BOUNDED;
    TupleTag<KV<String, BucketAgg>> partialsTag = new TupleTag<KV<String, BucketAgg>>() {};
    TupleTag<Long> newestTag = new TupleTag<Long>() {};
    MatchRulesFn fn = matchRulesFn(entries, bounded ? newestTag : null);
    List<PCollectionView<?>> sideInputs =
        rulesView == null ? List.of() : List.<PCollectionView<?>>of(rulesView);
    if (bounded) {
      // The bundles' newest event times come out of the same step, beside the partials.
      PCollectionTuple out =
          entries.apply(
              "MatchRules",
              ParDo.of(fn)
                  .withSideInputs(sideInputs)
                  .withOutputTags(partialsTag, TupleTagList.of(newestTag)));
      return buckets(out, partialsTag, newestTag);
    }
    PCollection<KV<String, BucketAgg>> partials =
        entries.apply("MatchRules", ParDo.of(fn).withSideInputs(sideInputs));
    return buckets(PCollectionTuple.of(partialsTag, partials), partialsTag, null);
  }

  /**
   * The merged buckets of the partials (and for a bounded input, the newest times) in {@code out}.
   */
  private Buckets buckets(
      PCollectionTuple out,
      TupleTag<KV<String, BucketAgg>> partialsTag,
      @Nullable TupleTag<Long> newestTag) {
    PCollection<KV<String, BucketAgg>> partials = out.get(partialsTag);
    partials.setCoder(KvCoder.of(StringUtf8Coder.of(), BucketAgg.BucketAggCoder.of()));
    PCollectionView<Long> inputEnd =
        newestTag == null
            ? null
            : out.get(newestTag).setCoder(VarLongCoder.of()).apply("InputEnd", new InputEnd());
    return new Buckets(
        partials.apply(
            "AggregateBuckets", new AggregateBuckets(allowedLateness, hotKeyFanout, earlyFiring)),
        inputEnd);
  }

  private MatchRulesFn matchRulesFn(PCollection<?> entries, @Nullable TupleTag<Long> newestTag) {
    EntryTemplates templates = new EntryTemplates(miner);
    return new MatchRulesFn(
        rules,
        rulesView,
        evaluationId,
        templates,
        m -> templates.apply(m).templateId(),
        maxGroupsPerRule,
        CombineOptions.maxPartialsPerBundle(entries),
        newestTag);
  }

  /**
   * Bounded inputs with the launch rules (batch jobs): {@link #expand}, with each entry made an
   * event by {@code front} (the parse step's parsing of raw entries: bad ones go to the output
   * {@code deadLetters}), its filters tested, its rule observations folded, and the matched entry
   * folded into {@code also}, another account of the matched entries (the noisy-log volumes), all
   * in one step ({@code MatchRules}, {@link MatchAndFoldFn}: the DirectRunner does not fuse steps).
   * The output holds {@link #ALERTS}, {@code deadLetters}, and under {@code alsoTag} {@code also}'s
   * partials coded with {@code alsoCoder}. The alerts are those of {@link #expand} over the parsed
   * entries.
   */
  public <I, K, A> PTransform<PCollection<I>, PCollectionTuple> withAccount(
      EntryFront<I> front,
      TupleTag<DeadLetter> deadLetters,
      BundleFolder<MatchedEvent, K, ?, A> also,
      TupleTag<KV<K, A>> alsoTag,
      Coder<KV<K, A>> alsoCoder) {
    EvaluateRules self = this;
    return new PTransform<PCollection<I>, PCollectionTuple>() {
      @Override
      public PCollectionTuple expand(PCollection<I> entries) {
        if (entries.isBounded() != PCollection.IsBounded.BOUNDED || self.rulesView != null) {
          throw new IllegalArgumentException(
              "withAccount is for bounded inputs with fixed rules; use matchFilters and onMatched");
        }
        TupleTag<KV<String, BucketAgg>> partialsTag = new TupleTag<KV<String, BucketAgg>>() {};
        TupleTag<Long> newestTag = new TupleTag<Long>() {};
        MatchAndFoldFn<I, K, A> fn =
            new MatchAndFoldFn<>(
                front,
                deadLetters,
                self.rules,
                self.matchRulesFn(entries, newestTag),
                also,
                alsoTag);
        PCollectionTuple out =
            entries.apply(
                "MatchRules",
                ParDo.of(fn)
                    .withOutputTags(
                        partialsTag, TupleTagList.of(newestTag).and(alsoTag).and(deadLetters)));
        PCollection<KV<K, A>> account = out.get(alsoTag).setCoder(alsoCoder);
        PCollection<DeadLetter> bad = out.get(deadLetters).setCoder(DeadLetter.Coder.of());
        PCollection<Alert> alerts = self.alerts(self.buckets(out, partialsTag, newestTag));
        return PCollectionTuple.of(ALERTS, alerts).and(alsoTag, account).and(deadLetters, bad);
      }
    };
  }

  private LifecycleFn lifecycle(
      @Nullable PCollectionView<Long> inputEnd, LifecycleFn.@Nullable Replay replay) {
    return new LifecycleFn(
            rules,
            rulesView,
            evaluationId,
            allowedLateness.getMillis(),
            maxKnownTemplates,
            inputEnd,
            redactor,
            miner,
            replay)
        .settleFor(settle.getMillis())
        .delayEvaluationBy(evaluationDelay.getMillis())
        .withClock(clock);
  }

  /**
   * Bounded runs only: the newest entry's event time, where time ends for absence, from the newest
   * of each bundle ({@link MatchRulesFn} puts it out when its bundle ends, in the global window).
   */
  static final class InputEnd extends PTransform<PCollection<Long>, PCollectionView<Long>> {
    /**
     * How far {@code e} takes time: its event time, but no later than when Cloud Logging received
     * it. A writer whose clock runs ahead (local time written as UTC) would otherwise end time
     * hours ahead for every group, and each quiet one would be reported absent meanwhile; a stream
     * does not either, its watermark following the publish times.
     */
    static long reachedMillis(LogEvent e) {
      long event = e.eventTime().getMillis();
      long received = e.receiveTimestampNanos();
      return received == 0 ? event : Math.min(event, Math.floorDiv(received, 1_000_000L));
    }

    @Override
    public PCollectionView<Long> expand(PCollection<Long> newestPerBundle) {
      return newestPerBundle
          .apply("GlobalWindow", Window.<Long>into(new GlobalWindows()))
          .apply("Newest", Combine.globally(Max.ofLongs()).asSingletonView());
    }
  }

  /** Global window, then the stateful per-(rule, group) evaluation and lifecycle. */
  static final class TrackLifecycle
      extends PTransform<PCollection<KV<String, BucketAgg>>, PCollection<Alert>> {
    private final LifecycleFn fn;

    TrackLifecycle(LifecycleFn fn) {
      this.fn = fn;
    }

    @Override
    public PCollection<Alert> expand(PCollection<KV<String, BucketAgg>> buckets) {
      ParDo.SingleOutput<KV<String, BucketAgg>, Alert> lifecycle = ParDo.of(fn);
      List<PCollectionView<?>> sideInputs = fn.sideInputs();
      if (!sideInputs.isEmpty()) {
        lifecycle = lifecycle.withSideInputs(sideInputs);
      }
      return buckets
          .apply("GlobalWindow", Window.<KV<String, BucketAgg>>into(new GlobalWindows()))
          .apply("Lifecycle", lifecycle)
          .setCoder(AlertCoder.of());
    }
  }
}
