package dev.logalerts.templates;

import dev.logalerts.filter.Filter;
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
 * Runs each LogEntry (one JSON per line, after a "# name (source)" line) through the job's own
 * per-entry path and prints what it made of it. No logic of its own.
 */
public class Harness {
  public static void main(String[] args) throws Exception {
    LogEntryParser parser = new LogEntryParser();
    NoisyLogs.TemplateKeyFn keyFn = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    List<Object[]> rows = new java.util.ArrayList<>(); // name, event, key, exclusion
    for (String file : args) {
      String name = "?";
      for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
        if (line.isBlank()) continue;
        if (line.startsWith("#")) {
          name = line.substring(1).trim();
          continue;
        }
        System.out.println("== " + name);
        LogEvent e;
        try {
          e = parser.parse(line.getBytes(StandardCharsets.UTF_8));
        } catch (Exception ex) {
          System.out.println("  DEAD LETTER " + ex);
          continue;
        }
        KV<NoisyKey, NoisyEntry> kv = keyFn.apply(MatchedEvent.of(e, "test", List.of()));
        NoisyEntry n = kv.getValue();
        String excl = SuggestedExclusion.build(kv.getKey(), n.template(), n.messageField(), n.message());
        String self;
        try {
          self = String.valueOf(Filter.compile(excl).test(e));
        } catch (RuntimeException ex) {
          self = "ERROR " + ex.getMessage();
        }
        System.out.println("  family   " + LogFamilies.of(e).name() + "  severity " + e.severity());
        System.out.println("  message  " + e.message().replace("\n", "\\n"));
        System.out.println("  template " + n.template());
        System.out.println("  field    " + n.messageField());
        System.out.println("  sample   " + n.message().replace("\n", "\\n"));
        System.out.println("  service  " + e.service());
        System.out.println("  exclude  " + excl + "   [matches itself: " + self + "]");
        System.out.println("  key      " + kv.getKey());
        rows.add(new Object[] {name, e, kv.getKey(), excl});
      }
    }
    // Cross-check: a row's exclusion taking an entry of another row (another key) of the files.
    int cross = 0;
    for (Object[] a : rows) {
      if (((String) a[3]).isEmpty()) {
        continue;
      }
      var f = Filter.compile((String) a[3]);
      for (Object[] b : rows) {
        if (a != b && !a[2].equals(b[2]) && f.test((LogEvent) b[1])) {
          cross++;
          System.out.println("CROSS  row of [" + a[0] + "] takes entry [" + b[0] + "]");
        }
      }
    }
    java.util.Set<Object> keys = new java.util.HashSet<>();
    for (Object[] a : rows) {
      keys.add(a[2]);
    }
    System.out.println(
        "rows " + rows.size() + " (entries), distinct keys " + keys.size() + ", cross-takes " + cross);
  }
}
