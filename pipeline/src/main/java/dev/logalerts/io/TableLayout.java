package dev.logalerts.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Schema, partitioning and clustering of one of our BigQuery tables, read from the JSON schema file
 * under {@code schemas/} (copied onto the classpath by the build) so that the pipeline's
 * CREATE_IF_NEEDED and {@code scripts/setup-gcp.sh} create the same table.
 *
 * <p>Tables are partitioned by day on their event-time column (the first TIMESTAMP column among
 * {@link #PARTITION_CANDIDATES}), because every analyst query filters on a time range; they are
 * clustered on the columns queries filter and group by, in the order given.
 */
public final class TableLayout implements Serializable {
  /** Event-time columns, by preference. */
  static final List<String> PARTITION_CANDIDATES =
      List.of("windowStart", "window_start", "timestamp", "firedAt", "fired_at");

  private static final Set<String> CLUSTERABLE =
      Set.of("STRING", "INTEGER", "INT64", "BOOLEAN", "BOOL", "DATE", "TIMESTAMP", "DATETIME");

  private final String schemaFile;
  private final String schemaJson;
  private final @Nullable String partitionField;
  private final List<String> clusteringFields;

  private TableLayout(
      String schemaFile,
      String schemaJson,
      @Nullable String partitionField,
      List<String> clusteringFields) {
    this.schemaFile = schemaFile;
    this.schemaJson = schemaJson;
    this.partitionField = partitionField;
    this.clusteringFields = clusteringFields;
  }

  /** Dead-letter table: partitioned on {@code timestamp}, not clustered. */
  public static TableLayout deadLetters() {
    return load("deadletter.json", List.of());
  }

  /** Alert history: clustered by what analysts filter on. */
  public static TableLayout alerts() {
    return load("alerts.json", List.of("rule", "severity", "state"));
  }

  /** Noisy-log volume rows: clustered by service and template. */
  public static TableLayout noisyLogs() {
    return load("noisy_logs.json", List.of("service", "template_id", "templateId"));
  }

  /**
   * Loads {@code schemas/<file>} from the classpath. When a table spec {@code <name>.table.json}
   * sits next to it ({@code timePartitioning.field}, {@code clustering.fields}), it decides;
   * otherwise the partition column is the first TIMESTAMP among {@link #PARTITION_CANDIDATES} and
   * clustering keeps the candidates that exist as clusterable top-level columns, at most four
   * (BigQuery's limit).
   */
  public static TableLayout load(String file, List<String> clusteringCandidates) {
    String json = readResource("schemas/" + file);
    TableSchema schema = parse(json);
    String specName = "schemas/" + file.replaceAll("\\.json$", "") + ".table.json";
    if (TableLayout.class.getClassLoader().getResource(specName) != null) {
      return fromSpec(file, json, schema, readResource(specName));
    }
    String partition = null;
    for (String candidate : PARTITION_CANDIDATES) {
      TableFieldSchema f = field(schema, candidate);
      if (f != null && "TIMESTAMP".equals(f.getType())) {
        partition = candidate;
        break;
      }
    }
    List<String> clustering = new ArrayList<>();
    for (String candidate : clusteringCandidates) {
      TableFieldSchema f = field(schema, candidate);
      if (f != null
          && CLUSTERABLE.contains(f.getType())
          && !"REPEATED".equals(f.getMode())
          && clustering.size() < 4) {
        clustering.add(candidate);
      }
    }
    return new TableLayout(file, json, partition, List.copyOf(clustering));
  }

  private static TableLayout fromSpec(
      String file, String json, TableSchema schema, String specJson) {
    JsonNode spec;
    try {
      spec = new ObjectMapper().readTree(specJson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String partition = spec.path("timePartitioning").path("field").asText(null);
    List<String> clustering = new ArrayList<>();
    spec.path("clustering").path("fields").forEach(f -> clustering.add(f.asText()));
    for (String name : clustering) {
      if (field(schema, name) == null) {
        throw new IllegalStateException(
            file + ": clustering column " + name + " is not in the schema");
      }
    }
    if (partition != null && field(schema, partition) == null) {
      throw new IllegalStateException(
          file + ": partition column " + partition + " is not in the schema");
    }
    return new TableLayout(file, json, partition, List.copyOf(clustering));
  }

  public String schemaFile() {
    return schemaFile;
  }

  public TableSchema schema() {
    return parse(schemaJson);
  }

  /** The schema as BigQueryIO's JSON form ({@code {"fields": [...]}}). */
  public String schemaJson() {
    return BigQueryHelpers.toJsonString(schema());
  }

  public @Nullable String partitionField() {
    return partitionField;
  }

  public List<String> clusteringFields() {
    return clusteringFields;
  }

  public @Nullable TimePartitioning timePartitioning() {
    return partitionField == null
        ? null
        : new TimePartitioning().setType("DAY").setField(partitionField);
  }

  public @Nullable Clustering clustering() {
    return clusteringFields.isEmpty() ? null : new Clustering().setFields(clusteringFields);
  }

  private static TableSchema parse(String json) {
    String trimmed = json.trim();
    // bq's schema files are a bare array of fields; BigQueryIO's JSON form wraps it.
    String wrapped = trimmed.startsWith("[") ? "{\"fields\": " + trimmed + "}" : trimmed;
    return BigQueryHelpers.fromJsonString(wrapped, TableSchema.class);
  }

  private static @Nullable TableFieldSchema field(TableSchema schema, String name) {
    for (TableFieldSchema f : schema.getFields()) {
      if (f.getName().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static String readResource(String name) {
    ClassLoader loader = TableLayout.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "Table schema " + name + " is not on the classpath (is ../schemas a pom resource?)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
