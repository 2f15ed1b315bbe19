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

/**
 * Runs real LogEntry JSON (one per line, each after a "# name (source)" line) through the job's
 * per-entry path: LogEntryParser.parse, LogFamilies.of, NoisyLogs.TemplateKeyFn(new MinerFn()),
 * SuggestedExclusion.build, and the exclusion compiled back with the job's filter. No logic of
 * its own. Args: FILE.jsonl...; with -row, prints the expected.tsv row of each FILE.json instead.
 */
public final class Harness {
  public static void main(String[] args) throws Exception {
    LogEntryParser parser = new LogEntryParser();
    NoisyLogs.TemplateKeyFn keyFn = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    boolean row = args.length > 0 && args[0].equals("-row");
    for (int a = row ? 1 : 0; a < args.length; a++) {
      List<String> lines = Files.readAllLines(Path.of(args[a]), StandardCharsets.UTF_8);
      String name = Path.of(args[a]).getFileName().toString();
      for (String line : lines) {
        if (line.isBlank()) continue;
        if (line.startsWith("#")) {
          name = line.substring(1).trim();
          continue;
        }
        LogEvent e;
        try {
          e = parser.parse(line.getBytes(StandardCharsets.UTF_8));
        } catch (Exception ex) {
          System.out.println("== " + name + "\n  DEAD LETTER: " + ex);
          continue;
        }
        KV<NoisyKey, NoisyEntry> kv = keyFn.apply(MatchedEvent.of(e, "test", List.of()));
        NoisyEntry n = kv.getValue();
        String excl =
            SuggestedExclusion.build(kv.getKey(), n.template(), n.messageField(), n.message());
        if (row) {
          System.out.println(
              String.join(
                  "\t",
                  args[a].replaceFirst(".*/families/", ""),
                  LogFamilies.of(e).name(),
                  e.message().replace("\n", "\\n"),
                  n.template(),
                  e.service()));
          continue;
        }
        String matches;
        try {
          matches = String.valueOf(dev.logalerts.filter.Filter.compile(excl).test(e));
        } catch (RuntimeException ex) {
          matches = "COMPILE ERROR " + ex.getMessage();
        }
        System.out.println("== " + name);
        System.out.println("  family:   " + LogFamilies.of(e).name() + "  severity " + e.severity());
        System.out.println("  service:  " + e.service() + "   (log " + e.logId() + ")");
        System.out.println("  message:  " + clip(e.message()));
        System.out.println("  template: " + n.template());
        System.out.println("  field:    " + n.messageField());
        System.out.println("  sample:   " + clip(n.message()));
        System.out.println("  key:      " + kv.getKey());
        System.out.println("  exclusion:" + excl);
        System.out.println("  excl matches entry: " + matches);
      }
    }
  }

  private static String clip(String s) {
    s = s.replace("\n", "\\n");
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }
}
