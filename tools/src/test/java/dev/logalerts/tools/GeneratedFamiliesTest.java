package dev.logalerts.tools;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogFamily;
import dev.logalerts.model.Severity;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.LogFamilies;
import dev.logalerts.templates.RequestTemplates;
import dev.logalerts.templates.TemplateMiner;
import dev.logalerts.tools.LogGenerator.Line;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The GCP log families the generator writes ({@link FamilySources}) are what the pipeline
 * recognises (docs/log-families.md): every generated family entry parses with {@link
 * LogEntryParser} to its family, a real message, the family's template shape and the service of its
 * resource (never the log-name fallback); every family occurs; and adding the families changes no
 * request log and no scheduled or planted entry of the shop's own sources.
 */
@RunWith(JUnit4.class)
public class GeneratedFamiliesTest {
  private static final LogEntryParser PARSER = new LogEntryParser();
  private static final TemplateMiner MINER = new TemplateMiner();

  /** What one generated family must parse to. */
  private static final class Expect {
    final LogFamily family;
    final Pattern template;
    final Pattern service;

    Expect(LogFamily family, String template, String service) {
      this.family = family;
      this.template = Pattern.compile(template);
      this.service = Pattern.compile(service);
    }
  }

  /** By the generator's template key prefix. */
  private static final Map<String, Expect> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put(
        "vpc_flow:",
        new Expect(
            LogFamily.VPC_FLOW,
            "VPC flow (TCP|UDP) (from )?:(22|53|443|5432|6379|8080|<\\*>) reporter=(SRC|DEST)",
            "prod-eu-(gke|vms)"));
    EXPECTED.put(
        "firewall:",
        new Expect(
            LogFamily.FIREWALL,
            "firewall network:shop-vpc/firewall:(allow|deny)-[a-z-]+ (ALLOWED|DENIED)"
                + " (INGRESS|EGRESS)",
            "prod-eu-(gke|vms)"));
    EXPECTED.put(
        "dns:",
        new Expect(
            LogFamily.CLOUD_DNS,
            "DNS (A|AAAA) (NOERROR|NXDOMAIN|SERVFAIL)",
            "shop-internal|shop-vpc"));
    EXPECTED.put("nat:", new Expect(LogFamily.CLOUD_NAT, "NAT (OK|DROPPED) TCP", "shop-nat-eu"));
    EXPECTED.put(
        "nlb_flow:",
        new Expect(
            LogFamily.LB_PASSTHROUGH,
            "NLB flow TCP :(22|5432)",
            "partner-sftp-backend|erp-db-ilb-backend"));
    EXPECTED.put(
        "nlb_proxy:",
        new Expect(
            LogFamily.LB_PROXY, "proxy NLB connection TCP :443", "realtime-gateway-backend"));
    EXPECTED.put(
        "armor:",
        new Expect(
            LogFamily.LB_REQUEST,
            "(GET|POST) /api/v1/[a-z/<*>]+ 4xx denied_by_security_policy"
                // a rate limit's denials name it: a row apart from the rules' denials
                + " armor shop-(api|edge)-policy DENY( THROTTLE)?",
            "shop-api-backend"));
    EXPECTED.put(
        "journald.kubelet",
        new Expect(LogFamily.JOURNALD, "kubelet: .*\\] .+", LogSources.CLUSTER));
    EXPECTED.put(
        "journald.containerd",
        new Expect(LogFamily.JOURNALD, "containerd: time=.* level=.* msg=.+", LogSources.CLUSTER));
    EXPECTED.put(
        "journald.",
        new Expect(
            LogFamily.JOURNALD, "(systemd|systemd-logind|pgbouncer): .+", "pgbouncer-1|metrics-1"));
    EXPECTED.put(
        "event:",
        new Expect(
            LogFamily.K8S_EVENT,
            "(Pod|Deployment|HorizontalPodAutoscaler) [A-Z][A-Za-z]+"
                // an Unhealthy event names its probe and outcome
                + "( (Liveness|Readiness|Startup) probe [a-z]+)?",
            "(shop|payments|identity)/[a-z-]+|" + LogSources.CLUSTER));
    EXPECTED.put(
        "audit:io.k8s.",
        new Expect(LogFamily.AUDIT, "io\\.k8s\\.[a-z0-9]+(\\.[a-z0-9]+)+", LogSources.CLUSTER));
    EXPECTED.put(
        "audit:google.storage.buckets.get:vpcsc",
        new Expect(
            LogFamily.AUDIT,
            "google\\.storage\\.buckets\\.get: PERMISSION_DENIED NO_MATCHING_ACCESS_LEVEL",
            "storage\\.googleapis\\.com"));
    EXPECTED.put(
        "audit:bigquery.googleapis.com:orgpolicy",
        new Expect(
            LogFamily.AUDIT,
            "bigquery\\.googleapis\\.com: PERMISSION_DENIED",
            "bigquery.googleapis.com"));
    EXPECTED.put(
        "audit:bigquery.job_done",
        new Expect(
            LogFamily.AUDIT,
            "google\\.cloud\\.bigquery\\.v2\\.JobService\\.InsertJob QUERY",
            "bigquery\\.googleapis\\.com"));
    EXPECTED.put(
        "audit:bigquery.job_failed:",
        new Expect(
            LogFamily.AUDIT,
            "google\\.cloud\\.bigquery\\.v2\\.JobService\\.InsertJob QUERY: job failed:"
                + " (NOT_FOUND|INVALID_ARGUMENT)",
            "bigquery\\.googleapis\\.com"));
    EXPECTED.put(
        "scheduler:",
        new Expect(
            LogFamily.SCHEDULER,
            "Cloud Scheduler (AttemptStarted|AttemptFinished( UNAVAILABLE| DEADLINE_EXCEEDED)?)"
                + " (HTTP|PUB_SUB)",
            "refresh-exchange-rates|sitemap-rebuild|cart-reminders"));
    EXPECTED.put(
        "tasks:",
        new Expect(
            LogFamily.TASKS,
            "Cloud Tasks attempt (OK|UNAVAILABLE|DEADLINE_EXCEEDED) POST",
            "order-emails|image-resize"));
    EXPECTED.put(
        "build:", new Expect(LogFamily.OTHER, ".+", "(checkout|frontend|pricing-api)-main"));
    EXPECTED.put("serial:", new Expect(LogFamily.OTHER, ".+", "ci-runner-[a-z0-9]{5}"));
  }

  private static List<Line> lines;

  private static LogGenerator.Config config() {
    return new LogGenerator.Config()
        .entries(5000)
        .seed(42)
        .duration(Duration.ofHours(6))
        .allIncidents();
  }

  @BeforeClass
  public static void generate() {
    lines = new LogGenerator(config()).lines();
  }

  private static String expectKey(String templateKey) {
    for (String prefix : EXPECTED.keySet()) {
      if (templateKey.startsWith(prefix)) {
        return prefix;
      }
    }
    return null;
  }

  /** The noisy-log template as the pipeline makes it: family, request or mined template. */
  private static String template(LogEvent e) {
    LogFamilies.Structural s = LogFamilies.structural(e);
    if (s != null) {
      return s.template();
    }
    if (e.httpRequest() != null && e.message().startsWith(e.httpRequest().requestMethod() + " ")) {
      return RequestTemplates.template(e.httpRequest()) + LogFamilies.requestDetails(e);
    }
    return MINER.templateOf(e.message());
  }

  @Test
  public void everyFamilyEntryParsesToItsFamilyMessageTemplateAndService() throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (Line l : lines) {
      String key = expectKey(l.templateKey);
      if (key == null) {
        continue;
      }
      Expect x = EXPECTED.get(key);
      counts.merge(key, 1, Integer::sum);
      LogEvent e = PARSER.parse(l.json);
      String template = template(e);
      String what = l.templateKey + " → " + new String(l.json, StandardCharsets.UTF_8);
      if (LogFamilies.of(e) != x.family) {
        failures.add("family " + LogFamilies.of(e) + ": " + what);
      }
      if (e.message().isEmpty() || template.equals("(no message)")) {
        failures.add("no message: " + what);
      }
      if (!x.template.matcher(template).matches()) {
        failures.add("template '" + template + "': " + what);
      }
      if (e.service().equals(e.logId()) || !x.service.matcher(e.service()).matches()) {
        failures.add("service '" + e.service() + "': " + what);
      }
    }
    assertWithMessage("entries not parsed as their family").that(failures).isEmpty();
    System.out.println("family entries in " + lines.size() + ": " + counts);
    assertWithMessage("families that occur")
        .that(counts.keySet())
        .containsExactlyElementsIn(EXPECTED.keySet());
  }

  @Test
  public void podEventsShareTheServiceOfThePodsContainers() throws Exception {
    Map<String, String> byPod = new TreeMap<>();
    List<LogEvent> events = new ArrayList<>();
    for (Line l : lines) {
      LogEvent e = PARSER.parse(l.json);
      if (e.resourceType().equals("k8s_container")) {
        byPod.put(e.resourceLabels().get("pod_name"), e.service());
      } else if (e.resourceType().equals("k8s_pod")) {
        events.add(e);
      }
    }
    assertThat(events).isNotEmpty();
    int checked = 0;
    for (LogEvent e : events) {
      String container = byPod.get(e.resourceLabels().get("pod_name"));
      if (container != null) {
        assertWithMessage(e.message()).that(e.service()).isEqualTo(container);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(events.size() / 2);
  }

  /** Only these severities reach ERROR, each a fixed message also shown in the first 40 minutes. */
  @Test
  public void familyErrorsAreFewAndEachShowsEarly() throws Exception {
    long start = config().startNanos;
    Map<String, Long> first = new TreeMap<>();
    int errors = 0;
    int family = 0;
    for (Line l : lines) {
      if (expectKey(l.templateKey) == null) {
        continue;
      }
      family++;
      LogEvent e = PARSER.parse(l.json);
      if (e.severity().compareTo(Severity.ERROR) >= 0) {
        errors++;
        String template = MINER.templateOf(e.message());
        first.merge(template, e.timestampNanos(), Math::min);
      }
    }
    assertThat(first).isNotEmpty();
    for (Map.Entry<String, Long> f : first.entrySet()) {
      assertWithMessage("first ERROR of %s, minutes after the start", f.getKey())
          .that((f.getValue() - start) / LogGenerator.MINUTE)
          .isLessThan(40L);
    }
    assertWithMessage("ERROR share of the family entries").that(errors).isLessThan(family / 50);
  }

  @Test
  public void theFamiliesChangeNoRequestLogAndNoScheduledEntry() throws Exception {
    List<Line> without = new LogGenerator(withoutFamilies()).lines();
    LogGenerator.IncidentWindow burst =
        new LogGenerator(config()).window(LogGenerator.Incident.ERROR_BURST);
    assertThat(without).hasSize(lines.size());
    int replaced = 0;
    for (int i = 0; i < lines.size(); i++) {
      String before = new String(without.get(i).json, StandardCharsets.UTF_8);
      String after = new String(lines.get(i).json, StandardCharsets.UTF_8);
      if (before.equals(after)) {
        continue;
      }
      replaced++;
      assertWithMessage("a family entry replaced %s", before)
          .that(before)
          .doesNotContain("\"httpRequest\"");
      // The shop's scheduled and planted entries take their slots before any draw.
      for (String scheduled :
          new String[] {
            "Marking task as", "Export completed", "nightly_billing", "Failed to deserialize"
          }) {
        assertWithMessage("a family entry replaced %s", before)
            .that(before)
            .doesNotContain(scheduled);
      }
      if (before.contains("payment provider timeout")) {
        // The background has such errors too; the planted burst's are all kept.
        assertWithMessage("a family entry replaced %s", before)
            .that(burst.contains(PARSER.parse(without.get(i).json).timestampNanos()))
            .isFalse();
      }
      assertWithMessage("replacement %s", after)
          .that(expectKey(lines.get(i).templateKey))
          .isNotNull();
    }
    // About a fifth of the entries are the families'.
    assertThat(replaced).isGreaterThan(lines.size() / 8);
    assertThat(replaced).isLessThan(lines.size() / 4);
  }

  private static LogGenerator.Config withoutFamilies() {
    LogGenerator.Config c = config();
    c.families = false;
    return c;
  }
}
