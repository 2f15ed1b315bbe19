package dev.logalerts.tools.cost;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

public class CostModelTest {
  private static final double CENT = 0.005;

  /**
   * Round numbers so every figure can be worked out by hand: 1,000-byte entries, a 720-hour month
   * (30 days), no Pub/Sub overhead, no BigQuery rows, 1 ms of CPU per entry at 50%.
   */
  private static CostModel simple() {
    return CostModel.defaults()
        .with(Param.ENTRY_BYTES, 1000)
        .with(Param.HOURS_PER_MONTH, 720)
        .with(Param.PUBSUB_OVERHEAD_BYTES, 0)
        .with(Param.CPU_US_PER_ENTRY, 1000)
        .with(Param.UTILIZATION, 0.5)
        .with(Param.DEDUP_SHUFFLE_BYTES, 0)
        .with(Param.NOISY_SHUFFLE_BYTES, 100)
        .with(Param.RULE_SHUFFLE_BYTES, 10)
        .with(Param.NOISY_KEYED_BYTES_PER_HOUR, 0)
        .with(Param.RULE_KEYED_BYTES_PER_HOUR, 0)
        .with(Param.NOISY_ROWS_PER_HOUR, 0)
        .with(Param.ALERTS_PER_HOUR, 0)
        .with(Param.DEAD_LETTERS_PER_MILLION, 0);
  }

  private static double line(List<CostModel.Line> lines, String item) {
    return lines.stream().filter(l -> l.item().equals(item)).findFirst().orElseThrow().usd();
  }

  private static double quantity(List<CostModel.Line> lines, String item) {
    return lines.stream().filter(l -> l.item().equals(item)).findFirst().orElseThrow().quantity();
  }

  @Test
  public void handComputed100GbPerDay() {
    CostModel.Estimate e = simple().estimate(100);

    // 100e9 / 1000 = 1e8 entries a day = 1,157.4 entries/s; 3e9 a month.
    assertThat(e.entriesPerSecond()).isWithin(0.01).of(1157.41);
    assertThat(e.entriesPerMonth()).isWithin(1).of(3e9);
    // 1,157.4 entries/s x 1 ms / 0.5 = 2.31 vCPU -> two 2-vCPU workers for 720 h.
    assertThat(e.vcpusNeeded()).isWithin(0.001).of(2.315);
    assertThat(e.workers()).isEqualTo(2);
    assertThat(line(e.job(), "worker vCPU")).isWithin(CENT).of(2880 * 0.069); // 198.72
    assertThat(line(e.job(), "worker memory")).isWithin(CENT).of(10_800 * 0.003557); // 38.42
    // Streaming Engine: (1000 read + 100 noisy + 8 rules x 10) x 3e9 = 3.54e12 B = 3,296.88 GiB.
    assertThat(quantity(e.job(), "Streaming Engine data processed")).isWithin(0.01).of(3296.88);
    assertThat(line(e.job(), "Streaming Engine data processed")).isWithin(CENT).of(59.34);
    // Pub/Sub: publish + delivery of 3e9 x 1000 B = 5,587.94 GiB; 10 free; $40/TiB.
    assertThat(quantity(e.job(), "log sink publish + delivery")).isWithin(0.01).of(5587.94);
    assertThat(line(e.job(), "log sink publish + delivery")).isWithin(CENT).of(217.89);
    assertThat(line(e.job(), "alert topic")).isEqualTo(0.0);
    assertThat(e.jobUsd("BigQuery")).isEqualTo(0.0);
    assertThat(e.jobUsd()).isWithin(0.02).of(198.72 + 38.42 + 59.34 + 217.89);

    // Cloud Logging: 3e12 B = 2,793.97 GiB, 50 free, $0.50/GiB.
    assertThat(e.comparisonUsd("Cloud Logging")).isWithin(CENT).of(1371.98);
    // Datadog: 3,000 GB x $0.10 + 3,000 M events x $1.70.
    assertThat(e.comparisonUsd("Datadog")).isWithin(CENT).of(300 + 5100);
  }

  @Test
  public void bigQueryFreeTiersCoverSmallTables() {
    // 1,000 rows/h x 1,000 B x 720 h = 0.67 GiB a month: within 2 TiB of writes and, kept
    // 30 days, within 10 GiB of storage.
    CostModel.Estimate e =
        simple()
            .with(Param.NOISY_ROWS_PER_HOUR, 1000)
            .with(Param.NOISY_ROW_BYTES, 1000)
            .with(Param.BQ_RETENTION_DAYS, 30)
            .estimate(100);
    assertThat(quantity(e.job(), "Storage Write API")).isWithin(0.001).of(0.6706);
    assertThat(e.jobUsd("BigQuery")).isEqualTo(0.0);
  }

  @Test
  public void bigQueryBeyondFreeTiers() {
    // 1e6 rows/h x 5,000 B x 720 h = 3.6e12 B = 3,352.77 GiB written: 1,304.77 GiB billed at
    // $0.025. Kept 90 days: 1.2e11 B/day x 90 = 10,058.29 GiB, 10 free, $0.02/GiB-month.
    CostModel.Estimate e =
        simple()
            .with(Param.NOISY_ROWS_PER_HOUR, 1e6)
            .with(Param.NOISY_ROW_BYTES, 5000)
            .estimate(100);
    assertThat(line(e.job(), "Storage Write API")).isWithin(CENT).of(32.62);
    assertThat(quantity(e.job(), "storage (active logical)")).isWithin(0.01).of(10_058.29);
    assertThat(line(e.job(), "storage (active logical)")).isWithin(CENT).of(200.97);
  }

  @Test
  public void freeTiersApplyBelowThem() {
    // 1 GB/day: 30 GB (27.9 GiB) a month, under Cloud Logging's 50 free GiB. Pub/Sub carries it
    // twice (60 GB = 55.9 GiB), of which 10 GiB are free.
    CostModel.Estimate e = simple().estimate(1);
    assertThat(e.comparisonUsd("Cloud Logging")).isEqualTo(0.0);
    assertThat(line(e.job(), "log sink publish + delivery"))
        .isWithin(CENT)
        .of((60e9 / CostModel.GIB - 10) * 40 / 1024);
    CostModel.Estimate tiny = simple().estimate(0.1); // 6 GB through Pub/Sub: all free
    assertThat(line(tiny.job(), "log sink publish + delivery")).isEqualTo(0.0);
  }

  @Test
  public void oneWorkerAtLeast() {
    CostModel.Estimate e = CostModel.defaults().estimate(0.001);
    assertThat(e.workers()).isEqualTo(1);
    assertThat(e.jobUsd("Dataflow") - line(e.job(), "Streaming Engine data processed"))
        .isWithin(CENT)
        .of(730 * (2 * 0.069 + 7.5 * 0.003557));
    assertThat(CostModel.defaults().with(Param.MIN_WORKERS, 3).estimate(0.001).workers())
        .isEqualTo(3);
  }

  @Test
  public void costGrowsWithVolumeAndRules() {
    CostModel m = CostModel.defaults();
    CostModel.Estimate previous = null;
    for (double gb : new double[] {0.5, 1, 10, 50, 100, 300, 1000, 5000}) {
      CostModel.Estimate e = m.estimate(gb);
      if (previous != null) {
        assertThat(e.jobUsd()).isAtLeast(previous.jobUsd());
        assertThat(e.comparisonUsd("Cloud Logging"))
            .isAtLeast(previous.comparisonUsd("Cloud Logging"));
        assertThat(e.comparisonUsd("Datadog")).isGreaterThan(previous.comparisonUsd("Datadog"));
        for (int i = 0; i < e.job().size(); i++) {
          assertThat(e.job().get(i).usd()).isAtLeast(previous.job().get(i).usd());
        }
      }
      previous = e;
    }
    double last = 0;
    for (int rules : new int[] {0, 8, 20, 100, 500}) {
      double usd = m.with(Param.RULES, rules).estimate(1000).jobUsd();
      assertThat(usd).isAtLeast(last);
      last = usd;
    }
    assertThat(m.with(Param.RULES, 500).estimate(1000).jobUsd())
        .isGreaterThan(m.with(Param.RULES, 8).estimate(1000).jobUsd());
  }

  @Test
  public void liftingAndEarlyPanesMoveStreamingEngineBytes() {
    CostModel m = simple().with(Param.RULE_KEYED_BYTES_PER_HOUR, 1000);
    double base = quantity(m.estimate(100).job(), "Streaming Engine data processed");
    // Lifting drops the per-entry elements of both combines (100 + 80 B) and doubles the keyed
    // aggregates (8 rules x 1,000 B/h x 720 h).
    double lifted =
        quantity(
            m.with(Param.COMBINER_LIFTING, 1).estimate(100).job(),
            "Streaming Engine data processed");
    assertThat(base - lifted).isWithin(0.01).of((180 * 3e9 - 8 * 1000 * 720) / CostModel.GIB);
    // Early panes: 8 rules x 0.1 observations x 500 B per entry more.
    double early =
        quantity(
            m.with(Param.EARLY_PANES, 1)
                .with(Param.OBSERVATIONS_PER_ENTRY_RULE, 0.1)
                .with(Param.EARLY_PANE_BYTES_PER_OBSERVATION, 500)
                .estimate(100)
                .job(),
            "Streaming Engine data processed");
    assertThat(early - base).isWithin(0.01).of(400 * 3e9 / CostModel.GIB);
  }

  @Test
  public void resourceBasedStreamingEngineReplacesBytes() {
    CostModel.Estimate e = CostModel.defaults().with(Param.SECU_PER_HOUR, 2).estimate(100);
    assertThat(e.job().stream().map(CostModel.Line::item))
        .doesNotContain("Streaming Engine data processed");
    assertThat(line(e.job(), "Streaming Engine (resource-based, SECU)"))
        .isWithin(CENT)
        .of(2 * 730 * 0.089);
  }

  @Test
  public void badValuesAreNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CostModel.defaults().estimate(-1));
    assertThat(e).hasMessageThat().contains("--gb-per-day");
    assertThrows(IllegalArgumentException.class, () -> CostModel.defaults().estimate(0));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CostModel.defaults().with(Param.ENTRY_BYTES, -5).estimate(10));
    assertThat(e).hasMessageThat().contains("--entry-bytes");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CostModel.defaults().with(Param.UTILIZATION, 75).estimate(10));
    assertThat(e).hasMessageThat().contains("--utilization");
  }
}
