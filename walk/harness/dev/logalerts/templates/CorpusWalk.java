package dev.logalerts.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.KV;

/**
 * Review harness: runs every input of one corpus (a list of files given as "corpus:path") through
 * the job's per-entry noisy-log path (parse, family, template, service, suggested exclusion) and
 * writes one TSV line per input, then one line per noisy-log row with how many of its own entries
 * and of other rows' entries its exclusion takes. Plain-message corpora (Loghub TSVs) go in as
 * textPayload entries (the job's path for a text line) and also through a bare TemplateMiner.
 *
 * <p>Usage: java ... CorpusWalk OUT_PREFIX corpus:file [corpus:file ...]. One miner per file,
 * inputs in file order, so both trees see the same sequence.
 */
public final class CorpusWalk {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    try (PrintWriter entries =
            new PrintWriter(Files.newBufferedWriter(Path.of(args[0] + ".entries.tsv")));
        PrintWriter rows = new PrintWriter(Files.newBufferedWriter(Path.of(args[0] + ".rows.tsv")))) {
      // "corpus:file" mines each file with a fresh miner; "corpus+:file" shares one miner and one
      // exclusion cross-check among all the corpus's files (fixtures of one entry each).
      Map<String, List<Path>> groups = new LinkedHashMap<>();
      for (int i = 1; i < args.length; i++) {
        int colon = args[i].indexOf(':');
        String corpus = args[i].substring(0, colon);
        Path file = Path.of(args[i].substring(colon + 1));
        groups
            .computeIfAbsent(corpus.endsWith("+") ? corpus : corpus + "\0" + file, k -> new ArrayList<>())
            .add(file);
      }
      for (Map.Entry<String, List<Path>> g : groups.entrySet()) {
        String corpus = g.getKey().replaceAll("\\+$|\0.*", "");
        walk(corpus, g.getValue(), entries, rows);
      }
    }
  }

  private record Input(String id, String json, String plain) {}

  private static List<Input> inputs(Path file) throws Exception {
    String name = file.getFileName().toString();
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    List<Input> out = new ArrayList<>();
    if (name.endsWith(".tsv")) {
      int n = 0;
      for (String line : text.split("\n")) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] c = line.split("\t", -1);
        int count = 1;
        String msg;
        if (c.length >= 3 && c[1].matches("[0-9]+")) {
          count = Integer.parseInt(c[1]);
          msg = line.substring(c[0].length() + c[1].length() + 2);
        } else {
          msg = line.substring(c[0].length() + 1);
        }
        msg = unescape(msg);
        for (int k = 0; k < count; k++) {
          out.add(new Input(file.getFileName() + "#" + (++n) + "/" + c[0], null, msg));
        }
      }
    } else if (name.endsWith(".jsonl")) {
      int n = 0;
      for (String line : text.split("\n")) {
        n++;
        if (!line.isBlank()) {
          out.add(new Input(file.getFileName() + "#" + n, line, null));
        }
      }
    } else {
      JsonNode root;
      try {
        root = JSON.readTree(text);
      } catch (Exception ex) {
        out.add(new Input(file.getFileName().toString(), text, null));
        return out;
      }
      JsonNode list = root.isArray() ? root : root.has("entries") ? root.get("entries") : null;
      if (list != null && list.isArray()) {
        int n = 0;
        for (JsonNode e : list) {
          out.add(new Input(file.getFileName() + "#" + (++n), JSON.writeValueAsString(e), null));
        }
      } else {
        out.add(new Input(file.getFileName().toString(), text, null));
      }
    }
    return out;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char d = s.charAt(++i);
        b.append(d == 'n' ? '\n' : d == 't' ? '\t' : d);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
  }

  private static void walk(String corpus, List<Path> files, PrintWriter out, PrintWriter rowsOut)
      throws Exception {
    LogEntryParser parser = new LogEntryParser();
    NoisyLogs.TemplateKeyFn keyFn = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    TemplateMiner bare = new TemplateMiner();
    Map<NoisyKey, String> exclusions = new LinkedHashMap<>();
    Map<NoisyKey, String> rowTemplate = new LinkedHashMap<>();
    Map<NoisyKey, Integer> rowSize = new LinkedHashMap<>();
    List<LogEvent> events = new ArrayList<>();
    List<NoisyKey> keys = new ArrayList<>();
    Map<NoisyKey, String> rowFile = new LinkedHashMap<>();
    List<Input> all = new ArrayList<>();
    for (Path file : files) {
      all.addAll(inputs(file));
    }
    for (Input in : all) {
      String json = in.json;
      String mined = "";
      if (in.plain != null) {
        mined = bare.mine(in.plain).template();
        json =
            JSON.writeValueAsString(
                Map.of(
                    "textPayload", in.plain,
                    "logName", "projects/p/logs/corpus",
                    "timestamp", "2026-12-07T00:00:00Z",
                    "resource", Map.of("type", "global")));
      }
      LogEvent e;
      try {
        e = parser.parse(json.getBytes(StandardCharsets.UTF_8));
      } catch (Exception ex) {
        out.println(
            String.join("\t", corpus, in.id, "PARSE-ERROR", esc(ex.getMessage()), "", esc(mined)));
        continue;
      }
      KV<NoisyKey, NoisyEntry> kv = keyFn.apply(MatchedEvent.of(e, "walk", List.of()));
      NoisyKey key = kv.getKey();
      NoisyEntry v = kv.getValue();
      String ex =
          exclusions.computeIfAbsent(
              key, k -> SuggestedExclusion.build(k, v.template(), v.messageField(), v.message()));
      rowTemplate.putIfAbsent(key, v.template());
      rowFile.putIfAbsent(key, in.id);
      rowSize.merge(key, 1, Integer::sum);
      events.add(e);
      keys.add(key);
      out.println(
          String.join(
              "\t",
              corpus,
              in.id,
              esc(v.template()),
              esc(e.service()),
              esc(ex),
              esc(mined),
              esc(e.message())));
    }
    for (Map.Entry<NoisyKey, String> r : exclusions.entrySet()) {
      int own = 0;
      int others = 0;
      String status = "ok";
      if (r.getValue().isEmpty()) {
        status = "none";
      } else {
        try {
          CompiledFilter f = Filter.compile(r.getValue());
          for (int i = 0; i < events.size(); i++) {
            if (f.test(events.get(i))) {
              if (keys.get(i).equals(r.getKey())) {
                own++;
              } else {
                others++;
              }
            }
          }
        } catch (RuntimeException ex) {
          status = "compile-error";
        }
      }
      rowsOut.println(
          String.join(
              "\t",
              corpus,
              rowFile.get(r.getKey()),
              esc(rowTemplate.get(r.getKey())),
              esc(r.getKey().service()),
              String.valueOf(rowSize.get(r.getKey())),
              status,
              String.valueOf(own),
              String.valueOf(others),
              esc(r.getValue())));
    }
    out.flush();
    rowsOut.flush();
  }
}
