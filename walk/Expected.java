package dev.logalerts.templates;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.LogFamilies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites families/expected.tsv with what the code gives now (scratch; the diff is reviewed by
 * hand): args = expected.tsv, the families directory, the test resources directory.
 */
public class Expected {
  public static void main(String[] args) throws Exception {
    LogEntryParser parser = new LogEntryParser();
    NoisyLogs.TemplateKeyFn keyFn = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.isBlank()) {
        out.add(line);
        continue;
      }
      String fixture = line.split("\t", 2)[0];
      Path p = fixture.startsWith("/") ? Path.of(args[2] + fixture) : Path.of(args[1], fixture);
      LogEvent e = parser.parse(Files.readAllBytes(p));
      NoisyEntry n = keyFn.apply(MatchedEvent.of(e, "test", List.of())).getValue();
      String esc = e.message().replace("\n", "\\n").replace("\t", "\\t");
      String tmpl = n.template();
      out.add(String.join("\t", fixture, LogFamilies.of(e).name(), esc, tmpl, e.service()));
    }
    Files.write(Path.of(args[0] + ".new"), out, StandardCharsets.UTF_8);
  }
}
