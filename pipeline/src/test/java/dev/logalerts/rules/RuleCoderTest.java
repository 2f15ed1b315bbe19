package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import dev.logalerts.model.FieldPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@link RuleCoder}: the lifecycle's rule state cell, without Java serialization. */
@RunWith(JUnit4.class)
public class RuleCoderTest {
  /** One rule of every kind, with non-default values wherever the kind has keys. */
  private static final String YAML =
      "defaults:\n"
          + "  severity: error\n"
          + "rules:\n"
          + "  - name: t\n"
          + "    type: threshold\n"
          + "    filter: 'severity>=ERROR'\n"
          + "    groupBy: [service, template]\n"
          + "    window: 10m\n"
          + "    period: 2m\n"
          + "    threshold: 7\n"
          + "    suppressFor: 1h\n"
          + "    resolveAfter: 3\n"
          + "    flapCount: 6\n"
          + "    flapWindow: 2h\n"
          + "    renotifyEvery: 4h\n"
          + "    description: '{value} errors in {group.service}'\n"
          + "    runbook: https://runbooks.example.com/t\n"
          + "  - name: r\n"
          + "    type: ratio\n"
          + "    filter: 'httpRequest.status>=100'\n"
          + "    numerator: 'httpRequest.status>=500'\n"
          + "    threshold: 5%\n"
          + "    minCount: 20\n"
          + "    groupBy: resource.labels.service_name\n"
          + "  - name: l\n"
          + "    type: latency\n"
          + "    filter: 'httpRequest.latency:*'\n"
          + "    percentile: 99.9\n"
          + "    threshold: 1.5s\n"
          + "    minCount: 3\n"
          + "  - name: a\n"
          + "    type: absence\n"
          + "    filter: 'textPayload:\"Export completed\"'\n"
          + "    groupBy: [labels.\"k8s-pod/app\"]\n"
          + "    expectWithin: 25h\n"
          + "    forgetAfter: 3d\n"
          + "  - name: s\n"
          + "    type: spike\n"
          + "    filter: ''\n"
          + "    factor: 4.5\n"
          + "    direction: both\n"
          + "    baseline: 1h\n"
          + "    minCount: 2\n"
          + "  - name: n\n"
          + "    type: new-template\n"
          + "    filter: 'severity>=WARNING'\n"
          + "    groupBy: [service]\n"
          + "    learnFor: 2h\n"
          + "  - name: d\n"
          + "    type: deadline\n"
          + "    filter: 'textPayload:\"export succeeded\"'\n"
          + "    groupBy: [service]\n"
          + "    schedule: '0 6 * * 1-5'\n"
          + "    timeZone: Asia/Tokyo\n"
          + "    lookback: 1d\n"
          + "    expectedGroups: [{service: export}, {service: backup}]\n";

  private static List<Rule> rules() {
    return RulesLoader.parse(YAML, "rules.yaml").rules();
  }

  @Test
  public void roundTripsEveryKind() throws Exception {
    Set<RuleType> kinds = EnumSet.noneOf(RuleType.class);
    for (Rule r : rules()) {
      kinds.add(r.type());
      Rule back = CoderUtils.clone(RuleCoder.of(), r);
      assertSameRule(back, r);
    }
    assertThat(kinds).containsExactlyElementsIn(EnumSet.allOf(RuleType.class));
  }

  @Test
  public void roundTripsKindSettings() throws Exception {
    Rule r =
        rules().get(0).toBuilder()
            .setKindSettings(Map.of("schedule", "0 2 * * *", "expectedGroups", "a\u001fb"))
            .build();
    Rule back = CoderUtils.clone(RuleCoder.of(), r);
    assertSameRule(back, r);
    assertThat(back.kindSettings())
        .containsExactly("expectedGroups", "a\u001fb", "schedule", "0 2 * * *")
        .inOrder();
  }

  @Test
  public void deterministic() throws Exception {
    RuleCoder.of().verifyDeterministic();
    List<Rule> first = rules();
    List<Rule> second = rules(); // another load: other filter instances
    for (int i = 0; i < first.size(); i++) {
      byte[] a = CoderUtils.encodeToByteArray(RuleCoder.of(), first.get(i));
      byte[] b = CoderUtils.encodeToByteArray(RuleCoder.of(), second.get(i));
      assertThat(b).isEqualTo(a);
      // Decoding and encoding again gives the same bytes.
      Rule back = CoderUtils.decodeFromByteArray(RuleCoder.of(), a);
      assertThat(CoderUtils.encodeToByteArray(RuleCoder.of(), back)).isEqualTo(a);
      assertThat(a[0]).isEqualTo((byte) RuleCoder.VERSION);
    }
    // Kind settings are written sorted, whatever the map's order.
    Rule base = first.get(0);
    Map<String, String> m1 = new java.util.LinkedHashMap<>();
    m1.put("b", "2");
    m1.put("a", "1");
    Map<String, String> m2 = new java.util.LinkedHashMap<>();
    m2.put("a", "1");
    m2.put("b", "2");
    assertThat(
            CoderUtils.encodeToByteArray(
                RuleCoder.of(), base.toBuilder().setKindSettings(m1).build()))
        .isEqualTo(
            CoderUtils.encodeToByteArray(
                RuleCoder.of(), base.toBuilder().setKindSettings(m2).build()));
  }

  @Test
  public void readsFormatOneWithTheDefaultNotifyKeys() throws Exception {
    Rule r = rules().get(1); // no flapCount, flapWindow, renotifyEvery
    byte[] v2 = CoderUtils.encodeToByteArray(RuleCoder.of(), r);
    // Format 1 is format 2 without the three trailing numbers (flapCount 4, 1h, 0: 1+4+1 bytes).
    byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - 6);
    v1[0] = 1;
    Rule back = CoderUtils.decodeFromByteArray(RuleCoder.of(), v1);
    assertSameRule(back, r);
    assertThat(back.flapCount()).isEqualTo(Rule.DEFAULT_FLAP_COUNT);
    assertThat(back.flapWindow()).isEqualTo(Rule.DEFAULT_FLAP_WINDOW);
    assertThat(back.renotifyEvery().getMillis()).isEqualTo(0);
    // The non-default keys round-trip and are part of the fingerprint.
    Rule t = rules().get(0);
    assertThat(t.flapCount()).isEqualTo(6);
    assertThat(t.renotifyInterval().getStandardHours()).isEqualTo(4);
    assertSameRule(CoderUtils.clone(RuleCoder.of(), t), t);
  }

  @Test
  public void rejectsUnknownFormatVersion() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RuleCoder.of().encode(rules().get(0), out);
    byte[] bytes = out.toByteArray();
    bytes[0] = (byte) (RuleCoder.VERSION + 1);
    CoderException e =
        assertThrows(
            CoderException.class, () -> RuleCoder.of().decode(new ByteArrayInputStream(bytes)));
    assertThat(e).hasMessageThat().contains("format version");
  }

  @Test
  public void rejectsJavaSerializedStateOfOlderJobs() throws Exception {
    byte[] legacy = CoderUtils.encodeToByteArray(SerializableCoder.of(Rule.class), rules().get(0));
    CoderException e =
        assertThrows(
            CoderException.class, () -> CoderUtils.decodeFromByteArray(RuleCoder.of(), legacy));
    assertThat(e).hasMessageThat().contains("Java serialization");
  }

  /** Every property, filters by their text (a decoded rule compiles them again). */
  private static void assertSameRule(Rule back, Rule r) {
    assertThat(back.fingerprint()).isEqualTo(r.fingerprint());
    assertThat(back.filter().text()).isEqualTo(r.filter().text());
    assertThat(back.numerator() == null).isEqualTo(r.numerator() == null);
    if (r.numerator() != null) {
      assertThat(back.numerator().text()).isEqualTo(r.numerator().text());
    }
    assertThat(back.groupByPaths()).hasSize(r.groupByPaths().size());
    for (int i = 0; i < r.groupByPaths().size(); i++) {
      FieldPath p = r.groupByPaths().get(i);
      FieldPath q = back.groupByPaths().get(i);
      assertThat(q == null ? null : q.segments()).isEqualTo(p == null ? null : p.segments());
    }
    Rule same =
        back.toBuilder()
            .setFilter(r.filter())
            .setNumerator(r.numerator())
            .setGroupByPaths(r.groupByPaths())
            .build();
    assertThat(same).isEqualTo(r);
  }
}
