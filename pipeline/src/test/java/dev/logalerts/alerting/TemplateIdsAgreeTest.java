package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.RuleType;
import dev.logalerts.templates.NoisyLogs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Rules that group by template and new-template rules see the entry's template as the noisy-log
 * account keys it, with the job's own miner: for request logs (a request template per route and
 * status class) and entries without a message ({@code (no message)}) too, whose template the
 * account builds rather than mines. So an alert's group, its new template, its samples and the
 * {@code noisy_logs} row of the same entries carry one id.
 */
@RunWith(JUnit4.class)
public class TemplateIdsAgreeTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void alertGroupsNewTemplatesAndSamplesCarryTheNoisyLogTemplateIds() {
    List<LogEvent> in = new ArrayList<>();
    in.add(entry("learn", at(0, 0), "shop", Severity.ERROR, "cache warm-up failed for shard 3"));
    for (int i = 0; i < 4; i++) {
      in.add(request("r" + i, at(40, i), "shop", 503, 0.2)); // message "GET /api/cart 503"
      in.add(entry("n" + i, at(41, i), "shop", Severity.ERROR, "")); // no message
    }
    in.add(entry("tail", at(90, 0), "idle", Severity.INFO, "heartbeat"));
    // What the noisy-log account keys these entries by (its step as the job runs it).
    Map<String, String> noisyIds = new HashMap<>();
    var keys = NoisyLogs.entryKeys();
    for (LogEvent e : in) {
      var kv = keys.apply(MatchedEvent.of(e, "test", List.of()));
      noisyIds.put(e.insertId(), kv.getKey().templateId() + " " + kv.getValue().template());
    }
    dev.logalerts.rules.Rule byTemplate =
        rule("errors-by-template", RuleType.THRESHOLD, ERRORS, "service", "template")
            .setThreshold(3)
            .build();
    dev.logalerts.rules.Rule newErrors =
        rule("new-errors", RuleType.NEW_TEMPLATE, ERRORS, "service")
            .setLearnFor(Duration.standardMinutes(30))
            .build();
    PCollection<Alert> alerts =
        p.apply(batch(in))
            .apply(EvaluateRules.of(rules(byTemplate, newErrors)).withRedactor(REDACTOR));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              Set<String> grouped = new TreeSet<>();
              Set<String> fresh = new TreeSet<>();
              for (Alert a : it) {
                if (a.state() != AlertState.FIRING) {
                  continue;
                }
                String id =
                    a.rule().equals("new-errors") ? a.templateId() : a.group().get("template");
                for (AlertSample s : a.samples()) {
                  String noisy = noisyIds.get(s.insertId());
                  assertWithMessage("sample %s of %s", s.insertId(), a.rule())
                      .that(s.templateId() + " " + noisy.substring(noisy.indexOf(' ') + 1))
                      .isEqualTo(noisy);
                  assertWithMessage("group of %s", a.rule()).that(id).isEqualTo(s.templateId());
                }
                if (a.rule().equals("new-errors")) {
                  fresh.add(a.templateId() + " " + a.template());
                } else {
                  grouped.add(id);
                  // A group's id alone would not say which log it is: the alert names its text.
                  assertThat(a.templateId() + " " + a.template())
                      .isEqualTo(noisyIds.get(a.samples().get(0).insertId()));
                  assertThat(a.summary()).endsWith(" — " + a.template());
                }
              }
              String request = noisyIds.get("r0");
              String empty = noisyIds.get("n0");
              assertThat(request).endsWith(" GET /api/cart 5xx");
              assertThat(empty).endsWith(" (no message)");
              assertThat(grouped)
                  .containsExactly(
                      request.substring(0, request.indexOf(' ')),
                      empty.substring(0, empty.indexOf(' ')));
              assertThat(fresh).containsExactly(request, empty);
              return null;
            });
    p.run().waitUntilFinish();
  }
}
