package dev.logalerts.templates;

import java.util.ArrayList;
import java.util.List;

/**
 * Name/value pairs whose name is secret-ish, as Kubernetes env lists hold them (GKE audit logs, pod
 * specs dumped into logs), and key/value pairs named by a {@code key} key (GCE metadata items
 * {@code {"key":"db-password","value":"…"}}, labels): JSON {@code
 * {"name":"DB_PASSWORD","value":"…"}} in any key order and escaped inside a string, YAML {@code -
 * name: DB_PASSWORD\n value: …}, and Go's {@code {Name:DB_PASSWORD Value:… ValueFrom:nil}}. The
 * name is secret-ish as for the key-value check ({@code DB_PASSWORD}, {@code API_TOKEN}, {@code
 * STRIPE_SECRET_KEY}, not {@code PARTITION_KEY}); the value is its sibling in the same object (up
 * to a brace or bracket, or the next YAML list item) and becomes the marker of the name's type.
 * {@code valueFrom} has no value and stays.
 */
final class NameValuePairs {
  private NameValuePairs() {}

  /** How far from the name its sibling value key is looked for. */
  private static final int REACH = 300;

  static String redact(String s) {
    List<Span> spans = null;
    int n = s.length();
    for (int i = 0; i + 4 <= n; i++) {
      char c = (char) (s.charAt(i) | 0x20);
      int keyLength = c == 'n' && keyAt(s, i, "name") ? 4 : c == 'k' && keyAt(s, i, "key") ? 3 : 0;
      if (keyLength == 0) {
        continue;
      }
      int j = RedactionAnchors.separatorEnd(s, i + keyLength);
      if (j < 0) {
        continue;
      }
      j = RedactionAnchors.skipBlanks(s, j);
      while (j < n && s.charAt(j) == '\\') {
        j++;
      }
      if (j < n && (s.charAt(j) == '"' || s.charAt(j) == '\'')) {
        j++;
      }
      int nameEnd = j;
      while (nameEnd < n && KeyValues.isNameChar(s.charAt(nameEnd))) {
        nameEnd++;
      }
      String keyword = SecretNames.wordEndingAt(s, j, nameEnd);
      if (keyword == null) {
        continue;
      }
      int[] value = siblingValue(s, i, nameEnd);
      if (value == null
          || !KeyValues.isSecretValue(
              s, nameEnd - keyword.length(), keyword, s.substring(value[0], value[1]), false)) {
        continue;
      }
      if (spans == null) {
        spans = new ArrayList<>();
      }
      spans.add(new Span(value[0], value[1], KeyValues.typeOf(keyword)));
    }
    if (spans == null) {
      return s;
    }
    spans.sort((x, y) -> Integer.compare(x.start, y.start));
    StringBuilder out = new StringBuilder(n);
    int last = 0;
    for (Span span : spans) {
      if (span.start >= last) {
        out.append(s, last, span.start).append(Redactor.marker(span.type));
        last = span.end;
      }
    }
    return out.append(s, last, n).toString();
  }

  /** A value to replace, and its marker type. */
  private static final class Span {
    final int start;
    final int end;
    final String type;

    Span(int start, int end, String type) {
      this.start = start;
      this.end = end;
      this.type = type;
    }
  }

  /** The key {@code word} at {@code i}: not inside a longer name, and a separator follows. */
  private static boolean keyAt(String s, int i, String word) {
    return s.regionMatches(true, i, word, 0, word.length())
        && (i == 0 || !KeyValues.isNameChar(s.charAt(i - 1)))
        && RedactionAnchors.separatorEnd(s, i + word.length()) >= 0;
  }

  /**
   * The value of the {@code value} key in the object of the name key at {@code nameKey} (whose name
   * ends at {@code nameEnd}): after the name, then before it; or null.
   */
  private static int[] siblingValue(String s, int nameKey, int nameEnd) {
    int n = s.length();
    for (int p = nameEnd; p < n && p < nameEnd + REACH; p++) {
      char c = s.charAt(p);
      if (c == '{' || c == '}' || c == '[' || c == ']' || (c == '\n' && endsYamlItem(s, p))) {
        break;
      }
      if ((c | 0x20) == 'v' && keyAt(s, p, "value")) {
        return valueAt(s, p);
      }
    }
    for (int p = nameKey - 1; p >= 0 && p > nameKey - REACH; p--) {
      char c = s.charAt(p);
      if (c == '{' || c == '}' || c == '[' || c == ']') {
        break;
      }
      if ((c | 0x20) == 'v' && keyAt(s, p, "value")) {
        return valueAt(s, p);
      }
      if (c == '-' && p + 1 < n && s.charAt(p + 1) == ' ' && lineStart(s, p) >= 0) {
        break; // the start of this YAML list item
      }
    }
    return null;
  }

  /** At a line break: the next line is blank or starts a new YAML list item. */
  private static boolean endsYamlItem(String s, int p) {
    int q = RedactionAnchors.skipBlanks(s, p + 1);
    return q >= s.length() || s.charAt(q) == '\n' || s.charAt(q) == '\r' || s.charAt(q) == '-';
  }

  /** The start of the line of {@code p} when only blanks precede {@code p} on it, else -1. */
  private static int lineStart(String s, int p) {
    int b = p;
    while (b > 0 && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
      b--;
    }
    return b == 0 || s.charAt(b - 1) == '\n' || s.charAt(b - 1) == '\r' ? b : -1;
  }

  /**
   * The value after the {@code value} key at {@code key}: a quoted string (closed by the quote
   * escaped as the opening one), the rest of the line for a YAML key, or a bare token; null when
   * empty or already a marker.
   */
  private static int[] valueAt(String s, int key) {
    int n = s.length();
    boolean yaml =
        lineStart(s, key) >= 0
            || (key >= 2 && s.startsWith("- ", key - 2) && lineStart(s, key - 2) >= 0);
    int j = RedactionAnchors.skipBlanks(s, RedactionAnchors.separatorEnd(s, key + 5));
    int b = j;
    while (b < n && s.charAt(b) == '\\') {
      b++;
    }
    int start;
    int end;
    if (b < n && (s.charAt(b) == '"' || s.charAt(b) == '\'')) {
      int escapes = b - j;
      char quote = s.charAt(b);
      start = b + 1;
      end = -1;
      int to = (int) Math.min(n, (long) start + AuthorizationValues.QUOTE_REACH);
      for (int i = start; i < to && s.charAt(i) != '\n' && s.charAt(i) != '\r'; i++) {
        if (s.charAt(i) == quote) {
          int e = i;
          while (e > start && s.charAt(e - 1) == '\\') {
            e--;
          }
          if (i - e == escapes) {
            end = e;
            break;
          }
        }
      }
      if (end < 0) {
        return null;
      }
    } else if (b > j) {
      return null;
    } else if (yaml) {
      start = j;
      end = j;
      while (end < n && s.charAt(end) != '\n' && s.charAt(end) != '\r') {
        end++;
      }
      while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
        end--;
      }
      if (end > start && "|>{[#&*!".indexOf(s.charAt(start)) >= 0) {
        return null; // block scalars, flow collections, comments, anchors, tags
      }
    } else {
      start = j;
      end = j;
      while (end < n && ValueSpan.isBare(s.charAt(end))) {
        end++;
      }
      int colon = s.indexOf(':', start);
      if (colon > start && colon < end && fieldName(s, start, colon)) {
        return null; // Go's Value: ValueFrom:… (an empty value, then the next field)
      }
      end = goValueEnd(s, start, end);
    }
    if (end <= start || s.startsWith(Redactor.PREFIX, start)) {
      return null;
    }
    return new int[] {start, end};
  }

  /**
   * Go's {@code %+v} does not quote strings: a value with blanks or commas runs up to the {@code
   * ValueFrom:} field that follows it on the line, when there is one.
   */
  private static int goValueEnd(String s, int start, int end) {
    int limit = (int) Math.min(s.length(), (long) start + AuthorizationValues.QUOTE_REACH);
    for (int i = end; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        break;
      }
      if (c == ' ' && s.startsWith("ValueFrom:", i + 1)) {
        return i;
      }
    }
    return end;
  }

  private static boolean fieldName(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
