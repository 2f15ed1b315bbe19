package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.api.services.bigquery.model.TableRow;
import com.google.cloud.bigquery.storage.v1.TableSchema;
import com.google.protobuf.Descriptors.Descriptor;
import dev.logalerts.alerting.Alert;
import dev.logalerts.io.TableLayout;
import dev.logalerts.ruletest.RuleTestRunner;
import dev.logalerts.ruletest.ScenarioRuleTestsIT;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowToStorageApiProto;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowToStorageApiProto.SchemaInformation;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Every alert the incident scenarios of {@code samples/scenarios/} make the job emit (every rule
 * kind; FIRING, re-notification, FLAPPING, RESOLVED including a forgotten group's; silenced), as
 * the alert-history row the job writes ({@link Sinks#alertRow}), goes through the conversion the
 * Storage Write API sink does with {@code schemas/alerts.json} (Beam's {@link
 * TableRowToStorageApiProto}, unknown fields refused, REQUIRED fields enforced): a row that fails
 * it is rejected by BigQuery and lands in the dead-letter table instead of the history.
 *
 * <p>In the pipeline package (of the tools module's tests) for {@link Sinks#alertRow}; the scenario
 * runner lives in this module.
 */
@RunWith(JUnit4.class)
public class ScenarioAlertRowsIT {
  @Test
  public void everyScenarioAlertIsARowTheAlertTableAccepts() throws Exception {
    TableSchema schema =
        TableRowToStorageApiProto.schemaToProtoTableSchema(TableLayout.alerts().schema());
    SchemaInformation info = SchemaInformation.fromTableSchema(schema);
    Descriptor descriptor =
        TableRowToStorageApiProto.getDescriptorFromTableSchema(schema, true, false);
    Set<String> seen = new TreeSet<>();
    List<String> refused = new ArrayList<>();
    for (Path f : ScenarioRuleTestsIT.files()) {
      for (RuleTestRunner.Outcome o : RuleTestRunner.run(RuleTestRunner.prepare(f))) {
        for (Alert a : o.alerts()) {
          seen.add(a.type() + " " + a.state());
          if (a.state().name().equals("FIRING") && a.sequence() > 1) {
            seen.add("re-notification");
          }
          if (a.silencedBy() != null) {
            seen.add("silenced");
          }
          if (a.summary().contains("the group is forgotten")) {
            seen.add("forgotten");
          }
          String json = Sinks.alertRow(a);
          try {
            TableRowToStorageApiProto.messageFromTableRow(
                info,
                descriptor,
                BigQueryHelpers.fromJsonString(json, TableRow.class),
                false,
                false,
                null,
                null,
                -1L);
          } catch (Exception e) { // SchemaConversionException, not public
            refused.add(f.getFileName() + " '" + o.test().name() + "': " + e + "\n  " + json);
          }
        }
      }
    }
    assertWithMessage("rows the alerts table refuses").that(refused).isEmpty();
    assertThat(seen)
        .containsAtLeast(
            "threshold FIRING",
            "threshold RESOLVED",
            "threshold FLAPPING",
            "ratio FIRING",
            "latency FIRING",
            "absence FIRING",
            "absence RESOLVED",
            "spike FIRING",
            "new-template FIRING",
            "deadline FIRING",
            "re-notification",
            "silenced",
            "forgotten");
    System.out.println("alert rows checked: " + seen);
  }
}
