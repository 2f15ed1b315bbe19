package dev.logalerts.ruletest;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.filter.FilterSyntaxException;
import dev.logalerts.io.EntryStreams;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.InvalidEntryException;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.pipeline.LocalOptionsRegistry;
import dev.logalerts.rules.PayloadPaths;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RulesLoader;
import dev.logalerts.rules.RulesValidationException;
import dev.logalerts.templates.NoisyEntry;
import dev.logalerts.templates.NoisyKey;
import dev.logalerts.templates.NoisyLogs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;

/**
 * {@code scripts/check-exclusion.sh --rules=FILE [--input=GLOB] 'EXCLUSION FILTER'}: before you
 * exclude logs at the source (a Cloud Logging exclusion filter, or asking a team to stop logging
 * something), says which alert rules would go blind. Cloud Logging applies exclusions before log
 * sinks, so an excluded entry never reaches this job either. The exclusion is read in the same
 * query language as rule filters, and is run over real entries ({@code --input}, default the
 * bundled samples): for every entry it would remove, each rule's filter (and a ratio rule's
 * numerator) is tested with the job's own parser and filter engine.
 *
 * <p>Exit 0 when no rule matches any removed entry, 1 when some rule would lose entries, 2 for a
 * mistake on the command line, in the filter or in the rules file.
 */
public final class ExclusionCheckCli {
  static final String USAGE =
      "usage: scripts/check-exclusion.sh --rules=FILE [--input=GLOB] 'EXCLUSION FILTER'";

  private ExclusionCheckCli() {}

  public static void main(String[] args) {
    LocalOptionsRegistry.install(); // a second and a half less start-up for a local tool
    System.exit(run(args, "samples/logs/*.jsonl", System.out, System.err));
  }

  /** What one rule would lose. */
  record Loss(Rule rule, long removed, long matched) {}

  static int run(String[] args, String defaultInput, PrintStream out, PrintStream err) {
    String rulesPath = null;
    String input = defaultInput;
    String exclusion = null;
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help")) {
        out.println(USAGE);
        return 0;
      } else if (a.startsWith("--rules=")) {
        rulesPath = a.substring("--rules=".length());
      } else if (a.startsWith("--input=")) {
        input = a.substring("--input=".length());
      } else if (a.startsWith("--")) {
        err.println("error: " + ExplainRuleCli.optionProblem(a, List.of("--rules", "--input")));
        return 2;
      } else if (exclusion == null) {
        exclusion = a;
      } else {
        err.println("error: give the exclusion filter as one quoted argument (" + USAGE + ")");
        return 2;
      }
    }
    if (exclusion != null && exclusion.isBlank()) {
      // '' would match, and so exclude, every entry: almost surely an unset variable.
      err.println("error: the exclusion filter is empty (it would exclude every entry)");
      return 2;
    }
    if (rulesPath == null || exclusion == null) {
      err.println("error: --rules and the exclusion filter are required (" + USAGE + ")");
      return 2;
    }
    String inputProblem = ExplainRuleCli.inputProblem(input);
    if (inputProblem != null) {
      err.println("error: " + inputProblem);
      return 2;
    }
    String credentials = ExplainRuleCli.credentialsProblem(input, rulesPath);
    if (credentials != null) {
      err.println("error: " + credentials);
      return 2;
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    CompiledFilter excluded;
    try {
      excluded = Filter.compile(exclusion);
    } catch (FilterSyntaxException e) {
      err.println("error: exclusion filter: " + e.getMessage());
      return 2;
    }
    RuleSet rules;
    try {
      rules = RulesLoader.load(rulesPath);
    } catch (RulesValidationException e) {
      err.println(ExplainRuleCli.rulesError(e));
      return 2;
    }
    List<MatchResult.Metadata> files;
    try {
      files = ExplainRuleCli.inputFiles(input);
    } catch (IOException e) {
      err.println("error: --input=" + input + ": " + e.getMessage());
      return 2;
    }
    if (files.isEmpty()) {
      err.println("error: --input=" + input + " matches no file");
      return 2;
    }
    Map<String, long[]> counts = new LinkedHashMap<>(); // rule -> {matched, removed}
    rules.rules().forEach(r -> counts.put(r.name(), new long[2]));
    long[] tally = new long[3]; // entries read, removed, not valid LogEntries
    // As the job keeps them: every leaf the rules or the exclusion read, whatever the leaf limit.
    List<List<String>> paths = new ArrayList<>(PayloadPaths.of(rules));
    Filter.fieldsRead(excluded).stream()
        .filter(FieldPath::isPayload)
        .forEach(p -> paths.add(p.segments()));
    LogEntryParser parser = new LogEntryParser().alwaysKeeping(paths);
    // What the removed entries are, by noisy-log row: more templates than the one meant is an
    // exclusion wider than it looks.
    SerializableFunction<MatchedEvent, KV<NoisyKey, NoisyEntry>> rows = NoisyLogs.entryKeys();
    Map<String, long[]> removedByTemplate = new HashMap<>();
    for (MatchResult.Metadata f : files) {
      try (InputStream in = open(f)) {
        EntryStreams.forEachEntry(
            in,
            LogEntryParser.DEFAULT_MAX_ENTRY_BYTES,
            (bytes, offset, size) -> {
              tally[0]++;
              LogEvent e;
              try {
                e = parser.parse(bytes);
              } catch (InvalidEntryException x) {
                tally[2]++;
                return;
              }
              boolean gone = excluded.test(e);
              tally[1] += gone ? 1 : 0;
              if (gone) {
                KV<NoisyKey, NoisyEntry> row = rows.apply(MatchedEvent.of(e, "", List.of()));
                String name =
                    row.getKey().service()
                        + "  "
                        + row.getKey().severity()
                        + "  "
                        + row.getValue().template();
                removedByTemplate.computeIfAbsent(name, k -> new long[1])[0]++;
              }
              for (Rule r : rules.rules()) {
                // A ratio rule's numerator counts only among its filter's entries: the filter
                // decides.
                if (r.filter().test(e)) {
                  long[] c = counts.get(r.name());
                  c[0]++;
                  c[1] += gone ? 1 : 0;
                }
              }
            });
      } catch (IOException x) {
        err.println("error: cannot read " + f.resourceId() + ": " + x.getMessage());
        return 2;
      }
    }
    long read = tally[0];
    long removed = tally[1];
    long invalid = tally[2];
    List<Loss> losses = new ArrayList<>();
    for (Rule r : rules.rules()) {
      long[] c = counts.get(r.name());
      if (c[1] > 0) {
        losses.add(new Loss(r, c[1], c[0]));
      }
    }
    out.printf(
        Locale.ROOT,
        "The exclusion removes %,d of %,d entries (%s) in %s%s.%n",
        removed,
        read - invalid,
        percent(removed, read - invalid),
        input,
        invalid > 0
            ? String.format(Locale.ROOT, "; %,d lines were not valid LogEntries", invalid)
            : "");
    printTemplates(out, removedByTemplate);
    if (losses.isEmpty()) {
      out.println("No rule matches any removed entry: safe for these rules.");
      return 0;
    }
    out.println("Rules that would lose entries they alert on:");
    for (Loss l : losses) {
      String verdict =
          l.removed() == l.matched() ? "BLIND: every entry it matched is removed" : "loses some";
      out.printf(
          Locale.ROOT,
          "  %-24s %-12s %,d of its %,d matching entries (%s) — %s%n",
          l.rule().name(),
          l.rule().type().key(),
          l.removed(),
          l.matched(),
          percent(l.removed(), l.matched()),
          verdict);
    }
    return 1;
  }

  /** The noisy-log templates of the removed entries, most entries first (at most 10 lines). */
  private static void printTemplates(PrintStream out, Map<String, long[]> byTemplate) {
    if (byTemplate.isEmpty()) {
      return;
    }
    List<Map.Entry<String, long[]>> sorted = new ArrayList<>(byTemplate.entrySet());
    sorted.sort(
        Comparator.comparingLong((Map.Entry<String, long[]> t) -> -t.getValue()[0])
            .thenComparing(Map.Entry::getKey));
    out.printf(
        Locale.ROOT,
        "It removes entries of %d template%s (service  severity  template):%n",
        sorted.size(),
        sorted.size() == 1 ? "" : "s");
    for (int i = 0; i < Math.min(MAX_TEMPLATE_LINES, sorted.size()); i++) {
      String name = sorted.get(i).getKey();
      out.printf(
          Locale.ROOT,
          "  %,8d  %s%n",
          sorted.get(i).getValue()[0],
          name.length() > 160 ? name.substring(0, 159) + "…" : name);
    }
    if (sorted.size() > MAX_TEMPLATE_LINES) {
      out.printf(Locale.ROOT, "  (and %d more)%n", sorted.size() - MAX_TEMPLATE_LINES);
    }
  }

  private static final int MAX_TEMPLATE_LINES = 10;

  private static String percent(long part, long whole) {
    return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  private static InputStream open(MatchResult.Metadata f) throws IOException {
    InputStream in = Channels.newInputStream(FileSystems.open(f.resourceId()));
    if (f.resourceId().getFilename() != null && f.resourceId().getFilename().endsWith(".gz")) {
      in = new GZIPInputStream(in);
    }
    return in;
  }
}
