package dev.logalerts.templates;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.parse.ServiceScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Builds a Cloud Logging query that matches one template's entries and little else, ready for a
 * sink exclusion: the log, resource type and severity, plus the template's constant text pieces as
 * {@code :} (substring) restrictions on the field the message came from, e.g.
 *
 * <pre>{@code
 * log_id("stdout") AND resource.type="k8s_container" AND severity=INFO
 *   AND textPayload:"Cache miss for key" AND textPayload:"in shard"
 * }</pre>
 *
 * <p>Pieces come from the redacted template (so no secret reaches the query), split at placeholders
 * and redaction markers (and a counted noun after a placeholder, {@code <*> times}, which the row's
 * entries may write singular, see {@link ValueWords}); only pieces of 3+ characters with a letter
 * that really occur in the sample message are kept (the miner may normalise whitespace), at most
 * {@link #MAX_PIECES} of the longest, in template order. Structural request-log templates ({@code
 * GET /api/items/<*> 2xx}) become method, URL-path (an anchored pattern) and status-range
 * restrictions on {@code httpRequest}. Every query is limited to the row's service ({@link
 * ServiceScope}). A text line that is all constant text ({@code ERROR}) is matched as the whole
 * line, not as a substring of every line that holds it; so is a line whose pieces have fewer than
 * {@link #FEW_LETTERS} letters, by its shape ({@code <*> update}: {@code ^\S+\s+update\s*$}), as
 * the word alone would take the service's other lines that hold it. A message that is its field's
 * whole value (a text line, a JSON field holding only the message) also pins its first and last
 * constant text to the field's start and end ({@link ValueEdges}), so that {@code GET /} does not
 * take {@code GET /favicon.ico}; every whole-line pattern starts at the field's start, not after
 * any blank (a stack frame's line is not the last line of a trace). When neither survives, there is
 * no suggestion ({@link #NONE}): the log, resource and severity alone would remove the service's
 * other messages at that severity too.
 */
public final class SuggestedExclusion {
  static final int MAX_PIECES = 6;

  /**
   * Prefix of a message field that carries a log family's exact restrictions instead of a field
   * name (see {@link dev.logalerts.parse.LogFamilies.Structural#clauses()}).
   */
  public static final String CLAUSES = "clauses:";

  /**
   * No suggestion: the template has no constant text to tell its entries from the rest of the
   * service's log at that severity ({@code {<*>: <*>}}), so any query would remove those too.
   */
  public static final String NONE = "";

  /**
   * Prefix of a message field whose whole value is the message (a JSON field holding only the
   * message): a template of all constant text is matched as that whole value.
   */
  static final String WHOLE = "whole:";

  private SuggestedExclusion() {}

  /**
   * @param template the redacted template text
   * @param messageField where the message lives ({@code textPayload}, {@code jsonPayload.msg}…),
   *     {@link NoisyLogs#HTTP_REQUEST_FIELD}, {@link #CLAUSES} and a log family's restrictions,
   *     {@link AccessLines#FIELD_PREFIX} and the access-line format and field, {@link #WHOLE} and a
   *     JSON field whose whole value is the message, or empty for global restrictions
   * @param rawSample one raw entry message of this template, to verify pieces against
   */
  public static String build(NoisyKey key, String template, String messageField, String rawSample) {
    if (messageField.startsWith(JournalMessages.FIELD)) {
      return JournalMessages.exclusion(key, template, messageField, rawSample);
    }
    boolean whole = messageField.startsWith(WHOLE);
    if (whole) {
      messageField = messageField.substring(WHOLE.length());
    }
    List<String> clauses = new ArrayList<>();
    if (!key.logId().isEmpty()) {
      clauses.add("log_id(" + quote(key.logId()) + ")");
    }
    if (!key.resourceType().isEmpty()) {
      clauses.add("resource.type=" + quote(key.resourceType()));
    }
    String scope = ServiceScope.of(key.resourceType(), key.logId(), key.service());
    if (!scope.isEmpty() && !messageField.contains(scope)) { // a family may restrict it already
      clauses.add(scope);
    }
    clauses.add("severity=" + key.severity().name());
    if (messageField.startsWith(CLAUSES)) {
      addFamilyClauses(messageField.substring(CLAUSES.length()), template, clauses);
    } else if (messageField.startsWith(AccessLines.FIELD_PREFIX)) {
      String clause = AccessLines.exclusion(messageField, template);
      if (clause.isEmpty()) {
        return NONE; // the redactor changed the request line: no exact expression is left
      }
      clauses.add(clause);
    } else if (NoisyLogs.HTTP_REQUEST_FIELD.equals(messageField)) {
      addRequestClauses(requestPart(template), clauses);
      if (dev.logalerts.parse.LogFamilies.isLoadBalancer(key.resourceType())) {
        clauses.addAll(dev.logalerts.parse.LogFamilies.requestDetailClauses(template));
      }
    } else if (messageField.isEmpty()) {
      // Global restrictions match one field each; a message the parser composed joins fields with
      // ": " (journald's program and MESSAGE, Endpoints' log_message and error_cause), so no piece
      // may span that seam.
      int before = clauses.size();
      for (String piece : pieces(template, rawSample)) {
        for (String part : piece.split(": ")) {
          part = part.trim();
          if (useful(part)) {
            clauses.add(quote(part.endsWith(":") ? part.substring(0, part.length() - 1) : part));
          }
        }
      }
      if (clauses.size() == before) {
        return NONE;
      }
    } else if ((whole || messageField.equals("textPayload")) && isConstant(template, rawSample)) {
      // The whole line is the template ("ERROR", "PUSH", "BUILD" in a build's output): as a
      // substring it would remove every line that holds the word (the build's failure line too).
      // A JSON field's message may be cut out of its value (a JSON line in it): substrings there,
      // but where the message is the field's whole value.
      clauses.add(messageField + "=~" + quote(wholeText(template)));
    } else {
      List<String> pieces = pieces(template, rawSample);
      String line =
          (whole || messageField.equals("textPayload")) && fewLetters(pieces)
              ? linePattern(template, rawSample)
              : null;
      if (line != null) {
        // "./deploy.sh update" is "<*> update": the substring "update" would also take the
        // service's "update failed: quota exceeded" lines of that severity.
        clauses.add(messageField + "=~" + quote(line));
        return String.join(" AND ", clauses);
      }
      String thrown = thrownBeside(template, rawSample);
      if (pieces.isEmpty() && thrown.isEmpty()) {
        return NONE;
      }
      if (whole || messageField.equals("textPayload")) {
        // The message is the field's whole value: its first and last constant text are where the
        // value starts and ends, so "GET /" no longer takes "GET /favicon.ico", nor a stack
        // frame's row the whole trace that holds that frame.
        pieces = new ArrayList<>(pieces);
        for (boolean start : new boolean[] {true, false}) {
          String edge = ValueEdges.pattern(template, rawSample, start, !whole);
          if (edge != null) {
            clauses.add(messageField + "=~" + quote(edge));
            pieces.remove(ValueEdges.text(template, start));
          }
        }
      }
      for (String piece : pieces) {
        clauses.add(
            insideWord(template, piece)
                ? messageField + "=~" + quote("\\b" + Filter.regexLiteral(piece))
                : messageField + ":" + quote(piece));
      }
      if (!thrown.isEmpty()) {
        // The exception came from a stack-trace field beside the message: each exception of
        // the same message is its own row, and without it the exclusion takes them all.
        clauses.add(quote(thrown));
      }
      for (String pattern : statusClassPatterns(template, rawSample)) {
        clauses.add(messageField + "=~" + quote(pattern));
      }
    }
    return String.join(" AND ", clauses);
  }

  /**
   * A log family's restrictions; a string restriction ({@code ="…"} or {@code :"…"}) whose value is
   * not in the (redacted) template is left out, so that nothing the redactor removed reaches the
   * query.
   */
  private static void addFamilyClauses(String familyClauses, String template, List<String> out) {
    if (familyClauses.isEmpty()) {
      return;
    }
    for (String clause : familyClauses.split(" AND ")) {
      int q = clause.indexOf('"') - 1; // the = or : before the first quote
      if (q > 0 && (clause.charAt(q) == '=' || clause.charAt(q) == ':') && clause.endsWith("\"")) {
        String value = clause.substring(q + 2, clause.length() - 1).replace("\\\"", "\"");
        if (!template.contains(value.replace("\\\\", "\\"))) {
          continue;
        }
      }
      out.add(clause);
    }
  }

  /**
   * The {@code METHOD path status} part of a request template (a load balancer's status details and
   * Cloud Armor outcome follow it).
   */
  private static String requestPart(String template) {
    String[] parts = template.split(" ", 4);
    return parts.length <= 3 ? template : parts[0] + ' ' + parts[1] + ' ' + parts[2];
  }

  private static void addRequestClauses(String template, List<String> clauses) {
    String[] parts = template.split(" ", -1);
    if (parts.length != 3) {
      return;
    }
    if (!parts[0].equals("-")) {
      clauses.add("httpRequest.requestMethod=" + quote(parts[0]));
    }
    String path = pathPattern(parts[1]);
    if (path != null) {
      clauses.add("httpRequest.requestUrl=~" + quote(path));
    } else {
      for (String piece :
          parts[1].split(java.util.regex.Pattern.quote(RequestTemplates.PLACEHOLDER))) {
        if (piece.length() > 1) {
          clauses.add("httpRequest.requestUrl:" + quote(piece));
        }
      }
    }
    String status = parts[2];
    if (status.length() == 3 && status.endsWith("xx") && Character.isDigit(status.charAt(0))) {
      int lo = (status.charAt(0) - '0') * 100;
      clauses.add("httpRequest.status>=" + lo + " AND httpRequest.status<" + (lo + 100));
    } else {
      clauses.add("NOT httpRequest.status:*");
    }
  }

  /**
   * The request URLs whose path is this template's path ({@link HttpRequest#path()} read
   * backwards): an optional {@code scheme://host}, the path with each {@code <*>} one segment, then
   * the query or the end. Anchored, so that {@code GET / 2xx} is the home page and {@code /cart}
   * not {@code /api/v1/cart/<*>}. Null for a path the normaliser cut short (its last {@code <*>}
   * stands for the rest).
   */
  static String pathPattern(String templatePath) {
    if (!templatePath.startsWith("/")) {
      return null;
    }
    StringBuilder re = new StringBuilder("^([^/?#]*://[^/]*)?");
    if (templatePath.equals("/")) {
      re.append("/?");
    } else {
      String[] segments = templatePath.substring(1).split("/", -1);
      if (segments.length > RequestTemplates.MAX_SEGMENTS) {
        return null;
      }
      for (String segment : segments) {
        re.append('/');
        re.append(
            segment.equals(RequestTemplates.PLACEHOLDER)
                ? "[^/?#]+"
                : dev.logalerts.filter.Filter.regexLiteral(segment));
      }
    }
    return re.append("([?#].*)?$").toString();
  }

  /**
   * For each HTTP status class the miner wrote ({@code status code: 5xx}), a pattern of the text
   * before it and a number of that class, {@code code: 5[0-9][0-9]}: the text pieces alone are the
   * same for every class, so the 2xx row's exclusion would also remove the 5xx lines. Only patterns
   * that find the sample are kept.
   */
  static List<String> statusClassPatterns(String template, String rawSample) {
    List<String> out = new ArrayList<>();
    int nl = template.indexOf('\n');
    String line = nl < 0 ? template : template.substring(0, nl);
    for (int i = line.indexOf("xx"); i >= 1; i = line.indexOf("xx", i + 2)) {
      char digit = line.charAt(i - 1);
      int start = i - 1;
      boolean alone =
          (start == 0 || !Character.isLetterOrDigit(line.charAt(start - 1)))
              && (i + 2 == line.length() || !Character.isLetterOrDigit(line.charAt(i + 2)));
      if (digit < '1' || digit > '5' || !alone) {
        continue;
      }
      String before = literalBefore(line, start);
      String pattern;
      if (!before.isEmpty()) {
        pattern = dev.logalerts.filter.Filter.regexLiteral(before);
      } else {
        // "GET <*> 2xx": the status follows a value, so the pattern is the text before that
        // value, the value and the status: GET +[^ ]+ +2[0-9][0-9].
        int value = line.lastIndexOf(TemplateScanner.PLACEHOLDER, start);
        if (value < 0 || !line.substring(value + 3, start).isBlank() || value + 3 == start) {
          continue;
        }
        String lead = literalBefore(line, value);
        if (lead.isBlank()) {
          continue;
        }
        pattern =
            dev.logalerts.filter.Filter.regexLiteral(lead.stripTrailing())
                + (lead.endsWith(" ") ? " +" : "")
                + "[^ ]+ +";
      }
      pattern += digit + "[0-9][0-9]";
      if (com.google.re2j.Pattern.compile(pattern).matcher(rawSample).find()) {
        out.add(pattern);
      }
    }
    return out;
  }

  /**
   * The template text right before {@code end}: up to 24 characters, after the last placeholder,
   * from the start of a word; "" when a placeholder (or nothing) is right there.
   */
  private static String literalBefore(String line, int end) {
    int from = Math.max(0, end - 24);
    int placeholder = line.lastIndexOf(TemplateScanner.PLACEHOLDER, end - 1);
    if (placeholder >= 0 && placeholder + TemplateScanner.PLACEHOLDER.length() <= end) {
      from = Math.max(from, placeholder + TemplateScanner.PLACEHOLDER.length());
    }
    while (from > 0 && from < end && Character.isLetterOrDigit(line.charAt(from - 1))) {
      from++; // start at a word
    }
    return line.substring(from, end).stripLeading();
  }

  /**
   * The exception type a template names after its message ({@code message arg |
   * java.lang.NullPointerException}) when the message does not hold it (it came from a stack-trace
   * field, {@link StackTraceFields}); empty otherwise. A global restriction finds it in that field,
   * whichever of the loggers' field names it has.
   */
  static String thrownBeside(String template, String rawSample) {
    int seam = template.lastIndexOf(TemplateScanner.EXCEPTION_SEPARATOR);
    if (seam < 0) {
      return "";
    }
    String type = template.substring(seam + TemplateScanner.EXCEPTION_SEPARATOR.length());
    boolean name = !type.isEmpty();
    for (int i = 0; i < type.length() && name; i++) {
      char c = type.charAt(i);
      name = Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '$';
    }
    return name && !rawSample.contains(type) ? type : "";
  }

  /** Constant pieces of the template that occur in the sample, longest first, in template order. */
  static List<String> pieces(String template, String rawSample) {
    String firstLine = template;
    int nl = firstLine.indexOf('\n');
    if (nl >= 0) {
      firstLine = firstLine.substring(0, nl);
    }
    String sampleLower = rawSample.toLowerCase(Locale.ROOT);
    List<String> candidates = new ArrayList<>();
    int i = 0;
    int start = 0;
    int n = firstLine.length();
    while (i <= n) {
      int cut = i == n ? 0 : placeholderLength(firstLine, i);
      if (i == n || cut > 0) {
        addOccurring(firstLine.substring(start, i).trim(), sampleLower, candidates);
        if (i == n) {
          break;
        }
        i += cut;
        i += ValueWords.countedPluralAt(firstLine, i); // "<*> times" stands for "1 time" too
        start = i;
      } else {
        i++;
      }
    }
    if (candidates.size() <= MAX_PIECES) {
      return candidates;
    }
    List<String> longest = new ArrayList<>(candidates);
    longest.sort(Comparator.comparingInt(String::length).reversed());
    List<String> keep = longest.subList(0, MAX_PIECES);
    List<String> ordered = new ArrayList<>();
    for (String c : candidates) {
      if (keep.contains(c) && !ordered.contains(c)) {
        ordered.add(c);
      }
    }
    return ordered;
  }

  /**
   * Adds the piece when it occurs in the sample; else its longest runs of whole words that do (the
   * miner collapses runs of blanks, so {@code "Servlet : Completed"} stands for {@code "Servlet :
   * Completed"} in the log, where {@code "Servlet"} and {@code ": Completed"} still occur).
   */
  private static void addOccurring(String piece, String sampleLower, List<String> out) {
    if (!useful(piece)) {
      return;
    }
    if (sampleLower.contains(piece.toLowerCase(Locale.ROOT))) {
      out.add(piece);
      return;
    }
    String[] words = piece.split(" ");
    int from = 0;
    while (from < words.length) {
      int to = from;
      String run = null;
      while (to < words.length) {
        String longer = String.join(" ", java.util.Arrays.asList(words).subList(from, to + 1));
        if (!sampleLower.contains(longer.toLowerCase(Locale.ROOT))) {
          break;
        }
        run = longer;
        to++;
      }
      if (run != null && useful(run.trim())) {
        out.add(run.trim());
      }
      from = Math.max(to, from + 1);
    }
  }

  /**
   * Length of a cut at i: a placeholder ({@code <*>}, {@code <NUM>}), a redaction marker, or the
   * miner's {@code " | "} before a stack trace's exception type; else 0.
   */
  private static int placeholderLength(String s, int i) {
    char c = s.charAt(i);
    if (c == ' ' && s.startsWith(" | ", i)) {
      return 3;
    }
    if (c == '<') {
      int close = s.indexOf('>', i + 1);
      if (close > i && close - i <= 16) {
        for (int k = i + 1; k < close; k++) {
          char d = s.charAt(k);
          if (!(d == '*' || d == '_' || Character.isLetterOrDigit(d))) {
            return 0;
          }
        }
        return close - i + 1;
      }
    } else if (c == '[' && s.startsWith("[REDACTED:", i)) {
      int close = s.indexOf(']', i);
      return close < 0 ? s.length() - i : close - i + 1;
    }
    return 0;
  }

  /**
   * Whether the template is all constant text with a letter, the sample being exactly it (but for
   * surrounding whitespace): no placeholder, no redaction marker. It may be shorter than a useful
   * substring: as the field's whole value, bunyan's {@code "msg":"hi"} or pino's {@code "ok"} is
   * exact.
   */
  private static boolean isConstant(String template, String rawSample) {
    String t = template.strip();
    return !t.contains(TemplateScanner.PLACEHOLDER)
        && !t.contains("[REDACTED")
        && t.indexOf('\n') < 0
        && t.equals(rawSample.strip())
        && hasLetter(t);
  }

  /**
   * The RE2 pattern of a field whose whole text is {@code text}, whitespace around it: from the
   * field's start, so that {@code initialized} does not take {@code Multi threading initialized}.
   */
  static String wholeText(String text) {
    return "^\\s*" + dev.logalerts.filter.Filter.regexLiteral(text.strip()) + "\\s*$";
  }

  /** Letters in all pieces together below which they do not single out a template's lines. */
  static final int FEW_LETTERS = 12;

  private static boolean fewLetters(List<String> pieces) {
    int letters = 0;
    for (String piece : pieces) {
      for (int k = 0; k < piece.length(); k++) {
        letters += Character.isLetter(piece.charAt(k)) ? 1 : 0;
      }
    }
    return letters < FEW_LETTERS;
  }

  /**
   * The RE2 pattern of a field whose whole text is a line of this one-line template: its constant
   * text in order, blanks as {@code \s+}, a counted noun singular or plural, a placeholder or
   * redaction marker that is a word of its own as {@code \S+} (one word, as the miner masks it),
   * one inside other text ({@code "<*>"}, {@code [<*>]}) as {@code .*}; each as {@code .*} when
   * that does not find the sample (a value with blanks). Null when the template spans lines, has
   * fewer than four constant characters besides blanks, or neither pattern finds the sample.
   */
  static String linePattern(String template, String rawSample) {
    String t = template.strip();
    if (t.indexOf('\n') >= 0 || rawSample.indexOf('\n') >= 0 || t.length() > 500) {
      return null;
    }
    for (boolean words : new boolean[] {true, false}) {
      String pattern = shape(t, words);
      if (pattern != null && com.google.re2j.Pattern.compile(pattern).matcher(rawSample).find()) {
        return pattern;
      }
    }
    return null;
  }

  private static String shape(String t, boolean words) {
    StringBuilder re = new StringBuilder(t.length() + 32);
    StringBuilder literal = new StringBuilder();
    int constant = 0;
    int n = t.length();
    // From the field's start: "(^|\s)at …" also found a trace's last frame after its line break.
    re.append(n > 0 && cutAt(t, 0) > 0 ? "^" : "^\\s*");
    for (int i = 0; i < n; ) {
      char c = t.charAt(i);
      int cut = cutAt(t, i);
      if (cut > 0) {
        boolean word = words && (i == 0 || t.charAt(i - 1) == ' ');
        i += cut;
        word &= i == n || t.charAt(i) == ' ';
        re.append(dev.logalerts.filter.Filter.regexLiteral(literal.toString()));
        re.append(word ? "\\S+" : ".*");
        literal.setLength(0);
        int noun = ValueWords.countedPluralAt(t, i);
        if (noun > 0) {
          String plural = t.substring(i + 1, i + noun);
          re.append("\\s+(").append(ValueWords.singularOf(plural)).append('|').append(plural);
          re.append(')');
          i += noun;
        }
      } else if (c == ' ') {
        re.append(dev.logalerts.filter.Filter.regexLiteral(literal.toString())).append("\\s+");
        literal.setLength(0);
        while (i < n && t.charAt(i) == ' ') {
          i++;
        }
      } else {
        literal.append(c);
        constant++;
        i++;
      }
    }
    re.append(dev.logalerts.filter.Filter.regexLiteral(literal.toString())).append("\\s*$");
    return constant >= 4 ? re.toString() : null;
  }

  /** A placeholder or redaction marker at i (not the stack-trace seam, text in a line). */
  static int cutAt(String t, int i) {
    char c = t.charAt(i);
    return c == '<' || c == '[' ? placeholderLength(t, i) : 0;
  }

  /**
   * Whether the template also holds {@code piece} as the end of a longer word (PAM's {@code ruser=
   * rhost=<*> user=<*>}): the substring alone would then find lines without the piece, so the piece
   * must start a word.
   */
  static boolean insideWord(String template, String piece) {
    if (piece.isEmpty() || !TemplateChars.letterOrDigit(piece.charAt(0))) {
      return false;
    }
    String t = template.toLowerCase(Locale.ROOT);
    String p = piece.toLowerCase(Locale.ROOT);
    for (int i = t.indexOf(p); i >= 0; i = t.indexOf(p, i + 1)) {
      if (i > 0 && (TemplateChars.letterOrDigit(t.charAt(i - 1)) || t.charAt(i - 1) == '_')) {
        return true;
      }
    }
    return false;
  }

  private static boolean useful(String piece) {
    return piece.length() >= 3 && hasLetter(piece);
  }

  private static boolean hasLetter(String piece) {
    for (int k = 0; k < piece.length(); k++) {
      if (Character.isLetter(piece.charAt(k))) {
        return true;
      }
    }
    return false;
  }

  /** A Cloud Logging string literal. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }
}
