package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** State per (rule, group) is cleared by timers; group cardinality is capped per rule. */
@RunWith(JUnit4.class)
public class BoundedStateTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** One ERROR entry per distinct service. */
  static final class DistinctGroups extends DoFn<Long, LogEvent> {
    @ProcessElement
    public void process(@Element Long i, OutputReceiver<LogEvent> out) {
      LogEvent e = error("id" + i, at((int) (i % 60), (int) (i % 50)), "svc-" + i);
      out.outputWithTimestamp(e, e.eventTime());
    }
  }

  /**
   * Distinct groups of the pipeline-level bounded-state test. The DirectRunner runs each key's
   * timer in its own bundle (about 10 ms per key on a loaded machine), so the 100,000-group case
   * runs against the DoFn itself in {@code LifecycleStateTest}; {@code -Dalerting.groups=100000}
   * runs it here too.
   */
  static final int GROUPS = Integer.getInteger("alerting.groups", 1_000);

  @Test
  public void distinctGroupsLeaveNoLiveState() {
    dev.logalerts.rules.Rule r =
        rule("repeated-errors", RuleType.THRESHOLD, ERRORS, "service")
            .setThreshold(2)
            .setWindow(Duration.standardMinutes(1))
            .build();
    PCollection<Alert> alerts =
        p.apply("Ids", GenerateSequence.from(0).to(GROUPS))
            .apply("Entries", ParDo.of(new DistinctGroups()))
            .setCoder(LogEventCoder.of())
            .apply(evaluate(rules(r)).withMaxGroupsPerRule(200_000));
    PAssert.that(alerts).empty();
    PipelineResult res = p.run();
    res.waitUntilFinish();
    assertThat(PipelineCounters.get(res, "alert_keys_created")).isEqualTo(GROUPS);
    assertThat(PipelineCounters.get(res, "state_cleared")).isEqualTo(GROUPS);
  }

  @Test
  public void streamingClearsResolvedAndIdleGroups() {
    dev.logalerts.rules.Rule r =
        rule("repeated-errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(2).build();
    List<LogEvent> in = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      in.add(error("a" + i, at(i / 10, i % 10), "svc-" + i));
      if (i % 100 == 0) {
        in.add(error("b" + i, at(i / 10, 30), "svc-" + i)); // 3 groups fire and resolve
      }
    }
    PCollection<Alert> alerts =
        p.apply(stream(LogEventCoder.of(), in, 1)).apply(evaluate(rules(r)));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              assertThat(brief(it))
                  .containsExactly(
                      "FIRING repeated-errors {service=svc-0} value=2 09:56-10:01",
                      "RESOLVED repeated-errors {service=svc-0} value=0 10:01-10:06",
                      "FIRING repeated-errors {service=svc-100} value=2 10:06-10:11",
                      "RESOLVED repeated-errors {service=svc-100} value=0 10:11-10:16",
                      "FIRING repeated-errors {service=svc-200} value=2 10:16-10:21",
                      "RESOLVED repeated-errors {service=svc-200} value=0 10:21-10:26");
              return null;
            });
    PipelineResult res = p.run();
    res.waitUntilFinish();
    assertThat(PipelineCounters.get(res, "alert_keys_created")).isEqualTo(300);
    assertThat(PipelineCounters.get(res, "state_cleared")).isEqualTo(300);
  }

  @Test
  public void groupAdmissionCapsPerRuleAndEvictsIdleGroups() {
    GroupAdmission a = new GroupAdmission(3);
    assertThat(a.admit("r", "a", 0)).isTrue();
    assertThat(a.admit("r", "b", 0)).isTrue();
    assertThat(a.admit("r", "c", 0)).isTrue();
    assertThat(a.admit("r", "d", 1000)).isFalse();
    assertThat(a.admit("other-rule", "d", 1000)).isTrue();
    assertThat(a.admit("r", "a", 5000)).isTrue();
    // b and c are the least recently seen; once idle for 10 minutes they make room, a does not.
    long later = GroupAdmission.IDLE_EVICT_MILLIS + 1000;
    assertThat(a.admit("r", "e", later)).isTrue();
    assertThat(a.admit("r", "f", later)).isTrue();
    assertThat(a.admit("r", "g", later)).isFalse();
    assertThat(a.admit("r", "a", later)).isTrue();
  }

  @Test
  public void overflowGroupsAreCountedAsOther() {
    dev.logalerts.rules.Rule r =
        rule("by-request", RuleType.THRESHOLD, ERRORS, "service").setThreshold(1).build();
    List<LogEvent> in = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      in.add(error("x" + i, at(0, i), "req-" + i));
    }
    PCollection<Alert> alerts =
        // One bundle: the cap is per worker, so the groups must all reach one DoFn instance.
        p.apply(inOneBundle(in)).apply(evaluate(rules(r)).withMaxGroupsPerRule(3));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              long total = 0;
              boolean other = false;
              for (Alert a : it) {
                if (a.state() == AlertState.FIRING) {
                  total += (long) a.value();
                  other |= a.group().get("service").equals(GroupKeys.OTHER);
                }
              }
              assertThat(total).isEqualTo(10); // nothing lost
              assertThat(other).isTrue();
              return null;
            });
    PipelineResult res = p.run();
    res.waitUntilFinish();
    assertThat(PipelineCounters.get(res, "groups_overflow_by-request")).isAtLeast(1);
  }

  /**
   * Pods that come and go, one every 15 minutes over five hours, read in one go: a backlog after
   * the job was stopped, or a replay of files. Each pod is idle long before the next one comes, so
   * a cap of 3 groups never needs the overflow group. Idleness was judged by the clock, in which
   * the whole backlog took milliseconds: the fourth pod on went to {@code (other)}, and the last
   * pod's two errors fired as {@code (other)}, not as the pod.
   */
  @Test
  public void aBacklogOfPodsThatComeAndGoKeepsEachPodsName() {
    dev.logalerts.rules.Rule r =
        rule("pod-errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(2).build();
    List<LogEvent> in = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      in.add(error("p" + i, at(i * 15, 0), "checkout-5d8f7c9b4-" + i));
    }
    in.add(error("q1", at(300, 0), "checkout-5d8f7c9b4-crash"));
    in.add(error("q2", at(300, 20), "checkout-5d8f7c9b4-crash"));
    PCollection<Alert> alerts =
        p.apply(inOneBundle(in)).apply(evaluate(rules(r)).withMaxGroupsPerRule(3));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<String> firing = new ArrayList<>();
              for (Alert a : it) {
                if (a.state() == AlertState.FIRING) {
                  firing.add(a.group().get("service") + "=" + AlertText.number(a.value()));
                }
              }
              assertThat(firing).containsExactly("checkout-5d8f7c9b4-crash=2");
              return null;
            });
    PipelineResult res = p.run();
    res.waitUntilFinish();
    assertThat(PipelineCounters.get(res, "groups_overflow_pod-errors")).isEqualTo(0);
  }

  @Test
  public void aGroupNamedOtherIsNotTheOverflowGroup() {
    // A tenant, namespace or service may really be called "other" (the bucket of most tenant and
    // product taxonomies). Past the cap, its entries and the overflowed groups' were one group
    // {service=other}: one count for both, and no way to tell from the alert which it was.
    dev.logalerts.rules.Rule r =
        rule("by-service", RuleType.THRESHOLD, ERRORS, "service").setThreshold(1).build();
    List<LogEvent> in = new ArrayList<>();
    in.add(error("o1", at(0, 1), "other"));
    in.add(error("a1", at(0, 2), "cart"));
    for (int i = 0; i < 3; i++) {
      in.add(error("x" + i, at(0, 10 + i), "req-" + i)); // beyond the cap of 2
    }
    in.add(error("o2", at(0, 20), "other"));
    PCollection<Alert> alerts =
        p.apply(inOneBundle(in)).apply(evaluate(rules(r)).withMaxGroupsPerRule(2));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<String> firing = new ArrayList<>();
              for (Alert a : it) {
                if (a.state() == AlertState.FIRING) {
                  firing.add(a.group().get("service") + "=" + AlertText.number(a.value()));
                }
              }
              assertThat(firing).containsExactly("other=2", "cart=1", "(other)=3");
              return null;
            });
    p.run().waitUntilFinish();
  }
}
