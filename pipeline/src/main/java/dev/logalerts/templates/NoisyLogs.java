package dev.logalerts.templates;

import dev.logalerts.combine.BundleFolder;
import dev.logalerts.combine.CombineInBundle;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogFamily;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.MessageTemplate;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.parse.AccessLogFamily;
import dev.logalerts.parse.LogFamilies;
import dev.logalerts.templates.NoisyRowFactory.ToRowsFn;
import dev.logalerts.templates.NoisyVolumeFn.Volume;
import dev.logalerts.templates.VolumesByShard.MergeFn;
import dev.logalerts.templates.VolumesByShard.ShardFn;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The noisy-log volume account: every parsed entry is counted in exactly one {@link NoisyLogRow}
 * per window, by (project, service, resource type, log, severity, template). The input carries each
 * entry's matched alert rules ({@link MatchedEvent}, the job's one filter test); a row names the
 * rules that matched any of its entries ({@link NoisyLogRow#alertRules}), so an exclusion can be
 * checked against the alerts that depend on those entries.
 *
 * <pre>
 *   batch:     PartialVolumes ─► ShardVolumes ─► CombineVolume ─► ToRows ─► GlobalRows
 *   streaming: RouteTooLate ─┬─► PartialVolumes ─► ShardVolumes ─► CombineVolume ─► ToRows ─► GlobalOnTimeRows ──┐
 *                            └─► PartialTooLate ─► ShardTooLate ─► CombineTooLate ─► TooLateToRows ─► GlobalTooLateRows ─┴► AllRows
 * </pre>
 *
 * <p>The batch job folds the entries in its rule step instead ({@link #entryFolder}, then {@link
 * #fromPartials}: WindowVolumes ─► ShardVolumes ─► …), so each entry is read once where steps are
 * not fused; the rows are the same.
 *
 * <p>Step names are part of Dataflow update compatibility; the stateful ones (a GroupByKey inside)
 * are {@code CombineVolume} and {@code CombineTooLate}.
 *
 * <p><b>Why this windowing.</b> Volume belongs to the hour the entries were written, not the hour
 * they reached us, so rows use fixed <i>event-time</i> windows ({@code noisyLogWindowMinutes},
 * default 60) and an analyst's {@code GROUP BY window_start} lines up with Cloud Logging's own
 * charts. Each bundle's entries are first folded into one partial volume per key and window ({@link
 * CombineInBundle}): a chatty service reaches the shuffle once per bundle, not once per entry. The
 * partials are then merged per key in {@code noisyLogShards} groups ({@link VolumesByShard}), so
 * that a window closes with one group per shard instead of one per template (an optional hot-key
 * fanout, {@code noisyLogHotKeyFanout}, spreads a shard's merge further).
 *
 * <p><b>Pane semantics (late data).</b> Panes are <i>discarding</i>: each row is a delta holding
 * only the entries that arrived since the previous row of the same window and key. The watermark
 * pane is {@code pane_timing=ON_TIME} (batch has only these); entries behind the watermark but
 * within {@code allowedLatenessMinutes} produce further {@code LATE} rows (fired a minute of
 * processing time after the first late entry, to batch them), with increasing {@code pane_index}
 * (the pane of the key's shard, so a key's indexes may skip); optional {@code EARLY} rows come
 * before the watermark. Every entry is in exactly one row, so a plain {@code SUM(count)} is right
 * and nothing needs an upsert.
 *
 * <p><b>Too late.</b> Beam drops entries that reach a window after its allowed lateness, and a
 * pipeline cannot see them once dropped. So, in streaming, {@code RouteTooLate} decides first, from
 * the entry's arrival time ({@link ArrivalClock}: wall clock, or the entry's {@code
 * receiveTimestamp} if later): if its window closes less than {@link #SAFETY_MARGIN} after that
 * (half the allowed lateness when that is shorter: {@link #decisionMargin}), the entry is moved to
 * a separate account (counter {@code noisy_logs_late}): re-stamped at arrival + margin (ahead of
 * the watermark, so never dropped), grouped in {@link #TOO_LATE_WINDOW} arrival-time windows and
 * written as {@code TOO_LATE} rows that carry the entry's original event-time {@code window_start}.
 * They still add up under {@code SUM(count)}. The margin covers the few minutes between this
 * decision and the shuffle; an entry Beam would still have accepted may be routed to TOO_LATE
 * instead (e.g. while a backlog drains) — counted once either way. Batch input is never late and
 * skips the routing.
 *
 * <p><b>Output windowing.</b> A row carries its own window, so the output is in the global window:
 * in batch with the default trigger (one ON_TIME row per window and key), in streaming with a
 * per-element trigger, so a sink receives every row once, as soon as it exists.
 */
public class NoisyLogs extends PTransform<PCollection<MatchedEvent>, PCollection<NoisyLogRow>> {
  /** Entries counted in the account (namespace {@value PipelineCounters#NAMESPACE}). */
  public static final String ENTRIES_COUNTER = "noisy_logs_entries";

  /** Entries past the allowed lateness, counted in TOO_LATE rows. */
  public static final String LATE_COUNTER = "noisy_logs_late";

  /** Rows written. */
  public static final String ROWS_COUNTER = "noisy_logs_rows";

  /** {@link NoisyEntry#messageField()} of structural request-log templates. */
  public static final String HTTP_REQUEST_FIELD = "httpRequest";

  /** Template of an entry with neither message nor httpRequest. */
  public static final String EMPTY_TEMPLATE = "(no message)";

  /** Stored samples are cut to this many characters (after redaction). */
  public static final int MAX_SAMPLE_CHARS = 2000;

  /** Messages are cut to this before sampling, to bound accumulators; redaction sees all of it. */
  static final int MAX_CARRIED_CHARS = 8192;

  /** Arrival-time window of the TOO_LATE account. */
  public static final Duration TOO_LATE_WINDOW = Duration.standardMinutes(10);

  /** See class doc: how far ahead of arrival a window must still be open to be trusted. */
  public static final Duration SAFETY_MARGIN = Duration.standardMinutes(10);

  /** Processing-time delay that batches late entries into one LATE row. */
  public static final Duration LATE_FIRING_DELAY = Duration.standardMinutes(1);

  private static final TupleTag<MatchedEvent> IN_TIME = new TupleTag<MatchedEvent>() {};
  private static final TupleTag<MatchedEvent> TOO_LATE = new TupleTag<MatchedEvent>() {};

  /** When an entry reached the pipeline, in epoch millis. */
  @FunctionalInterface
  public interface ArrivalClock extends Serializable {
    long arrivalMillis(LogEvent e);
  }

  /** Default clock: now, or the entry's receiveTimestamp when that is later (clock skew). */
  public static final ArrivalClock WALL_CLOCK =
      e -> Math.max(System.currentTimeMillis(), e.receiveTimestampNanos() / 1_000_000L);

  private final Duration window;
  private final Duration allowedLateness;
  private final Duration earlyFiring;
  private final double pricePerGib;
  private final int hotKeyFanout;
  private final int shards;
  private final SerializableFunction<String, MessageTemplate> miner;
  private final ArrivalClock clock;

  private NoisyLogs(
      Duration window,
      Duration allowedLateness,
      Duration earlyFiring,
      double pricePerGib,
      int hotKeyFanout,
      int shards,
      SerializableFunction<String, MessageTemplate> miner,
      ArrivalClock clock) {
    this.window = window;
    this.allowedLateness = allowedLateness;
    this.earlyFiring = earlyFiring;
    this.pricePerGib = pricePerGib;
    this.hotKeyFanout = hotKeyFanout;
    this.shards = shards;
    this.miner = miner;
    this.clock = clock;
  }

  /** The account with the options' window, lateness, price, fanout and shards; the real miner. */
  public static NoisyLogs from(NoisyLogOptions o) {
    return new NoisyLogs(
        Duration.standardMinutes(o.getNoisyLogWindowMinutes()),
        Duration.standardMinutes(o.getAllowedLatenessMinutes()),
        Duration.standardMinutes(o.getNoisyLogEarlyFiringMinutes()),
        o.getIngestionPricePerGib(),
        o.getNoisyLogHotKeyFanout(),
        o.getNoisyLogShards(),
        new MinerFn(),
        WALL_CLOCK);
  }

  /** Defaults: 1 h windows, 1 h lateness, no early rows, $0.50/GiB, no fanout, 64 shards. */
  public static NoisyLogs create() {
    return new NoisyLogs(
        Duration.standardHours(1),
        Duration.standardHours(1),
        Duration.ZERO,
        0.50,
        0,
        NoisyLogOptions.DEFAULT_SHARDS,
        new MinerFn(),
        WALL_CLOCK);
  }

  public NoisyLogs withWindow(Duration w) {
    return new NoisyLogs(
        w, allowedLateness, earlyFiring, pricePerGib, hotKeyFanout, shards, miner, clock);
  }

  public NoisyLogs withAllowedLateness(Duration d) {
    return new NoisyLogs(window, d, earlyFiring, pricePerGib, hotKeyFanout, shards, miner, clock);
  }

  public NoisyLogs withEarlyFiring(Duration d) {
    return new NoisyLogs(
        window, allowedLateness, d, pricePerGib, hotKeyFanout, shards, miner, clock);
  }

  public NoisyLogs withPricePerGib(double p) {
    return new NoisyLogs(
        window, allowedLateness, earlyFiring, p, hotKeyFanout, shards, miner, clock);
  }

  /** How many groups the per-key merge uses per window (see {@link VolumesByShard}). */
  public NoisyLogs withShards(int n) {
    return new NoisyLogs(
        window, allowedLateness, earlyFiring, pricePerGib, hotKeyFanout, n, miner, clock);
  }

  /** Replaces the template miner (tests; alternative miners). */
  public NoisyLogs withMiner(SerializableFunction<String, MessageTemplate> m) {
    return new NoisyLogs(
        window, allowedLateness, earlyFiring, pricePerGib, hotKeyFanout, shards, m, clock);
  }

  /** Replaces the arrival clock used to route too-late entries (tests). */
  public NoisyLogs withArrivalClock(ArrivalClock c) {
    return new NoisyLogs(
        window, allowedLateness, earlyFiring, pricePerGib, hotKeyFanout, shards, miner, c);
  }

  @Override
  public PCollection<NoisyLogRow> expand(PCollection<MatchedEvent> events) {
    NoisyRowFactory rows = new NoisyRowFactory(window.getMillis(), pricePerGib);
    PCollection<MatchedEvent> inTime = events;
    PCollection<MatchedEvent> tooLate = null;
    if (events.isBounded() == PCollection.IsBounded.UNBOUNDED) {
      PCollectionTuple routed =
          events.apply(
              "RouteTooLate",
              ParDo.of(new RouteTooLateFn(window.getMillis(), allowedLateness.getMillis(), clock))
                  .withOutputTags(IN_TIME, TupleTagList.of(TOO_LATE)));
      inTime = routed.get(IN_TIME).setCoder(MatchedEvent.Coder.of());
      tooLate = routed.get(TOO_LATE).setCoder(MatchedEvent.Coder.of());
    }

    PCollection<NoisyLogRow> onTime =
        volumeRows(inTime.apply("PartialVolumes", partialVolumes()), rows);
    if (tooLate == null) {
      // Batch: one ON_TIME pane per window; the row carries its window, sinks get plain rows.
      return onTime.apply("GlobalRows", Window.<NoisyLogRow>into(new GlobalWindows()));
    }
    KvCoder<Long, NoisyKey> tooLateKeyCoder = KvCoder.of(VarLongCoder.of(), NoisyKey.Coder.of());
    PCollection<NoisyLogRow> late =
        tooLate
            .apply(
                "PartialTooLate",
                CombineInBundle.keyedBy(
                    new TooLateKeyFn(miner, window.getMillis()),
                    KvCoder.of(tooLateKeyCoder, NoisyEntry.Coder.of()),
                    new NoisyVolumeFn(),
                    Window.<KV<KV<Long, NoisyKey>, Volume>>into(FixedWindows.of(TOO_LATE_WINDOW)),
                    ENTRIES_COUNTER))
            .apply("ShardTooLate", ParDo.of(new ShardFn<>(NoisyLogs::stableHash, shards)))
            .setCoder(VolumesByShard.shardedCoder(tooLateKeyCoder))
            .apply("CombineTooLate", Combine.perKey(new MergeFn<>(tooLateKeyCoder)))
            .setCoder(VolumesByShard.mergedCoder(tooLateKeyCoder))
            .apply("TooLateToRows", ParDo.of(new ToRowsFn<>(rows, NoisyRowFactory::tooLate)));
    // The two accounts are windowed differently (event time vs arrival); a row carries its own
    // window, so both go to the global window, each row passed on as soon as it is produced.
    return PCollectionList.of(globally(onTime, "GlobalOnTimeRows"))
        .and(globally(late, "GlobalTooLateRows"))
        .apply("AllRows", Flatten.pCollections());
  }

  /**
   * Bounded input only: the per-entry keying and folding of {@code PartialVolumes}, for a step that
   * already reads every matched entry (the job's rule matching: one pass per entry instead of two
   * where steps are not fused); its partials, coded with {@link #partialsCoder}, then go through
   * {@link #fromPartials}. The rows are those of {@link #expand}.
   */
  public BundleFolder<MatchedEvent, NoisyKey, NoisyEntry, Volume> entryFolder(Pipeline pipeline) {
    return partialVolumes().folder(pipeline);
  }

  /** The coder of {@link #entryFolder}'s partials. */
  public KvCoder<NoisyKey, Volume> partialsCoder(Pipeline pipeline) {
    return partialVolumes().outputCoder(pipeline);
  }

  /** Bounded input only: the account of the partials {@link #entryFolder} made. */
  public PTransform<PCollection<KV<NoisyKey, Volume>>, PCollection<NoisyLogRow>> fromPartials() {
    NoisyLogs self = this;
    return new PTransform<PCollection<KV<NoisyKey, Volume>>, PCollection<NoisyLogRow>>() {
      @Override
      public PCollection<NoisyLogRow> expand(PCollection<KV<NoisyKey, Volume>> partials) {
        NoisyRowFactory rows = new NoisyRowFactory(self.window.getMillis(), self.pricePerGib);
        return self.volumeRows(
                partials.apply("WindowVolumes", self.partialVolumes().windowing()), rows)
            .apply("GlobalRows", Window.<NoisyLogRow>into(new GlobalWindows()));
      }
    };
  }

  /** Keys each entry by its template and folds it into its bundle's partial volume. */
  private CombineInBundle.KeyedBy<MatchedEvent, NoisyKey, NoisyEntry, Volume> partialVolumes() {
    return CombineInBundle.keyedBy(
        new TemplateKeyFn(miner),
        KvCoder.of(NoisyKey.Coder.of(), NoisyEntry.Coder.of()),
        new NoisyVolumeFn(),
        Window.<KV<NoisyKey, Volume>>into(FixedWindows.of(window))
            .triggering(trigger())
            .withAllowedLateness(allowedLateness)
            .discardingFiredPanes(),
        ENTRIES_COUNTER);
  }

  /** Rows of windowed partial volumes: merged by shard, one row per key and window. */
  private PCollection<NoisyLogRow> volumeRows(
      PCollection<KV<NoisyKey, Volume>> partials, NoisyRowFactory rows) {
    return partials
        .apply("ShardVolumes", ParDo.of(new ShardFn<>(NoisyKey::stableHash, shards)))
        .setCoder(VolumesByShard.shardedCoder(NoisyKey.Coder.of()))
        .apply("CombineVolume", withFanout(Combine.perKey(new MergeFn<>(NoisyKey.Coder.of()))))
        .setCoder(VolumesByShard.mergedCoder(NoisyKey.Coder.of()))
        .apply("ToRows", ParDo.of(new ToRowsFn<>(rows, NoisyRowFactory::onTime)));
  }

  /** The per-shard merge of partial volumes, with hot-key fanout when one is set. */
  private <K, InputT, OutputT>
      PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> withFanout(
          Combine.PerKey<K, InputT, OutputT> combine) {
    return hotKeyFanout > 1 ? combine.withHotKeyFanout(hotKeyFanout) : combine;
  }

  /** The too-late account's key: its event-time window start and the noisy-log key. */
  private static int stableHash(KV<Long, NoisyKey> key) {
    return 31 * Long.hashCode(key.getKey()) + key.getValue().stableHash();
  }

  private static PCollection<NoisyLogRow> globally(PCollection<NoisyLogRow> rows, String name) {
    return rows.apply(
        name,
        Window.<NoisyLogRow>into(new GlobalWindows())
            .triggering(Repeatedly.forever(AfterPane.elementCountAtLeast(1)))
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes());
  }

  private Trigger trigger() {
    AfterWatermark.AfterWatermarkEarlyAndLate t =
        AfterWatermark.pastEndOfWindow()
            .withLateFirings(
                AfterProcessingTime.pastFirstElementInPane().plusDelayOf(LATE_FIRING_DELAY));
    if (earlyFiring.getMillis() > 0) {
      t = t.withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiring));
    }
    return t;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The account's step for each entry, as the job runs it: the entry's key (its template id: the
   * structural template of request logs and GCP log families, else the mined one) and what its
   * volume keeps. For benchmarks of the per-entry path.
   */
  public static SerializableFunction<MatchedEvent, KV<NoisyKey, NoisyEntry>> entryKeys() {
    return new TemplateKeyFn(new MinerFn());
  }

  /** The real miner behind a serializable function. */
  static final class MinerFn implements SerializableFunction<String, MessageTemplate> {
    private final TemplateMiner miner = new TemplateMiner();

    @Override
    public MessageTemplate apply(String message) {
      return miner.mine(message);
    }
  }

  /** Streaming only: splits off entries whose window can no longer be trusted to accept them. */
  static final class RouteTooLateFn extends DoFn<MatchedEvent, MatchedEvent> {
    private final long windowMillis;
    private final long latenessMillis;
    private final ArrivalClock clock;
    private final Counter late = PipelineCounters.counter(LATE_COUNTER);

    RouteTooLateFn(long windowMillis, long latenessMillis, ArrivalClock clock) {
      this.windowMillis = windowMillis;
      this.latenessMillis = latenessMillis;
      this.clock = clock;
    }

    @ProcessElement
    public void process(@Element MatchedEvent m, MultiOutputReceiver out) {
      LogEvent e = m.event();
      long eventMillis = e.eventTime().getMillis();
      long closes = windowStart(eventMillis, windowMillis) + windowMillis + latenessMillis;
      long arrival = clock.arrivalMillis(e);
      if (closes >= arrival + decisionMargin(latenessMillis)) {
        out.get(IN_TIME).output(m);
      } else {
        late.inc();
        // Later than the event time (closes > event time), so allowed; ahead of the watermark.
        out.get(TOO_LATE).outputWithTimestamp(m, new Instant(arrival + SAFETY_MARGIN.getMillis()));
      }
    }
  }

  /**
   * How long before its window closes an entry must arrive to be counted in it: {@link
   * #SAFETY_MARGIN}, but at most half the allowed lateness, so that an allowed lateness under 20
   * minutes (or none) still counts the entries that arrive on time instead of routing them all to
   * TOO_LATE.
   */
  static long decisionMargin(long latenessMillis) {
    return Math.min(SAFETY_MARGIN.getMillis(), Math.max(0, latenessMillis / 2));
  }

  /** Start of the fixed window (offset 0) holding this instant, as FixedWindows assigns it. */
  static long windowStart(long millis, long windowMillis) {
    return millis - Math.floorMod(millis, windowMillis);
  }

  /** Mines the template and builds the account key; the entry keeps its matched rules' names. */
  static final class TemplateKeyFn
      implements SerializableFunction<MatchedEvent, KV<NoisyKey, NoisyEntry>> {
    private final SerializableFunction<String, MessageTemplate> miner;
    private transient @Nullable Map<String, String> structuralIds;
    private transient @Nullable RequestTemplateTexts requestTexts;

    TemplateKeyFn(SerializableFunction<String, MessageTemplate> miner) {
      this.miner = miner;
    }

    @Override
    public KV<NoisyKey, NoisyEntry> apply(MatchedEvent m) {
      LogEvent e = m.event();
      String message = e.message();
      String templateId;
      String template;
      String field;
      HttpRequest http = e.httpRequest();
      LogFamily kind = LogFamilies.of(e); // classified once for both lookups below
      LogFamilies.Structural family = LogFamilies.structural(e, kind);
      AccessLogFamily.Line access;
      AccessLines.Line line;
      AppEngineRequests.Line gae;
      if (family != null) {
        // A GCP log family's own template (audit method and status, VPC flow, DNS…): not mined.
        template = family.template();
        field = SuggestedExclusion.CLAUSES + family.clauses();
        templateId = structuralId(template);
      } else if ((access = LogFamilies.accessLine(e, kind)) != null) {
        // A proxy's JSON access log without message text: a request template, as for httpRequest.
        String path = RequestTemplates.normalisePath(access.path());
        template = access.method() + ' ' + path + ' ' + access.statusClass() + access.flagsSuffix();
        field = SuggestedExclusion.CLAUSES + access.clauses(path, RequestTemplates.PLACEHOLDER);
        templateId = structuralId(template);
      } else if ((gae = AppEngineRequests.of(e)) != null) {
        // An App Engine request log without app lines: its httpRequest has the status only.
        template = gae.template;
        field = SuggestedExclusion.CLAUSES + gae.clauses;
        templateId = structuralId(template);
      } else if (message.isEmpty()
          || (http != null && RequestTemplates.isRequestLine(message, http))) {
        if (http != null) {
          template = requestTexts().template(e, http);
          message = http.requestMethod() + ' ' + http.requestUrl() + ' ' + http.status();
          field = HTTP_REQUEST_FIELD;
        } else {
          template = EMPTY_TEMPLATE;
          field = "";
        }
        templateId = structuralId(template);
      } else {
        field = MessageFields.of(e);
        if (field.startsWith(SuggestedExclusion.CLAUSES)) {
          // The jsonPayload's shape ({a, b, c}): already a template, its key names are no data.
          template = message;
          templateId = structuralId(template);
        } else if (!field.isEmpty() && (line = AccessLines.parse(message)) != null) {
          // An Envoy or combined-format access line: the request template, not a mined one.
          template = line.template;
          field = line.field(field);
          templateId = structuralId(template);
        } else {
          MessageTemplate t = miner.apply(StackTraceFields.minedText(e, message));
          template = RuntimeBreakdowns.fold(RequestRoutes.fill(t.template(), message));
          template = AirflowNames.foldOptionalKeys(LogfmtQuotes.unquote(template));
          // A request line's route split out of the mined template: its own row.
          templateId = template == t.template() ? t.templateId() : structuralId(template);
          // A message that is its JSON field's whole value: the exclusion may anchor its ends.
          String whole = MessageFields.wholeValueField(e, field);
          if (whole != null) {
            field = whole;
          }
        }
      }
      if (message.length() > MAX_CARRIED_CHARS) {
        message = message.substring(0, MAX_CARRIED_CHARS);
      }
      NoisyKey key =
          NoisyKey.of(
              e.projectId(), e.service(), e.resourceType(), e.logId(), e.severity(), templateId);
      return KV.of(
          key,
          NoisyEntry.of(
              e.insertId(),
              e.timestampNanos(),
              e.sizeBytes(),
              message,
              template,
              field,
              m.ruleNames()));
    }

    private RequestTemplateTexts requestTexts() {
      return requestTexts != null ? requestTexts : (requestTexts = new RequestTemplateTexts());
    }

    private String structuralId(String template) {
      if (structuralIds == null) {
        structuralIds = new HashMap<>();
      }
      String id = structuralIds.get(template);
      if (id == null) {
        if (structuralIds.size() >= 10_000) {
          structuralIds.clear(); // bounded cache; ids are recomputed, never different
        }
        id = TemplateMiner.idOf(template); // the miner's id scheme: one id space
        structuralIds.put(template, id);
      }
      return id;
    }
  }

  /** Too-late path: the key also carries the entry's original event-time window start. */
  static final class TooLateKeyFn
      implements SerializableFunction<MatchedEvent, KV<KV<Long, NoisyKey>, NoisyEntry>> {
    private final TemplateKeyFn keyFn;
    private final long windowMillis;

    TooLateKeyFn(SerializableFunction<String, MessageTemplate> miner, long windowMillis) {
      this.keyFn = new TemplateKeyFn(miner);
      this.windowMillis = windowMillis;
    }

    @Override
    public KV<KV<Long, NoisyKey>, NoisyEntry> apply(MatchedEvent m) {
      KV<NoisyKey, NoisyEntry> kv = keyFn.apply(m);
      long start = windowStart(m.event().eventTime().getMillis(), windowMillis);
      return KV.of(KV.of(start, kv.getKey()), kv.getValue());
    }
  }
}
