package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.local.PublishedAlerts.Published;
import dev.logalerts.model.Timestamps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * README's "Try streaming locally" end to end: the streaming job of {@code scripts/run-local.sh
 * --subscription=...} with the bundled rules is sent {@code scripts/generate-logs.sh --entries 2000
 * --duration 30m --incidents all}, stamped over the last 30 minutes, and must tell what a batch run
 * ({@code run-local.sh --input=...}) of the same file tells. The entries arrive behind the job's
 * watermark (it follows publish times; their event times are up to 30 minutes older), so every
 * alert comes from late panes (README, "Known limits"). Checked: each incident of the batch run
 * (rule and group) is told once (one alertId, one FIRING, no FLAPPING), fires for the batch run's
 * window, and is resolved; no rule and group the batch run did not fire pages; every alert
 * validates against {@code schemas/alert.schema.json} ({@link PublishedAlerts}). Printed per
 * incident: the streaming alerts' windowEnd minus the batch run's, for FIRING and RESOLVED.
 *
 * <p>Two ways of publishing: all messages at once, and README's own curl loop (one message per
 * request, the backlog trickling in over tens of seconds) run by bash against the in-test endpoint.
 * Each takes 3 to 5 minutes (see {@link #STABLE_MILLIS}), so they run on request: {@code mvn -pl
 * local -am verify -Dit.test=StreamingBacklogIT -DlongStreamingITs=true}.
 */
@RunWith(JUnit4.class)
public class StreamingBacklogIT extends AgainstFakePubsub {
  private static final String SUBSCRIPTION = LocalStreamingJob.SUBSCRIPTION;
  private static final String TOPIC = LocalStreamingJob.TOPIC;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The topic README's loop publishes to, fed to the job's subscription here. */
  private static final String README_TOPIC = "projects/local-project/topics/logs";

  /**
   * README's 2,000 entries of the last 30 minutes; {@code -DbacklogIT.entries=N
   * -DbacklogIT.minutes=M} for a longer backlog (180 minutes or more hold the billing job's late
   * batch, an absence).
   */
  private static final int ENTRIES = Integer.getInteger("backlogIT.entries", 2_000);

  private static final int MINUTES = Integer.getInteger("backlogIT.minutes", 30);

  /** The generator's seed (its default, given so that runs stay comparable if that changes). */
  private static final String SEED = "42";

  /**
   * The alerts are taken as final once they have not changed for this long after the backlog was
   * read: more than PubsubIO's minute without messages, after which the watermark follows the clock
   * and the last windows of the backlog close, plus a rule period.
   */
  private static final long STABLE_MILLIS = 90_000;

  /** Most time from the first message published to final alerts. */
  private static final long MAX_WAIT_MILLIS = 480_000;

  /**
   * {@code -DbacklogIT.watchSeconds=N}: watch the alerts at least N seconds after the first publish
   * (a job left running after README's backlog, as a reader would), the wait's bound raised with
   * it.
   */
  private static final long WATCH_MILLIS = Long.getLong("backlogIT.watchSeconds", 0) * 1000;

  /** README's loop, verbatim but for its input: the generated file ({@code $1}). */
  private static final String README_LOOP =
      "while IFS= read -r line; do\n"
          + "  printf '{\"messages\":[{\"data\":\"%s\"}]}' \"$(printf '%s' \"$line\" | base64"
          + " -w0)\" |\n"
          + "    curl -s -X POST -H 'Content-Type: application/json' --data-binary @- \\\n"
          + "      \"http://$PUBSUB_EMULATOR_HOST/v1/projects/local-project/topics/logs:publish\""
          + " >/dev/null\n"
          + "done < \"$1\"\n";

  /** The generated file, its lines, and what the batch run of it alerted. */
  private record Backlog(Path file, List<String> lines, List<JsonNode> batchAlerts) {}

  /** An alert and when the topic got it (0 for the batch run's). */
  private record Told(JsonNode alert, long receivedMillis) {
    String state() {
      return alert.path("state").asText();
    }

    String alertId() {
      return alert.path("alertId").asText();
    }
  }

  @Test
  public void aBacklogPublishedAtOnceTellsEachIncidentOfTheBatchRunOnce() throws Exception {
    assumeLong("a backlog read behind the watermark, minutes until its alerts are final");
    Backlog backlog = prepare();
    long published = System.currentTimeMillis();
    for (String line : backlog.lines()) {
      pubsub.enqueue(SUBSCRIPTION, line.getBytes(StandardCharsets.UTF_8), Map.of());
    }
    check("at once", backlog, published, System.currentTimeMillis());
  }

  @Test
  public void aBacklogPublishedByReadmesLoopTellsEachIncidentOfTheBatchRunOnce() throws Exception {
    assumeLong("a backlog trickling in behind the watermark, minutes until its alerts are final");
    assumeTrue("curl and base64 for README's loop", onPath("curl") && onPath("base64"));
    pubsub.feed(README_TOPIC, SUBSCRIPTION);
    Backlog backlog = prepare();
    Path loop = tmp.newFile("publish.sh").toPath();
    Files.writeString(loop, README_LOOP);
    ProcessBuilder pb =
        new ProcessBuilder("/bin/bash", loop.toString(), backlog.file().toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.newFile("publish.log"));
    pb.environment().put("PUBSUB_EMULATOR_HOST", pubsub.rootUrl().substring("http://".length()));
    long published = System.currentTimeMillis();
    Process publisher = pb.start();
    assertWithMessage("README's loop still publishing after 5 minutes")
        .that(publisher.waitFor(5, TimeUnit.MINUTES))
        .isTrue();
    long done = System.currentTimeMillis();
    assertThat(publisher.exitValue()).isEqualTo(0);
    assertWithMessage("messages README's loop published")
        .that(pubsub.published(README_TOPIC))
        .hasSize(ENTRIES);
    check("README's loop", backlog, published, done);
  }

  /**
   * Starts the job, then (as README's reader does in the third terminal) generates the entries
   * stamped over the last 30 minutes, and runs the batch job on them for the reference alerts.
   */
  private Backlog prepare() throws Exception {
    Path root = ScriptRunner.repoRoot();
    Path rules = root.resolve("samples/rules.yaml");
    long launched = System.currentTimeMillis();
    job = LocalStreamingJob.startWithRules(tmp, pubsub, Files.readString(rules));
    long streaming = System.currentTimeMillis();
    // README stamps from `date -u -d '30 minutes ago'`; on a whole minute here, so that runs place
    // the entries alike in the rules' minute-aligned windows.
    long start = System.currentTimeMillis() / 60_000 * 60_000 - MINUTES * 60_000L;
    String startText =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochMilli(start));
    Path gen = tmp.newFolder("generator").toPath();
    ScriptRunner.Result generated =
        ScriptRunner.run(
            gen,
            Map.of(),
            "scripts/generate-logs.sh",
            "--entries",
            Integer.toString(ENTRIES),
            "--duration",
            MINUTES + "m",
            "--incidents",
            "all",
            "--start",
            startText,
            "--seed",
            SEED);
    assertWithMessage("generate-logs.sh: %s", generated.stderr())
        .that(generated.exitCode())
        .isEqualTo(0);
    System.out.println("backlog IT: " + generated.stderr().strip());
    Path file = gen.resolve("stdout.txt");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(ENTRIES);

    Path batchOut = tmp.newFolder("batch-out").toPath();
    ScriptRunner.Result batch =
        ScriptRunner.run(
            tmp.newFolder("batch").toPath(),
            Map.of(),
            "scripts/run-local.sh",
            "--input=" + file,
            "--rules=" + rules,
            "--output=" + batchOut);
    assertWithMessage("batch run: %s", batch.all()).that(batch.exitCode()).isEqualTo(0);
    List<JsonNode> batchAlerts = LocalRunIT.rows(batchOut.resolve("alerts"));
    assertWithMessage("the batch run's alerts (the planted incidents)")
        .that(batchAlerts)
        .isNotEmpty();
    System.out.printf(
        "backlog IT: job streaming %d s after launch; entries generated and batch run in %d s%n",
        (streaming - launched) / 1000, (System.currentTimeMillis() - streaming) / 1000);
    return new Backlog(file, lines, batchAlerts);
  }

  /**
   * Waits until the job's alerts are final (see {@link #STABLE_MILLIS}), prints them next to the
   * batch run's, and checks them.
   */
  private void check(String how, Backlog backlog, long published, long publishedAll)
      throws Exception {
    Map<String, List<Told>> batch = new TreeMap<>();
    for (JsonNode a : backlog.batchAlerts()) {
      batch.computeIfAbsent(incident(a), k -> new ArrayList<>()).add(new Told(a, 0));
    }
    List<Published> alerts = awaitFinal(batch.keySet(), published);
    long settled = System.currentTimeMillis();
    Map<String, List<Told>> streaming = new TreeMap<>();
    for (Published p : alerts) {
      streaming
          .computeIfAbsent(incident(p.alert()), k -> new ArrayList<>())
          .add(new Told(p.alert(), p.message().receivedMillis()));
    }
    long newest = 0;
    for (String line : backlog.lines()) {
      newest = Math.max(newest, Timestamps.parse(JSON.readTree(line).path("timestamp").asText()));
    }
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "backlog IT (%s): %d entries published from %s over %d s, newest stamped %s; last"
                + " alert %d s after the first publish, waited %d s; per incident the streaming"
                + " windowEnd minus the batch run's, then the alerts (+s: received after the first"
                + " publish):%n",
            how,
            backlog.lines().size(),
            Timestamps.formatMillis(published),
            (publishedAll - published) / 1000,
            Timestamps.format(newest, 0),
            alerts.isEmpty()
                ? -1
                : (alerts.get(alerts.size() - 1).message().receivedMillis() - published) / 1000,
            (settled - published) / 1000));
    Set<String> keys = new LinkedHashSet<>(batch.keySet());
    keys.addAll(streaming.keySet());
    List<String> problems = new ArrayList<>();
    for (String key : keys) {
      List<Told> told = streaming.getOrDefault(key, List.of());
      List<Told> reference = batch.getOrDefault(key, List.of());
      table.append(
          String.format(
              "  %s%n    FIRING %s, RESOLVED %s%n    streaming: %s%n    batch:     %s%n",
              key,
              delta(told, reference, "FIRING"),
              delta(told, reference, "RESOLVED"),
              sequence(told, published),
              sequence(reference, 0)));
      problems.addAll(judge(key, told, reference, published));
    }
    System.out.print(table);
    keep(how, backlog, alerts);
    String stderr =
        String.join("\n", job.stderr().lines().filter(l -> !l.startsWith("progress:")).toList());
    assertWithMessage(
            "incidents told wrong (%s):\n  %s\n%s\njob stderr (progress lines left out):\n%s",
            how, String.join("\n  ", problems), table, stderr)
        .that(problems)
        .isEmpty();
    assertWithMessage("messages acknowledged")
        .that(pubsub.acknowledged(SUBSCRIPTION))
        .isEqualTo(ENTRIES);
  }

  /**
   * Keeps the run's material under {@code target/backlog-it/} for a closer look (the entries, the
   * batch run's alerts, the job's alerts as published): the test's folder is deleted with it.
   */
  private static void keep(String how, Backlog backlog, List<Published> alerts) throws Exception {
    Path dir = Path.of("target", "backlog-it", how.replaceAll("[^A-Za-z]+", "-"));
    Files.createDirectories(dir);
    Files.copy(backlog.file(), dir.resolve("entries.jsonl"), StandardCopyOption.REPLACE_EXISTING);
    List<String> batch = new ArrayList<>();
    backlog.batchAlerts().forEach(a -> batch.add(a.toString()));
    Files.write(dir.resolve("batch-alerts.jsonl"), batch);
    Files.write(
        dir.resolve("streaming-alerts.jsonl"),
        alerts.stream().map(p -> p.message().text()).toList());
  }

  /**
   * What is wrong with how the job told incident {@code key}, against the batch run's alerts: each
   * alertId (rule, group and the window its FIRING closed) must be told with the batch run's states
   * at the batch run's windows, in its own order (alerts of two incidents may be delivered in
   * either order); only an incident still open where the entries end may be closed too (the batch
   * run's time ends there, the stream's goes on).
   */
  private static List<String> judge(
      String key, List<Told> told, List<Told> reference, long published) {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> streaming = byAlertId(told);
    Map<String, List<String>> batch = byAlertId(reference);
    String said = " (streaming: " + sequence(told, published) + ")";
    if (batch.isEmpty() && !streaming.isEmpty()) {
      problems.add("false: " + key + " fired, the batch run never did" + said);
    } else if (streaming.isEmpty() && !batch.isEmpty()) {
      problems.add("missed: " + key + " was never told" + said);
    }
    batch.forEach(
        (id, states) -> {
          List<String> got = streaming.get(id);
          if (got == null) {
            if (!streaming.isEmpty()) {
              problems.add("moved: " + key + " never told the batch run's " + states + said);
            }
          } else if (!got.equals(states) && !closedLater(states, got)) {
            problems.add("differs: " + key + " told " + got + ", the batch run " + states + said);
          }
        });
    streaming.forEach(
        (id, states) -> {
          if (!batch.containsKey(id) && !batch.isEmpty()) {
            problems.add("moved: " + key + " told " + states + ", not in the batch run" + said);
          }
        });
    return problems;
  }

  /** Each alertId's states with their window ends, in its own sequence order. */
  private static Map<String, List<String>> byAlertId(List<Told> alerts) {
    Map<String, TreeMap<Long, String>> byId = new TreeMap<>();
    for (Told t : alerts) {
      JsonNode a = t.alert();
      byId.computeIfAbsent(t.alertId(), k -> new TreeMap<>())
          .merge(
              a.path("sequence").asLong(),
              t.state() + " " + a.path("windowEnd").asText().substring(11, 16),
              (x, y) -> x + ", " + y);
    }
    Map<String, List<String>> out = new TreeMap<>();
    byId.forEach((id, seq) -> out.put(id, new ArrayList<>(seq.values())));
    return out;
  }

  /** Whether {@code got} is the batch run's still open incident, closed after the entries end. */
  private static boolean closedLater(List<String> batch, List<String> got) {
    return !batch.isEmpty()
        && batch.get(batch.size() - 1).startsWith("FIRING")
        && got.size() == batch.size() + 1
        && got.subList(0, batch.size()).equals(batch)
        && got.get(batch.size()).matches("(RESOLVED|FLAPPING) [0-9:]+");
  }

  /**
   * Polls the alert topic until the alerts are final: every message acknowledged, every FIRING
   * resolved, every incident of the batch run told, and nothing new for {@link #STABLE_MILLIS}
   * (three times that when an incident is still untold or unresolved, to report it); at most {@link
   * #MAX_WAIT_MILLIS} after {@code published}.
   */
  private List<Published> awaitFinal(Set<String> batchIncidents, long published) throws Exception {
    int seen = -1;
    long changed = System.currentTimeMillis();
    while (true) {
      List<Published> alerts = PublishedAlerts.read(pubsub, TOPIC);
      long now = System.currentTimeMillis();
      if (alerts.size() != seen) {
        seen = alerts.size();
        changed = now;
      }
      boolean read =
          pubsub.acknowledged(SUBSCRIPTION) >= ENTRIES
              && pubsub.unackedMessageIds(SUBSCRIPTION).isEmpty();
      Set<String> fired = new LinkedHashSet<>();
      Set<String> open = new LinkedHashSet<>();
      for (Published p : alerts) {
        String id = p.alert().path("alertId").asText();
        if (p.state().equals("FIRING")) {
          fired.add(incident(p.alert()));
          open.add(id);
        }
      }
      for (Published p : alerts) {
        if (p.state().equals("RESOLVED") || p.state().equals("FLAPPING")) {
          open.remove(p.alert().path("alertId").asText());
        }
      }
      boolean complete = open.isEmpty() && fired.containsAll(batchIncidents);
      long quiet = now - changed;
      boolean watched = now - published >= WATCH_MILLIS;
      if (read && watched && quiet >= (complete ? STABLE_MILLIS : 3 * STABLE_MILLIS)) {
        return alerts;
      }
      if (!job.isAlive() || now - published > MAX_WAIT_MILLIS + WATCH_MILLIS) {
        System.out.printf(
            "backlog IT: alerts not final %d s after the first publish (%s); acknowledged %d%n",
            (now - published) / 1000, job.state(), pubsub.acknowledged(SUBSCRIPTION));
        return alerts;
      }
      Thread.sleep(1_000);
    }
  }

  /** An incident's rule and group, e.g. {@code repeated-errors {service=shop/checkout}}. */
  private static String incident(JsonNode alert) {
    Map<String, String> group = new TreeMap<>();
    alert
        .path("group")
        .fields()
        .forEachRemaining(e -> group.put(e.getKey(), e.getValue().asText()));
    return alert.path("rule").asText() + " " + group;
  }

  /**
   * The alerts as {@code STATE #sequence alertId window HH:MM-HH:MM value V [+s]}, {@code +s} when
   * received after {@code published}.
   */
  private static String sequence(List<Told> alerts, long published) {
    List<String> out = new ArrayList<>();
    for (Told t : alerts) {
      JsonNode a = t.alert();
      out.add(
          t.state()
              + " #"
              + a.path("sequence").asText()
              + " "
              + t.alertId().substring(0, 8)
              + " window "
              + a.path("windowStart").asText().substring(11, 16)
              + "-"
              + a.path("windowEnd").asText().substring(11, 16)
              + " value "
              + a.path("value").asText()
              + (t.receivedMillis() > 0
                  ? " +" + (t.receivedMillis() - published) / 1000 + "s"
                  : ""));
    }
    return out.isEmpty() ? "none" : String.join(", ", out);
  }

  /** The first {@code state} alert's windowEnd in {@code told} minus in {@code reference}. */
  private static String delta(List<Told> told, List<Told> reference, String state) {
    JsonNode s = first(told, state);
    JsonNode b = first(reference, state);
    if (s == null || b == null) {
      return (s == null ? "none" : "told") + " vs " + (b == null ? "none in batch" : "batch");
    }
    long d =
        Instant.parse(s.path("windowEnd").asText()).toEpochMilli()
            - Instant.parse(b.path("windowEnd").asText()).toEpochMilli();
    return String.format("%+d s", d / 1000);
  }

  private static JsonNode first(List<Told> alerts, String state) {
    return alerts.stream()
        .filter(a -> a.state().equals(state))
        .map(Told::alert)
        .findFirst()
        .orElse(null);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Skips a test unless {@code -DlongStreamingITs=true}, as the other long streaming ITs. */
  private static void assumeLong(String what) {
    assumeTrue(what + "; run with -DlongStreamingITs=true", Boolean.getBoolean("longStreamingITs"));
  }
}
