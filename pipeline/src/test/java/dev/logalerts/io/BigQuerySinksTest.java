package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import dev.logalerts.io.StorageWrite.Delivery;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.PipelineCounters;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.joda.time.Duration;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The BigQuery sinks against Beam's fake BigQuery services: rows land in partitioned, clustered
 * tables created from the schema files; rows BigQuery rejects (the fake refuses chosen rows; a row
 * that does not fit the schema fails conversion) and JSON that is not an object end up in the
 * dead-letter table with the reason, in batch and in streaming (exactly-once with a triggering
 * frequency).
 */
@RunWith(JUnit4.class)
public class BigQuerySinksTest {
  private static final String PROJECT = "test-project";
  private static final String DATASET = "logalerts";

  /** Beam remembers created tables per JVM, so every test writes its own tables. */
  private static final AtomicInteger TABLES = new AtomicInteger();

  private String countsTable;
  private String deadTable;

  @Rule public final transient TestPipeline p = TestPipeline.fromOptions(options());

  private FakeDatasetService datasets;
  private FakeBigQueryServices services;

  private static CloudSinkOptions options() {
    CloudSinkOptions o = PipelineOptionsFactory.create().as(CloudSinkOptions.class);
    o.setProject(PROJECT);
    o.setTempLocation("/tmp");
    o.setCredentialFactoryClass(NoopCredentialFactory.class);
    return o;
  }

  @Before
  public void setUp() throws Exception {
    FakeDatasetService.setUp();
    datasets = new FakeDatasetService();
    datasets.createDataset(PROJECT, DATASET, "", "", null);
    int n = TABLES.incrementAndGet();
    countsTable = "counts_" + n;
    deadTable = "deadletter_" + n;
    services =
        new FakeBigQueryServices()
            .withDatasetService(datasets)
            .withJobService(new FakeJobService());
  }

  private StorageWrite counts(Delivery delivery) {
    return StorageWrite.of(
            PROJECT + ":" + DATASET + "." + countsTable,
            TableLayout.load("test_counts.json", List.of("service", "tags", "missing")),
            delivery,
            p.getOptions().as(CloudSinkOptions.class))
        .withTestServices(services);
  }

  private DeadLetterSink deadLetterSink() {
    return new DeadLetterSink(
        StorageWrite.of(
                PROJECT + ":" + DATASET + "." + deadTable,
                TableLayout.deadLetters(),
                Delivery.AT_LEAST_ONCE,
                p.getOptions().as(CloudSinkOptions.class))
            .withTestServices(services));
  }

  private static final String GOOD_A =
      "{\"windowStart\":\"2026-11-20T00:00:00Z\",\"service\":\"api\",\"count\":3}";
  private static final String GOOD_B =
      "{\"windowStart\":\"2026-11-20T00:01:00Z\",\"service\":\"web\",\"count\":5}";

  /** The fake service refuses rows of service "refused". */
  private static final String REFUSED =
      "{\"windowStart\":\"2026-11-20T00:02:00Z\",\"service\":\"refused\",\"count\":1}";

  /** count is not an integer: fails conversion to the table's row format. */
  private static final String WRONG_TYPE =
      "{\"windowStart\":\"2026-11-20T00:03:00Z\",\"service\":\"api\",\"count\":\"many\"}";

  private static final String NOT_JSON = "{\"windowStart\": oops";

  private void refuseService(String service) {
    datasets.setShouldFailRow(
        (Function<TableRow, Boolean> & Serializable) row -> service.equals(row.get("service")));
  }

  private void writeAll(PCollection<String> rows) {
    PCollection<DeadLetter> failed =
        rows.apply("Counts", new BigQueryJsonSink(counts(Delivery.EXACTLY_ONCE)));
    PCollectionList.of(failed)
        .apply("AllDeadLetters", Flatten.pCollections())
        .apply("DeadLetters", deadLetterSink());
  }

  @Test
  public void batchRowsLandAndRejectedRowsAreDeadLettered() throws Exception {
    refuseService("refused");
    writeAll(p.apply(Create.of(GOOD_A, GOOD_B, REFUSED, WRONG_TYPE, NOT_JSON)));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertLanded(result);
  }

  @Test
  public void streamingExactlyOnceRowsLandAndRejectedRowsAreDeadLettered() throws Exception {
    refuseService("refused");
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .addElements(GOOD_A, REFUSED)
            .advanceProcessingTime(Duration.standardSeconds(10))
            .addElements(GOOD_B, WRONG_TYPE, NOT_JSON)
            .advanceProcessingTime(Duration.standardSeconds(10))
            .advanceWatermarkToInfinity();
    writeAll(p.apply(stream));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertLanded(result);
  }

  private void assertLanded(PipelineResult result) throws Exception {
    List<TableRow> rows = datasets.getAllRows(PROJECT, DATASET, countsTable);
    assertThat(rows.stream().map(r -> r.get("service")).collect(Collectors.toList()))
        .containsExactly("api", "web");

    Table table =
        datasets.getTable(
            new TableReference()
                .setProjectId(PROJECT)
                .setDatasetId(DATASET)
                .setTableId(countsTable));
    assertThat(table.getTimePartitioning().getField()).isEqualTo("windowStart");
    assertThat(table.getTimePartitioning().getType()).isEqualTo("DAY");
    // REPEATED and unknown columns are not clusterable.
    assertThat(table.getClustering().getFields()).containsExactly("service");

    List<TableRow> dead = datasets.getAllRows(PROJECT, DATASET, deadTable);
    String countsSpec = PROJECT + ":" + DATASET + "." + countsTable;
    assertThat(dead).hasSize(3);
    Map<String, String> errorByPayload =
        dead.stream()
            .collect(
                Collectors.toMap(r -> field(r, "payloadString"), r -> field(r, "errorMessage")));
    // A conversion failure keeps the row as written; a row refused on append comes back as
    // BigQuery saw it (the fake even lowercases column names), so find it by content.
    assertThat(errorByPayload.get(WRONG_TYPE))
        .startsWith("bigquery: rejected by " + countsSpec + ": ");
    assertThat(errorByPayload.get(WRONG_TYPE)).contains("count");
    assertThat(errorByPayload.get(NOT_JSON)).contains("not a JSON object");
    TableRow refused =
        dead.stream()
            .filter(r -> field(r, "payloadString").contains("\"refused\""))
            .findFirst()
            .get();
    assertThat(field(refused, "errorMessage")).startsWith("bigquery: rejected by " + countsSpec);
    for (TableRow r : dead) {
      // payloadBytes holds the same bytes as payloadString, so the row can be replayed.
      assertThat(decodeBytes(fieldValue(r, "payloadBytes"))).isEqualTo(field(r, "payloadString"));
      assertThat(field(r, "timestamp")).isNotEmpty();
      assertThat(fieldValue(r, "attributes").toString()).contains(countsSpec);
    }

    assertThat(PipelineCounters.get(result, "bigquery_rows_rejected")).isEqualTo(2);
    assertThat(PipelineCounters.get(result, "bigquery_rows_invalid_json")).isEqualTo(1);
    assertThat(PipelineCounters.get(result, DeadLetterSink.UNWRITABLE_COUNTER)).isEqualTo(0);
  }

  @Test
  public void deadLettersTheDeadLetterTableRefusesAreCountedNotLooped() throws Exception {
    // The fake refuses every dead-letter row: each is logged and counted once, and the job ends.
    datasets.setShouldFailRow(
        (Function<TableRow, Boolean> & Serializable)
            row -> fieldValue(row, "payloadBytes") != null);
    p.apply(
            Create.of(
                    DeadLetter.of(1L, "a".getBytes(StandardCharsets.UTF_8), Map.of(), "x", ""),
                    DeadLetter.of(2L, "b".getBytes(StandardCharsets.UTF_8), Map.of(), "y", ""))
                .withCoder(DeadLetter.Coder.of()))
        .apply("DeadLetters", deadLetterSink());
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(datasets.getAllRows(PROJECT, DATASET, deadTable)).isEmpty();
    assertThat(PipelineCounters.get(result, DeadLetterSink.UNWRITABLE_COUNTER)).isEqualTo(2);
  }

  /** The fake service returns column names lowercased. */
  private static Object fieldValue(TableRow row, String name) {
    for (Map.Entry<String, Object> e : row.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String field(TableRow row, String name) {
    Object v = fieldValue(row, name);
    return v == null ? null : v.toString();
  }

  private static String decodeBytes(Object value) {
    if (value instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    return new String(Base64.getDecoder().decode(value.toString()), StandardCharsets.UTF_8);
  }
}
