package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.BinaryCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The alert-rule names of a noisy-log row: a sorted, distinct union bounded to {@link
 * AlertRuleNames#MAX}, the same however the combine splits and merges the entries; the coders keep
 * them, and still read the encodings written before rule names existed.
 */
@RunWith(JUnit4.class)
public class AlertRuleNamesTest {
  private static String name(int i) {
    return String.format("rule-%02d", i);
  }

  @Test
  public void keepsTheSmallestNamesSortedAndDistinct() {
    List<String> sorted = new ArrayList<>();
    for (int i = 29; i >= 0; i--) {
      AlertRuleNames.add(sorted, name(i));
      AlertRuleNames.add(sorted, name(i)); // a duplicate changes nothing
    }
    assertThat(sorted).hasSize(AlertRuleNames.MAX);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < AlertRuleNames.MAX; i++) {
      expected.add(name(i));
    }
    assertThat(sorted).containsExactlyElementsIn(expected).inOrder();
    // A name beyond the bound is dropped; a smaller one pushes the largest out.
    AlertRuleNames.add(sorted, "zzz");
    assertThat(sorted).doesNotContain("zzz");
    AlertRuleNames.add(sorted, "aaa");
    assertThat(sorted.get(0)).isEqualTo("aaa");
    assertThat(sorted).hasSize(AlertRuleNames.MAX);
    assertThat(sorted).doesNotContain(name(AlertRuleNames.MAX - 1));
  }

  private static NoisyEntry entry(int i, List<String> rules) {
    return NoisyEntry.of("id-" + i, 1_000L + i, 10, "m" + i, "t", "textPayload", rules);
  }

  /** Merges accumulators in a random binary tree (the shape a runner's combine might take). */
  private static NoisyVolumeFn.Volume randomTree(
      NoisyVolumeFn fn, List<NoisyVolumeFn.Volume> parts, Random rnd) {
    List<NoisyVolumeFn.Volume> work = new ArrayList<>(parts);
    while (work.size() > 1) {
      int a = rnd.nextInt(work.size());
      NoisyVolumeFn.Volume x = work.remove(a);
      int b = rnd.nextInt(work.size());
      NoisyVolumeFn.Volume y = work.remove(b);
      work.add(fn.mergeAccumulators(rnd.nextBoolean() ? List.of(x, y) : List.of(y, x)));
    }
    return work.get(0);
  }

  @Test
  public void unionIsTheSameForAnySplitOrderAndMergeTree() throws Exception {
    NoisyVolumeFn fn = new NoisyVolumeFn();
    for (int seed = 0; seed < 50; seed++) {
      Random rnd = new Random(seed);
      List<NoisyEntry> entries = new ArrayList<>();
      TreeSet<String> all = new TreeSet<>();
      int ruleCount = 1 + rnd.nextInt(35); // below and above the bound
      for (int i = 0; i < 60; i++) {
        List<String> rules = new ArrayList<>();
        for (int k = rnd.nextInt(4); k > 0; k--) {
          String r = name(rnd.nextInt(ruleCount));
          if (!rules.contains(r)) {
            rules.add(r);
          }
        }
        all.addAll(rules);
        entries.add(entry(i, rules));
      }
      List<String> expected = new ArrayList<>(all);
      expected = expected.subList(0, Math.min(AlertRuleNames.MAX, expected.size()));

      Collections.shuffle(entries, rnd);
      List<NoisyVolumeFn.Volume> parts = new ArrayList<>();
      NoisyVolumeFn.Volume current = fn.createAccumulator();
      for (NoisyEntry e : entries) {
        fn.addInput(current, e);
        if (rnd.nextInt(7) == 0) {
          // Accumulators cross the shuffle encoded.
          parts.add(CoderUtils.clone(NoisyVolumeFn.VolumeCoder.of(), current));
          current = fn.createAccumulator();
        }
      }
      parts.add(current);
      NoisyVolumeFn.Volume merged = randomTree(fn, parts, rnd);
      assertThat(merged.alertRules()).containsExactlyElementsIn(expected).inOrder();
      assertThat(merged.count()).isEqualTo(60); // counts stay exact beside the union
    }
  }

  @Test
  public void codersRoundTripTheNames() throws Exception {
    NoisyEntry e = entry(1, List.of("b", "a"));
    assertThat(CoderUtils.clone(NoisyEntry.Coder.of(), e)).isEqualTo(e);
    NoisyVolumeFn fn = new NoisyVolumeFn();
    NoisyVolumeFn.Volume v = fn.addInput(fn.createAccumulator(), e);
    assertThat(CoderUtils.clone(NoisyVolumeFn.VolumeCoder.of(), v).alertRules())
        .containsExactly("a", "b")
        .inOrder();
    NoisyLogRow row = row().setAlertRules(List.of("a", "b")).build();
    assertThat(CoderUtils.clone(NoisyLogRow.Coder.of(), row)).isEqualTo(row);
    assertThat(row.toJsonNode().get("alert_rules").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(row.toTableRow().get("alert_rules")).isEqualTo(List.of("a", "b"));
    assertThat(row().build().toJsonNode().get("alert_rules").size()).isEqualTo(0);
  }

  private static NoisyLogRow.Builder row() {
    return NoisyLogRow.builder()
        .setRowId("r")
        .setWindowStartMillis(0)
        .setWindowEndMillis(1)
        .setProjectId("p")
        .setService("s")
        .setResourceType("t")
        .setLogId("l")
        .setSeverity("INFO")
        .setTemplateId("i")
        .setTemplate("x")
        .setCount(3)
        .setBytes(4)
        .setSampleMessage("m")
        .setSampleInsertIds(List.of("a"))
        .setFirstSeenNanos(5)
        .setLastSeenNanos(6)
        .setSuggestedExclusion("q")
        .setEstMonthlyCostUsd(0.25)
        .setPaneTiming("ON_TIME")
        .setPaneIndex(0);
  }

  // The encodings before rule names existed, written field by field as the old coders did: a job
  // updated in place finds such accumulators (and in-flight entries and rows) in its state.

  @Test
  public void readsTheFirstVolumeEncoding() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryCodec.writeVarLong(out, 7); // count
    BinaryCodec.writeVarLong(out, 700); // bytes
    BinaryCodec.writeVarLong(out, 100); // first
    BinaryCodec.writeVarLong(out, 200); // last
    BinaryCodec.writeVarLong(out, 1);
    BinaryCodec.writeString(out, "id-1");
    out.write(1);
    BinaryCodec.writeString(out, "id-1");
    BinaryCodec.writeVarLong(out, 150);
    BinaryCodec.writeString(out, "message");
    BinaryCodec.writeString(out, "textPayload");
    out.write(1);
    BinaryCodec.writeString(out, "template");
    NoisyVolumeFn.Volume v =
        NoisyVolumeFn.VolumeCoder.of().decode(new ByteArrayInputStream(out.toByteArray()));
    assertThat(v.count()).isEqualTo(7);
    assertThat(v.bytes()).isEqualTo(700);
    assertThat(v.sampleIds()).containsExactly("id-1");
    assertThat(v.template()).isEqualTo("template");
    assertThat(v.alertRules()).isEmpty();
  }

  @Test
  public void readsTheFirstEntryAndRowEncodings() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryCodec.writeString(out, "insert-1");
    BinaryCodec.writeVarLong(out, 123);
    BinaryCodec.writeVarLong(out, 456);
    BinaryCodec.writeString(out, "msg");
    BinaryCodec.writeString(out, "tpl");
    BinaryCodec.writeString(out, "textPayload");
    assertThat(NoisyEntry.Coder.of().decode(new ByteArrayInputStream(out.toByteArray())))
        .isEqualTo(NoisyEntry.of("insert-1", 123, 456, "msg", "tpl", "textPayload"));

    NoisyLogRow r = row().build();
    out = new ByteArrayOutputStream();
    BinaryCodec.writeString(out, r.rowId());
    BinaryCodec.writeVarLong(out, r.windowStartMillis());
    BinaryCodec.writeVarLong(out, r.windowEndMillis());
    for (String s :
        List.of(
            r.projectId(),
            r.service(),
            r.resourceType(),
            r.logId(),
            r.severity(),
            r.templateId(),
            r.template())) {
      BinaryCodec.writeString(out, s);
    }
    BinaryCodec.writeVarLong(out, r.count());
    BinaryCodec.writeVarLong(out, r.bytes());
    BinaryCodec.writeString(out, r.sampleMessage());
    BinaryCodec.writeVarLong(out, 1);
    BinaryCodec.writeString(out, "a");
    BinaryCodec.writeVarLong(out, r.firstSeenNanos());
    BinaryCodec.writeVarLong(out, r.lastSeenNanos());
    BinaryCodec.writeString(out, r.suggestedExclusion());
    BinaryCodec.writeVarLong(out, Double.doubleToLongBits(r.estMonthlyCostUsd()));
    BinaryCodec.writeString(out, r.paneTiming());
    BinaryCodec.writeVarLong(out, r.paneIndex());
    assertThat(NoisyLogRow.Coder.of().decode(new ByteArrayInputStream(out.toByteArray())))
        .isEqualTo(r);
  }
}
