package dev.logalerts.tools;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Timestamps;
import dev.logalerts.parse.InvalidEntryException;
import dev.logalerts.parse.LogEntryParser;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The bundled samples are what samples/README.md says: the command it gives is a valid,
 * deterministic generator run (checked on a small run; {@code scripts/check-samples.sh} regenerates
 * the whole file and compares it byte for byte), every good line parses, every bad line is
 * rejected, and the planted incidents are selected by the filters of samples/rules.yaml in the
 * windows the README names.
 */
@RunWith(JUnit4.class)
public class SamplesTest {
  private static final Path SAMPLES = Paths.get("..", "samples", "logs");
  private static final LogEntryParser PARSER = new LogEntryParser();
  private static List<LogEvent> events;

  @BeforeClass
  public static void parseSamples() throws Exception {
    events = new ArrayList<>();
    for (String line : Files.readAllLines(SAMPLES.resolve("shop-prod.jsonl"))) {
      events.add(PARSER.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  /** The arguments of the generate-logs.sh command that samples/README.md gives. */
  static List<String> readmeCommand() throws Exception {
    String readme = Files.readString(SAMPLES.resolve("../README.md"));
    Matcher m =
        Pattern.compile("scripts/generate-logs\\.sh ([^>\\n]*)> samples/logs/shop-prod\\.jsonl")
            .matcher(readme);
    assertWithMessage("samples/README.md gives the command that generates shop-prod.jsonl")
        .that(m.find())
        .isTrue();
    return new ArrayList<>(Arrays.asList(m.group(1).trim().split("\\s+")));
  }

  /** The README command's arguments with {@code name} set to {@code value}. */
  private static String[] with(List<String> args, String name, String value) {
    List<String> out = new ArrayList<>(args);
    int i = out.indexOf(name);
    if (i < 0) {
      out.add(name);
      out.add(value);
    } else {
      out.set(i + 1, value);
    }
    return out.toArray(new String[0]);
  }

  private static byte[] generate(String[] args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LogGenerator(GeneratorArgs.parse(args, new String[1])).write(out, null);
    return out.toByteArray();
  }

  @Test
  public void readmeCommandIsDeterministicOnASmallRun() throws Exception {
    List<String> args = readmeCommand();
    LogGenerator.Config full = GeneratorArgs.parse(args.toArray(new String[0]), new String[1]);
    assertThat(full.entries).isEqualTo(events.size());
    assertThat(Timestamps.format(events.get(0).timestampNanos()))
        .startsWith(Timestamps.format(full.startNanos).substring(0, 13));

    // The same settings with fewer entries: same seed, same bytes; another seed, other bytes.
    String[] small = with(args, "--entries", "3000");
    byte[] first = generate(small);
    assertThat(first.length).isGreaterThan(0);
    assertThat(generate(small)).isEqualTo(first);
    long seed = full.seed + 1;
    assertThat(generate(with(Arrays.asList(small), "--seed", String.valueOf(seed))))
        .isNotEqualTo(first);
  }

  @Test
  public void everyGoodLineParsesAndEveryBadLineIsRejected() throws Exception {
    assertThat(events).hasSize(11000);
    byte[] bad = Files.readAllBytes(SAMPLES.resolve("bad-lines.jsonl"));
    int rejected = 0;
    int start = 0;
    for (int i = 0; i <= bad.length; i++) {
      if (i == bad.length || bad[i] == '\n') {
        if (i > start) {
          byte[] line = Arrays.copyOfRange(bad, start, i);
          try {
            PARSER.parse(line);
            throw new AssertionError("accepted bad line " + (rejected + 1));
          } catch (InvalidEntryException expected) {
            rejected++;
          }
        }
        start = i + 1;
      }
    }
    assertThat(rejected).isEqualTo(10);
  }

  @Test
  public void errorBurstIsTenOrMoreErrorsOfOneServiceInFiveMinutes() {
    assertThat(max5m("severity>=ERROR AND NOT httpRequest:*", "shop/checkout", "01:45", "01:52"))
        .isAtLeast(10);
    // ...and no other service gets there at any time.
    CompiledFilter f = Filter.compile("severity>=ERROR AND NOT httpRequest:*");
    for (LogEvent e : events) {
      if (f.test(e) && !e.service().equals("shop/checkout")) {
        assertWithMessage(e.service()).that(countNear(f, e)).isLessThan(10);
      }
    }
  }

  @Test
  public void fiveXxBurstIsTwentyOrMore5xxOfTheWebBackendInFiveMinutes() {
    assertThat(
            max5m(
                "resource.type=\"http_load_balancer\" AND httpRequest.status>=500",
                "shop-web-backend",
                "02:40",
                "02:50"))
        .isAtLeast(20);
  }

  @Test
  public void composerFailureIsSelected() {
    CompiledFilter f =
        Filter.compile(
            "resource.type=\"cloud_composer_environment\""
                + " AND log_id(\"airflow-worker\") AND textPayload:\"Marking task as FAILED\"");
    List<LogEvent> hits = new ArrayList<>();
    for (LogEvent e : events) {
      if (f.test(e)) {
        hits.add(e);
      }
    }
    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).labels()).containsEntry("workflow", "nightly_export");
    assertThat(Timestamps.format(hits.get(0).timestampNanos())).startsWith("2026-11-20T02:");
  }

  @Test
  public void exportCompletionsStopAfterThreeOClock() {
    CompiledFilter f =
        Filter.compile("resource.type=\"cloud_run_job\" AND textPayload:\"Export completed\"");
    List<String> times = new ArrayList<>();
    for (LogEvent e : events) {
      if (f.test(e)) {
        assertThat(e.service()).isEqualTo("hourly-export");
        times.add(Timestamps.format(e.timestampNanos()).substring(11, 13));
      }
    }
    assertThat(times).containsExactly("00", "01", "02", "03").inOrder();
  }

  /**
   * Most entries matching {@code filter} for {@code service} in any 5 minutes starting in [from,
   * to).
   */
  private static int max5m(String filter, String service, String from, String to) {
    CompiledFilter f = Filter.compile(filter);
    long a = Timestamps.parse("2026-11-20T" + from + ":00Z");
    long b = Timestamps.parse("2026-11-20T" + to + ":00Z");
    int best = 0;
    for (long s = a; s < b; s += 60_000_000_000L) {
      int n = 0;
      for (LogEvent e : events) {
        long t = e.timestampNanos();
        if (t >= s && t < s + 300_000_000_000L && f.test(e) && e.service().equals(service)) {
          n++;
        }
      }
      best = Math.max(best, n);
    }
    return best;
  }

  /** Entries matching {@code f} of the same service within 5 minutes after {@code first}. */
  private static int countNear(CompiledFilter f, LogEvent first) {
    int n = 0;
    for (LogEvent e : events) {
      long d = e.timestampNanos() - first.timestampNanos();
      if (d >= 0 && d < 300_000_000_000L && f.test(e) && e.service().equals(first.service())) {
        n++;
      }
    }
    return n;
  }
}
