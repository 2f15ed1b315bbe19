package dev.logalerts.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.pipeline.LogAlertsPipeline;
import dev.logalerts.rules.PayloadPaths;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RulesLoader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The parse of real entries by the job's parser for one rules file, against Jackson's {@code
 * readTree} of the same bytes: {@code every} keeps every payload field (what a streaming job that
 * reloads its rules runs), {@code job} what {@link LogAlertsPipeline#parser} builds for a batch job
 * (only the fields the rules and templates read, unless a rule searches every field). Thread CPU
 * per entry, best and median of 25 passes after 15; hand-run, see docs/performance.md. Arguments:
 * the rules file, then files of entries ({@code .json}: one entry, {@code .jsonl}: one per line,
 * the first 5,000 valid ones) or directories (every {@code .json} file below them).
 */
public final class JobParse {
  private static long sink;

  public static void main(String[] args) throws Exception {
    RuleSet rules = RulesLoader.load(args[0]);
    List<byte[]> entries = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      entries.addAll(read(Paths.get(args[i])));
    }
    LogEntryParser every = new LogEntryParser().alwaysKeeping(PayloadPaths.of(rules));
    LogEntryParser job = LogAlertsPipeline.batchParser(rules);
    long bytes = entries.stream().mapToLong(b -> b.length).sum();
    System.out.printf(
        "%d entries, mean %d bytes; rules %s%n", entries.size(), bytes / entries.size(), args[0]);
    ObjectMapper mapper = new ObjectMapper();
    var mx = ManagementFactory.getThreadMXBean();
    int reps = Math.max(1, 400_000 / entries.size());
    Map<String, List<Long>> ns = new LinkedHashMap<>();
    for (int pass = 0; pass < 40; pass++) {
      for (String mode : List.of("readTree", "every", "job")) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int r = 0; r < reps; r++) {
          for (byte[] b : entries) {
            switch (mode) {
              case "readTree" -> sink += mapper.readTree(b).size();
              case "every" -> sink += every.parse(b).message().length();
              default -> sink += job.parse(b).message().length();
            }
          }
        }
        if (pass >= 15) {
          ns.computeIfAbsent(mode, m -> new ArrayList<>())
              .add((mx.getCurrentThreadCpuTime() - t0) / ((long) reps * entries.size()));
        }
      }
    }
    for (Map.Entry<String, List<Long>> e : ns.entrySet()) {
      Collections.sort(e.getValue());
      System.out.printf(
          "%-8s best %,d ns, median %,d ns per entry%s%n",
          e.getKey(), e.getValue().get(0), e.getValue().get(12), sink == 42 ? " " : "");
    }
  }

  private static List<byte[]> read(Path source) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(source)) {
      files =
          s.filter(p -> p.equals(source) || p.toString().endsWith(".json"))
              .filter(Files::isRegularFile)
              .sorted()
              .collect(Collectors.toList());
    }
    LogEntryParser check = new LogEntryParser();
    List<byte[]> out = new ArrayList<>();
    for (Path p : files) {
      List<byte[]> docs = new ArrayList<>();
      if (p.toString().endsWith(".jsonl")) {
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            docs.add(line.getBytes(StandardCharsets.UTF_8));
          }
        }
      } else {
        docs.add(Files.readAllBytes(p));
      }
      for (byte[] d : docs) {
        if (out.size() < 5_000) {
          try {
            check.parse(d);
            out.add(d);
          } catch (Exception e) {
            // a dead letter: not part of the comparison
          }
        }
      }
    }
    return out;
  }
}
