package dev.logalerts.templates;

/**
 * The values of a Kubernetes Secret's {@code data} and {@code stringData} maps in JSON, as an audit
 * log entry's request or response body, {@code kubectl get -o json} or a {@code
 * kubectl.kubernetes.io/last-applied-configuration} annotation (JSON inside a JSON string) carries
 * them, plain or escaped at any depth, and in YAML over several lines of one entry ({@code kubectl
 * get -o yaml}, a Helm manifest). A data value is the secret itself, base64-encoded, whatever its
 * key is called ({@code tls.key}, {@code .dockerconfigjson}, {@code conn}), so the key-value check,
 * which goes by the key's name, misses most of them.
 *
 * <p>Only in a text that holds {@code "kind": "Secret"} (the kind may come before or after the
 * data, as in the alphabetical last-applied annotation): a ConfigMap's data stays, and so do the
 * {@code data} lists of an {@code ExternalSecret} or {@code SecretStore}, which name secrets kept
 * elsewhere. Each map is read once, by hand, to its closing brace or its last indented line.
 */
final class KubernetesSecrets {
  private KubernetesSecrets() {}

  private static final String TYPE = "secret";

  /**
   * Whether {@code kind} at {@code i} says {@code Secret}: {@code kind\\*["']?[ \t]*[:=][ \t]*
   * \\*["']?Secret} (in any case) and no name character after it. The pre-check's test ({@link
   * RedactionAnchors}).
   */
  static boolean kindAt(String s, int i) {
    if (!s.startsWith("kind", i) || (i > 0 && KeyValues.isNameChar(s.charAt(i - 1)))) {
      return false;
    }
    int j = RedactionAnchors.separatorEnd(s, i + 4);
    if (j < 0) {
      return false;
    }
    j = skipBackslashes(s, RedactionAnchors.skipBlanks(s, j));
    if (j < s.length() && (s.charAt(j) == '"' || s.charAt(j) == '\'')) {
      j++;
    }
    int end = j + 6;
    // Any case: the API wants Secret, but hand-written manifests and scanners' tests vary.
    return s.regionMatches(true, j, "secret", 0, 6)
        && (end == s.length() || !KeyValues.isNameChar(s.charAt(end)));
  }

  /** Replaces each value of a Secret's data maps with a marker. */
  static String redact(String s) {
    if (!holdsSecretKind(s)) {
      return s;
    }
    java.util.List<int[]> spans = new java.util.ArrayList<>();
    for (int i = s.indexOf("ata", 1); i > 0; i = s.indexOf("ata", i + 3)) {
      int open = mapOpen(s, i);
      int end = open >= 0 ? jsonValues(s, open, spans) : yamlValues(s, i, spans);
      i = Math.max(i, end - 3);
    }
    if (spans.isEmpty()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int last = 0;
    for (int[] v : spans) {
      out.append(s, last, v[0]).append(Redactor.marker(TYPE));
      last = v[1];
    }
    return out.append(s, last, s.length()).toString();
  }

  /** Adds the values of the JSON map whose brace is at {@code open}; returns where it ends. */
  private static int jsonValues(String s, int open, java.util.List<int[]> spans) {
    int p = open + 1;
    while (true) {
      p = skipSpace(s, p);
      if (p >= s.length() || s.charAt(p) == '}') {
        return p;
      }
      int[] value = entryValue(s, p);
      if (value == null) {
        return p; // not a map of strings: leave the rest as it is
      }
      add(s, spans, value[0], value[1]);
      p = value[2];
    }
  }

  /**
   * For the {@code ata} at {@code i}: when it ends a YAML {@code data:} or {@code stringData:} key
   * alone on its line (a multi-line entry: {@code kubectl get -o yaml}, a Helm manifest), adds the
   * value of each more indented {@code key: value} line, and each line of a block scalar ({@code
   * |}, {@code >}); returns where the map ends, or {@code i}.
   */
  private static int yamlValues(String s, int i, java.util.List<int[]> spans) {
    int start = s.charAt(i - 1) == 'd' ? i - 1 : i - 7;
    int lineStart = start;
    while (lineStart > 0 && (s.charAt(lineStart - 1) == ' ' || s.charAt(lineStart - 1) == '\t')) {
      lineStart--;
    }
    int eol = RedactionAnchors.skipBlanks(s, i + 4);
    if (start < 0
        || !s.startsWith(s.charAt(i - 1) == 'd' ? "d" : "stringD", start)
        || (lineStart > 0 && s.charAt(lineStart - 1) != '\n')
        || i + 3 >= s.length()
        || s.charAt(i + 3) != ':'
        || !lineEnd(s, eol)) {
      return i;
    }
    int indent = start - lineStart;
    int p = next(s, eol);
    int blockIndent = -1; // the indentation of the line of the block scalar being read
    while (p < s.length()) {
      int text = RedactionAnchors.skipBlanks(s, p);
      int end = s.indexOf('\n', text);
      end = end < 0 ? s.length() : end;
      int contentEnd = end > text && s.charAt(end - 1) == '\r' ? end - 1 : end;
      if (text == contentEnd) {
        p = next(s, end); // a blank line
        continue;
      }
      if (text - p <= indent) {
        return p;
      }
      if (blockIndent >= 0 && text - p > blockIndent) {
        add(s, spans, text, contentEnd); // a line of a block scalar
      } else if (s.charAt(text) != '#') {
        blockIndent = -1;
        int colon = s.indexOf(": ", text);
        if (colon < 0 || colon >= contentEnd) {
          return p;
        }
        int v = RedactionAnchors.skipBlanks(s, colon + 2);
        char c = v < contentEnd ? s.charAt(v) : ' ';
        if (c == ' ') {
          p = next(s, end); // no value
          continue;
        } else if (c == '|' || c == '>') {
          blockIndent = text - p;
        } else if ((c == '"' || c == '\'')
            && s.charAt(contentEnd - 1) == c
            && contentEnd - v >= 2) {
          add(s, spans, v + 1, contentEnd - 1);
        } else if (!s.startsWith("{{", v)) {
          add(s, spans, v, contentEnd);
        }
      }
      p = next(s, end);
    }
    return p;
  }

  private static boolean lineEnd(String s, int i) {
    return i < s.length() && (s.charAt(i) == '\n' || s.startsWith("\r\n", i));
  }

  /** The start of the line after the line break at or after {@code i}. */
  private static int next(String s, int i) {
    int nl = s.indexOf('\n', i);
    return nl < 0 ? s.length() : nl + 1;
  }

  /** Adds a value's span unless it is empty or already a marker. */
  private static void add(String s, java.util.List<int[]> spans, int from, int to) {
    if (to > from && !s.startsWith(Redactor.PREFIX, from)) {
      spans.add(new int[] {from, to});
    }
  }

  private static boolean holdsSecretKind(String s) {
    for (int i = s.indexOf("kind"); i >= 0; i = s.indexOf("kind", i + 4)) {
      if (kindAt(s, i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * For the {@code ata} at {@code i}: when it ends a quoted {@code data} or {@code stringData} key
   * followed by its separator and a {@code {}, the index of that brace; else -1.
   */
  private static int mapOpen(String s, int i) {
    int start = i - 1;
    if (s.charAt(start) != 'd') {
      if (s.charAt(start) != 'D' || !s.startsWith("string", start - 6)) {
        return -1;
      }
      start -= 6;
    }
    if (start == 0 || s.charAt(start - 1) != '"') {
      return -1;
    }
    int j = i + 3;
    j = skipBackslashes(s, j);
    if (j >= s.length() || s.charAt(j) != '"') {
      return -1;
    }
    j = RedactionAnchors.skipBlanks(s, j + 1);
    if (j >= s.length() || s.charAt(j) != ':') {
      return -1;
    }
    j = RedactionAnchors.skipBlanks(s, j + 1);
    return j < s.length() && s.charAt(j) == '{' ? j : -1;
  }

  /**
   * The entry at {@code p}, {@code "key": "value"} quoted at the same depth of escaping: {start of
   * the value, its end, the index after the entry}; null when it is not such an entry.
   */
  private static int[] entryValue(String s, int p) {
    int depth = skipBackslashes(s, p) - p;
    int keyEnd = closingQuote(s, p + depth + 1, depth);
    if (p + depth >= s.length() || s.charAt(p + depth) != '"' || keyEnd < 0) {
      return null;
    }
    int j = RedactionAnchors.skipBlanks(s, keyEnd + 1);
    if (j >= s.length() || s.charAt(j) != ':') {
      return null;
    }
    j = RedactionAnchors.skipBlanks(s, j + 1);
    if (!s.startsWith("\\".repeat(depth) + "\"", j)) {
      return null;
    }
    int from = j + depth + 1;
    int close = closingQuote(s, from, depth);
    return close < 0 ? null : new int[] {from, close - depth, close + 1};
  }

  /**
   * The index of the quote that closes a string opened at escaping {@code depth} (0: plain JSON; 1:
   * JSON inside a JSON string, {@code \"}): the next quote after exactly {@code depth} backslashes
   * (at depth 0, after an even number: {@code \\"} closes, {@code \"} does not); -1.
   */
  private static int closingQuote(String s, int from, int depth) {
    for (int q = s.indexOf('"', from); q >= 0; q = s.indexOf('"', q + 1)) {
      int run = 0;
      while (q - run - 1 >= from && s.charAt(q - run - 1) == '\\') {
        run++;
      }
      if (run == depth || (depth == 0 && run % 2 == 0)) {
        return q;
      }
    }
    return -1;
  }

  /** Skips blanks, line breaks (also escaped ones: {@code \n} in an escaped JSON) and commas. */
  private static int skipSpace(String s, int p) {
    int n = s.length();
    while (p < n) {
      char c = s.charAt(p);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
        p++;
        continue;
      }
      int b = skipBackslashes(s, p);
      if (b > p && b < n && (s.charAt(b) == 'n' || s.charAt(b) == 'r' || s.charAt(b) == 't')) {
        p = b + 1;
        continue;
      }
      return p;
    }
    return p;
  }

  private static int skipBackslashes(String s, int i) {
    while (i < s.length() && s.charAt(i) == '\\') {
      i++;
    }
    return i;
  }
}
