package dev.logalerts.alerting;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.MessageTemplate;
import dev.logalerts.model.Severity;
import dev.logalerts.model.Timestamps;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** Builders shared by the alerting tests: entries, rules, a test filter, miner and redactor. */
final class AlertTestSupport {
  /** 2026-11-20T10:00:00Z. */
  static final long T0 = Timestamps.parse("2026-11-20T10:00:00Z") / 1_000_000L;

  private AlertTestSupport() {}

  /** A test-only compiled filter: a serializable predicate with its text. */
  interface Pred extends Serializable {
    boolean test(LogEvent e);
  }

  static CompiledFilter filter(String text, Pred p) {
    return new CompiledFilter() {
      @Override
      public boolean test(LogEvent event) {
        return p.test(event);
      }

      @Override
      public String text() {
        return text;
      }
    };
  }

  static final CompiledFilter ERRORS =
      filter("severity>=ERROR", e -> e.severity().number() >= Severity.ERROR.number());
  static final CompiledFilter ALL = filter("", e -> true);
  static final CompiledFilter HTTP = filter("httpRequest:*", e -> e.httpRequest() != null);
  static final CompiledFilter HTTP_5XX =
      filter(
          "httpRequest.status>=500",
          e -> e.httpRequest() != null && e.httpRequest().status() >= 500);

  static long at(int minutes, int seconds) {
    return T0 + minutes * 60_000L + seconds * 1000L;
  }

  static LogEvent entry(String id, long millis, String service, Severity sev, String message) {
    return LogEvent.builder()
        .setInsertId(id)
        .setTimestampNanos(millis * 1_000_000L)
        .setService(service)
        .setSeverity(sev)
        .setProjectId("demo-project")
        .setMessage(message)
        .build();
  }

  static LogEvent error(String id, long millis, String service) {
    return entry(id, millis, service, Severity.ERROR, "payment failed for order " + id);
  }

  static LogEvent request(String id, long millis, String service, int status, double latencySec) {
    return LogEvent.builder()
        .setInsertId(id)
        .setTimestampNanos(millis * 1_000_000L)
        .setService(service)
        .setSeverity(status >= 500 ? Severity.ERROR : Severity.INFO)
        .setProjectId("demo-project")
        .setMessage("GET /api/cart " + status)
        .setHttpRequest(
            HttpRequest.builder()
                .setRequestMethod("GET")
                .setRequestUrl("/api/cart")
                .setStatus(status)
                .setLatencyNanos((long) (latencySec * 1e9))
                .build())
        .build();
  }

  static Rule.Builder rule(String name, RuleType type, CompiledFilter filter, String... groupBy) {
    List<FieldPath> paths = new ArrayList<>();
    for (String g : groupBy) {
      paths.add(g.equals(Rule.TEMPLATE_KEY) ? null : FieldPath.parse(g));
    }
    return Rule.builder()
        .setName(name)
        .setType(type)
        .setFilter(filter)
        .setGroupBy(List.of(groupBy))
        .setGroupByPaths(paths)
        .setWindow(Duration.standardMinutes(5))
        .setPeriod(Duration.standardMinutes(1))
        .setSuppressFor(Duration.standardMinutes(30));
  }

  static RuleSet rules(Rule... rules) {
    return RuleSet.of(List.of(rules), "test");
  }

  /** Deterministic stand-in miner: digits become <*>; id = hash of the template. */
  static final SerializableFunction<String, MessageTemplate> MINER =
      m -> {
        String t = m.replaceAll("[0-9]+", "<*>");
        return MessageTemplate.of(String.format("%08x", t.hashCode()), t);
      };

  /**
   * Stand-in redactor: hides values of secret=... Idempotent, as {@code Redactor} is: alerts redact
   * texts that already hold a redacted template (a summary quoting it).
   */
  static final SerializableFunction<String, String> REDACTOR =
      m -> m.replaceAll("secret=(?!\\[REDACTED:)[^\\s\"]+", "secret=[REDACTED:secret]");

  static EvaluateRules evaluate(RuleSet rules) {
    return EvaluateRules.of(rules).withMiner(MINER).withRedactor(REDACTOR);
  }

  static Create.TimestampedValues<LogEvent> batch(List<LogEvent> entries) {
    List<TimestampedValue<LogEvent>> tv = new ArrayList<>();
    for (LogEvent e : entries) {
      tv.add(TimestampedValue.of(e, e.eventTime()));
    }
    return Create.timestamped(tv).withCoder(LogEventCoder.of());
  }

  /**
   * Batch, as one bundle in the given order: one DoFn instance downstream sees every entry, in this
   * order (a {@link #batch} is split into bundles that the runner schedules as it likes). For
   * behaviour that depends on what one worker sees, such as per-worker caps and the order of days.
   */
  static PTransform<PBegin, PCollection<LogEvent>> inOneBundle(List<LogEvent> entries) {
    List<byte[]> encoded = new ArrayList<>();
    for (LogEvent e : entries) {
      try {
        encoded.add(CoderUtils.encodeToByteArray(LogEventCoder.of(), e));
      } catch (CoderException x) {
        throw new IllegalArgumentException(x);
      }
    }
    return new PTransform<PBegin, PCollection<LogEvent>>() {
      @Override
      public PCollection<LogEvent> expand(PBegin begin) {
        return begin
            .apply("One", Create.of(0))
            .apply("InOrder", ParDo.of(new OutputInOrder(encoded)))
            .setCoder(LogEventCoder.of());
      }
    };
  }

  private static final class OutputInOrder extends DoFn<Integer, LogEvent> {
    private final List<byte[]> encoded;

    OutputInOrder(List<byte[]> encoded) {
      this.encoded = encoded;
    }

    @ProcessElement
    public void process(OutputReceiver<LogEvent> out) throws CoderException {
      for (byte[] b : encoded) {
        LogEvent e = CoderUtils.decodeFromByteArray(LogEventCoder.of(), b);
        out.outputWithTimestamp(e, e.eventTime());
      }
    }
  }

  /**
   * Streaming: entries in the given order, the watermark following them {@code lagMinutes} behind
   * the newest, then to infinity.
   */
  static TestStream<LogEvent> stream(
      Coder<LogEvent> coder, List<LogEvent> entries, int lagMinutes) {
    TestStream.Builder<LogEvent> b = TestStream.create(coder);
    long newest = Long.MIN_VALUE;
    long watermark = Long.MIN_VALUE;
    List<TimestampedValue<LogEvent>> batch = new ArrayList<>();
    for (LogEvent e : entries) {
      batch.add(TimestampedValue.of(e, e.eventTime()));
      newest = Math.max(newest, e.eventTime().getMillis());
      long wm = newest - lagMinutes * 60_000L;
      // Advance in steps of at least 10 s of event time (fewer TestStream events, same semantics
      // as a source whose watermark ticks every 10 s).
      if (wm >= watermark + 10_000L) {
        b = addAll(b, batch);
        batch.clear();
        b = b.advanceWatermarkTo(new Instant(wm));
        watermark = wm;
      }
    }
    return addAll(b, batch).advanceWatermarkToInfinity();
  }

  private static TestStream.Builder<LogEvent> addAll(
      TestStream.Builder<LogEvent> b, List<TimestampedValue<LogEvent>> batch) {
    if (batch.isEmpty()) {
      return b;
    }
    @SuppressWarnings("unchecked")
    TimestampedValue<LogEvent>[] rest =
        batch.subList(1, batch.size()).toArray(new TimestampedValue[0]);
    return b.addElements(batch.get(0), rest);
  }

  /** A real entry of {@code src/test/resources/entries}, through the job's parser. */
  static LogEvent entryFixture(String name) throws Exception {
    try (InputStream in = AlertTestSupport.class.getResourceAsStream("/entries/" + name)) {
      return new LogEntryParser().parse(in.readAllBytes());
    }
  }

  /** The FIRING alerts, in {@link #sorted} order. */
  static List<Alert> firing(Iterable<Alert> alerts) {
    List<Alert> out = new ArrayList<>();
    for (Alert a : sorted(alerts)) {
      if (a.state() == AlertState.FIRING) {
        out.add(a);
      }
    }
    return out;
  }

  static List<Alert> sorted(Iterable<Alert> alerts) {
    List<Alert> out = new ArrayList<>();
    alerts.forEach(out::add);
    out.sort(
        Comparator.comparingLong(Alert::windowEndMillis)
            .thenComparing(Alert::rule)
            .thenComparing(a -> a.group().toString())
            .thenComparing(Alert::state)
            .thenComparing(a -> a.templateId() == null ? "" : a.templateId())
            // A silenced alert and its release share all of the above: a total order.
            .thenComparingLong(Alert::sequence)
            .thenComparing(a -> a.silencedBy() == null ? "" : a.silencedBy())
            .thenComparing(Alert::summary));
    return out;
  }

  /** Compact text of alerts for whole-list assertions: state rule group value window. */
  static List<String> brief(Iterable<Alert> alerts) {
    return sorted(alerts).stream()
        .map(
            a ->
                a.state()
                    + " "
                    + a.rule()
                    + " "
                    + a.group()
                    + " value="
                    + AlertText.number(a.value())
                    + " "
                    + Alert.rfc3339(a.windowStartMillis()).substring(11, 16)
                    + "-"
                    + Alert.rfc3339(a.windowEndMillis()).substring(11, 16))
        .collect(Collectors.toList());
  }

  static Map<String, String> group(String... kv) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
