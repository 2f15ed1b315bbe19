package dev.logalerts.templates;

/**
 * Text access-log lines, whose request is their event: Envoy's default format (Istio and Cloud
 * Service Mesh sidecars and gateways write it unless JSON encoding is chosen) and the combined
 * format (nginx, ingress-nginx, Apache, gunicorn). Mined, such a line keeps whatever in it has no
 * digit (authority, user agent, upstream cluster) and loses its status to a placeholder, so one
 * route's lines split by client while a route's 503s and 200s can share a template. Read
 * structurally they get the request template ({@code GET /api/orders/<*> 5xx UF}: method, path with
 * variable segments masked, status class, Envoy's response flags) and an exclusion that is a
 * regular expression for exactly that request, method, path and status class.
 *
 * <p>Recognised only at the start of the message: Envoy's {@code [START_TIME] "METHOD PATH
 * PROTOCOL" STATUS FLAGS …}, or {@code HOST IDENT USER [TIME] "METHOD PATH PROTOCOL" STATUS …}.
 * Paths with characters outside a plain URL path are left to the miner, so the expression never
 * needs escapes beyond a character class.
 */
final class AccessLines {
  private AccessLines() {}

  /**
   * Prefix of the message field of an access line's template: {@code accessLine:envoy:textPayload}
   * or {@code accessLine:combined:textPayload}; the exclusion is made from the redacted template.
   */
  static final String FIELD_PREFIX = "accessLine:";

  /** A recognised line: its template and format. */
  static final class Line {
    final String template;
    final boolean envoy;

    Line(String template, boolean envoy) {
      this.template = template;
      this.envoy = envoy;
    }

    /** The message field that names this format and where the line is. */
    String field(String messageField) {
      return FIELD_PREFIX + (envoy ? "envoy:" : "combined:") + messageField;
    }
  }

  private static final int MAX_PREFIX = 120;

  /** The access line of a message, or null when it is none. */
  static Line parse(String m) {
    if (m.length() < 24) {
      return null;
    }
    boolean envoy = m.charAt(0) == '[';
    int close = prefixEnd(m);
    if (close < 0) {
      return null;
    }
    if (envoy ? m.indexOf(']') != close : !combinedPrefix(m, close)) {
      return null;
    }
    int i = close + 3;
    int sp = m.indexOf(' ', i);
    if (sp < 0 || !isMethod(m, i, sp)) {
      return null;
    }
    String method = m.substring(i, sp);
    int pathEnd = m.indexOf(' ', sp + 1);
    if (pathEnd < 0 || m.charAt(sp + 1) != '/') {
      return null;
    }
    String path = m.substring(sp + 1, pathEnd);
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    int quote = m.indexOf('"', pathEnd);
    if (quote < 0 || !m.startsWith("HTTP/", pathEnd + 1) || !m.startsWith("\" ", quote)) {
      return null;
    }
    int s = quote + 2;
    if (s + 4 > m.length() || m.charAt(s + 3) != ' ' || !digits(m, s, s + 3)) {
      return null;
    }
    char statusClass = m.charAt(s);
    String flags = "";
    if (envoy) {
      int flagsEnd = m.indexOf(' ', s + 4);
      flags = m.substring(s + 4, flagsEnd < 0 ? m.length() : flagsEnd);
      if (!isFlags(flags)) {
        return null;
      }
    }
    String templatePath = RequestTemplates.normalisePath(path);
    if (pathRegex(templatePath) == null) {
      return null;
    }
    String template =
        method
            + ' '
            + templatePath
            + ' '
            + statusClass
            + "xx"
            + (flags.isEmpty() || flags.equals("-") ? "" : " " + flags);
    return new Line(template, envoy);
  }

  /**
   * The restriction matching exactly the lines of an access-line template, {@code
   * textPayload=~"^[[][^\"]* \"GET /api/orders/[^/?\" ]*([?][^ \"]*)? HTTP/[^\"]*\" 5[0-9][0-9] UF
   * "} (no {@code ]} in a class, which RE2 reads as a literal only when it comes first), made from
   * the (redacted) template; "" when the template is not one (the redactor changed it), then the
   * exclusion keeps to log, resource and severity.
   *
   * @param field the message field as {@link Line#field} wrote it
   */
  static String exclusion(String field, String template) {
    String rest = field.substring(FIELD_PREFIX.length());
    int colon = rest.indexOf(':');
    boolean envoy = rest.startsWith("envoy:");
    String messageField = rest.substring(colon + 1);
    String[] parts = template.split(" ", -1);
    if (parts.length < 3 || parts.length > 4 || !isMethod(parts[0], 0, parts[0].length())) {
      return "";
    }
    String pathRegex = pathRegex(parts[1]);
    String status = parts[2];
    if (pathRegex == null
        || status.length() != 3
        || !status.endsWith("xx")
        || !digits(status, 0, 1)) {
      return "";
    }
    String flags = parts.length == 4 ? parts[3] : "-";
    if ((!envoy && parts.length == 4) || !isFlags(flags)) {
      return "";
    }
    String regex =
        (envoy ? "^[[][^\"]* \"" : "^[^ ]+ [^ ]+ [^ ]+ [[][^\"]* \"")
            + parts[0]
            + ' '
            + pathRegex
            + "([?][^ \"]*)? HTTP/[^\"]*\" "
            + status.charAt(0)
            + "[0-9][0-9] "
            + (envoy ? flags + ' ' : "");
    return messageField + "=~" + SuggestedExclusion.quote(regex);
  }

  /**
   * Where {@code ] "} is in the first {@value #MAX_PREFIX} characters, or -1: this runs on every
   * mined message, so it never reads a long message to its end.
   */
  private static int prefixEnd(String m) {
    int end = Math.min(m.length() - 2, MAX_PREFIX);
    for (int k = 0; k < end; k++) {
      if (m.charAt(k) == ']' && m.charAt(k + 1) == ' ' && m.charAt(k + 2) == '"') {
        return k;
      }
    }
    return -1;
  }

  /** {@code HOST IDENT USER [}: three tokens without spaces before the bracket. */
  private static boolean combinedPrefix(String m, int close) {
    int open = m.lastIndexOf(" [", close);
    if (open <= 0 || m.indexOf(']', open) != close) {
      return false;
    }
    int spaces = 0;
    for (int k = 0; k < open; k++) {
      if (m.charAt(k) == ' ') {
        spaces++;
      }
    }
    return spaces == 2 && m.charAt(0) != ' ';
  }

  private static boolean isMethod(String m, int from, int to) {
    if (to - from < 3 || to - from > 10) {
      return false;
    }
    for (int k = from; k < to; k++) {
      char c = m.charAt(k);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }

  private static boolean digits(String m, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = m.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Envoy's {@code %RESPONSE_FLAGS%}: {@code -} or upper-case flags joined by commas. */
  private static boolean isFlags(String f) {
    if (f.equals("-")) {
      return true;
    }
    if (f.isEmpty() || f.length() > 40) {
      return false;
    }
    for (int k = 0; k < f.length(); k++) {
      char c = f.charAt(k);
      if (!((c >= 'A' && c <= 'Z') || c == ',')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The template path as an expression: a placeholder is one segment's characters, letters, digits,
   * {@code / - _ ~} stand for themselves and {@code . + ( ) $ * |} go in a class; any other
   * character: null (left to the miner).
   */
  private static String pathRegex(String templatePath) {
    StringBuilder sb = new StringBuilder(templatePath.length() + 16);
    int n = templatePath.length();
    for (int k = 0; k < n; k++) {
      if (templatePath.startsWith(RequestTemplates.PLACEHOLDER, k)) {
        sb.append("[^/?\" ]*");
        k += RequestTemplates.PLACEHOLDER.length() - 1;
        continue;
      }
      char c = templatePath.charAt(k);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '/'
          || c == '-'
          || c == '_'
          || c == '~') {
        sb.append(c);
      } else if (c == '.' || c == '+' || c == '(' || c == ')' || c == '$' || c == '*' || c == '|') {
        sb.append('[').append(c).append(']');
      } else {
        return null;
      }
    }
    return sb.toString();
  }
}
