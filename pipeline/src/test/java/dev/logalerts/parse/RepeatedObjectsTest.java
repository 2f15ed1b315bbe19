package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import dev.logalerts.model.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The fast path takes an entry's {@code resource} and {@code labels} ({@link RepeatedObjects}) and
 * what it cuts out of its {@code logName} ({@link RepeatedStrings}) from an earlier entry only when
 * their bytes are the same, and then gives exactly what reading them would.
 */
@RunWith(JUnit4.class)
public class RepeatedObjectsTest {

  private static final String POD =
      "{\"type\":\"k8s_container\",\"labels\":{\"cluster_name\":\"prod\",\"container_name\":\"web\","
          + "\"namespace_name\":\"shop\",\"pod_name\":\"web-7d4b9c-%s\",\"project_id\":\"p\"}}";

  private static String entry(String resource, String labels, String message) {
    return "{\"textPayload\":\""
        + message
        + "\",\"resource\":"
        + resource
        + (labels == null ? "" : ",\"labels\":" + labels)
        + ",\"timestamp\":\"2026-11-20T00:00:00Z\",\"logName\":\"projects/p/logs/stdout\"}";
  }

  private static LogEvent parse(LogEntryParser parser, String json) throws Exception {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void theSameBytesGiveWhatWasReadBefore() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    String labels = "{\"k8s-pod/app\":\"web\",\"k8s-pod/pod-template-hash\":\"7d4b9c\"}";
    LogEvent first = parse(parser, entry(String.format(POD, "aaaaa"), labels, "one"));
    LogEvent second = parse(parser, entry(String.format(POD, "aaaaa"), labels, "two"));
    assertThat(second.resourceLabels()).isSameInstanceAs(first.resourceLabels());
    assertThat(second.labels()).isSameInstanceAs(first.labels());
    assertThat(second.resourceLabels()).containsEntry("pod_name", "web-7d4b9c-aaaaa");
    assertThat(second.labels()).containsEntry("k8s-pod/app", "web");
    assertThat(second.resourceType()).isEqualTo("k8s_container");
    assertThat(second.message()).isEqualTo("two");
  }

  @Test
  public void anyByteOfDifferenceIsReadAgain() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    parse(parser, entry(String.format(POD, "aaaaa"), null, "m"));
    for (String pod : new String[] {"aaaab", "baaaa", "aaaa\\u0061"}) {
      LogEvent e = parse(parser, entry(String.format(POD, pod), null, "m"));
      assertThat(e.resourceLabels().get("pod_name"))
          .isEqualTo("web-7d4b9c-" + (pod.startsWith("aaaa\\") ? "aaaaa" : pod));
    }
    // Spacing differs: still read, and read the same.
    LogEvent spaced =
        parse(parser, entry(String.format(POD, "aaaaa").replace(",", " , "), null, "m"));
    assertThat(spaced.resourceLabels().get("pod_name")).isEqualTo("web-7d4b9c-aaaaa");
  }

  @Test
  public void anObjectThatFailedToReadIsNeverTakenForRead() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    String bad = entry("{\"type\":5,\"labels\":{\"a\":\"b\"}}", "{\"a\":1}", "m");
    for (int i = 0; i < 3; i++) {
      InvalidEntryException ex =
          assertThrows(InvalidEntryException.class, () -> parse(parser, bad));
      assertThat(ex).hasMessageThat().contains("resource.type");
    }
    String badLabels = entry("{\"type\":\"global\"}", "{\"a\":1}", "m");
    for (int i = 0; i < 3; i++) {
      InvalidEntryException ex =
          assertThrows(InvalidEntryException.class, () -> parse(parser, badLabels));
      assertThat(ex).hasMessageThat().contains("labels.a");
    }
  }

  @Test
  public void aRepeatedResourceSetsOnlyWhatItHas() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    // A second resource object without a type keeps the first one's, as reading it does.
    String twice =
        "{\"resource\":{\"type\":\"gce_instance\"},\"resource\":{\"labels\":{\"zone\":\"z\"}},"
            + "\"textPayload\":\"m\",\"timestamp\":\"2026-11-20T00:00:00Z\"}";
    for (int i = 0; i < 3; i++) {
      LogEvent e = parse(parser, twice);
      assertThat(e.resourceType()).isEqualTo("gce_instance");
      assertThat(e.resourceLabels()).containsExactly("zone", "z");
    }
  }

  @Test
  public void objectsWithBracketsAndEscapesInTheirStringsAreTakenWhole() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    String[] labels = {
      "{\"a\":\"}\",\"b\":\"{[\"}",
      "{\"a\":\"x\\\"}\",\"b\":\"\\\\\"}",
      "{\"é\":\"日本}\"}",
      "{\"a\":\"}\"}",
    };
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < labels.length; i++) {
        String resource =
            "{\"type\":\"global\",\"labels\":"
                + labels[i]
                + (i % 2 == 0 ? ",\"other\":[1,{\"c\":[\"}\"]}]}" : "}");
        String json = entry(resource, labels[i], "m");
        LogEvent fast = parse(parser, json);
        LogEvent reference = parser.parseWithJackson(json.getBytes(StandardCharsets.UTF_8), null);
        assertThat(fast).isEqualTo(reference);
        assertThat(fast.labels()).isEqualTo(fast.resourceLabels());
      }
    }
  }

  @Test
  public void aParserWithALowerDepthLimitRefusesWhatAnotherRead() throws Exception {
    String deep =
        entry("{\"type\":\"global\",\"labels\":{\"a\":\"b\"},\"x\":{\"y\":{\"z\":{}}}}", null, "m");
    LogEntryParser lenient = new LogEntryParser();
    assertThat(parse(lenient, deep).resourceType()).isEqualTo("global");
    assertThat(parse(lenient, deep).resourceType()).isEqualTo("global");
    LogEntryParser strict = new LogEntryParser(LogEntryParser.DEFAULT_MAX_ENTRY_BYTES, 4);
    InvalidEntryException ex = assertThrows(InvalidEntryException.class, () -> parse(strict, deep));
    InvalidEntryException reference =
        assertThrows(
            InvalidEntryException.class,
            () -> strict.parseWithJackson(deep.getBytes(StandardCharsets.UTF_8), null));
    assertThat(ex).hasMessageThat().isEqualTo(reference.getMessage());
  }

  @Test
  public void nestingCountsBracketsOutsideStrings() {
    String[][] cases = {
      {"{}", "0"},
      {"{\"a\":{}}", "1"},
      {"{\"a\":\"{[{\"}", "0"},
      {"{\"a\":\"\\\"{\",\"b\":[]}", "1"},
      {"{\"a\":\"\\\\\",\"b\":{\"c\":[{}]}}", "3"},
      {"{\"a\":[{\"b\":[]}],\"c\":{}}", "3"},
    };
    for (String[] c : cases) {
      byte[] b = ("  " + c[0] + ",{}").getBytes(StandardCharsets.UTF_8);
      int end = 2 + c[0].length();
      assertThat(RepeatedObjects.nesting(b, 2, end)).isEqualTo(Integer.parseInt(c[1]));
    }
  }

  @Test
  public void aNodesShortLabelsDoNotMakeItsPodsLabelsOneHash() throws Exception {
    // A node's entries carry only its name; its pods' entries the same name and more, so all of
    // them start alike. Each pod's labels are still found again after the others'. (A label key
    // of this test's own, so that other tests' objects are not in the same class.)
    LogEntryParser parser = new LogEntryParser();
    String node = "{\"test.example/node-name\":\"gke-prod-pool-1-ab12\"";
    String[] labels = {
      node + "}",
      node + ",\"k8s-pod/app\":\"cart\",\"k8s-pod/pod-template-hash\":\"7d4b9c\"}",
      node + ",\"k8s-pod/app\":\"shop\",\"k8s-pod/pod-template-hash\":\"5f6a7b\"}",
      node + ",\"k8s-pod/app\":\"auth\",\"k8s-pod/pod-template-hash\":\"1a2b3c\"}",
    };
    List<Map<String, String>> seen = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < labels.length; i++) {
        Map<String, String> l =
            parse(parser, entry("{\"type\":\"k8s_node\"}", labels[i], "m")).labels();
        assertThat(l).containsEntry("test.example/node-name", "gke-prod-pool-1-ab12");
        if (round == 2) {
          seen.add(l);
        } else if (round == 3) {
          assertThat(l).isSameInstanceAs(seen.get(i));
        }
      }
    }
  }

  @Test
  public void objectsAlikeInTheirFirstBytesButOfManyLengthsAreEachReadRight() throws Exception {
    // One prefix class whose shortest object keeps getting shorter, interleaved.
    LogEntryParser parser = new LogEntryParser();
    Random rnd = new Random(9);
    for (int i = 0; i < 5_000; i++) {
      String name = "n".repeat(1 + rnd.nextInt(60)) + rnd.nextInt(40);
      String resource =
          "{\"type\":\"cloud_run_revision\",\"labels\":{\"service_name\":\"" + name + "\"}}";
      LogEvent e = parse(parser, entry(resource, null, "m"));
      assertThat(e.resourceLabels()).containsExactly("service_name", name);
    }
  }

  @Test
  public void manyResourcesInTurnAreEachReadRight() throws Exception {
    // More distinct objects than the table has slots, revisited at random: evictions and hash
    // neighbours never mix one pod's labels into another's entry.
    LogEntryParser parser = new LogEntryParser();
    Random rnd = new Random(5);
    long bails = LogEntryParser.fastPathBails();
    for (int i = 0; i < 20_000; i++) {
      int pod = rnd.nextInt(3000);
      String name = String.format("%05d", pod);
      String labels = pod % 3 == 0 ? null : "{\"k8s-pod/app\":\"a" + (pod % 7) + "\"}";
      LogEvent e = parse(parser, entry(String.format(POD, name), labels, "m"));
      Map<String, String> rl = e.resourceLabels();
      assertThat(rl.get("pod_name")).isEqualTo("web-7d4b9c-" + name);
      assertThat(rl).hasSize(5);
      if (labels == null) {
        assertThat(e.labels()).isEmpty();
      } else {
        assertThat(e.labels()).containsExactly("k8s-pod/app", "a" + (pod % 7));
      }
    }
    assertThat(LogEntryParser.fastPathBails()).isEqualTo(bails);
  }

  @Test
  public void threadsSharingTheTablesEachGetTheirOwnObjects() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        done.add(
            pool.submit(
                () -> {
                  LogEntryParser parser = new LogEntryParser();
                  Random rnd = new Random(seed);
                  int checked = 0;
                  for (int i = 0; i < 10_000; i++) {
                    String name = String.format("%05d", rnd.nextInt(2000));
                    LogEvent e = parse(parser, entry(String.format(POD, name), null, "m"));
                    assertThat(e.resourceLabels().get("pod_name")).isEqualTo("web-7d4b9c-" + name);
                    checked++;
                  }
                  return checked;
                }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get()).isEqualTo(10_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void logNamesSeenBeforeGiveTheSameLogIdAndProject() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    String[][] names = {
      {
        "projects/p-1/logs/cloudaudit.googleapis.com%2Factivity",
        "cloudaudit.googleapis.com/activity",
        "p-1"
      },
      {"projects\\/p-2\\/logs\\/stdout", "stdout", "p-2"},
      {"projects/p-2/logs/stdout", "stdout", "p-2"},
      {"organizations/123/logs/x%20y", "x y", "organizations/123"},
      {"projects/p-\\u0033/logs/stderr", "stderr", "p-3"},
    };
    LogEvent[] first = new LogEvent[names.length];
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < names.length; i++) {
        String json =
            "{\"logName\":\""
                + names[i][0]
                + "\",\"textPayload\":\"m\",\"timestamp\":\"2026-11-20T00:00:00Z\"}";
        LogEvent e = parse(parser, json);
        assertThat(e.logId()).isEqualTo(names[i][1]);
        assertThat(e.projectId()).isEqualTo(names[i][2]);
        assertThat(e)
            .isEqualTo(parser.parseWithJackson(json.getBytes(StandardCharsets.UTF_8), null));
        if (round == 0) {
          first[i] = e;
        } else {
          assertThat(e.logId()).isSameInstanceAs(first[i].logId());
        }
      }
    }
  }
}
