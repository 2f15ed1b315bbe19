package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.alerting.Alert;
import dev.logalerts.alerting.AlertJsonTest;
import dev.logalerts.alerting.AlertState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A silenced alert goes to {@code DIR/alerts_silenced/} and the alert table (with silencedBy),
 * never to {@code DIR/alerts/} or the topic.
 */
@RunWith(JUnit4.class)
public class SilencedAlertSinksTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  static List<String> lines(Path dir) throws Exception {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        for (String l : Files.readAllLines(f)) {
          if (!l.isBlank()) {
            out.add(l);
          }
        }
      }
    }
    return out;
  }

  @Test
  public void silencedAlertsAreKeptApartFromPublishedOnes() throws Exception {
    Alert published = AlertJsonTest.sample().toBuilder().setAlertId("pub").build();
    Alert silenced =
        AlertJsonTest.sample().toBuilder()
            .setAlertId("quiet")
            .setState(AlertState.FIRING)
            .setSilencedBy("nightly-maintenance")
            .build();
    LogAlertsOptions options = PipelineOptionsFactory.as(LogAlertsOptions.class);
    options.setOutputDirectory(tmp.getRoot().toString());
    p.apply(Create.of(List.of(published, silenced))).apply(Sinks.from(options).alerts());
    p.run().waitUntilFinish();

    assertThat(lines(tmp.getRoot().toPath().resolve("alerts"))).containsExactly(published.toJson());
    List<String> quiet = lines(tmp.getRoot().toPath().resolve("alerts_silenced"));
    assertThat(quiet).containsExactly(silenced.toJson());
    assertThat(quiet.get(0)).contains("\"silencedBy\":\"nightly-maintenance\"");
    assertThat(Alert.fromJson(quiet.get(0))).isEqualTo(silenced);
    // The alert-table row carries the column; a published alert's row has none (NULL).
    assertThat(Sinks.alertRow(silenced)).contains("\"silencedBy\":\"nightly-maintenance\"");
    assertThat(Sinks.alertRow(published)).doesNotContain("silencedBy");
  }
}
