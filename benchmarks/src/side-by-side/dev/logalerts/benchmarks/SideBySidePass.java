package dev.logalerts.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.MessageTemplate;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.templates.NoisyEntry;
import dev.logalerts.templates.NoisyKey;
import dev.logalerts.templates.NoisyLogs;
import dev.logalerts.templates.Redactor;
import dev.logalerts.templates.TemplateMiner;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;

/**
 * One build's side of {@code SideBySide}: the loops of {@link PerEntryBenchmarks} over that build's
 * {@link BenchData}, plus the template miner over the real Loghub-2k lines (all 32,000, shuffled
 * with a fixed seed). Only public API, so that it runs against older builds too.
 */
public class SideBySidePass {
  private final BenchData d = new BenchData();
  private final LogEntryParser parser = new LogEntryParser();
  private final LogEntryParser jobParser = jobParser();
  private final TemplateMiner miner = new TemplateMiner();
  private final Redactor redactor = new Redactor();
  private final ObjectMapper mapper = new ObjectMapper();
  private List<String> loghub;

  /** The job's per-entry template step, or null in builds before it was public (the miner). */
  private final SerializableFunction<MatchedEvent, KV<NoisyKey, NoisyEntry>> entryKeys =
      entryKeys();

  /** Returns {checksum, items}. */
  public long[] run(String workload) throws Exception {
    long h = 0;
    int n = BenchData.ENTRIES;
    switch (workload) {
      case "readTree":
        for (byte[] l : d.lines) {
          h += mapper.readTree(l).size();
        }
        break;
      case "parse":
        for (byte[] l : d.lines) {
          h += parser.parse(l).sizeBytes();
        }
        break;
      case "filters":
        for (LogEvent e : d.events) {
          h += d.ruleFilters.match(e).ruleNames().size();
        }
        break;
      case "mine":
        forgetRecentMessages();
        for (String m : d.messages) {
          h += miner.mine(m).templateId().length();
        }
        break;
      case "mineLoghub":
        forgetRecentMessages();
        for (String m : loghub()) {
          h += miner.mine(m).templateId().length();
        }
        n = loghub.size();
        break;
      case "coder":
        // What the DirectRunner does to state and elements it copies: encode, then decode.
        for (LogEvent e : d.events) {
          h += CoderUtils.clone(LogEventCoder.of(), e).sizeBytes();
        }
        break;
      case "fullPath":
        forgetRecentMessages();
        for (byte[] l : d.lines) {
          LogEvent e = jobParser.parse(l);
          h += e.service().length();
          MatchedEvent m = d.ruleFilters.match(e);
          h += m.ruleNames().size();
          if (entryKeys != null) {
            KV<NoisyKey, NoisyEntry> kv = entryKeys.apply(m);
            h += kv.getKey().templateId().length();
            h += redactor.redact(kv.getValue().template()).length();
          } else {
            MessageTemplate t = miner.mine(e.message());
            h += t.templateId().length() + redactor.redact(t.template()).length();
          }
        }
        break;
      default:
        throw new IllegalArgumentException(
            "unknown workload "
                + workload
                + " (readTree, parse, filters, mine, mineLoghub, coder, fullPath)");
    }
    return new long[] {h, n};
  }

  /**
   * The parser the job builds for the benchmark's 20 rules ({@code LogAlertsPipeline.batchParser}),
   * as {@link PerEntryBenchmarks#fullPath} parses; every field in builds before that existed.
   */
  private static LogEntryParser jobParser() {
    StringBuilder yaml = new StringBuilder("rules:\n");
    for (int k = 0; k < BenchData.RULE_FILTERS.length; k++) {
      yaml.append("  - name: rule-")
          .append(k)
          .append("\n    type: threshold\n    threshold: 1\n    filter: '")
          .append(BenchData.RULE_FILTERS[k].replace("'", "''"))
          .append("'\n");
    }
    try {
      return dev.logalerts.pipeline.LogAlertsPipeline.batchParser(
          dev.logalerts.rules.RulesLoader.parse(yaml.toString(), "bench-rules.yaml"));
    } catch (LinkageError e) {
      return new LogEntryParser();
    }
  }

  /** True when the full path runs the job's template step (else the miner alone: older builds). */
  public boolean jobTemplateStep() {
    return entryKeys != null;
  }

  private static SerializableFunction<MatchedEvent, KV<NoisyKey, NoisyEntry>> entryKeys() {
    try {
      return NoisyLogs.entryKeys();
    } catch (NoSuchMethodError older) {
      return null;
    }
  }

  /** Builds before the miner's memory of recent messages have nothing to clear. */
  private static void forgetRecentMessages() throws Exception {
    try {
      TemplateMiner.class.getMethod("forgetRecentMessages").invoke(null);
    } catch (NoSuchMethodException older) {
      // nothing remembered
    }
  }

  private List<String> loghub() throws Exception {
    if (loghub == null) {
      List<String> out = new ArrayList<>();
      File dir = new File(System.getProperty("loghub.dir"));
      File[] files = dir.listFiles((f, name) -> name.endsWith(".tsv"));
      if (files == null) {
        throw new IllegalStateException("no Loghub TSVs in " + dir);
      }
      for (File f : files) {
        for (String line : Files.readAllLines(f.toPath())) {
          String[] p = line.split("\t", 3);
          if (p.length < 3 || line.startsWith("#")) {
            continue;
          }
          String m = unescape(p[2]);
          for (int i = Integer.parseInt(p[1]); i > 0; i--) {
            out.add(new String(m)); // own instances, as parsed messages would be
          }
        }
      }
      Collections.shuffle(out, new Random(7));
      loghub = out;
    }
    return loghub;
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char next = s.charAt(++i);
        sb.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
