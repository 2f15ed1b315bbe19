package dev.logalerts.tools.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.pipeline.LaunchChecks;
import dev.logalerts.pipeline.LaunchException;
import dev.logalerts.pipeline.LogAlertsOptions;
import java.io.PrintStream;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code scripts/estimate-cost.sh --gb-per-day=N [--entry-bytes=B] [--rules=N] [--json] [--PARAM=V
 * ...]}: the monthly cost of running the job on Dataflow for N GB of logs a day, next to Cloud
 * Logging's and Datadog's price for the same volume ({@link CostModel}; every parameter of {@link
 * Param} can be overridden by its flag). {@code --list} prints every parameter with its default.
 * Exit 0, or 2 with one {@code error:} line for a mistake on the command line.
 */
public final class EstimateCostCli {
  static final String USAGE =
      "usage: scripts/estimate-cost.sh --gb-per-day=N [--entry-bytes=B] [--rules=N] [--json]"
          + " [--PARAM=VALUE ...] | --list | --measure [--input=GLOB] [--rules-file=FILE]";

  /** Held so the level set on it sticks (loggers are weakly referenced). */
  private static final Logger BEAM_LOGGER = Logger.getLogger("org.apache.beam");

  private EstimateCostCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    CostModel model = CostModel.defaults();
    Double gbPerDay = null;
    boolean json = false;
    boolean measure = false;
    String input = null;
    String rulesFile = null;
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help")) {
        out.println(USAGE);
        return 0;
      } else if (a.equals("--list")) {
        printParams(model, out);
        return 0;
      } else if (a.equals("--json")) {
        json = true;
      } else if (a.equals("--measure")) {
        measure = true;
      } else if (a.startsWith("--input=")) {
        input = a.substring("--input=".length());
      } else if (a.startsWith("--rules-file=")) {
        rulesFile = a.substring("--rules-file=".length());
      } else if (a.startsWith("--") && a.contains("=")) {
        String flag = a.substring(2, a.indexOf('='));
        String value = a.substring(a.indexOf('=') + 1);
        Param p = Param.byFlag(flag);
        if (!flag.equals("gb-per-day") && p == null) {
          err.println("error: unknown option --" + flag + hint(flag) + " (try --list)");
          return 2;
        }
        double v;
        try {
          v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          v = Double.NaN;
        }
        // A value out of range is named with the text given, as one that is no number is.
        if (p == null ? !CostModel.acceptsGbPerDay(v) : !CostModel.accepts(p, v)) {
          String range = p == null ? CostModel.GB_PER_DAY_RANGE : CostModel.range(p);
          err.println("error: --" + flag + " must be " + range + ", got '" + value + "'");
          return 2;
        }
        if (p == null) {
          gbPerDay = v;
        } else {
          model = model.with(p, v);
        }
      } else if (a.startsWith("--")
          && (a.equals("--gb-per-day")
              || a.equals("--input")
              || a.equals("--rules-file")
              || Param.byFlag(a.substring(2)) != null)) {
        // "--gb-per-day 100": the value must follow an '='.
        err.println(
            "error: " + a + " needs a value: " + a + "=VALUE (options are written --name=value)");
        return 2;
      } else {
        err.println(
            "error: unexpected argument "
                + a
                + hint(a.replaceFirst("^--", ""))
                + " ("
                + USAGE
                + ")");
        return 2;
      }
    }
    if (measure) {
      return measureInputs(
          input == null ? "samples/logs/*.jsonl" : input,
          rulesFile == null ? "samples/rules.yaml" : rulesFile,
          out,
          err);
    }
    if (input != null || rulesFile != null) {
      err.println("error: --input and --rules-file go with --measure (" + USAGE + ")");
      return 2;
    }
    if (gbPerDay == null) {
      err.println("error: --gb-per-day is required (" + USAGE + ")");
      return 2;
    }
    CostModel.Estimate e;
    CostModel.Estimate floor;
    try {
      e = model.estimate(gbPerDay);
      floor =
          model
              .with(Param.CPU_US_PER_ENTRY, model.get(Param.CODE_CPU_US_PER_ENTRY))
              .estimate(gbPerDay);
    } catch (IllegalArgumentException ex) {
      err.println("error: " + ex.getMessage());
      return 2;
    }
    if (json) {
      out.println(toJson(model, e, floor));
    } else {
      printText(model, e, floor, out);
    }
    return 0;
  }

  private static int measureInputs(
      String input, String rulesFile, PrintStream out, PrintStream err) {
    String inputProblem = inputProblem(input);
    if (inputProblem != null) {
      err.println("error: " + inputProblem);
      return 2;
    }
    if (rulesFile.isEmpty()) {
      err.println("error: --rules-file needs a value: --rules-file=FILE");
      return 2;
    }
    try {
      org.apache.beam.sdk.io.FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
      if (!input.contains("://") && matchesNoFile(input)) {
        // Checked here: the job over no file never finishes its batch run.
        err.println("error: --input=" + input + " matches no file");
        return 2;
      }
      // gs:// paths: credentials and matches checked as a launch does, before Beam's retries and
      // its logged stack trace for missing credentials.
      BEAM_LOGGER.setLevel(Level.SEVERE);
      try {
        LaunchChecks.check(
            PipelineOptionsFactory.fromArgs(
                    "--inputFilePattern=" + input, "--rulesPath=" + rulesFile)
                .as(LogAlertsOptions.class));
      } catch (LaunchException e) {
        err.println("error: " + e.getMessage());
        return 2;
      }
      int rules = dev.logalerts.rules.RulesLoader.load(rulesFile).rules().size();
      BEAM_LOGGER.setLevel(Level.WARNING);
      MeasureInputs.Result r = MeasureInputs.measure(input, rulesFile, rules);
      try {
        MeasureInputs.print(r, out);
      } finally {
        deleteTree(r.output());
      }
      return 0;
    } catch (dev.logalerts.rules.RulesValidationException ex) {
      err.println("error: " + String.join("; ", ex.errors()));
      return 2;
    } catch (java.io.IOException | RuntimeException ex) {
      err.println("error: " + ex.getMessage());
      return 1;
    }
  }

  /**
   * What is wrong with {@code --input} before it is matched, or null: as the other commands' check
   * (empty, a directory), and a plain path that names nothing, said as such.
   */
  static String inputProblem(String input) {
    String problem = dev.logalerts.ruletest.ExplainRuleCli.inputProblem(input);
    if (problem == null && dev.logalerts.model.LocalPaths.namesMissingLocalFile(input)) {
      problem = "--input=" + input + ": no such file";
    }
    return problem;
  }

  /** " (did you mean --x?)" for a near miss of a flag, else "". */
  private static String hint(String flag) {
    java.util.List<String> flags =
        new java.util.ArrayList<>(
            java.util.List.of("gb-per-day", "json", "list", "measure", "input", "rules-file"));
    for (Param p : Param.values()) {
      flags.add(p.flag());
    }
    String best = dev.logalerts.model.EditDistance.nearMiss(flag, flags);
    return best != null ? " (did you mean --" + best + "?)" : "";
  }

  private static boolean matchesNoFile(String input) throws java.io.IOException {
    try {
      return org.apache.beam.sdk.io.FileSystems.match(input).metadata().isEmpty();
    } catch (java.io.FileNotFoundException e) {
      return true;
    }
  }

  private static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (java.nio.file.Path p :
          (Iterable<java.nio.file.Path>)
              paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
  }

  static void printText(
      CostModel m, CostModel.Estimate e, CostModel.Estimate floor, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "Estimated monthly cost (%.0f hours) for %s GB/day: %,.0f entries/s of %.0f bytes, %d"
            + " rules%n",
        m.get(Param.HOURS_PER_MONTH),
        num(e.gbPerDay()),
        e.entriesPerSecond(),
        m.get(Param.ENTRY_BYTES),
        (int) m.get(Param.RULES));
    out.printf(
        Locale.ROOT,
        "  workers: %d x %s vCPU / %s GB (%.2f vCPU needed at %.0f%% utilization, %s CPU µs per"
            + " entry%s)%n",
        e.workers(),
        num(m.get(Param.VCPUS_PER_WORKER)),
        num(m.get(Param.MEMORY_GB_PER_WORKER)),
        e.vcpusNeeded(),
        m.get(Param.UTILIZATION) * 100,
        num(m.get(Param.CPU_US_PER_ENTRY)),
        m.overridden(Param.CPU_US_PER_ENTRY) ? "" : ", end-to-end DirectRunner");
    out.printf(
        Locale.ROOT,
        "  Streaming Engine: %.0f bytes per entry (source %s + shuffles, %s)%n",
        e.streamingEngineBytesPerEntry(),
        num(m.get(Param.ENTRY_BYTES)),
        m.get(Param.COMBINER_LIFTING) != 0 ? "combiner lifting assumed" : "no combiner lifting");
    out.println();
    out.printf("  %-13s %-44s %20s %12s%n", "service", "item", "quantity", "USD/month");
    for (CostModel.Line l : e.job()) {
      printLine(l, out);
    }
    out.printf(
        Locale.ROOT, "  %-13s %-44s %20s %12s%n", "", "total (this job)", "", usd(e.jobUsd()));
    out.printf(
        Locale.ROOT,
        "  %-13s %-44s %20s %12s%n",
        "",
        "total, per-entry code CPU only (" + num(m.get(Param.CODE_CPU_US_PER_ENTRY)) + " µs)",
        floor.workers() + " worker(s)",
        usd(floor.jobUsd()));
    out.println();
    out.println("  Same volume elsewhere (ingestion only, for comparison):");
    for (CostModel.Line l : e.comparisons()) {
      printLine(l, out);
    }
    out.printf(
        Locale.ROOT,
        "  %-13s %-44s %20s %12s%n",
        "",
        "Cloud Logging total",
        "",
        usd(e.comparisonUsd("Cloud Logging")));
    out.printf(
        Locale.ROOT,
        "  %-13s %-44s %20s %12s%n",
        "",
        "Datadog total",
        "",
        usd(e.comparisonUsd("Datadog")));
    out.println();
    out.println(
        "  Prices are US list prices (some assumed, see docs/cost.md); override any with"
            + " --price-...=V, list all with --list.");
  }

  private static void printLine(CostModel.Line l, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "  %-13s %-44s %20s %12s%n",
        l.service(),
        l.item(),
        String.format(Locale.ROOT, "%,.1f %s", l.quantity(), l.unit()),
        usd(l.usd()));
  }

  static String usd(double v) {
    return String.format(Locale.ROOT, "$%,.2f", v);
  }

  static String num(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  static String toJson(CostModel m, CostModel.Estimate e, CostModel.Estimate floor) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("gbPerDay", e.gbPerDay());
    root.put("entriesPerSecond", e.entriesPerSecond());
    root.put("entriesPerMonth", e.entriesPerMonth());
    root.put("vcpusNeeded", e.vcpusNeeded());
    root.put("workers", e.workers());
    root.put("streamingEngineBytesPerEntry", e.streamingEngineBytesPerEntry());
    lines(root.putArray("job"), e.job());
    root.put("jobUsd", dollars(e.jobUsd()));
    root.put("jobUsdWithCodeCpuOnly", dollars(floor.jobUsd()));
    lines(root.putArray("comparisons"), e.comparisons());
    root.put("cloudLoggingUsd", dollars(e.comparisonUsd("Cloud Logging")));
    root.put("datadogUsd", dollars(e.comparisonUsd("Datadog")));
    ObjectNode params = root.putObject("parameters");
    for (Param p : Param.values()) {
      params.put(p.flag(), m.get(p));
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /**
   * Dollars to the millionth, so that a sum prints as 100.74, not 100.74000000000001 (a sub-cent
   * line, the alert topic's, keeps its size).
   */
  static java.math.BigDecimal dollars(double v) {
    java.math.BigDecimal d =
        java.math.BigDecimal.valueOf(v).setScale(6, java.math.RoundingMode.HALF_UP);
    d = d.stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d; // 100, not 1E+2
  }

  private static void lines(ArrayNode arr, java.util.List<CostModel.Line> lines) {
    for (CostModel.Line l : lines) {
      ObjectNode n = arr.addObject();
      n.put("service", l.service());
      n.put("item", l.item());
      n.put("quantity", l.quantity());
      n.put("unit", l.unit());
      n.put("usd", dollars(l.usd()));
    }
  }

  static void printParams(CostModel m, PrintStream out) {
    for (Param p : Param.values()) {
      out.printf(
          Locale.ROOT,
          "--%s=%s  (%s, %s)%n",
          p.flag(),
          num(m.get(p)),
          p.unit(),
          p.kind().name().toLowerCase(Locale.ROOT));
    }
  }
}
