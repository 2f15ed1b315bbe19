package dev.logalerts.io;

import dev.logalerts.model.PipelineCounters;
import dev.logalerts.rules.RuleSet;
import java.io.Serializable;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of a streaming job as a side input, re-read from {@code rulesPath} every {@code
 * rulesRefreshMinutes} (Beam's "slowly updating global window side input" pattern: a {@link
 * PeriodicImpulse}, a reload, a global window that fires on every new element, {@link
 * View#asSingleton()}), so a rules change needs no redeploy. (A batch run uses the rules validated
 * at launch directly.)
 *
 * <p>A reload that fails (unreadable file, invalid rules) publishes nothing, so the side input
 * keeps the last good rules; the failure is counted in {@value #RELOAD_FAILED_COUNTER} and logged
 * once per error (not at every refresh), and the version in effect is logged when the file is valid
 * again or changes, so whoever pushed the file can tell which version the job runs. A reload that
 * finds the same version publishes nothing either, so workers do not re-fetch the side input every
 * period. Which of these happens is {@link #select}, a plain function.
 *
 * <p>The parse step reads this side input too: each entry is parsed for the version the step holds
 * (the payload fields that version reads, see {@code LogAlertsPipeline#parser}), so a reloaded
 * version's fields are kept as the launch version's are.
 */
public class RulesSideInput extends PTransform<PBegin, PCollectionView<RuleSet>> {
  public static final String RELOAD_FAILED_COUNTER = "rules_reload_failed";
  public static final String RELOADED_COUNTER = "rules_reloaded";

  /** Reads and validates a rules file; {@code dev.logalerts.rules.RulesLoader::load}. */
  @FunctionalInterface
  public interface Loader extends Serializable {
    RuleSet load(String path) throws Exception;
  }

  private final RuleSet initial;
  private final String path;
  private final Duration refresh;
  private final Loader loader;

  private RulesSideInput(RuleSet initial, String path, Duration refresh, Loader loader) {
    this.initial = initial;
    this.path = path;
    this.refresh = refresh;
    this.loader = loader;
  }

  /**
   * Streaming: {@code initial} (validated at launch) until the first reload, then whatever {@code
   * loader} last read successfully from {@code path}, re-read every {@code refresh}.
   */
  public static RulesSideInput refreshing(
      RuleSet initial, String path, Duration refresh, Loader loader) {
    return new RulesSideInput(initial, path, refresh, loader);
  }

  @Override
  public PCollectionView<RuleSet> expand(PBegin input) {
    return input
        .apply("RefreshTick", PeriodicImpulse.create().withInterval(refresh))
        .apply("ReloadRules", new Reload(initial, path, loader))
        .setCoder(SerializableCoder.of(RuleSet.class))
        .apply(
            "LatestRules",
            Window.<RuleSet>into(new GlobalWindows())
                .triggering(Repeatedly.forever(AfterPane.elementCountAtLeast(1)))
                .discardingFiredPanes()
                // No empty pane when the window closes (drain): a singleton view cannot hold it.
                .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY))
        .apply("RulesView", View.asSingleton());
  }

  /**
   * What to publish after a reload attempt, given the version published so far ({@code null} before
   * the first) and the loaded rules ({@code null} when loading or validation failed): the rules to
   * publish, or {@code null} to keep what the side input has.
   */
  static @Nullable RuleSet select(
      @Nullable String publishedVersion, @Nullable RuleSet loaded, RuleSet initial) {
    if (loaded == null) {
      return publishedVersion == null ? initial : null;
    }
    return loaded.version().equals(publishedVersion) ? null : loaded;
  }

  /** Ticks to rule sets: one output per successful change. */
  static class Reload extends PTransform<PCollection<Instant>, PCollection<RuleSet>> {
    private final RuleSet initial;
    private final String path;
    private final Loader loader;

    Reload(RuleSet initial, String path, Loader loader) {
      this.initial = initial;
      this.path = path;
      this.loader = loader;
    }

    @Override
    public PCollection<RuleSet> expand(PCollection<Instant> ticks) {
      return ticks
          .apply("SingleKey", WithKeys.of("rules"))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), InstantCoder.of()))
          .apply("LoadAndValidate", ParDo.of(new ReloadFn(initial, path, loader)))
          .setCoder(SerializableCoder.of(RuleSet.class));
    }
  }

  /** Loads the rules once per tick; state remembers the published version. */
  static class ReloadFn extends DoFn<KV<String, Instant>, RuleSet> {
    private static final Logger LOG = LoggerFactory.getLogger(RulesSideInput.class);

    private final RuleSet initial;
    private final String path;
    private final Loader loader;
    private final Counter failed = PipelineCounters.counter(RELOAD_FAILED_COUNTER);
    private final Counter reloaded = PipelineCounters.counter(RELOADED_COUNTER);

    @StateId("published")
    private final StateSpec<ValueState<String>> publishedSpec =
        StateSpecs.value(StringUtf8Coder.of());

    /** The error of the last reload when it failed, said once; null once a reload succeeds. */
    @StateId("failure")
    private final StateSpec<ValueState<String>> failureSpec =
        StateSpecs.value(StringUtf8Coder.of());

    ReloadFn(RuleSet initial, String path, Loader loader) {
      this.initial = initial;
      this.path = path;
      this.loader = loader;
    }

    @ProcessElement
    public void process(
        @StateId("published") ValueState<String> published,
        @StateId("failure") ValueState<String> failure,
        OutputReceiver<RuleSet> out) {
      RuleSet loaded;
      String kept = published.read() == null ? initial.version() : published.read();
      try {
        loaded = loader.load(path);
      } catch (Exception e) {
        failed.inc();
        String error = String.valueOf(e.getMessage());
        if (!error.equals(failure.read())) {
          // Once per error: the same message every refresh buried the rest of the log.
          LOG.error(
              "Rules reload from {} failed; keeping rules version {} until the file is valid"
                  + " (said again only if the error changes): {}",
              path,
              kept,
              error);
          failure.write(error);
        }
        loaded = null;
      }
      RuleSet next = select(published.read(), loaded, initial);
      if (loaded != null && failure.read() != null) {
        failure.clear();
        if (next == null) {
          LOG.info("Rules file {} is valid again: version {} stays in effect", path, kept);
        }
      }
      if (next != null) {
        if (published.read() != null) {
          reloaded.inc();
          LOG.info(
              "Rules updated from {}: version {} in effect ({} {})",
              path,
              next.version(),
              next.rules().size(),
              next.rules().size() == 1 ? "rule" : "rules");
        }
        published.write(next.version());
        out.output(next);
      }
    }
  }
}
