package dev.logalerts.templates;

/**
 * Where a message that is its field's whole value starts and ends, for its row's suggested
 * exclusion: the template's first and last constant text, anchored at the field's start and end. As
 * substrings they also take longer messages that hold them: the {@code /} route's row took the
 * {@code /favicon.ico} lines, a stack frame's row the whole traces that end with that frame.
 */
final class ValueEdges {
  private ValueEdges() {}

  /**
   * The constant text at the start (or end) of a one-line template, blanks trimmed: before its
   * first (after its last) placeholder, redaction marker or stack-trace seam; "" when a placeholder
   * is there or the template spans lines.
   */
  static String text(String template, boolean start) {
    String t = template;
    int seam = t.lastIndexOf(TemplateScanner.EXCEPTION_SEPARATOR);
    if (seam >= 0 && isTypeName(t, seam + TemplateScanner.EXCEPTION_SEPARATOR.length())) {
      // The exception type beside the message is not in the field; a line's own " | " columns
      // (Gin's "[GIN] … | 404 | … | GET "/"", Rails' "(ActiveRecord: … | Allocations: …)") are.
      t = t.substring(0, seam);
    }
    t = t.strip();
    if (t.isEmpty() || t.indexOf('\n') >= 0) {
      return "";
    }
    int first = -1;
    int last = -1;
    for (int i = 0; i < t.length(); i++) {
      int cut = SuggestedExclusion.cutAt(t, i);
      if (cut > 0) {
        first = first < 0 ? i : first;
        last = i + cut;
        i += cut - 1;
      }
    }
    if (first < 0) {
      return ""; // all constant text: matched as the whole value elsewhere
    }
    if (!start && ValueWords.countedPluralAt(t, last) > 0) {
      return ""; // "<*> times" is also written "1 time"
    }
    return (start ? t.substring(0, first) : t.substring(last)).strip();
  }

  /**
   * The RE2 pattern of a field value that starts (or ends) with the template's {@link #text},
   * blanks as {@code \s+}; null when there is none or it does not find the sample. With {@code
   * jsonLine} the value may also be a JSON string in the field (a text line that is a structured
   * logger's JSON, whose message the parser took out of it), so a quote may stand for the field's
   * start or end.
   */
  static String pattern(String template, String rawSample, boolean start, boolean jsonLine) {
    String edge = text(template, start);
    if (edge.isEmpty()) {
      return null;
    }
    StringBuilder literal = new StringBuilder();
    for (String word : edge.split(" +")) {
      literal.append(literal.length() == 0 ? "" : "\\s+");
      if (word.length() == 3
          && word.charAt(0) >= '1'
          && word.charAt(0) <= '5'
          && word.endsWith("xx")) {
        literal
            .append(word.charAt(0))
            .append("[0-9][0-9]"); // a status class: Rails' "Completed 5xx"
      } else {
        literal.append(dev.logalerts.filter.Filter.regexLiteral(word));
      }
    }
    String pattern =
        start
            ? (jsonLine ? "(^\\s*|\")" : "^\\s*") + literal
            : literal + (jsonLine ? "(\\s*$|\")" : "\\s*$");
    return com.google.re2j.Pattern.compile(pattern).matcher(rawSample).find() ? pattern : null;
  }

  /**
   * Whether {@code t} from {@code from} on is one type name ({@code java.lang.X}, {@code Error}).
   */
  private static boolean isTypeName(String t, int from) {
    if (from >= t.length()) {
      return false;
    }
    for (int i = from; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '$')) {
        return false;
      }
    }
    return true;
  }
}
