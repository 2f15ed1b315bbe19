package dev.logalerts.model;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class SortedLabelsTest {
  @Test
  public void behavesLikeATreeMapFilledInTheSameOrder() {
    Random rnd = new Random(5);
    String[] keys = {"app", "k8s-pod/app", "zone", "a", "", "ä", "env", "team", "x", "y", "b"};
    for (int round = 0; round < 500; round++) {
      SortedLabels.Builder b = SortedLabels.builder();
      TreeMap<String, String> expected = new TreeMap<>();
      int n = rnd.nextInt(round < 400 ? 12 : 40); // both the scan and the binary search
      for (int i = 0; i < n; i++) {
        String k = keys[rnd.nextInt(keys.length)] + (round >= 400 ? rnd.nextInt(30) : "");
        b.put(k, "v" + i); // a repeated key keeps its last value
        expected.put(k, "v" + i);
      }
      Map<String, String> m = b.build();
      assertThat(m).isEqualTo(expected);
      assertThat(m.hashCode()).isEqualTo(expected.hashCode());
      assertThat(new ArrayList<>(m.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
      assertThat(new ArrayList<>(m.values())).isEqualTo(new ArrayList<>(expected.values()));
      for (String k : keys) {
        assertThat(m.get(k)).isEqualTo(expected.get(k));
        assertThat(m.containsKey(k)).isEqualTo(expected.containsKey(k));
      }
      assertThat(m.get(42)).isNull();
    }
  }

  @Test
  public void isReadOnly() {
    Map<String, String> m = SortedLabels.builder().put("b", "2").put("a", "1").build();
    List<String> order = new ArrayList<>(m.values());
    assertThat(order).containsExactly("1", "2").inOrder();
    assertThrows(UnsupportedOperationException.class, () -> m.put("c", "3"));
    assertThrows(UnsupportedOperationException.class, () -> m.values().clear());
    assertThrows(UnsupportedOperationException.class, () -> m.entrySet().iterator().remove());
    assertThrows(
        UnsupportedOperationException.class, () -> m.entrySet().iterator().next().setValue("x"));
    assertThat(SortedLabels.builder().build()).isEmpty();
  }

  /** The map shares the builder's arrays: a put after build must fail, not change the map. */
  @Test
  public void builderIsDoneAfterBuild() {
    SortedLabels.Builder b = SortedLabels.builder().put("a", "1");
    Map<String, String> m = b.build();
    assertThrows(NullPointerException.class, () -> b.put("a", "2"));
    assertThat(m).containsExactly("a", "1");
  }
}
