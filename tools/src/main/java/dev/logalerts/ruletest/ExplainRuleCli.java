package dev.logalerts.ruletest;

import dev.logalerts.alerting.Alert;
import dev.logalerts.alerting.Evaluation;
import dev.logalerts.io.FileLogSource;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.ParseLogEntries;
import dev.logalerts.pipeline.LocalOptionsRegistry;
import dev.logalerts.rules.HumanDurations;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RulesLoader;
import dev.logalerts.rules.RulesValidationException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code scripts/explain-rule.sh --input=GLOB --rules=FILE --rule=NAME [--group=KEY=VALUE...]}:
 * replays exported logs through the job's own parser and evaluation for one rule and prints when it
 * would have fired and resolved, and its evaluation timeline per group: each window's value against
 * the threshold. So "why didn't it fire?" has an answer: which window came closest, and by how much
 * it missed. Exit 0, or 2 for a mistake on the command line or in the rules file.
 */
public final class ExplainRuleCli {
  /** Held so the level sticks: java.util.logging keeps loggers weakly. */
  private static final Logger BEAM_LOGGER = Logger.getLogger("org.apache.beam");

  /** The job\'s own INFO lines (e.g. "Rules version ...") are not part of the explanation. */
  private static final Logger OWN_LOGGER = Logger.getLogger("dev.logalerts");

  static final String USAGE =
      "usage: scripts/explain-rule.sh --input=GLOB --rules=FILE --rule=NAME [--group=KEY=VALUE...]";

  private ExplainRuleCli() {}

  public static void main(String[] args) {
    LocalOptionsRegistry.install(); // a second and a half less start-up for a local tool
    BEAM_LOGGER.setLevel(Level.WARNING);
    OWN_LOGGER.setLevel(Level.WARNING);
    System.exit(run(args, System.out, System.err));
  }

  /**
   * What is wrong with an {@code --input} value before it is matched, or null: empty (an unset
   * variable) or a local directory both match nothing useful, and the replay would then report
   * "would not have fired" over zero entries.
   */
  public static String inputProblem(String input) {
    if (input.isEmpty()) {
      return "--input needs a value: --input=GLOB";
    }
    if (!input.contains("://") && new java.io.File(input).isDirectory()) {
      String dir = input.endsWith("/") ? input.substring(0, input.length() - 1) : input;
      return "--input="
          + input
          + " is a directory; give a glob of files, e.g. --input='"
          + dir
          + "/*.jsonl'";
    }
    return null;
  }

  /** No credentials for a {@code gs://} rules file or input, said in one line, or null. */
  public static String credentialsProblem(String input, String rulesPath) {
    try {
      dev.logalerts.pipeline.LaunchChecks.requireCredentials("rules file", rulesPath);
      dev.logalerts.pipeline.LaunchChecks.requireCredentials("--input", input);
      return null;
    } catch (dev.logalerts.pipeline.LaunchException e) {
      return e.getMessage();
    }
  }

  /**
   * The files {@code input} names: none for a missing file as for a glob that matches nothing (a
   * plain {@code match} throws Beam's "No files found for spec" for the first); an error of the
   * file system (a {@code gs://} bucket it may not list) is thrown.
   */
  static List<MatchResult.Metadata> inputFiles(String input) throws IOException {
    MatchResult match = FileSystems.match(input, EmptyMatchTreatment.ALLOW);
    return match.status() == MatchResult.Status.NOT_FOUND ? List.of() : match.metadata();
  }

  /**
   * A rules file that cannot be used, as the other commands say it: one {@code error:} line when
   * the file cannot be read, else the header line and each problem with its position.
   */
  static String rulesError(RulesValidationException e) {
    List<String> errors = e.errors();
    boolean unplaced = errors.size() == 1 && !errors.get(0).startsWith(e.source() + ":");
    return "error: " + (unplaced ? errors.get(0) : e.getMessage());
  }

  /**
   * What is wrong with an argument no option took: a known option written without "=VALUE" (as
   * "--rules FILE"), or an unknown one, with the closest of {@code options} when it is a near miss.
   */
  public static String optionProblem(String arg, List<String> options) {
    if (!arg.startsWith("-")) {
      return "unexpected argument '" + arg + "' (see --help)";
    }
    String name = arg.split("=", 2)[0];
    if (options.contains(name) && !arg.contains("=")) {
      return name + " needs a value: " + name + "=VALUE (options are written --name=value)";
    }
    if (options.contains(name)) {
      return name + " takes no value, got '" + arg + "'"; // a flag: value options match earlier
    }
    String best = dev.logalerts.model.EditDistance.nearMiss(name, options);
    return "unknown option "
        + name
        + (best != null ? " (did you mean " + best + "?)" : " (see --help)");
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String input = null;
    String rulesPath = null;
    String ruleName = null;
    SortedMap<String, String> group = new TreeMap<>();
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help")) {
        out.println(USAGE);
        return 0;
      } else if (a.startsWith("--input=")) {
        input = a.substring("--input=".length());
      } else if (a.startsWith("--rules=")) {
        rulesPath = a.substring("--rules=".length());
      } else if (a.startsWith("--rule=")) {
        ruleName = a.substring("--rule=".length());
      } else if (a.startsWith("--group=") && a.indexOf('=', "--group=".length()) <= 0) {
        err.println(
            "error: --group needs KEY=VALUE (e.g. --group=service=shop/checkout), got '"
                + a.substring("--group=".length())
                + "'");
        return 2;
      } else if (a.startsWith("--group=")) {
        String kv = a.substring("--group=".length());
        int eq = kv.indexOf('=');
        group.put(kv.substring(0, eq), kv.substring(eq + 1));
      } else if (a.startsWith("-")) {
        err.println(
            "error: " + optionProblem(a, List.of("--input", "--rules", "--rule", "--group")));
        return 2;
      } else {
        err.println("error: unexpected argument '" + a + "' (" + USAGE + ")");
        return 2;
      }
    }
    if (ruleName != null && ruleName.isEmpty()) {
      err.println("error: --rule needs a value: --rule=NAME");
      return 2;
    }
    if (input == null || rulesPath == null || ruleName == null) {
      err.println("error: --input, --rules and --rule are required (" + USAGE + ")");
      return 2;
    }
    String inputProblem = inputProblem(input);
    if (inputProblem != null) {
      err.println("error: " + inputProblem);
      return 2;
    }
    String credentials = credentialsProblem(input, rulesPath);
    if (credentials != null) {
      err.println("error: " + credentials);
      return 2;
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    RuleSet rules;
    try {
      rules = RulesLoader.load(rulesPath);
    } catch (RulesValidationException e) {
      err.println(rulesError(e));
      return 2;
    }
    Rule rule = rules.rule(ruleName);
    if (rule == null) {
      List<String> names = rules.rules().stream().map(Rule::name).toList();
      err.println(
          "error: no rule '" + ruleName + "' in " + rulesPath + " (its rules: " + names + ")");
      return 2;
    }
    for (String key : group.keySet()) {
      if (!rule.groupBy().contains(key)) {
        err.println(
            "error: --group="
                + key
                + "=…: rule '"
                + ruleName
                + "' does not group by "
                + key
                + (rule.groupBy().isEmpty()
                    ? " (it has one group: leave --group out)"
                    : " (its groupBy: " + rule.groupBy() + ")"));
        return 2;
      }
    }
    try {
      if (inputFiles(input).isEmpty()) {
        err.println("error: --input=" + input + " matches no file");
        return 2;
      }
    } catch (IOException e) {
      err.println("error: --input=" + input + ": " + e.getMessage());
      return 2;
    }
    RuleTestRunner.Replayed r =
        RuleTestRunner.replay(
            // The file's silences too: the explanation is of what the job would have published.
            RuleSet.of(List.of(rule), rules.silences(), rules.version()),
            new FileLogSource(input, LogEntryParser.DEFAULT_MAX_ENTRY_BYTES),
            Long.MIN_VALUE,
            false);
    print(out, rule, input, group, r);
    return 0;
  }

  /**
   * The entries the explanation leaves out because the parser refused them (a file cut short, the
   * wrong kind of file): without this line a file of nothing but refused entries read as a quiet
   * one ("it would not have fired").
   */
  static void printRefused(PrintStream out, RuleTestRunner.Replayed r) {
    long refused = r.counter(ParseLogEntries.ENTRIES_DEADLETTERED);
    if (refused == 0) {
      return;
    }
    List<String> reasons = new ArrayList<>();
    r.counters().entrySet().stream()
        .filter(e -> e.getKey().startsWith("deadletter_") && e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e -> reasons.add(e.getKey().substring("deadletter_".length()) + " " + e.getValue()));
    out.println(
        "note: "
            + String.format(Locale.ROOT, "%,d", refused)
            + " of the "
            + String.format(Locale.ROOT, "%,d", r.counter(ParseLogEntries.ENTRIES_READ))
            + " entries read were refused and are not in this explanation ("
            + String.join(", ", reasons)
            + "); scripts/run-local.sh writes each with its reason to deadletter/");
  }

  /** What the groups of the timeline are, by what the rule's kind records of them. */
  private static String evaluatedGroups(Rule rule) {
    switch (rule.type().key()) {
      case "deadline":
        return "reached a deadline (on time or missed)";
      case "absence":
      case "new-template":
        return "sent alerts (an absence or new-template rule records only its alerts)";
      default:
        return "had matching entries";
    }
  }

  private static void print(
      PrintStream out,
      Rule rule,
      String input,
      Map<String, String> group,
      RuleTestRunner.Replayed r) {
    out.println(
        "rule "
            + rule.name()
            + " ("
            + rule.type().key()
            + ", period "
            + HumanDurations.format(rule.period())
            + ") over "
            + input
            + (group.isEmpty() ? "" : ", groups containing " + group));
    printRefused(out, r);
    List<Alert> alerts = new ArrayList<>();
    for (Alert a : r.alerts()) {
      if (a.group().entrySet().containsAll(group.entrySet())) {
        alerts.add(a);
      }
    }
    long held = alerts.stream().filter(a -> a.silencedBy() != null).count();
    long sent = alerts.size() - held;
    out.println(
        alerts.isEmpty()
            ? "it would not have fired"
            : sent == 0
                ? "it would have fired, but silences held back all " + held + " alert(s):"
                : "it would have sent "
                    + sent
                    + " alert(s)"
                    + (held > 0 ? " (and held back " + held + " by silences)" : "")
                    + ":");
    alerts.forEach(a -> out.println("  " + Verdict.line(a)));
    Map<SortedMap<String, String>, List<Evaluation>> byGroup =
        Timeline.select(r.evaluations(), rule.name(), group);
    out.println(byGroup.size() + " group(s) " + evaluatedGroups(rule));
    int maxLines = group.isEmpty() ? Timeline.MAX_LINES : Integer.MAX_VALUE;
    Timeline.render(r.evaluations(), rule.name(), group, maxLines).forEach(out::println);
    Evaluation closest = null;
    for (List<Evaluation> es : byGroup.values()) {
      for (Evaluation e : es) {
        if (!e.conditionMet()
            && e.threshold() != 0
            && (closest == null || ratio(e) > ratio(closest))) {
          closest = e;
        }
      }
    }
    boolean firesAbove = !rule.type().key().equals("spike") && !rule.type().key().equals("absence");
    if (closest != null && alerts.isEmpty() && firesAbove) {
      out.println(
          "closest to firing: group "
              + closest.group()
              + " window ending "
              + Instant.ofEpochMilli(closest.windowEndMillis())
              + ": value "
              + Verdict.number(closest.value())
              + " against threshold "
              + Verdict.number(closest.threshold())
              + " — "
              + closest.detail());
    }
  }

  /** How close a value came to its threshold, for kinds that fire at or above it. */
  private static double ratio(Evaluation e) {
    return e.value() / e.threshold();
  }
}
