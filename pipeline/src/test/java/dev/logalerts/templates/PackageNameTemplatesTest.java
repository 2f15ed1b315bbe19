package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A reverse-DNS package or bundle name of THREE segments ({@code com.tencent.mm}, {@code
 * com.android.phone}) is data, as four or more are ({@code com.tencent.qt.qtl}): Android's
 * notification keys and pending intents name whichever app posted them. Lines from Loghub-2k's
 * Android file ({@code templates/loghub2k-full/Android.tsv}, corrected events E17, E80 and E110).
 */
@RunWith(JUnit4.class)
public class PackageNameTemplatesTest {
  private final TemplateMiner miner = new TemplateMiner();

  private void assertSameTemplate(String a, String b) {
    assertWithMessage("%s\n%s", a, b)
        .that(miner.mine(a).template())
        .isEqualTo(miner.mine(b).template());
  }

  @Test
  public void aThreeSegmentAppNameIsAValue() {
    assertSameTemplate(
        "addNotification key=0|com.tencent.mobileqq|121|null|10111",
        "addNotification key=0|com.tencent.mm|4097|null|10112");
    assertSameTemplate(
        "Marking notification as seen 0|com.tencent.mobileqq|121|null|10111",
        "Marking notification as seen 0|com.tencent.mm|4097|null|10112");
    assertSameTemplate(
        "remove(PendingIntent{19abed0: PendingIntentRecord{a485420 com.tencent.qt.qtl"
            + " broadcastIntent}}) changed bounds; rebatching",
        "remove(PendingIntent{e4e2534: PendingIntentRecord{e204f60 com.android.phone"
            + " broadcastIntent}}) changed bounds; rebatching");
  }

  @Test
  public void twoSegmentsConstantsAndExceptionTypesStay() {
    TemplateMiner m = miner;
    // Two segments are not enough to tell a package from a dotted word.
    assertThat(m.mine("loaded com.foo").template()).isEqualTo("loaded com.foo");
    // An exception type names what happened; an ALL-CAPS last segment is a constant.
    assertThat(m.mine("caught java.io.IOException").template())
        .isEqualTo("caught java.io.IOException");
    assertThat(m.mine("onReceive action: android.intent.action.SCREEN_ON").template())
        .isEqualTo("onReceive action: android.intent.action.SCREEN_ON");
  }
}
