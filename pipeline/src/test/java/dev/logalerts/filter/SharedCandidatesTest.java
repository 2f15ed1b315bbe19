package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The index remembers its candidates per instance of a shared value ({@link SharedCandidates}) and
 * still answers what testing every filter answers: entries that share resource-label, label,
 * log-name and resource-type instances (as parsed entries do), entries with equal values in other
 * instances, more instances than the table holds, and several indexed fields that read one map
 * (whose candidates are joined).
 */
@RunWith(JUnit4.class)
public class SharedCandidatesTest {
  private static final String[] NAMESPACES = {"shop", "batch", "Shop", "infra"};
  private static final String[] CONTAINERS = {"web", "checkout", "worker", "WEB", "cron"};
  private static final String[] APPS = {"payments-api", "web", "cart"};
  private static final String[] LOGS = {"stdout", "stderr", "app"};

  private static List<String> filterTexts() {
    List<String> f = new ArrayList<>();
    for (String ns : NAMESPACES) {
      f.add("resource.labels.namespace_name=\"" + ns + "\"");
      f.add("resource.labels.namespace_name=\"" + ns + "\" AND severity>=ERROR");
    }
    for (String c : CONTAINERS) {
      // Filed under container_name (rarer than namespace_name): one map, two indexed fields.
      f.add(
          "resource.labels.namespace_name=\"shop\" AND resource.labels.container_name=\""
              + c
              + "\"");
      f.add("resource.labels.container_name=\"" + c + "\" AND textPayload:\"timeout\"");
    }
    for (String a : APPS) {
      f.add("labels.\"k8s-pod/app\"=\"" + a + "\"");
      f.add("labels.team=\"" + a + "\" OR labels.\"k8s-pod/app\"=\"" + a + "\"");
    }
    for (String l : LOGS) {
      f.add("log_id(\"" + l + "\")");
      f.add("logName=\"projects/p/logs/" + l + "\" AND severity>=WARNING");
    }
    f.add("resource.type=\"k8s_container\"");
    f.add("resource.type=\"gce_instance\" AND \"timeout\"");
    return f;
  }

  @Test
  public void sharedAndFreshInstancesAnswerWhatEveryFilterAnswers() {
    List<String> texts = filterTexts();
    List<CompiledFilter> filters = new ArrayList<>();
    for (String t : texts) {
      filters.add(Filter.compile(t));
    }
    IndexedFilters index = IndexedFilters.of(filters);
    assertThat(index.summary()).contains("by resource.labels.container_name");
    Random rnd = new Random(11);
    // A pool of shared instances, as the parser hands out for repeated bytes.
    List<Map<String, String>> resourcePool = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      resourcePool.add(resourceLabels(rnd, i));
    }
    List<Map<String, String>> labelPool = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      labelPool.add(labels(rnd, i));
    }
    long[] bits = new long[(filters.size() + 63) >>> 6];
    int matches = 0;
    for (int n = 0; n < 20_000; n++) {
      // Half the entries share instances; the rest bring equal or new values in fresh instances,
      // 2,000+ of them: more than the table's slots.
      Map<String, String> res =
          rnd.nextBoolean()
              ? resourcePool.get(rnd.nextInt(resourcePool.size()))
              : new HashMap<>(resourceLabels(rnd, rnd.nextInt(5_000)));
      Map<String, String> lab =
          rnd.nextBoolean()
              ? labelPool.get(rnd.nextInt(labelPool.size()))
              : Map.copyOf(labels(rnd, rnd.nextInt(5_000)));
      String log = LOGS[rnd.nextInt(LOGS.length)];
      LogEvent e =
          LogEvent.builder()
              .setInsertId("e" + n)
              .setTimestampNanos(n * 1_000_000_000L)
              .setPayloadKind(dev.logalerts.model.PayloadKind.TEXT)
              .setSeverity(Severity.values()[rnd.nextInt(Severity.values().length)])
              .setLogName(
                  rnd.nextBoolean()
                      ? "projects/p/logs/" + log
                      : ("projects/p/logs/" + log).intern())
              .setLogId(rnd.nextBoolean() ? log : new String(log))
              .setResourceType(rnd.nextInt(4) == 0 ? "gce_instance" : "k8s_container")
              .setResourceLabels(res)
              .setLabels(lab)
              .setMessage(rnd.nextBoolean() ? "upstream timeout" : "ok")
              .build();
      int hits = index.match(e, bits);
      int expected = 0;
      for (int i = 0; i < filters.size(); i++) {
        boolean want = filters.get(i).test(e);
        expected += want ? 1 : 0;
        assertWithMessage("%s on %s %s %s", texts.get(i), res, lab, e.logName())
            .that((bits[i >>> 6] & (1L << i)) != 0)
            .isEqualTo(want);
      }
      assertThat(hits).isEqualTo(expected);
      matches += expected;
    }
    assertThat(matches).isGreaterThan(20_000); // most entries match some filters
  }

  private static Map<String, String> resourceLabels(Random rnd, int seed) {
    Random r = new Random(seed);
    Map<String, String> m = new HashMap<>();
    m.put("namespace_name", NAMESPACES[r.nextInt(NAMESPACES.length)]);
    if (r.nextInt(5) > 0) {
      m.put("container_name", CONTAINERS[r.nextInt(CONTAINERS.length)]);
    }
    m.put("pod_name", "pod-" + seed);
    return Map.copyOf(m);
  }

  private static Map<String, String> labels(Random rnd, int seed) {
    Random r = new Random(seed);
    Map<String, String> m = new HashMap<>();
    if (r.nextBoolean()) {
      m.put("k8s-pod/app", APPS[r.nextInt(APPS.length)]);
    }
    if (r.nextBoolean()) {
      m.put("team", APPS[r.nextInt(APPS.length)]);
    }
    m.put("execution", "x-" + seed);
    return Map.copyOf(m);
  }
}
