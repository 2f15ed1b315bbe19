package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoderSamplesTest;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.InvalidEntryException;
import dev.logalerts.parse.LogEntryParser;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Every entry of the bundled samples is removed by the exclusion suggested for its own noisy-log
 * row: an exclusion that names text no single field holds (a message the parser composed from two
 * fields, say) would match nothing in Cloud Logging and save nothing.
 */
@RunWith(JUnit4.class)
public class BundledSampleExclusionsTest {
  /** One parsed sample entry with its row's template and suggested exclusion. */
  private static final class Sample {
    final LogEvent event;
    final String template;
    final String exclusion;

    Sample(LogEvent event, String template, String exclusion) {
      this.event = event;
      this.template = template;
      this.exclusion = exclusion;
    }
  }

  private static List<Sample> samples() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    NoisyLogs.TemplateKeyFn keyFn = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    List<Sample> out = new java.util.ArrayList<>();
    Path dir = LogEventCoderSamplesTest.samples().getParent();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jsonl")) {
      for (Path file : files) {
        for (byte[] line : lines(Files.readAllBytes(file))) {
          LogEvent e;
          try {
            e = parser.parse(line);
          } catch (InvalidEntryException bad) {
            continue; // the samples' dead letters
          }
          KV<NoisyKey, NoisyEntry> kv = keyFn.apply(MatchedEvent.of(e, "test", List.of()));
          NoisyEntry row = kv.getValue();
          out.add(
              new Sample(
                  e,
                  row.template(),
                  SuggestedExclusion.build(
                      kv.getKey(), row.template(), row.messageField(), row.message())));
        }
      }
    }
    return out;
  }

  @Test
  public void everySampleEntryMatchesItsRowsExclusion() throws Exception {
    Map<String, CompiledFilter> compiled = new HashMap<>();
    Map<String, String> misses = new LinkedHashMap<>();
    List<Sample> samples = samples();
    assertThat(samples.size()).isAtLeast(11_000);
    for (Sample x : samples) {
      if (x.exclusion.equals(SuggestedExclusion.NONE)) {
        continue;
      }
      if (!compiled.computeIfAbsent(x.exclusion, Filter::compile).test(x.event)) {
        misses.putIfAbsent(x.template, x.exclusion);
      }
    }
    assertWithMessage("template → an exclusion that misses its own entries").that(misses).isEmpty();
  }

  /**
   * No row's exclusion removes another service's entries: a template found in one Cloud Run service
   * or GKE workload is excluded there, not in every service of the same resource type.
   */
  @Test
  public void noExclusionMatchesAnotherServicesEntries() throws Exception {
    List<Sample> samples = samples();
    Map<String, String> exclusionToService = new LinkedHashMap<>();
    java.util.Set<String> services = new java.util.HashSet<>();
    for (Sample x : samples) {
      services.add(x.event.service());
      if (!x.exclusion.equals(SuggestedExclusion.NONE)) {
        exclusionToService.putIfAbsent(x.exclusion, x.event.service());
      }
    }
    assertThat(services.size()).isAtLeast(40);
    Map<String, String> crossService = new LinkedHashMap<>();
    for (Map.Entry<String, String> x : exclusionToService.entrySet()) {
      CompiledFilter f = Filter.compile(x.getKey());
      for (Sample y : samples) {
        if (!y.event.service().equals(x.getValue()) && f.test(y.event)) {
          crossService.putIfAbsent(x.getKey(), x.getValue() + " also removes " + y.event.service());
          break;
        }
      }
    }
    assertWithMessage("exclusion → the other service's entries it removes")
        .that(crossService)
        .isEmpty();
  }

  private static List<byte[]> lines(byte[] all) {
    List<byte[]> out = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i <= all.length; i++) {
      if (i == all.length || all[i] == '\n') {
        if (i > start) {
          out.add(java.util.Arrays.copyOfRange(all, start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }
}
