package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Progress lines of training and model-loading jobs (Vertex AI custom training, GKE) as users
 * pasted them in public issues: every position of a progress bar is one log call, one template and
 * one noisy-log row.
 */
@RunWith(JUnit4.class)
public class TrainingProgressLinesTest {
  private final TextLineKeys keys = new TextLineKeys();
  private final TemplateMiner miner = new TemplateMiner();

  // tqdm's bar while transformers loads a sharded model, from before its first update (no rate
  // yet: "?"): https://github.com/SCIR-HI/Huatuo-Llama-Med-Chinese/issues/89
  private static final String[] SHARDS = {
    "Loading checkpoint shards:   0%|          | 0/81 [00:00<?, ?it/s]",
    "Loading checkpoint shards:   1%|          | 1/81 [00:00<01:08,  1.16it/s]",
    "Loading checkpoint shards:   2%|▏         | 2/81 [00:01<01:11,  1.11it/s]",
    "Loading checkpoint shards:  12%|█▏        | 10/81 [00:09<01:06,  1.07it/s]",
    "Loading checkpoint shards:  17%|█▋        | 14/81 [00:13<01:02,  1.07it/s]"
  };

  // Keras' progress bar in verbose mode: https://github.com/keras-team/keras/issues/10790
  private static final String KERAS_AT_29696 =
      "29696/57000 [==============>...............] - ETA: 1s - loss: 0.0372 - acc: 0.9886";
  private static final String KERAS_AT_35072 =
      "35072/57000 [=================>............] - ETA: 1s - loss: 0.0377 - acc: 0.9884";

  // The end of an epoch, another log call: https://github.com/keras-team/keras/pull/8169
  private static final String KERAS_EPOCH_END =
      "60000/60000 [==============================] - 5s 87us/step - loss: 0.3437 - acc: 0.8957"
          + " - val_loss: 0.0759 - val_acc: 0.9771";

  @Test
  public void tqdmBarPositionsAreOneRow() throws Exception {
    KV<NoisyKey, NoisyEntry> first = keys.row(keys.entry(SHARDS[0]));
    assertThat(first.getValue().template())
        .isEqualTo("Loading checkpoint shards: <*>%|<*>| <*> [<*>]");
    for (String line : SHARDS) {
      KV<NoisyKey, NoisyEntry> row = keys.row(keys.entry(line));
      assertThat(row.getKey()).isEqualTo(first.getKey());
      assertThat(Filter.compile(TextLineKeys.exclusion(first)).test(keys.entry(line))).isTrue();
    }
  }

  /**
   * The last epoch's 100% bar is the same log call too. https://github.com/geoelements/gns/pull/79
   */
  @Test
  public void tqdmFullBarWithPostfixIsMasked() throws Exception {
    assertThat(
            keys.template(
                "Epoch 0: 100%|████████████████████████████████████████| 994/994"
                    + " [03:44<00:00,  4.42batch/s, avg_loss=0.34, loss=0.06, lr=1.00e-04]"))
        .isEqualTo("Epoch <*>: <*>%|<*>| <*> [<*>, avg_loss=<*>, loss=<*>, lr=<*>]");
  }

  /**
   * A bar without a description (tqdm's README: https://github.com/tqdm/tqdm) has no constant word:
   * its exclusion is the line's shape, which takes every position of the bar and not the job's
   * other lines.
   */
  @Test
  public void tqdmBarWithoutDescriptionHasAnExclusionOfItsLinesOnly() throws Exception {
    String[] bar = {
      " 76%|████████████████████████        | 7568/10000 [00:33<00:10, 229.00it/s]",
      "  0%|          | 0/10000 [00:00<?, ?it/s]",
      "100%|██████████| 10000/10000 [00:43<00:00, 229.80it/s]"
    };
    KV<NoisyKey, NoisyEntry> first = keys.row(keys.entry(bar[0]));
    assertThat(first.getValue().template()).isEqualTo("<*>%|<*>| <*> [<*>]");
    CompiledFilter exclusion = Filter.compile(TextLineKeys.exclusion(first));
    for (String line : bar) {
      assertThat(keys.row(keys.entry(line)).getKey()).isEqualTo(first.getKey());
      assertThat(exclusion.test(keys.entry(line))).isTrue();
    }
    assertThat(exclusion.test(keys.entry("step 7568 | loss 0.21 | lr 0.001 [rank 0]"))).isFalse();
    assertThat(exclusion.test(keys.entry("Saved model to gs://bucket/model [76%]"))).isFalse();
  }

  @Test
  public void kerasBarPositionsAreOneRowAndTheEpochEndAnother() throws Exception {
    KV<NoisyKey, NoisyEntry> at29696 = keys.row(keys.entry(KERAS_AT_29696));
    KV<NoisyKey, NoisyEntry> at35072 = keys.row(keys.entry(KERAS_AT_35072));
    assertThat(at29696.getValue().template())
        .isEqualTo("<*> [<*>] - ETA: <*> - loss: <*> - acc: <*>");
    assertThat(at35072.getKey()).isEqualTo(at29696.getKey());
    KV<NoisyKey, NoisyEntry> end = keys.row(keys.entry(KERAS_EPOCH_END));
    assertThat(end.getValue().template())
        .isEqualTo("<*> [<*>] - <*> - loss: <*> - acc: <*> - val_loss: <*> - val_acc: <*>");
    assertThat(end.getKey()).isNotEqualTo(at29696.getKey());
    assertThat(Filter.compile(TextLineKeys.exclusion(at29696)).test(keys.entry(KERAS_EPOCH_END)))
        .isFalse();
  }

  /** The empty bar at a step's start: https://github.com/keras-team/keras/issues/10532 */
  @Test
  public void kerasEmptyBarIsMaskedButAnEllipsisStays() {
    assertThat(
            miner.templateOf(
                "  3072/108400 [..............................] - ETA: 40s - loss: 0.2782"
                    + " - accuracy: 0.5706"))
        .isEqualTo("<*> [<*>] - ETA: <*> - loss: <*> - accuracy: <*>");
    assertThat(miner.templateOf("body [...] truncated")).isEqualTo("body [...] truncated");
    assertThat(miner.templateOf("a [=] b")).isEqualTo("a [<*>] b");
  }

  /**
   * The same lines in a Vertex AI custom job's replica log (the {@code ml_job} entry of the
   * documented family fixture): one row for the job, severity as the replica wrote it.
   */
  @Test
  public void vertexCustomJobProgressIsOneRowOfTheJob() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    LogEvent[] events = new LogEvent[2];
    String[] lines = {KERAS_AT_29696, KERAS_AT_35072};
    for (int i = 0; i < 2; i++) {
      String json =
          "{\"logName\":\"projects/shop-prod/logs/workerpool0-0\",\"resource\":{\"type\":\"ml_job\","
              + "\"labels\":{\"job_id\":\"4521987456321456987\",\"project_id\":\"shop-prod\","
              + "\"task_name\":\"workerpool0-0\"}},\"severity\":\"ERROR\",\"jsonPayload\":"
              + "{\"message\":"
              + SuggestedExclusion.quote(lines[i])
              + ",\"attrs\":{\"tag\":\"workerpool0-0\"},\"levelname\":\"ERROR\"},"
              + "\"timestamp\":\"2026-11-30T09:12:44.303Z\"}";
      events[i] = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(events[0].service()).isEqualTo("4521987456321456987");
    assertThat(events[0].severity()).isEqualTo(Severity.ERROR);
    KV<NoisyKey, NoisyEntry> row = keys.row(events[0]);
    assertThat(keys.row(events[1]).getKey()).isEqualTo(row.getKey());
    assertThat(Filter.compile(TextLineKeys.exclusion(row)).test(events[1])).isTrue();
  }
}
