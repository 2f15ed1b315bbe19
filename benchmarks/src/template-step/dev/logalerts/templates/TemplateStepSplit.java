package dev.logalerts.templates;

import dev.logalerts.alerting.RuleFilters;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.MessageTemplate;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.tools.LogGenerator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the noisy-log account's per-entry step ({@code NoisyLogs.TemplateKeyFn}) costs besides
 * mining: thread CPU per entry, best of 8 passes per round, over the benchmark's 10,000 generated
 * entries, of parse + one filter ({@code parse}), then the step with a miner that answers a
 * constant ({@code stepWithoutMining}), the real step ({@code step}) and the miner alone on every
 * message ({@code mineEvery}). Lives in the templates package to reach the step; a harness run by
 * hand (docs/performance.md, "The job's own template step in the full path"), not by the build.
 */
public class TemplateStepSplit {
  private static long sink;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    List<LogGenerator.Line> generated =
        new LogGenerator(
                new LogGenerator.Config()
                    .entries(10_000)
                    .seed(42)
                    .duration(Duration.ofHours(24))
                    .allIncidents())
            .lines();
    byte[][] lines = new byte[generated.size()][];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = generated.get(i).json;
    }
    RuleFilters filters =
        RuleFilters.of(
            "split", new CompiledFilter[] {Filter.compile("severity>=ERROR")}, new String[] {"r"});
    LogEntryParser parser = new LogEntryParser();
    TemplateMiner miner = new TemplateMiner();
    NoisyLogs.TemplateKeyFn step = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    MessageTemplate constant = miner.mine("constant");
    NoisyLogs.TemplateKeyFn stepWithoutMining = new NoisyLogs.TemplateKeyFn(m -> constant);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String[] modes = {"parse", "stepWithoutMining", "step", "mineEvery"};
    Map<String, List<Long>> nanos = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (String mode : modes) {
        long best = Long.MAX_VALUE;
        for (int pass = 0; pass < 8; pass++) {
          TemplateMiner.forgetRecentMessages();
          long t0 = threads.getCurrentThreadCpuTime();
          for (byte[] l : lines) {
            LogEvent e = parser.parse(l);
            MatchedEvent m = filters.match(e);
            switch (mode) {
              case "parse" -> sink += m.ruleNames().size();
              case "stepWithoutMining" -> sink += stepWithoutMining.apply(m).getKey().hashCode();
              case "step" -> sink += step.apply(m).getKey().hashCode();
              default -> sink += miner.mine(e.message()).templateId().length();
            }
          }
          best = Math.min(best, threads.getCurrentThreadCpuTime() - t0);
        }
        if (r > 0) { // the first round is warm-up
          nanos.computeIfAbsent(mode, k -> new ArrayList<>()).add(best / lines.length);
        }
      }
    }
    nanos.forEach((mode, v) -> System.out.printf("%-18s ns per entry, each round: %s%n", mode, v));
    System.out.println("(checksum " + sink + ")");
  }
}
