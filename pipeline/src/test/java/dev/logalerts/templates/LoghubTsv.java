package dev.logalerts.templates;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the labelled benchmark TSVs of {@code src/test/resources/templates/}: {@code
 * EVENT<TAB>message} rows (the excerpts and generated sets) or {@code EVENT<TAB>COUNT<TAB>message}
 * rows (whole files, each distinct row stored once with its count). Messages are escaped: {@code
 * \\n} newline, {@code \\t} tab, {@code \\\\} backslash. Empty lines and lines starting with {@code
 * #} are skipped.
 */
final class LoghubTsv {
  private LoghubTsv() {}

  /** The systems of {@code loghub2k-full/}, each a whole Loghub-2k file. */
  static final List<String> WHOLE_FILE_SYSTEMS =
      List.of(
          "Android",
          "Apache",
          "BGL",
          "HDFS",
          "HPC",
          "Hadoop",
          "HealthApp",
          "Linux",
          "Mac",
          "OpenSSH",
          "OpenStack",
          "Proxifier",
          "Spark",
          "Thunderbird",
          "Windows",
          "Zookeeper");

  /** Every line of every whole Loghub-2k file, in file order (about 32,000 messages). */
  static List<String> wholeFileMessages() throws IOException {
    List<String> messages = new ArrayList<>();
    for (String system : WHOLE_FILE_SYSTEMS) {
      for (String[] row : rows("/templates/loghub2k-full/" + system + ".tsv", true)) {
        messages.add(row[1]);
      }
    }
    return messages;
  }

  /**
   * Rows {event id, message} of one test resource; with {@code counted}, each row is repeated COUNT
   * times.
   */
  static List<String[]> rows(String resource, boolean counted) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = LoghubTsv.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int t1 = line.indexOf('\t');
        int t2 = counted ? line.indexOf('\t', t1 + 1) : t1;
        int count = counted ? Integer.parseInt(line.substring(t1 + 1, t2)) : 1;
        String[] row = {line.substring(0, t1), unescape(line.substring(t2 + 1))};
        for (int i = 0; i < count; i++) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** Undoes the TSV escaping: \\n newline, \\t tab, \\\\ backslash. */
  static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
