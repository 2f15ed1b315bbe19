package dev.logalerts.templates;

/**
 * The single-pass scanner behind {@link TemplateMiner}: walks the message once, splits it into
 * tokens at whitespace and bracket/list punctuation, classifies each token with char-class checks
 * and writes either the token or a {@code <*>} placeholder into a reused buffer.
 *
 * <p>Not thread-safe: one instance per thread (the miner keeps one in a {@link ThreadLocal}).
 * No regular expressions and no per-token allocation on the hot path.
 */
final class TemplateScanner {

  /** Only this many chars of the first line are templated (bounds the work per message). */
  static final int MAX_HEAD_CHARS = 2000;

  /** Later lines of a multi-line message are searched for an exception type up to here. */
  static final int MAX_TRACE_SCAN_CHARS = 16_384;

  static final String PLACEHOLDER = "<*>";

  /** Separator between the head template and the exception type of a multi-line message. */
  static final String EXCEPTION_SEPARATOR = " | ";

  private static final int ACT_KEEP = 0;
  private static final int ACT_MASK = 1;
  private static final int ACT_WRITTEN = 2; // classify already wrote the (partly masked) token

  // What the previous word was, for the few context rules ("from X to Y", "user X").
  private static final int PREV_NONE = 0;
  private static final int PREV_USER = 1;

  private final StringBuilder out = new StringBuilder(256);
  private String s;
  private boolean maskNext; // the previous token was a bare "=" or "key=" followed by a space
  private int prev;

  /** Returns the template text of {@code message}. */
  String template(String message) {
    out.setLength(0);
    s = message;
    maskNext = false;
    prev = PREV_NONE;
    int n = message.length();
    // The head is the first non-blank line.
    int first = 0;
    while (first < n && isSpace(message.charAt(first))) {
      first++;
    }
    int start = first;
    while (start > 0 && message.charAt(start - 1) != '\n' && message.charAt(start - 1) != '\r') {
      start--;
    }
    int lineEnd = lineEnd(message, start, n);
    scan(start, Math.min(lineEnd, start + MAX_HEAD_CHARS));
    trimTrailingSpace();
    if (lineEnd < n) {
      appendExceptionType(lineEnd, Math.min(n, lineEnd + MAX_TRACE_SCAN_CHARS));
    }
    s = null;
    return out.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Multi-line messages

  private static int lineEnd(String m, int from, int n) {
    for (int i = from; i < n; i++) {
      char c = m.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return n;
  }

  /**
   * Finds the first later line that names an exception: {@code Caused by: X}, or an unindented
   * line whose first word is a class-like name ending in Exception/Error/... (Java, Python's last
   * traceback line, Go's {@code panic:} is already the head). Appends {@code " | " + type}.
   */
  private void appendExceptionType(int from, int to) {
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        i++;
        continue;
      }
      int le = lineEnd(s, i, to);
      int a = i;
      while (a < le && isSpace(s.charAt(a))) {
        a++;
      }
      boolean indented = a > i;
      if (s.startsWith("Caused by:", a)) {
        a += "Caused by:".length();
        while (a < le && isSpace(s.charAt(a))) {
          a++;
        }
        int b = classNameEnd(a, le);
        if (b > a) {
          appendType(a, b);
          return;
        }
      } else if (!indented && a < le) {
        int b = classNameEnd(a, le);
        if (b > a && (b == le || s.charAt(b) == ':') && looksLikeThrowable(a, b)) {
          appendType(a, b);
          return;
        }
      }
      i = le;
    }
  }

  private void appendType(int a, int b) {
    out.append(EXCEPTION_SEPARATOR);
    out.append(s, a, b);
  }

  private int classNameEnd(int a, int le) {
    int b = a;
    while (b < le) {
      char c = s.charAt(b);
      if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '$') {
        b++;
      } else {
        break;
      }
    }
    return b;
  }

  private boolean looksLikeThrowable(int a, int b) {
    return endsWith(a, b, "Exception")
        || endsWith(a, b, "Error")
        || endsWith(a, b, "Throwable")
        || endsWith(a, b, "Exit")
        || endsWith(a, b, "Interrupt")
        || endsWith(a, b, "Failure")
        || endsWith(a, b, "Fault");
  }

  private boolean endsWith(int a, int b, String suffix) {
    int l = suffix.length();
    return b - a >= l && s.regionMatches(b - l, suffix, 0, l);
  }

  // ---------------------------------------------------------------------------------------------
  // Line scanner

  private void scan(int from, int to) {
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        int L = out.length();
        if (L > 0 && out.charAt(L - 1) != ' ') {
          out.append(' ');
        }
        i++;
      } else if (c == '"' || (c == '\'' && startsToken(i, from))) {
        i = quoted(i, to);
      } else if (c == '.' && i + 1 < to && s.charAt(i + 1) == '.') {
        // Dot leaders ("processor.......0", "Calibrating delay loop...") separate tokens.
        while (i < to && s.charAt(i) == '.') {
          out.append('.');
          i++;
        }
        prev = PREV_NONE;
      } else if (isDelimiter(c)) {
        out.append(c);
        if (c != '=') {
          maskNext = false;
        }
        prev = PREV_NONE;
        i++;
      } else {
        int j = i + 1;
        while (j < to && !isTokenEnd(s.charAt(j))
            && !(s.charAt(j) == '.' && j + 1 < to && s.charAt(j + 1) == '.')
            && !(s.charAt(j) == '\'' && s.charAt(j - 1) == '=')) { // key='quoted value'
          j++;
        }
        token(i, j, to);
        i = j;
      }
    }
  }

  private boolean startsToken(int i, int from) {
    if (i == from) {
      return true;
    }
    char p = s.charAt(i - 1);
    return isSpace(p) || isDelimiter(p) || p == '=' || p == ':';
  }

  /** Handles a quoted segment starting at {@code i}; returns the index after it. */
  private int quoted(int i, int to) {
    char q = s.charAt(i);
    int k = -1;
    for (int j = i + 1; j < to; j++) {
      char c = s.charAt(j);
      if (c == q) {
        if (q == '\'' && j + 1 < to && Character.isLetterOrDigit(s.charAt(j + 1))) {
          continue; // an apostrophe inside a word, not the closing quote
        }
        k = j;
        break;
      }
    }
    if (k < 0) {
      if (q == '"') {
        out.append(q);
        i++;
        return i;
      }
      // Unmatched apostrophe: an ordinary token char.
      int j = i + 1;
      while (j < to && !isTokenEnd(s.charAt(j))) {
        j++;
      }
      token(i, j, to);
      return j;
    }
    boolean afterEquals = (maskNext || lastNonSpace() == '=') && !messageKeyBefore();
    maskNext = false;
    prev = PREV_NONE;
    if (k == i + 1) {
      out.append(q).append(q);
      return k + 1;
    }
    out.append(q);
    if (afterEquals) {
      placeholder(); // tag="View Lock", name='x y': a quoted value is data
    } else {
      // Quoted words ('safety', "GET /x HTTP/1.1", msg="request done"): template them like
      // the rest of the line, so a constant quoted name stays and its variable parts are masked.
      scan(i + 1, k);
      trimTrailingSpace();
    }
    out.append(q);
    prev = PREV_NONE;
    return k + 1;
  }

  /** Emits token {@code [a, b)}; {@code to} is the end of the scanned region (for lookahead). */
  private void token(int a, int b, int to) {
    // Trailing sentence/label punctuation stays literal: "failed:" -> "failed" + ":".
    if (s.charAt(a) == ':' && b - a > 1 && s.charAt(a + 1) != ':') {
      out.append(':'); // "]:8080" -> "]:<*>"
      a++;
    }
    int e = b;
    while (e - a > 1 && isTrailingPunct(s.charAt(e - 1))) {
      e--;
    }
    if (maskNext) {
      maskNext = false;
      if (indexOf('=', a, e) < 0) {
        value(a, e);
        out.append(s, e, b);
        prev = PREV_NONE;
        return;
      }
    }
    int eq = indexOf('=', a, e);
    if (eq >= 0 && (eq == a || isIdentifierLike(a, eq))) {
      keyValue(a, eq, e, b, to);
      return;
    }
    int kind = prev;
    prev = PREV_NONE;
    if (isUnit(a, e) && endsWithPlaceholderSpace()) {
      out.setLength(out.length() - 1); // "12.5 MB" is one value: "<*>"
      out.append(s, e, b);
      return;
    }
    emit(a, classify(a, e, b, to, kind), e);
    out.append(s, e, b);
  }

  /** {@code key=value}: keep the key (unless it has digits), mask the value. */
  private void keyValue(int a, int eq, int e, int b, int to) {
    prev = PREV_NONE;
    if (eq == a) {
      // "=" alone, "==", or "=value".
      int j = a;
      while (j < e && s.charAt(j) == '=') {
        j++;
      }
      out.append(s, a, j);
      if (j < e) {
        placeholder();
      } else if (j == b && b < to && isSpace(s.charAt(b))) {
        maskNext = true; // "key = value"
      }
      out.append(s, e, b);
      return;
    }
    char k0 = s.charAt(a);
    if (Character.isLetter(k0) || k0 == '_') {
      out.append(s, a, eq); // keys are code identifiers, even with digits ("fpr29", "r24")
    } else {
      emit(a, classify(a, eq, eq, to, PREV_NONE), eq);
    }
    int v = eq;
    while (v < e && s.charAt(v) == '=') {
      v++;
    }
    out.append(s, eq, v);
    if (v < e) {
      value(v, e);
      out.append(s, e, b);
    } else {
      // "key=" then a space: the value is the next token ("allDrawn= false"); "key=" then a
      // quote or bracket: handled by the quote logic / left to the inner tokens.
      out.append(s, e, b);
      if (b == e && b < to && isSpace(s.charAt(b))) {
        maskNext = true;
      }
    }
  }

  /**
   * Decides KEEP or MASK for the token core {@code [a, e)}; may itself write a partially masked
   * form (URLs, {@code key:value}) and then returns KEEP with the output already written.
   */
  private int classify(int a, int e, int b, int to, int prevKind) {
    int len = e - a;
    int digits = 0;
    int letters = 0;
    int upper = 0;
    int hexLetters = 0;
    int slashes = 0;
    int dots = 0;
    int colons = 0;
    int at = -1;
    int firstColon = -1;
    boolean backslash = false;
    boolean other = false; // chars other than letters, digits, '_', '-'
    for (int i = a; i < e; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c >= 'a' && c <= 'z') {
        letters++;
        if (c <= 'f') {
          hexLetters++;
        }
      } else if (c >= 'A' && c <= 'Z') {
        letters++;
        upper++;
        if (c <= 'F') {
          hexLetters++;
        }
      } else if (c == '/') {
        slashes++;
        other = true;
      } else if (c == '.') {
        dots++;
        other = true;
      } else if (c == ':') {
        colons++;
        if (firstColon < 0) {
          firstColon = i;
        }
        other = true;
      } else if (c == '@') {
        if (at < 0) {
          at = i;
        }
        other = true;
      } else if (c == '\\') {
        backslash = true;
        other = true;
      } else if (c != '_' && c != '-') {
        if (Character.isLetter(c)) {
          letters++;
        } else if (Character.isDigit(c)) {
          digits++;
        } else {
          other = true;
        }
      }
    }
    // URLs are masked whole: scheme, host, port, path and query all vary per call site's data
    // (replicas, regions, tenants, ids), and keeping any of them splits one event.
    if (colons > 0 && slashes >= 2 && firstColon > a) {
      if (firstColon + 2 < e
          && s.charAt(firstColon + 1) == '/'
          && s.charAt(firstColon + 2) == '/'
          && isAlpha(a, firstColon)) {
        return ACT_MASK;
      }
    }
    // MAC addresses and IPv6 (all hex digits and colons), even without a decimal digit.
    if (colons >= 2 && letters == hexLetters && !other(a, e, ':')) {
      return ACT_MASK;
    }
    // Paths: absolute, relative, home, Windows.
    char c0 = s.charAt(a);
    if (slashes > 0 || backslash) {
      if (c0 == '/' && len > 1) {
        return ACT_MASK;
      }
      if (backslash || startsWith(a, e, "./") || startsWith(a, e, "../")
          || startsWith(a, e, "~/")) {
        return ACT_MASK;
      }
    }
    if (len >= 3 && colons > 0 && s.charAt(a + 1) == ':' && s.charAt(a + 2) == '\\') {
      return ACT_MASK; // C:\...
    }
    // Emails and user@host.
    if (at > a && at < e - 1 && letters > 0) {
      return ACT_MASK;
    }
    if (prevKind == PREV_USER && !other && !isUserStopWord(a, e)) {
      return ACT_MASK; // "session opened for user root", "Invalid user admin"
    }
    if (digits > 0) {
      if (Character.isLetter(c0) || c0 == '_') {
        // Function names with digits ("jk2_init()") are code, not data.
        if (b == e && b < to && s.charAt(b) == '(' && isIdentifier(a, e)) {
          return ACT_KEEP;
        }
        if (isKnownConstant(a, e)) {
          return ACT_KEEP;
        }
        // Device and unit names: a short word plus one digit (eth0, en0, awdl0, L3, C1, ssh2).
        // Longer words with a number (storage2, bglio11, user42), numbered acronyms (CPU3) and
        // more digits are ids.
        if (digits == 1
            && letters <= 4
            && !(upper == letters && letters >= 2) // CPU3, IRQ9: numbered instances
            && isLettersThenDigits(a, e)) {
          return ACT_KEEP;
        }
      }
      if (firstColon > a && colonKey(a, firstColon, e, b, to)) {
        return ACT_WRITTEN;
      }
      return ACT_MASK;
    }
    // From here on: no digits.
    if (letters == 0) {
      return ACT_KEEP; // punctuation such as "--", "*", "->"
    }
    if (firstColon > a && firstColon < e - 1 && colonKey(a, firstColon, e, b, to)) {
      return ACT_WRITTEN;
    }
    // Long all-hex strings without digits (rare, but hashes can be digit-free).
    if (len >= 8 && hexLetters == len && (upper == 0 || upper == len)) {
      return ACT_MASK;
    }
    // Relative paths and Java/Android component names with a slash ("pkg/.Activity").
    if (slashes >= 2 || (slashes == 1 && dots > 0)) {
      return ACT_MASK;
    }
    // Host names (www.example.com) and file names (chrome.exe, cbscore.dll).
    if (dots > 0 && hasVariableSuffix(a, e)) {
      return ACT_MASK;
    }
    if (len == 3 && upper == 1 && Character.isUpperCase(c0) && isDateWord(a) && dateContext(e, to)) {
      return ACT_MASK;
    }
    if (!other) {
      prev = wordKind(a, e);
    }
    return ACT_KEEP;
  }

  /**
   * The value of {@code key=value}: masked, except a plain word ({@code force=false},
   * {@code state=RUNNING}, {@code user=root}). Plain-word values are enumerations that tell
   * events apart far more often than they carry data; numbers, ids, names with digits or dots,
   * paths and quoted text are masked.
   */
  private void value(int a, int e) {
    if (isPlainWord(a, e)
        && !(e - a == 3 && Character.isUpperCase(s.charAt(a)) && isDateWord(a)
            && dateContext(e, s.length()))) {
      out.append(s, a, e);
    } else {
      placeholder();
    }
  }

  private boolean isPlainWord(int a, int e) {
    for (int i = a; i < e; i++) {
      char c = s.charAt(i);
      if (!(Character.isLetter(c) || c == '_')) {
        return false;
      }
    }
    return e > a;
  }

  private void emit(int a, int action, int e) {
    if (action == ACT_MASK) {
      placeholder();
    } else if (action == ACT_KEEP) {
      out.append(s, a, e);
    }
  }

  /**
   * {@code key:value} inside one token (no space): keeps {@code key:} when the key is a plain
   * identifier and templates the value. Returns false when the token is not of that shape.
   */
  private boolean colonKey(int a, int colon, int e, int b, int to) {
    if (!isIdentifierLike(a, colon) || hasDigit(a, colon) || colon + 1 >= e) {
      return false;
    }
    if (indexOf('.', a, colon) > 0 && hasVariableSuffix(a, colon)) {
      return false; // host:port
    }
    out.append(s, a, colon + 1);
    int v = colon + 1;
    while (v < e && s.charAt(v) == ':') {
      out.append(':');
      v++;
    }
    if (v < e) {
      if (indexOf('=', v, e) > v) {
        placeholder(); // "environment:user.name=zk": the nested key is part of the value
      } else {
        emit(v, classify(v, e, b, to, PREV_NONE), e);
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Output helpers

  /**
   * Appends {@code <*>}, collapsing runs: a placeholder directly after another one (separated
   * only by spaces or commas) is absorbed, so a variable that spans a different number of tokens
   * ("Sun Jul 10 03:55:15 2005", "blk_1 blk_2 blk_3") still yields one template.
   */
  private void placeholder() {
    int L = out.length();
    int k = L;
    while (k > 0 && (out.charAt(k - 1) == ' ' || out.charAt(k - 1) == ',')) {
      k--;
    }
    if (k >= 3
        && out.charAt(k - 1) == '>'
        && out.charAt(k - 2) == '*'
        && out.charAt(k - 3) == '<') {
      out.setLength(k);
      return;
    }
    out.append(PLACEHOLDER);
  }

  private boolean endsWithPlaceholderSpace() {
    int L = out.length();
    return L >= 4
        && out.charAt(L - 1) == ' '
        && out.charAt(L - 2) == '>'
        && out.charAt(L - 3) == '*'
        && out.charAt(L - 4) == '<';
  }

  private static final String[] UNITS = {
    "B", "KB", "MB", "GB", "TB", "PB", "kB", "KiB", "MiB", "GiB", "TiB", "K", "M", "G", "ms",
    "us", "ns", "µs", "s", "sec", "secs", "min", "mins", "h", "hrs", "Mbps", "Gbps", "MHz",
    "GHz", "%"
  };

  /** A unit word that follows a number ("12.5 MB", "30 ms"). */
  private boolean isUnit(int a, int e) {
    int len = e - a;
    if (len > 4) {
      return false;
    }
    for (String u : UNITS) {
      if (equalsAt(a, e, u)) {
        return true;
      }
    }
    return false;
  }

  private void trimTrailingSpace() {
    int L = out.length();
    while (L > 0 && out.charAt(L - 1) == ' ') {
      L--;
    }
    out.setLength(L);
  }

  private static final String[] MESSAGE_KEYS = {
    "msg", "message", "err", "error", "event", "reason", "description", "summary", "text"
  };

  /**
   * True when the output ends with {@code msg=} (or another key whose value is the event text
   * itself, as in logfmt lines): that quoted value is templated, not masked.
   */
  private boolean messageKeyBefore() {
    int k = out.length();
    while (k > 0 && out.charAt(k - 1) == ' ') {
      k--;
    }
    if (k == 0 || out.charAt(k - 1) != '=') {
      return false;
    }
    int ke = k - 1;
    while (ke > 0 && out.charAt(ke - 1) == ' ') {
      ke--;
    }
    int ks = ke;
    while (ks > 0 && Character.isLetter(out.charAt(ks - 1))) {
      ks--;
    }
    int len = ke - ks;
    for (String m : MESSAGE_KEYS) {
      if (m.length() == len) {
        boolean same = true;
        for (int j = 0; j < len && same; j++) {
          same = Character.toLowerCase(out.charAt(ks + j)) == m.charAt(j);
        }
        if (same) {
          return true;
        }
      }
    }
    return false;
  }

  private char lastNonSpace() {
    for (int k = out.length() - 1; k >= 0; k--) {
      char c = out.charAt(k);
      if (c != ' ') {
        return c;
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Char classes and small lexicons (compared in place, no allocation)

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b || c == 0xa0;
  }

  private static boolean isDelimiter(char c) {
    switch (c) {
      case '(':
      case ')':
      case '[':
      case ']':
      case '{':
      case '}':
      case ',':
      case ';':
      case '|':
      case '<':
      case '>':
        return true;
      default:
        return false;
    }
  }

  private static boolean isTokenEnd(char c) {
    return isSpace(c) || isDelimiter(c) || c == '"';
  }

  private static boolean isTrailingPunct(char c) {
    return c == '.' || c == ':' || c == '!' || c == '?';
  }

  /** True if {@code [a, e)} has a char other than ASCII letters, digits and {@code allowed}. */
  private boolean other(int a, int e, char allowed) {
    for (int i = a; i < e; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
          && c != allowed) {
        return true;
      }
    }
    return false;
  }

  private int indexOf(char ch, int a, int e) {
    for (int i = a; i < e; i++) {
      if (s.charAt(i) == ch) {
        return i;
      }
    }
    return -1;
  }

  private boolean hasDigit(int a, int e) {
    for (int i = a; i < e; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  private boolean isAlpha(int a, int e) {
    for (int i = a; i < e; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return e > a;
  }

  /** Letters, digits, '_', '-', '.', '$' (a key or a dotted name). */
  private boolean isIdentifierLike(int a, int e) {
    if (e <= a) {
      return false;
    }
    for (int i = a; i < e; i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '$')) {
        return false;
      }
    }
    return true;
  }

  private boolean isIdentifier(int a, int e) {
    for (int i = a; i < e; i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$')) {
        return false;
      }
    }
    return true;
  }

  private boolean isLettersThenDigits(int a, int e) {
    int i = a;
    while (i < e && Character.isLetter(s.charAt(i))) {
      i++;
    }
    if (i == a || i == e) {
      return false;
    }
    while (i < e && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i == e;
  }

  private boolean startsWith(int a, int e, String p) {
    return e - a >= p.length() && s.startsWith(p, a);
  }

  private boolean equalsAt(int a, int e, String w) {
    return e - a == w.length() && s.regionMatches(a, w, 0, w.length());
  }

  private boolean equalsIgnoreCaseAt(int a, int e, String w) {
    return e - a == w.length() && s.regionMatches(true, a, w, 0, w.length());
  }

  private static final String[] KNOWN_CONSTANTS = {
    "HTTP/1.0", "HTTP/1.1", "HTTP/2", "HTTP/2.0", "HTTP/3", "IPv4", "IPv6", "UTF-8", "utf-8",
    "utf8", "x86_64", "amd64", "arm64", "ssh2", "log4j", "base64", "TLSv1", "TLSv1.2",
    "TLSv1.3", "sha1", "sha256", "sha512", "md5", "ext3", "ext4", "s3", "gs3", "h2", "2FA", "k8s",
    "oauth2", "OAuth2", "x509", "X509", "ipv4", "ipv6", "ping6", "win32", "Win32", "Win64",
    "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "AES128", "AES256", "SOCKS4", "SOCKS5", "UTF8",
    "UTF-16", "HTTP2", "S3", "EC2", "K8S", "P2P", "B2B", "E2E", "I2C", "IPV4", "IPV6"
  };

  private boolean isKnownConstant(int a, int e) {
    int len = e - a;
    if (len > 8) {
      return false;
    }
    for (String k : KNOWN_CONSTANTS) {
      if (k.length() == len && s.regionMatches(a, k, 0, len)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] VARIABLE_SUFFIXES = {
    // Top-level domains and internal host suffixes.
    "com", "net", "org", "edu", "gov", "mil", "io", "co", "uk", "de", "cn", "hk", "jp", "fr",
    "ru", "br", "au", "us", "ca", "nl", "eu", "kr", "tw", "info", "biz", "local", "internal",
    "lan", "localdomain", "arpa", "dev", "cloud", "svc", "cluster",
    // File extensions.
    "exe", "dll", "sys", "so", "jar", "war", "class", "java", "py", "pyc", "js", "ts", "go", "rb",
    "php", "cpp", "cc", "log", "txt", "xml", "json", "yaml", "yml", "properties", "conf", "cfg",
    "ini", "sh", "bat", "zip", "gz", "tar", "tgz", "bz2", "html", "htm", "css", "png", "jpg",
    "jpeg", "gif", "svg", "ico", "pdf", "csv", "dat", "tmp", "bak", "pid", "sock", "lock", "db",
    "sql", "plist", "dylib", "kext", "mum", "msi", "cab", "manifest", "pem", "crt", "mp3",
    "mp4", "parquet", "avro", "app", "bin", "img", "iso", "rpm", "deb", "md"
  };

  /** The text after the last dot is a domain suffix or a file extension. */
  private boolean hasVariableSuffix(int a, int e) {
    int d = e - 1;
    while (d > a && s.charAt(d) != '.') {
      d--;
    }
    if (d <= a || d == e - 1) {
      return false;
    }
    int la = d + 1;
    int len = e - la;
    if (len > 11) {
      return false;
    }
    for (String x : VARIABLE_SUFFIXES) {
      if (x.length() == len && s.regionMatches(true, la, x, 0, len)) {
        return true;
      }
    }
    return false;
  }

  private static final String DATE_WORDS =
      "JanFebMarAprMayJunJulAugSepOctNovDecMonTueWedThuFriSatSun";

  private boolean isDateWord(int a) {
    for (int k = 0; k < DATE_WORDS.length(); k += 3) {
      if (s.regionMatches(a, DATE_WORDS, k, 3)) {
        return true;
      }
    }
    return false;
  }

  /** A month/day name is a date part when a number or another date word follows or precedes. */
  private boolean dateContext(int e, int to) {
    int i = e;
    while (i < to && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
      i++;
    }
    if (i < to) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
      if (i + 3 <= to
          && Character.isUpperCase(c)
          && isDateWord(i)
          && (i + 3 == to || !Character.isLetter(s.charAt(i + 3)))) {
        return true;
      }
    }
    int L = out.length();
    return L >= 4 && out.charAt(L - 1) == ' ' && out.charAt(L - 2) == '>'
        && out.charAt(L - 3) == '*';
  }

  private int wordKind(int a, int e) {
    int len = e - a;
    if (len == 4 && equalsIgnoreCaseAt(a, e, "user")) {
      return PREV_USER;
    }
    if (len == 5 && equalsIgnoreCaseAt(a, e, "users")) {
      return PREV_USER;
    }
    return PREV_NONE;
  }

  private static final String[] USER_STOP_WORDS = {
    "not", "is", "was", "has", "had", "does", "did", "from", "for", "to", "in", "on", "at", "by",
    "with", "and", "or", "the", "a", "an", "id", "name", "logged", "session", "sessions",
    "account", "data", "request", "requests", "authenticated", "authentication", "agent",
    "list", "info", "of", "are", "were", "can", "cannot", "will", "may", "must", "should",
    "already", "successfully", "profile", "settings", "space", "mode", "process", "processes"
  };

  private boolean isUserStopWord(int a, int e) {
    for (String w : USER_STOP_WORDS) {
      if (equalsIgnoreCaseAt(a, e, w)) {
        return true;
      }
    }
    return false;
  }

}
