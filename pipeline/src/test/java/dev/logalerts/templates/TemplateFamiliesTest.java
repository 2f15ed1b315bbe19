package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class TemplateFamiliesTest {
  private static final TemplateMiner MINER = new TemplateMiner();

  /** Families learned over the templates of {@code messages}. */
  private static TemplateFamilies learn(String... messages) {
    List<String> templates = new ArrayList<>();
    for (String m : messages) {
      templates.add(MINER.templateOf(m));
    }
    return TemplateFamilies.learn(templates);
  }

  private static String family(TemplateFamilies f, String message) {
    return f.familyOf(MINER.templateOf(message));
  }

  // --- Rule 2: one slot with many structured or key=value values -------------------------------

  @Test
  public void keyValueSlotWithManyPlainWordValuesFolds() {
    TemplateFamilies f =
        learn(
            "authentication failure; rhost=1.2.3.4 acct=root",
            "authentication failure; rhost=1.2.3.5 acct=ftp",
            "authentication failure; rhost=1.2.3.6 acct=guest");
    assertThat(family(f, "authentication failure; rhost=9.9.9.9 acct=ftp"))
        .isEqualTo("authentication failure; rhost=<*> acct=<*>");
    assertThat(f.folds()).hasSize(3);
  }

  @Test
  public void dottedIdentifiersInOneSlotFoldKeepingTheirCommonPrefix() {
    TemplateFamilies f =
        learn(
            // Not reverse-DNS names (those the scanner masks itself, see javaClassNamesAreMasked).
            "apple.icloud.fmfd.heartbeat: scheduler told me to run in 439034 seconds.",
            "apple.Safari.SafeBrowsing.Update: scheduler told me to run in 2450 seconds.",
            "apple.CacheDelete.daily: scheduler told me to run in 12119 seconds.");
    assertThat(family(f, "apple.CacheDelete.daily: scheduler told me to run in 1 seconds."))
        .isEqualTo("apple.<*>: scheduler told me to run in <*> seconds.");
  }

  @Test
  public void javaClassNamesAreMasked() {
    // The scanner masks reverse-DNS class names itself, so they share one template (and family).
    TemplateFamilies f =
        learn(
            "Registering handler org.apache.hadoop.mapreduce.jobhistory.EventType",
            "Registering handler org.apache.hadoop.mapreduce.app.job.event.TaskEventType",
            "Registering handler org.apache.hadoop.yarn.event.JobEventType");
    assertThat(family(f, "Registering handler org.apache.hadoop.yarn.event.JobEventType"))
        .isEqualTo("Registering handler <*>");
  }

  @Test
  public void twoValuesAreNotYetMany() {
    TemplateFamilies f = learn("visible is system.call.count", "visible is system.message.count");
    assertThat(f.folds()).isEmpty();
  }

  // --- Rule 1: an instance of a more general template --------------------------------------------

  @Test
  public void plainValueFoldsIntoTheTemplateWhereTheScannerMaskedThatSlot() {
    // name=com.android.phone is masked (dotted value), name=android is kept (plain word): the
    // masked variant proves the slot is variable.
    TemplateFamilies f =
        learn(
            "acquire lock=1, tag=\"View Lock\", name=com.android.phone\", uid=1000",
            "acquire lock=2, tag=\"WindowManager\", name=android\", uid=1000");
    assertThat(family(f, "acquire lock=3, tag=\"x\", name=android\", uid=1"))
        .isEqualTo("acquire lock=<*>, tag=\"<*>\", name=<*>\", uid=<*>");
  }

  @Test
  public void emptyValueFoldsIntoThePresentOne() {
    TemplateFamilies f =
        learn(
            "connection from 82.83.227.67 (dsl-082-083-227-067.arcor-ip.net) at Sun Jul 10 2005",
            "connection from 220.94.205.45 () at Sun Jul 10 2005");
    assertThat(family(f, "connection from 220.94.205.45 () at Sun Jul 10 2005"))
        .isEqualTo(MINER.templateOf("connection from 1.2.3.4 (host.example.net) at Sun Jul 10"));
  }

  @Test
  public void aBarePlaceholderTemplateAbsorbsNothing() {
    TemplateFamilies f = learn("cancelAutohide", "0x7f9950712080", "closeQs");
    assertThat(f.folds()).isEmpty();
  }

  @Test
  public void atMostHalfOfTheTokensMayDiffer() {
    TemplateFamilies f = learn("<*> <*>: ok", "a b: ok");
    // "<*> <*>" collapses in the scanner; built by hand: 2 of 3 tokens differ.
    TemplateFamilies g = TemplateFamilies.learn(List.of("x<*> y<*> ok", "xa yb ok"));
    assertThat(g.folds()).isEmpty();
    assertThat(f.folds()).isEmpty();
  }

  // --- What stays apart
  // ----------------------------------------------------------------------------

  @Test
  public void plainWordsThatNameEventsStayApart() {
    TemplateFamilies f =
        learn(
            "Cache hit for key 1",
            "Cache miss for key 2",
            "[instance: 3f2a] VM Started (Lifecycle Event)",
            "[instance: 3f2b] VM Paused (Lifecycle Event)",
            "[instance: 3f2c] VM Resumed (Lifecycle Event)",
            "[instance: 3f2d] VM Stopped (Lifecycle Event)",
            "boot  (command 1911)",
            "wait  (command 1975)",
            "halt  (command 1982)",
            "risBoot  (command 1903)");
    assertThat(f.folds()).isEmpty();
  }

  @Test
  public void enumerationValuesStayApartEvenNextToAMaskedValue() {
    TemplateFamilies f =
        learn(
            "job 7 state=RUNNING",
            "job 8 state=FAILED",
            "job 9 state=PENDING",
            "job 10 state='weird value'",
            "flag enabled=true",
            "flag enabled=false",
            "flag enabled=1");
    assertThat(f.folds()).isEmpty();
    assertThat(family(f, "job 7 state=RUNNING")).isEqualTo("job <*> state=RUNNING");
  }

  @Test
  public void differentKeysDoNotMakeOneSlot() {
    TemplateFamilies f = learn("set a=x", "set b=y", "set c=z");
    assertThat(f.folds()).isEmpty();
  }

  // --- Determinism and ids
  // -------------------------------------------------------------------------

  @Test
  public void learningDependsOnlyOnTheSetOfTemplates() {
    List<String> templates = new ArrayList<>();
    for (String u : new String[] {"root", "ftp", "guest", "news", "cyrus"}) {
      templates.add(MINER.templateOf("session opened acct=" + u + " by uid 0"));
    }
    templates.add(MINER.templateOf("name=android\" ws=null"));
    templates.add(MINER.templateOf("name=com.android.phone\" ws=null"));
    templates.add(MINER.templateOf("Cache hit"));
    TemplateFamilies a = TemplateFamilies.learn(templates);
    List<String> shuffled = new ArrayList<>(templates);
    shuffled.addAll(templates); // duplicates do not matter either
    Collections.shuffle(shuffled, new Random(3));
    TemplateFamilies b = TemplateFamilies.learn(shuffled);
    assertThat(b.folds()).isEqualTo(a.folds());
    assertThat(b.version()).isEqualTo(a.version());
    assertThat(a.folds()).isNotEmpty();
  }

  @Test
  public void familyIdIsTheTemplateIdOfTheFamilyTemplate() {
    TemplateFamilies f =
        learn("login acct=root from x", "login acct=ftp from x", "login acct=guest from x");
    String t = MINER.templateOf("login acct=ftp from x");
    assertThat(f.familyIdOf(t)).isEqualTo(TemplateMiner.idOf("login acct=<*> from x"));
    // A template that does not fold keeps its own id: rows with no family join stay as they are.
    String other = MINER.templateOf("logout now");
    assertThat(f.familyIdOf(other)).isEqualTo(MINER.mine("logout now").templateId());
    assertThat(TemplateFamilies.none().familyOf(t)).isEqualTo(t);
    assertThat(TemplateFamilies.of(f.folds()).folds()).isEqualTo(f.folds());
    assertThat(TemplateFamilies.of(f.folds()).version()).isEqualTo(f.version());
  }

  @Test
  public void versionChangesWithTheFolds() {
    TemplateFamilies a = learn("u acct=a", "u acct=b", "u acct=c");
    TemplateFamilies b = learn("u acct=a", "u acct=b", "u acct=c", "u acct=d");
    assertThat(a.version()).hasLength(16);
    assertThat(b.version()).isNotEqualTo(a.version());
    assertThat(TemplateFamilies.none().version()).isEqualTo(TemplateFamilies.none().version());
  }

  // --- Helpers
  // ---------------------------------------------------------------------------------------

  @Test
  public void globMatching() {
    assertThat(TemplateFamilies.globMatches("name=<*>\",", "name=android\",")).isTrue();
    assertThat(TemplateFamilies.globMatches("(<*>)", "()")).isTrue();
    assertThat(TemplateFamilies.globMatches("a<*>b<*>c", "aXbYc")).isTrue();
    assertThat(TemplateFamilies.globMatches("a<*>b", "ab")).isTrue();
    assertThat(TemplateFamilies.globMatches("a<*>b", "a")).isFalse();
    assertThat(TemplateFamilies.globMatches("x=<*>", "y=1")).isFalse();
  }

  @Test
  public void generalizeKeepsCommonPrefixAndSuffixAtSeparators() {
    assertThat(TemplateFamilies.generalize(List.of("com.apple.Foo:", "com.apple.Bar:")))
        .isEqualTo("com.apple.<*>:");
    assertThat(TemplateFamilies.generalize(List.of("user=test", "user=testing")))
        .isEqualTo("user=<*>");
    assertThat(TemplateFamilies.generalize(List.of("a.b", "c.d"))).isEqualTo("<*>");
  }
}
