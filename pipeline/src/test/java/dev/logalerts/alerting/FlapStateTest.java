package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.rules.RuleType;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The state of flap detection and incident accounting: bounded, cleared by the key's timer once a
 * flapping group's held state is published, and encoded with a versioned coder that still reads the
 * format before it.
 */
@RunWith(JUnit4.class)
public class FlapStateTest {
  private static final long MIN = 60_000L;

  static dev.logalerts.rules.Rule flapRule() {
    return rule("flaps", RuleType.THRESHOLD, ERRORS, "service")
        .setWindow(Duration.standardMinutes(1))
        .setPeriod(Duration.standardMinutes(1))
        .setThreshold(3)
        .setFlapWindow(Duration.standardMinutes(10))
        .build();
  }

  static LifecycleFn fn(List<dev.logalerts.rules.Rule> rules) {
    return new LifecycleFn(
        dev.logalerts.rules.RuleSet.of(rules, "fixed"),
        null,
        "",
        2 * MIN,
        10_000,
        null,
        REDACTOR,
        MINER,
        null);
  }

  @Test
  public void flappingGroupsAreClearedAfterTheirHeldStateIsPublished() {
    dev.logalerts.rules.Rule r = flapRule();
    LifecycleStateTest.Harness h = new LifecycleStateTest.Harness(fn(List.of(r)), List.of(r));
    int groups = 2_000;
    // Group i flaps in minutes [s, s+6) with s = 10 * (i % 100): 3 errors every other minute.
    for (int m = 0; m < 1_010; m++) {
      for (int i = m / 10 % 100; i < groups; i += 100) {
        int s = 10 * (i % 100);
        if (m >= s && m < s + 6 && (m - s) % 2 == 0) {
          h.bucket(
              "flaps\u001esvc-" + i,
              LifecycleStateTest.bucket(T0 + (m + 1) * MIN, 3, "payment failed " + i));
        }
      }
    }
    int liveWhileRunning = h.live.size();
    h.advanceTo(Long.MAX_VALUE - 1);

    assertThat(h.live).isEmpty();
    assertThat(h.cleared).isEqualTo(groups);
    // Only groups within their flapping episode (about 17 minutes of every 1000) hold state.
    assertThat(h.maxLive).isLessThan(groups / 10);
    assertThat(liveWhileRunning).isLessThan(groups / 10);
    // Each group: FIRING, RESOLVED, FIRING, FLAPPING, then its settled RESOLVED.
    for (AlertState s : AlertState.values()) {
      long n = h.alerts.stream().filter(a -> a.state() == s).count();
      assertThat(n).isEqualTo(s == AlertState.FLAPPING ? groups : 2L * groups);
    }
    assertThat(
            h.alerts.stream()
                .filter(a -> a.state() == AlertState.RESOLVED && a.sequence() == 3)
                .count())
        .isEqualTo(groups);
  }

  static KeyState flappingState() {
    KeyState st = new KeyState("flaps\u001esvc-1");
    st.ruleFingerprint = "0123456789abcdef";
    st.firing = true;
    st.alertId = "a1";
    st.sequencedId = "a1";
    st.sequence = 2;
    st.incidentStart = T0 + 3 * MIN;
    st.lastNotified = T0 + 5 * MIN;
    st.lastEvaluated = T0 + 6 * MIN;
    st.incident.observe(T0 + 3 * MIN, 3, true, false, 3);
    st.incident.observe(T0 + 5 * MIN, 7, true, false, 7);
    st.incident.notifications = 1;
    st.incident.suppressed = 2;
    st.flap.changes.add(T0 + MIN);
    st.flap.changes.add(T0 + 2 * MIN);
    st.flap.episodeId = "a1";
    st.flap.releaseAt = T0 + 16 * MIN;
    return st;
  }

  @Test
  public void removingTheRuleResolvesAFlappingEpisodeUnderItsAlertId() {
    dev.logalerts.rules.Rule r = flapRule();
    LifecycleFn fn = fn(List.of(r));
    KeyState st = flappingState();
    st.ruleFingerprint = r.fingerprint();
    st.firing = false; // resolved while held: only the episode is open
    st.alertId = "";
    List<Alert> out = new java.util.ArrayList<>();
    assertThat(fn.underNewestRule(st, null, new LifecycleStateTest.Cell<>(), out::add)).isNull();
    assertThat(out).hasSize(1);
    Alert a = out.get(0);
    assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(a.alertId()).isEqualTo("a1");
    assertThat(a.sequence()).isEqualTo(3);
    assertThat(a.summary()).contains("the rule was removed");
    assertThat(a.incident().firstSeenMillis()).isEqualTo(T0 + 3 * MIN);
    assertThat(a.incident().matchingEntries()).isEqualTo(10);
    assertThat(st.flap.holding()).isFalse();
  }

  @Test
  public void keyStateRoundTripsIncidentAndFlapping() throws Exception {
    KeyState.KeyStateCoder coder = KeyState.KeyStateCoder.of();
    KeyState st = flappingState();
    byte[] bytes = CoderUtils.encodeToByteArray(coder, st);
    assertThat(bytes[0] & 1).isEqualTo(1); // version byte
    KeyState back = CoderUtils.decodeFromByteArray(coder, bytes);
    assertThat(CoderUtils.encodeToByteArray(coder, back)).isEqualTo(bytes);
    assertThat(back.incident.summary(T0 + 16 * MIN))
        .isEqualTo(IncidentSummary.of(T0 + 3 * MIN, T0 + 5 * MIN, 13 * 60, 10, 7, 1, 2));
    assertThat(back.flap.changes).containsExactly(T0 + MIN, T0 + 2 * MIN).inOrder();
    assertThat(back.flap.episodeId).isEqualTo("a1");
    assertThat(back.flap.releaseAt).isEqualTo(T0 + 16 * MIN);
    assertThat(Flapping.wakeAt(back)).isEqualTo(T0 + 16 * MIN);
  }

  @Test
  public void keyStateOfTheUnversionedFormatStillReads() throws Exception {
    KeyState.KeyStateCoder coder = KeyState.KeyStateCoder.of();
    KeyState st = flappingState();
    byte[] bytes = CoderUtils.encodeToByteArray(coder, st);
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    st.incident.encode(tail);
    st.flap.encode(tail);
    dev.logalerts.model.BinaryCodec.writeVarLong(tail, st.lastFiringSent);
    writeAfterFormat3(tail, st);
    // Format 1: no version byte, nothing after the sequence.
    byte[] legacy = Arrays.copyOfRange(bytes, 1, bytes.length - tail.size());
    KeyState back = CoderUtils.decodeFromByteArray(coder, legacy);
    assertThat(back.key).isEqualTo(st.key);
    assertThat(back.sequence).isEqualTo(2);
    assertThat(back.flap.holding()).isFalse();
    // The open incident is known from its start and last notification.
    IncidentSummary s = back.incident.summary(T0 + 10 * MIN);
    assertThat(s.firstSeenMillis()).isEqualTo(T0 + 3 * MIN);
    assertThat(s.lastSeenMillis()).isEqualTo(T0 + 5 * MIN);
    assertThat(s.durationSeconds()).isEqualTo(7 * 60);
    assertThat(back.incident.countedTo).isEqualTo(T0 + 6 * MIN);
  }

  @Test
  public void keyStateOfFormat2TakesTheLastDeadlineCheckedAsTheLastFiringSent() throws Exception {
    KeyState.KeyStateCoder coder = KeyState.KeyStateCoder.of();
    KeyState st = flappingState();
    st.lastNotified = T0 + 5 * MIN;
    st.lastFiringSent = T0 + 2 * MIN;
    byte[] bytes = CoderUtils.encodeToByteArray(coder, st);
    assertThat(CoderUtils.decodeFromByteArray(coder, bytes).lastFiringSent).isEqualTo(T0 + 2 * MIN);
    ByteArrayOutputStream last = new ByteArrayOutputStream();
    dev.logalerts.model.BinaryCodec.writeVarLong(last, st.lastFiringSent);
    writeAfterFormat3(last, st);
    // Format 2: version byte 2, nothing after the flap state.
    byte[] v2 = Arrays.copyOf(bytes, bytes.length - last.size());
    v2[0] = (byte) ((2 << 1) | 1);
    KeyState back = CoderUtils.decodeFromByteArray(coder, v2);
    assertThat(back.lastFiringSent).isEqualTo(T0 + 5 * MIN);
    assertThat(back.flap.episodeId).isEqualTo("a1");
  }

  @Test
  public void keyStateOfFormat3HasNoLinkAndFormat4KeepsIt() throws Exception {
    KeyState.KeyStateCoder coder = KeyState.KeyStateCoder.of();
    KeyState st = flappingState();
    st.linkProject = "shop-prod";
    st.linkScope = "resource.labels.service_name=\"pricing-api\"";
    byte[] bytes = CoderUtils.encodeToByteArray(coder, st);
    KeyState back = CoderUtils.decodeFromByteArray(coder, bytes);
    assertThat(back.linkProject).isEqualTo("shop-prod");
    assertThat(back.linkScope).isEqualTo("resource.labels.service_name=\"pricing-api\"");
    ByteArrayOutputStream link = new ByteArrayOutputStream();
    writeAfterFormat3(link, st);
    // Format 3: version byte 3, nothing after the last FIRING sent.
    byte[] v3 = Arrays.copyOf(bytes, bytes.length - link.size());
    v3[0] = (byte) ((3 << 1) | 1);
    KeyState old = CoderUtils.decodeFromByteArray(coder, v3);
    assertThat(old.linkProject).isEmpty();
    assertThat(old.linkScope).isEmpty();
    assertThat(old.lastFiringSent).isEqualTo(st.lastFiringSent);
    assertThat(old.flap.episodeId).isEqualTo("a1");
  }

  /**
   * What formats 4 (the link), 5 (a drop's direction, a resolving run), 6 (the spike reference) and
   * 7 (the buckets kept for late panes) and 8 (late panes settling) added at the end.
   */
  private static void writeAfterFormat3(ByteArrayOutputStream out, KeyState st) throws Exception {
    dev.logalerts.model.BinaryCodec.writeString(out, st.linkProject);
    dev.logalerts.model.BinaryCodec.writeString(out, st.linkScope);
    writeAfterFormat4(out, st);
  }

  private static void writeAfterFormat4(ByteArrayOutputStream out, KeyState st) throws Exception {
    out.write(st.firedLow ? 1 : 0);
    dev.logalerts.model.BinaryCodec.writeVarLong(out, st.resolvedUpTo);
    dev.logalerts.model.BinaryCodec.writeVarLong(out, st.prunedTo);
    writeAfterFormat5(out, st);
  }

  private static void writeAfterFormat5(ByteArrayOutputStream out, KeyState st) throws Exception {
    dev.logalerts.model.BinaryCodec.writeVarLong(out, Double.doubleToLongBits(st.reference));
    writeAfterFormat6(out, st);
  }

  private static void writeAfterFormat6(ByteArrayOutputStream out, KeyState st) throws Exception {
    dev.logalerts.model.BinaryCodec.writeVarLong(out, st.olderTo);
    dev.logalerts.model.BinaryCodec.writeVarLong(out, st.olderCount);
    writeAfterFormat7(out, st);
  }

  private static void writeAfterFormat7(ByteArrayOutputStream out, KeyState st) throws Exception {
    out.write(st.settling ? 1 : 0);
    out.write(st.lateSinceStep ? 1 : 0);
    dev.logalerts.model.BinaryCodec.writeVarLong(out, st.settleSteps);
    dev.logalerts.model.BinaryCodec.writeVarLong(out, st.heldWake);
    dev.logalerts.model.BinaryCodec.writeVarLong(out, st.settleUpTo);
    dev.logalerts.model.BinaryCodec.writeVarLong(out, st.recheckFrom);
    dev.logalerts.model.BinaryCodec.writeVarLong(out, st.recheckTo);
    writeAfterFormat8(out, st);
  }

  private static void writeAfterFormat8(ByteArrayOutputStream out, KeyState st) throws Exception {
    dev.logalerts.model.BinaryCodec.writeVarLong(out, st.earlyFrom);
    writeAfterFormat9(out, st);
  }

  private static void writeAfterFormat9(ByteArrayOutputStream out, KeyState st) throws Exception {
    dev.logalerts.model.BinaryCodec.writeVarLong(out, st.backlogCounted);
  }

  @Test
  public void keyStateOfFormat9CountsNoBacklogPanesAndFormat10KeepsTheCount() throws Exception {
    KeyState.KeyStateCoder coder = KeyState.KeyStateCoder.of();
    KeyState st = flappingState();
    st.settling = true;
    st.earlyFrom = T0 + 12 * MIN;
    st.backlogCounted = 4_321;
    byte[] bytes = CoderUtils.encodeToByteArray(coder, st);
    assertThat(CoderUtils.decodeFromByteArray(coder, bytes).backlogCounted).isEqualTo(4_321);
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    writeAfterFormat9(tail, st);
    // Format 9: version byte 9, nothing after the first early pane set aside.
    byte[] v9 = Arrays.copyOf(bytes, bytes.length - tail.size());
    v9[0] = (byte) ((9 << 1) | 1);
    KeyState old = CoderUtils.decodeFromByteArray(coder, v9);
    assertThat(old.earlyFrom).isEqualTo(T0 + 12 * MIN);
    assertThat(old.backlogCounted).isEqualTo(0);
  }

  @Test
  public void keyStateOfFormat8SetsNoEarlyPaneAsideAndFormat9KeepsIt() throws Exception {
    KeyState.KeyStateCoder coder = KeyState.KeyStateCoder.of();
    KeyState st = flappingState();
    st.settling = true;
    st.recheckTo = T0 + 6 * MIN;
    st.earlyFrom = T0 + 12 * MIN;
    byte[] bytes = CoderUtils.encodeToByteArray(coder, st);
    KeyState back = CoderUtils.decodeFromByteArray(coder, bytes);
    assertThat(back.earlyFrom).isEqualTo(T0 + 12 * MIN);
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    writeAfterFormat8(tail, st);
    // Format 8: version byte 8, nothing after the last late bucket to re-check.
    byte[] v8 = Arrays.copyOf(bytes, bytes.length - tail.size());
    v8[0] = (byte) ((8 << 1) | 1);
    KeyState old = CoderUtils.decodeFromByteArray(coder, v8);
    assertThat(old.settling).isTrue();
    assertThat(old.recheckTo).isEqualTo(T0 + 6 * MIN);
    assertThat(old.earlyFrom).isEqualTo(KeyState.NONE);
  }

  @Test
  public void keyStateOfFormat7IsNotSettlingAndFormat8KeepsWhatItHolds() throws Exception {
    KeyState.KeyStateCoder coder = KeyState.KeyStateCoder.of();
    KeyState st = flappingState();
    st.olderCount = 17;
    st.settling = true;
    st.lateSinceStep = true;
    st.settleSteps = 3;
    st.heldWake = T0 + 9 * MIN;
    st.settleUpTo = T0 + 8 * MIN;
    st.recheckFrom = T0 + 4 * MIN;
    st.recheckTo = T0 + 6 * MIN;
    byte[] bytes = CoderUtils.encodeToByteArray(coder, st);
    KeyState back = CoderUtils.decodeFromByteArray(coder, bytes);
    assertThat(back.settling).isTrue();
    assertThat(back.lateSinceStep).isTrue();
    assertThat(back.settleSteps).isEqualTo(3);
    assertThat(back.heldWake).isEqualTo(T0 + 9 * MIN);
    assertThat(back.settleUpTo).isEqualTo(T0 + 8 * MIN);
    assertThat(back.recheckFrom).isEqualTo(T0 + 4 * MIN);
    assertThat(back.recheckTo).isEqualTo(T0 + 6 * MIN);
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    writeAfterFormat7(tail, st);
    // Format 7: version byte 7, nothing after the count of older buckets.
    byte[] v7 = Arrays.copyOf(bytes, bytes.length - tail.size());
    v7[0] = (byte) ((7 << 1) | 1);
    KeyState old = CoderUtils.decodeFromByteArray(coder, v7);
    assertThat(old.olderCount).isEqualTo(17);
    assertThat(old.settling).isFalse();
    assertThat(old.heldWake).isEqualTo(KeyState.NONE);
    assertThat(old.recheckFrom).isEqualTo(KeyState.NONE);
  }

  @Test
  public void keyStateOfFormat6KeepsNoOlderBucketsAndFormat7SaysWhatItKeeps() throws Exception {
    KeyState.KeyStateCoder coder = KeyState.KeyStateCoder.of();
    KeyState st = flappingState();
    st.reference = 12.5;
    st.olderTo = T0 + 3 * MIN;
    st.olderCount = 17;
    byte[] bytes = CoderUtils.encodeToByteArray(coder, st);
    KeyState back = CoderUtils.decodeFromByteArray(coder, bytes);
    assertThat(back.olderTo).isEqualTo(T0 + 3 * MIN);
    assertThat(back.olderCount).isEqualTo(17);
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    writeAfterFormat6(tail, st);
    // Format 6: version byte 6, nothing after the spike reference.
    byte[] v6 = Arrays.copyOf(bytes, bytes.length - tail.size());
    v6[0] = (byte) ((6 << 1) | 1);
    KeyState old = CoderUtils.decodeFromByteArray(coder, v6);
    assertThat(old.reference).isEqualTo(12.5);
    assertThat(old.olderTo).isEqualTo(Long.MIN_VALUE);
    assertThat(old.olderCount).isEqualTo(0);
  }

  @Test
  public void keyStateOfFormat5HasNoSpikeReferenceAndFormat6KeepsIt() throws Exception {
    KeyState.KeyStateCoder coder = KeyState.KeyStateCoder.of();
    KeyState st = flappingState();
    st.reference = 12.5;
    st.prunedTo = T0 + 2 * MIN;
    byte[] bytes = CoderUtils.encodeToByteArray(coder, st);
    assertThat(CoderUtils.decodeFromByteArray(coder, bytes).reference).isEqualTo(12.5);
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    writeAfterFormat5(tail, st);
    // Format 5: version byte 5, nothing after prunedTo.
    byte[] v5 = Arrays.copyOf(bytes, bytes.length - tail.size());
    v5[0] = (byte) ((5 << 1) | 1);
    KeyState old = CoderUtils.decodeFromByteArray(coder, v5);
    assertThat(old.reference).isLessThan(0.0); // none: judged against the sliding baseline
    assertThat(old.prunedTo).isEqualTo(T0 + 2 * MIN);
  }

  @Test
  public void keyStateOfFormat4IsNoDropNorResolvingRunAndFormat5KeepsThem() throws Exception {
    KeyState.KeyStateCoder coder = KeyState.KeyStateCoder.of();
    KeyState st = flappingState();
    st.firedLow = true;
    st.resolvedUpTo = T0 + 7 * MIN;
    st.prunedTo = T0 + 2 * MIN;
    byte[] bytes = CoderUtils.encodeToByteArray(coder, st);
    KeyState back = CoderUtils.decodeFromByteArray(coder, bytes);
    assertThat(back.firedLow).isTrue();
    assertThat(back.resolvedUpTo).isEqualTo(T0 + 7 * MIN);
    assertThat(back.prunedTo).isEqualTo(T0 + 2 * MIN);
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    writeAfterFormat4(tail, st);
    // Format 4: version byte 4, nothing after the link.
    byte[] v4 = Arrays.copyOf(bytes, bytes.length - tail.size());
    v4[0] = (byte) ((4 << 1) | 1);
    KeyState old = CoderUtils.decodeFromByteArray(coder, v4);
    assertThat(old.firedLow).isFalse();
    assertThat(old.resolvedUpTo).isEqualTo(Long.MIN_VALUE);
    assertThat(old.prunedTo).isEqualTo(Long.MAX_VALUE); // unknown: late buckets as before
    assertThat(old.linkScope).isEqualTo(st.linkScope);
  }
}
