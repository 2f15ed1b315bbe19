package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Real lines of GKE's own system workloads (konnectivity-agent, kube-dns, kube-proxy,
 * metrics-server, event-exporter, fluentbit-gke, calico, anetd, the PD and Cloud Storage FUSE CSI
 * drivers, kubelet, containerd…) in the entries GKE writes for them ({@code families/gkesystem/},
 * sources in {@code groups.tsv} and the families README): the lines of one log call are one
 * noisy-log row, the lines of different calls are different rows. These are the noisiest logs of a
 * real GKE project, so a pod name or address that splits a row multiplies it by the nodes, and a
 * kept word that merges two calls hides one behind the other.
 */
@RunWith(JUnit4.class)
public class GkeSystemLinesTest {
  private final LogEntryParser parser = new LogEntryParser();
  private final NoisyLogs.TemplateKeyFn keyFn =
      new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());

  /** One line: its fixture, group, and what the job makes of it. */
  private static final class Line {
    final String fixture;
    final String group;
    final LogEvent event;
    final KV<NoisyKey, NoisyEntry> row;

    Line(String fixture, String group, LogEvent event, KV<NoisyKey, NoisyEntry> row) {
      this.fixture = fixture;
      this.group = group;
      this.event = event;
      this.row = row;
    }

    String template() {
      return row.getValue().template();
    }
  }

  private List<Line> lines() throws Exception {
    List<Line> lines = new ArrayList<>();
    for (String tsv : read("/families/gkesystem/groups.tsv").split("\n")) {
      if (tsv.isEmpty() || tsv.startsWith("#")) {
        continue;
      }
      String[] cols = tsv.split("\t", -1);
      LogEvent e =
          parser.parse(read("/families/gkesystem/" + cols[0]).getBytes(StandardCharsets.UTF_8));
      lines.add(new Line(cols[0], cols[1], e, keyFn.apply(MatchedEvent.of(e, "t", List.of()))));
    }
    return lines;
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = GkeSystemLinesTest.class.getResourceAsStream(resource)) {
      assertWithMessage("resource %s", resource).that(in).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Groups whose lines are one call but several rows, by design: ip-masq-agent logs each iptables
   * command it runs with its arguments ({@code running iptables -N [IP-MASQ-AGENT -t nat]}), plain
   * words the miner keeps; a node runs the same few commands every resync, so these are a few
   * stable rows, not one per line.
   */
  private static final java.util.Set<String> KNOWN_SPLITS =
      java.util.Set.of("ipm-running-iptables");

  /** The log call of a group: {@code a~json} is call {@code a} in another format. */
  private static String callOf(String group) {
    int tilde = group.indexOf('~');
    return tilde < 0 ? group : group.substring(0, tilde);
  }

  /** The row's key without its window: service, log, severity and template. */
  private static String rowOf(Line l) {
    NoisyKey k = l.row.getKey();
    return l.event.service() + " " + l.event.logId() + " " + k.severity() + " " + k.templateId();
  }

  @Test
  public void linesOfOneCallShareARowAndOtherCallsDoNot() throws Exception {
    List<Line> lines = lines();
    Map<String, String> rowByGroup = new TreeMap<>();
    Map<String, String> groupByRow = new TreeMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (Line l : lines) {
      System.out.printf(
          "%-48s %-22s %-34s | %s | %s | %s%n",
          l.fixture,
          l.group,
          l.event.service(),
          l.event.message(),
          l.template(),
          new Redactor().redact(l.event.message()));
      String row = rowOf(l);
      // Rows are per severity: one call logged at two levels (konnectivity-agent's flags, W in an
      // old release, I now) is two rows, so a group is one row but for its severity.
      String before =
          rowByGroup.putIfAbsent(l.group, row.replace(" " + l.event.severity() + " ", " "));
      if (before != null
          && !before.equals(row.replace(" " + l.event.severity() + " ", " "))
          && !KNOWN_SPLITS.contains(l.group)) {
        failures.put(l.fixture, "split from its group " + l.group + ": " + l.template());
      }
      String other = groupByRow.putIfAbsent(row, l.group);
      if (other != null && !other.equals(l.group)) {
        failures.put(l.fixture, "merged with group " + other + ": " + l.template());
      }
    }
    assertWithMessage("fixture → what is wrong").that(failures).isEmpty();
  }

  @Test
  public void everyLineHasAMessageATemplateWithTextAndAWorkloadService() throws Exception {
    Map<String, String> failures = new LinkedHashMap<>();
    for (Line l : lines()) {
      String t = l.template();
      if (l.event.message().isEmpty()
          || t.equals(NoisyLogs.EMPTY_TEMPLATE)
          || t.replace("<*>", "").replaceAll("[\\p{Punct}\\s]", "").isEmpty()) {
        failures.put(l.fixture, "no text: " + l.event.message() + " | " + t);
      }
      // A pod's generated suffix or a GKE node's name would make one service per pod or node.
      if (l.event.service().matches(".*-[0-9a-z]{8,10}-[0-9a-z]{5}$")
          || l.event.service().matches(".*-gke-.*")) {
        failures.put(l.fixture, "service names a pod or node: " + l.event.service());
      }
    }
    assertWithMessage("fixture → what is wrong").that(failures).isEmpty();
  }

  /**
   * Each row's suggested exclusion takes every line of its group and no line of another group: an
   * exclusion written for the noisiest row must not silence another call.
   */
  @Test
  public void eachRowsExclusionTakesItsGroupAndNoOther() throws Exception {
    List<Line> lines = lines();
    Map<String, String> failures = new LinkedHashMap<>();
    for (Line l : lines) {
      NoisyEntry entry = l.row.getValue();
      String exclusion =
          SuggestedExclusion.build(
              l.row.getKey(), entry.template(), entry.messageField(), entry.message());
      System.out.println(l.fixture + " | " + exclusion);
      dev.logalerts.filter.CompiledFilter f = dev.logalerts.filter.Filter.compile(exclusion);
      for (Line other : lines) {
        boolean same = other.group.equals(l.group);
        if (!same && callOf(other.group).equals(callOf(l.group))) {
          continue; // one call in two formats (kubelet's text and JSON): either exclusion may
        }
        if (same
            && (other.event.severity() != l.event.severity() || KNOWN_SPLITS.contains(l.group))) {
          continue; // rows are per severity: so are their exclusions
        }
        if (f.test(other.event) != same) {
          failures.put(
              l.fixture + " / " + other.fixture,
              (same ? "misses its group's line: " : "takes another group's line: ") + exclusion);
        }
      }
    }
    assertWithMessage("row / line → exclusion").that(failures).isEmpty();
  }

  /**
   * containerd writes {@code StopPodSandbox for "<id>"} and then {@code StopPodSandbox for "<id>"
   * returns successfully}: the first row's exclusion, on journald's MESSAGE after the program with
   * its ends pinned, does not take the second's lines (a global text search did).
   */
  @Test
  public void aJournaldRowsExclusionIsAnchoredOnItsMessage() throws Exception {
    Map<String, Line> byFixture = new TreeMap<>();
    for (Line l : lines()) {
      byFixture.put(l.fixture, l);
    }
    Line stop = byFixture.get("containerd-stop-sandbox.json");
    NoisyEntry entry = stop.row.getValue();
    String exclusion =
        SuggestedExclusion.build(
            stop.row.getKey(), entry.template(), entry.messageField(), entry.message());
    assertWithMessage(exclusion).that(exclusion).contains("jsonPayload.MESSAGE=~");
    dev.logalerts.filter.CompiledFilter f = dev.logalerts.filter.Filter.compile(exclusion);
    assertWithMessage(exclusion).that(f.test(stop.event)).isTrue();
    assertWithMessage(exclusion)
        .that(f.test(byFixture.get("containerd-stop-sandbox-returns-1.json").event))
        .isFalse();
  }
}
