package dev.logalerts.tools;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.logalerts.model.MessageTemplate;
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

/**
 * Reads plain log messages from stdin, one per line, and prints one JSON line per input, in order:
 * {@code {"templateId": "...", "template": "..."}}. One JVM for all lines, buffered I/O, so a
 * million lines take seconds. Used by {@code scripts/templates.sh}.
 *
 * <p>A line is one message; to try a multi-line message (stack trace) write its line breaks as the
 * two characters {@code \n} and pass {@code --unescape}.
 */
public final class TemplatesCli {

  /** Jackson's JSON string escaping (RFC 8259: quote, backslash, control characters). */
  private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();

  private TemplatesCli() {}

  public static void main(String[] args) throws IOException {
    boolean unescape = false;
    for (String a : args) {
      if (a.equals("--unescape")) {
        unescape = true;
      } else if (a.equals("-h") || a.equals("--help")) {
        System.out.println(
            "usage: templates.sh [--unescape] < messages.txt\n"
                + "  prints {\"templateId\": ..., \"template\": ...} per input line\n"
                + "  --unescape  treat \\n and \\t in a line as line break / tab");
        return;
      } else {
        System.err.println("unknown argument: " + a + " (try --help)");
        System.exit(2);
      }
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
    run(in, out, unescape);
    out.flush();
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

  private static String unescape(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    return text.replace("\\n", "\n").replace("\\t", "\t");
  }
}
