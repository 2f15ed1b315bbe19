package dev.logalerts.templates;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.LogFamilies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.values.KV;

/** Runs LogEntry JSON (one per line, "# name" lines name the next entry) through the job's per-entry path. */
public class Harness {
  public static void main(String[] args) throws Exception {
    LogEntryParser parser = new LogEntryParser();
    NoisyLogs.TemplateKeyFn keyFn = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    String name = "?";
    for (String arg : args) {
      for (String line : Files.readAllLines(Path.of(arg))) {
        if (line.isBlank()) continue;
        if (line.startsWith("#")) { name = line.substring(1).trim(); continue; }
        System.out.println("== " + name);
        try {
          LogEvent e = parser.parse(line.getBytes(StandardCharsets.UTF_8));
          KV<NoisyKey, NoisyEntry> kv = keyFn.apply(MatchedEvent.of(e, "test", List.of()));
          NoisyEntry n = kv.getValue();
          System.out.println("  family   " + LogFamilies.of(e).name());
          System.out.println("  message  " + e.message().replace("\n", "\\n"));
          System.out.println("  template " + n.template().replace("\n", "\\n"));
          System.out.println("  service  " + e.service() + "  (res " + e.resourceType() + ", log " + e.logId() + ")");
          System.out.println("  sample   " + n.message().replace("\n", "\\n"));
          System.out.println("  field    " + n.messageField());
          System.out.println("  excl     " + SuggestedExclusion.build(kv.getKey(), n.template(), n.messageField(), n.message()));
        } catch (Exception ex) {
          System.out.println("  DEAD-LETTER " + ex);
        }
      }
    }
  }
}
