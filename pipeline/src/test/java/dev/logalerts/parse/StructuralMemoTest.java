package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.LogFamily;
import dev.logalerts.parse.FamilyFields.Source;
import dev.logalerts.parse.LogFamilies.Structural;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class StructuralMemoTest {
  /** Reads slot 1 or 2 depending on slot 0, then slot 3; slot 4 never. */
  private static final BiFunction<LogFamily, Source, Structural> COMPUTE =
      (family, f) -> {
        String a = f.get(0);
        String b = a.equals("x") ? f.get(1) : f.get(2);
        return new Structural(family + " " + a + " " + b, f.get(0) + "=" + f.get(3));
      };

  private static Source source(String... values) {
    return slot -> slot < values.length ? values[slot] : "";
  }

  @Test
  public void answersWhatComputingAnswers() {
    StructuralMemo memo = new StructuralMemo();
    Random random = new Random(1);
    String[] alphabet = {"x", "y", "", "z"};
    for (int i = 0; i < 5000; i++) {
      String[] values = new String[5];
      for (int k = 0; k < values.length; k++) {
        values[k] = alphabet[random.nextInt(alphabet.length)];
      }
      LogFamily family = random.nextBoolean() ? LogFamily.AUDIT : LogFamily.VPC_FLOW;
      Structural want = COMPUTE.apply(family, source(values));
      Structural got = memo.structural(family, source(values), COMPUTE);
      assertThat(got.template()).isEqualTo(want.template());
      assertThat(got.clauses()).isEqualTo(want.clauses());
    }
    // Per family: the read of slot 0, then per value the read of slot 1 or 2, then of slot 3,
    // then the answers; slot 4 is never read, so never branches.
    assertThat(memo.size()).isEqualTo(2 * (1 + 4 + 4 * 4 + 4 * 4 * 4));
  }

  @Test
  public void aFamilyWithoutTemplateIsRememberedAsNull() {
    StructuralMemo memo = new StructuralMemo();
    assertThat(memo.structural(LogFamily.OTHER, source(), (fam, f) -> null)).isNull();
    assertThat(memo.structural(LogFamily.OTHER, source(), COMPUTE)).isNull();
  }

  @Test
  public void staysBounded() {
    StructuralMemo memo = new StructuralMemo();
    for (int i = 0; i < 3 * StructuralMemo.MAX_NODES; i++) {
      Source f = source("y", "", "v" + i, "w" + i);
      assertThat(memo.structural(LogFamily.AUDIT, f, COMPUTE).template())
          .isEqualTo("AUDIT y v" + i);
      assertThat(memo.size()).isAtMost(StructuralMemo.MAX_NODES);
    }
  }

  @Test
  public void readsOfALongValueAreComputedEveryTime() {
    StructuralMemo memo = new StructuralMemo();
    String reason = "r".repeat(StructuralMemo.MAX_VALUE_CHARS + 1);
    Source f = source("y", "", reason, "w");
    for (int i = 0; i < 2; i++) {
      assertThat(memo.structural(LogFamily.AUDIT, f, COMPUTE).template())
          .isEqualTo("AUDIT y " + reason);
    }
    assertThat(memo.size()).isEqualTo(0);
  }

  @Test
  public void vpcFlowToAServerPortDoesNotReadTheClientPort() {
    Map<Integer, String> values = new HashMap<>();
    values.put(FamilyFields.J_DEST_PORT, "443");
    values.put(FamilyFields.J_SRC_PORT, "51234");
    values.put(FamilyFields.J_PROTOCOL, "6");
    List<Integer> read = new ArrayList<>();
    Structural s =
        NetworkFamilies.vpcFlowStructural(
            slot -> {
              read.add(slot);
              return values.getOrDefault(slot, "");
            });
    assertThat(s.template()).isEqualTo("VPC flow TCP :443 reporter=-");
    assertThat(read).doesNotContain(FamilyFields.J_SRC_PORT);
  }
}
