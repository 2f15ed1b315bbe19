package dev.logalerts.tools;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.logalerts.model.MessageTemplate;
import dev.logalerts.templates.TemplateFamilies;
import dev.logalerts.templates.TemplateMiner;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads plain log messages from stdin, one per line, and prints one JSON line per input, in order:
 * {@code {"templateId": "...", "template": "..."}}. One JVM for all lines, buffered I/O, so a
 * million lines take seconds. Used by {@code scripts/templates.sh}.
 *
 * <p>A line is one message; to try a multi-line message (stack trace) write its line breaks as the
 * two characters {@code \n} and pass {@code --unescape}.
 *
 * <p>{@code --families} runs the learning step ({@link TemplateFamilies}) over the distinct
 * templates of all input lines and adds {@code "familyId"} and {@code "family"} to each line;
 * {@code --families-out=FILE} also writes the learned fold table as newline-delimited JSON, one row
 * per folded template ({@code template_id, template, family_id, family, version}), ready for {@code
 * bq load --source_format=NEWLINE_DELIMITED_JSON} into the {@code template_families} table ({@code
 * schemas/template_families.json}).
 */
public final class TemplatesCli {

  /** Jackson's JSON string escaping (RFC 8259: quote, backslash, control characters). */
  private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();

  private TemplatesCli() {}

  public static void main(String[] args) throws IOException {
    boolean unescape = false;
    boolean families = false;
    Path familiesOut = null;
    for (String a : args) {
      if (a.equals("--unescape")) {
        unescape = true;
      } else if (a.equals("--families")) {
        families = true;
      } else if (a.startsWith("--families-out=")) {
        families = true;
        familiesOut = Path.of(a.substring("--families-out=".length()));
      } else if (a.equals("-h") || a.equals("--help")) {
        System.out.println(
            "usage: templates.sh [--unescape] [--families] [--families-out=FILE] < messages.txt\n"
                + "  prints {\"templateId\": ..., \"template\": ...} per input line\n"
                + "  --unescape  treat \\n and \\t in a line as line break / tab\n"
                + "  --families  also learn template families over all lines and print\n"
                + "              \"familyId\" and \"family\" per line\n"
                + "  --families-out=FILE  write the learned folds as NDJSON rows for the\n"
                + "              template_families BigQuery table (implies --families)");
        return;
      } else {
        System.err.println(
            "error: "
                + dev.logalerts.ruletest.ExplainRuleCli.optionProblem(
                    a, java.util.List.of("--unescape", "--families", "--families-out", "--help")));
        System.exit(2);
      }
    }
    String outProblem = familiesOut == null ? null : unwritable(familiesOut);
    if (outProblem != null) {
      // Checked before mining: a long stdin is not read only to fail at the end.
      System.err.println("error: --families-out=" + familiesOut + ": " + outProblem);
      System.exit(2);
    }
    // Raw file descriptors: no PrintStream locking or flushing per write.
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8),
            1 << 16);
    Writer out =
        new BufferedWriter(
            new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
            1 << 16);
    if (families) {
      TemplateFamilies learned = runWithFamilies(in, out, unescape);
      if (familiesOut != null) {
        try (Writer w = Files.newBufferedWriter(familiesOut, StandardCharsets.UTF_8)) {
          writeFolds(learned, w);
        } catch (IOException e) {
          out.flush();
          System.err.println("error: --families-out=" + familiesOut + ": cannot write: " + e);
          System.exit(1);
        }
      }
    } else {
      run(in, out, unescape);
    }
    out.flush();
  }

  /** Why {@code path} cannot be written as a file, or null when it looks writable. */
  static String unwritable(Path path) {
    if (path.toString().isEmpty()) {
      return "needs a file name";
    }
    if (Files.isDirectory(path)) {
      return "is a directory (give a file name)";
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      return "directory " + parent + " does not exist";
    }
    if (Files.exists(path)
        ? !Files.isWritable(path)
        : parent != null && !Files.isWritable(parent)) {
      return "not writable";
    }
    return null;
  }

  /** Mines every line of {@code in} and writes the JSON lines to {@code out}. */
  static void run(BufferedReader in, Writer out, boolean unescape) throws IOException {
    TemplateMiner miner = new TemplateMiner();
    StringBuilder line = new StringBuilder(512);
    char[] chars = new char[512];
    String text;
    while ((text = in.readLine()) != null) {
      if (unescape) {
        text = unescape(text);
      }
      MessageTemplate t = miner.mine(text);
      line.setLength(0);
      line.append("{\"templateId\": \"").append(t.templateId()).append("\", \"template\": \"");
      JSON.quoteAsString(t.template(), line);
      line.append("\"}\n");
      int n = line.length();
      if (chars.length < n) {
        chars = new char[Math.max(n, chars.length * 2)];
      }
      line.getChars(0, n, chars, 0);
      out.write(chars, 0, n);
    }
  }

  /**
   * Mines all lines first (families are learned over the whole input), then writes one JSON line
   * per input with the template and its family; returns the learned families.
   */
  static TemplateFamilies runWithFamilies(BufferedReader in, Writer out, boolean unescape)
      throws IOException {
    TemplateMiner miner = new TemplateMiner();
    List<MessageTemplate> mined = new ArrayList<>();
    List<String> templates = new ArrayList<>();
    String text;
    while ((text = in.readLine()) != null) {
      MessageTemplate t = miner.mine(unescape ? unescape(text) : text);
      mined.add(t);
      templates.add(t.template());
    }
    TemplateFamilies families = TemplateFamilies.learn(templates);
    StringBuilder line = new StringBuilder(512);
    for (MessageTemplate t : mined) {
      String family = families.familyOf(t.template());
      line.setLength(0);
      line.append("{\"templateId\": \"").append(t.templateId()).append("\", \"template\": \"");
      JSON.quoteAsString(t.template(), line);
      line.append("\", \"familyId\": \"").append(TemplateMiner.idOf(family));
      line.append("\", \"family\": \"");
      JSON.quoteAsString(family, line);
      line.append("\"}\n");
      out.append(line);
    }
    return families;
  }

  /** The fold table as NDJSON rows of the {@code template_families} table. */
  static void writeFolds(TemplateFamilies families, Writer w) throws IOException {
    String version = families.version();
    StringBuilder line = new StringBuilder(256);
    for (Map.Entry<String, String> e : families.folds().entrySet()) {
      line.setLength(0);
      line.append("{\"template_id\": \"").append(TemplateMiner.idOf(e.getKey()));
      line.append("\", \"template\": \"");
      JSON.quoteAsString(e.getKey(), line);
      line.append("\", \"family_id\": \"").append(TemplateMiner.idOf(e.getValue()));
      line.append("\", \"family\": \"");
      JSON.quoteAsString(e.getValue(), line);
      line.append("\", \"version\": \"").append(version).append("\"}\n");
      w.append(line);
    }
  }

  private static String unescape(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    return text.replace("\\n", "\n").replace("\\t", "\t");
  }
}
