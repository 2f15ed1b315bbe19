package dev.logalerts.templates;

import dev.logalerts.model.MessageTemplate;

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
  private static final int PREV_FOR = 2;

  // The template being built: a plain array (not a StringBuilder) so the many look-backs
  // (collapsing placeholders, "key=" checks) are array reads.
  private char[] o = new char[BUFFER_CHARS];
  private int olen;
  private static final int BUFFER_CHARS = 1024;
  private char[] s = new char[BUFFER_CHARS];
  private int len; // chars of s in use
  private boolean maskNext; // the previous token was a bare "=" or "key=" followed by a space
  private int prev;

  /** Returns the template of {@code message} with its id. */
  MessageTemplate mine(String message) {
    String template = template(message);
    return MessageTemplate.of(TemplateIds.idOf(o, olen), template);
  }

  /** Returns the template text of {@code message}. */
  String template(String message) {
    olen = 0;
    if (o.length > 4 * BUFFER_CHARS) {
      o = new char[BUFFER_CHARS]; // do not keep a huge buffer alive per thread
    }
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
    int nl = message.indexOf('\n', start);
    int lineEnd = nl < 0 ? n : nl;
    int headEnd = Math.min(lineEnd, start + MAX_HEAD_CHARS);
    for (int i = start; i < headEnd; i++) {
      if (message.charAt(i) == '\r') {
        lineEnd = i;
        headEnd = i;
        break;
      }
    }
    // Copy the two regions we look at (head line, then the start of the trace) into one reused
    // array: bulk copies, then plain array reads and appends on the hot path.
    int headLen = headEnd - start;
    int traceLen = lineEnd < n ? Math.min(n - lineEnd, MAX_TRACE_SCAN_CHARS) : 0;
    len = headLen + traceLen;
    if (s.length < len) {
      s = new char[Math.max(len, s.length * 2)];
    }
    message.getChars(start, headEnd, s, 0);
    if (traceLen > 0) {
      message.getChars(lineEnd, lineEnd + traceLen, s, headLen);
    }
    scan(0, headLen);
    trimTrailingSpace();
    if (traceLen > 0) {
      appendExceptionType(headLen, len);
    }
    String template = new String(o, 0, olen);
    if (s.length > 4 * BUFFER_CHARS) {
      s = new char[BUFFER_CHARS]; // do not keep a huge buffer alive per thread
    }
    return template;
  }

  // ---------------------------------------------------------------------------------------------
  // Multi-line messages

  private static int lineEnd(char[] m, int from, int n) {
    for (int i = from; i < n; i++) {
      char c = m[i];
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
      char c = s[i];
      if (c == '\n' || c == '\r') {
        i++;
        continue;
      }
      int le = lineEnd(s, i, to);
      int a = i;
      while (a < le && isSpace(s[a])) {
        a++;
      }
      boolean indented = a > i;
      if (startsWith(a, le, "Caused by:")) {
        a += "Caused by:".length();
        while (a < le && isSpace(s[a])) {
          a++;
        }
        int b = classNameEnd(a, le);
        if (b > a) {
          appendType(a, b);
          return;
        }
      } else if (!indented && a < le) {
        int b = classNameEnd(a, le);
        if (b > a && (b == le || s[b] == ':') && looksLikeThrowable(a, b)) {
          appendType(a, b);
          return;
        }
      }
      i = le;
    }
  }

  private void appendType(int a, int b) {
    append(EXCEPTION_SEPARATOR);
    append(s, a, b - a);
  }

  private int classNameEnd(int a, int le) {
    int b = a;
    while (b < le) {
      char c = s[b];
      if (letterOrDigit(c) || c == '.' || c == '_' || c == '$') {
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
    return b - a >= l && regionMatches(b - l, suffix, 0, l, false);
  }

  // ---------------------------------------------------------------------------------------------
  // Line scanner

  private void scan(int from, int to) {
    int i = from;
    while (i < to) {
      char c = s[i];
      if (isSpace(c)) {
        int L = olen;
        if (L > 0 && o[L - 1] != ' ') {
          append(' ');
        }
        i++;
      } else if (c == '"' || (c == '\'' && startsToken(i, from))) {
        i = quoted(i, to);
      } else if (c == '.' && i + 1 < to && s[i + 1] == '.') {
        // Dot leaders ("processor.......0", "Calibrating delay loop...") separate tokens.
        while (i < to && s[i] == '.') {
          append('.');
          i++;
        }
        prev = PREV_NONE;
      } else if (isDelimiter(c)
          && !((c == '<' || c == '>') && i + 1 < to && s[i + 1] >= '0' && s[i + 1] <= '9')) {
        if (c == ')' && dropUnitAnnotation()) {
          i++;
          continue;
        }
        append(c);
        if (c != '=') {
          maskNext = false;
        }
        prev = PREV_NONE;
        i++;
      } else {
        int j = i + 1;
        while (j < to && !isTokenEnd(s[j])
            && !(s[j] == '.' && j + 1 < to && s[j + 1] == '.')
            && !(s[j] == '\'' && s[j - 1] == '=')) { // key='quoted value'
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
    char p = s[i - 1];
    return isSpace(p) || isDelimiter(p) || p == '=' || p == ':';
  }

  /** Handles a quoted segment starting at {@code i}; returns the index after it. */
  private int quoted(int i, int to) {
    char q = s[i];
    int k = -1;
    for (int j = i + 1; j < to; j++) {
      char c = s[j];
      if (c == q) {
        if (q == '\'' && j + 1 < to && letterOrDigit(s[j + 1])) {
          continue; // an apostrophe inside a word, not the closing quote
        }
        k = j;
        break;
      }
    }
    if (k < 0) {
      if (q == '"') {
        append(q);
        i++;
        return i;
      }
      // Unmatched apostrophe: an ordinary token char.
      int j = i + 1;
      while (j < to && !isTokenEnd(s[j])) {
        j++;
      }
      token(i, j, to);
      return j;
    }
    boolean afterEquals = (maskNext || lastNonSpace() == '=') && !messageKeyBefore();
    maskNext = false;
    prev = PREV_NONE;
    if (k == i + 1) {
      append(q).append(q);
      return k + 1;
    }
    append(q);
    if (afterEquals) {
      placeholder(); // tag="View Lock", name='x y': a quoted value is data
    } else {
      // Quoted words ('safety', "GET /x HTTP/1.1", msg="request done"): template them like
      // the rest of the line, so a constant quoted name stays and its variable parts are masked.
      scan(i + 1, k);
      trimTrailingSpace();
    }
    append(q);
    prev = PREV_NONE;
    return k + 1;
  }

  /** Emits token {@code [a, b)}; {@code to} is the end of the scanned region (for lookahead). */
  private void token(int a, int b, int to) {
    // Trailing sentence/label punctuation stays literal: "failed:" -> "failed" + ":".
    if (s[a] == ':' && b - a > 1 && s[a + 1] != ':') {
      append(':'); // "]:8080" -> "]:<*>"
      a++;
    }
    int e = b;
    while (e - a > 1 && isTrailingPunct(s[e - 1])) {
      e--;
    }
    if (maskNext) {
      maskNext = false;
      if (indexOf('=', a, e) < 0) {
        value(a, e);
        append(s, e, b - e);
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
    if (endsWithPlaceholderSpace() && isUnit(a, e)) {
      olen = olen - 1; // "12.5 MB" is one value: "<*>"
      append(s, e, b - e);
      return;
    }
    emit(a, classify(a, e, b, to, kind), e);
    append(s, e, b - e);
  }

  /** {@code key=value}: keep the key (unless it has digits), mask the value. */
  private void keyValue(int a, int eq, int e, int b, int to) {
    prev = PREV_NONE;
    if (eq == a) {
      // "=" alone, "==", or "=value".
      int j = a;
      while (j < e && s[j] == '=') {
        j++;
      }
      append(s, a, j - a);
      if (j < e) {
        placeholder();
      } else if (j == b && b < to && isSpace(s[b])) {
        maskNext = true; // "key = value"
      }
      append(s, e, b - e);
      return;
    }
    char k0 = s[a];
    if (letter(k0) || k0 == '_') {
      append(s, a, eq - a); // keys are code identifiers, even with digits ("fpr29", "r24")
    } else {
      emit(a, classify(a, eq, eq, to, PREV_NONE), eq);
    }
    int v = eq;
    while (v < e && s[v] == '=') {
      v++;
    }
    append(s, eq, v - eq);
    if (v < e) {
      value(v, e);
      append(s, e, b - e);
    } else {
      // "key=" then a space: the value is the next token ("allDrawn= false"); "key=" then a
      // quote or bracket: handled by the quote logic / left to the inner tokens.
      append(s, e, b - e);
      if (b == e && b < to && isSpace(s[b])) {
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
      char c = s[i];
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
          && s[firstColon + 1] == '/'
          && s[firstColon + 2] == '/'
          && isAlpha(a, firstColon)) {
        return ACT_MASK;
      }
    }
    // MAC addresses and IPv6 (all hex digits and colons), even without a decimal digit.
    if (colons >= 2 && letters == hexLetters && !other(a, e, ':')) {
      return ACT_MASK;
    }
    // Paths: absolute, relative, home, Windows.
    char c0 = s[a];
    if (slashes > 0 || backslash) {
      if (c0 == '/' && len > 1) {
        return ACT_MASK;
      }
      if (backslash || startsWith(a, e, "./") || startsWith(a, e, "../")
          || startsWith(a, e, "~/")) {
        return ACT_MASK;
      }
    }
    if (len >= 3 && colons > 0 && s[a + 1] == ':' && s[a + 2] == '\\') {
      return ACT_MASK; // C:\...
    }
    // Emails and user@host.
    if (at > a && at < e - 1 && letters > 0) {
      return ACT_MASK;
    }
    if (prevKind == PREV_FOR && !other && letters == len && nextWordIs(b, to, "from")) {
      return ACT_MASK; // "Failed password for root from <*>", "Accepted publickey for git from"
    }
    if (prevKind == PREV_USER && !other && !isUserStopWord(a, e)) {
      return ACT_MASK; // "session opened for user root", "Invalid user admin"
    }
    if (digits > 0) {
      if (letter(c0) || c0 == '_') {
        // Function names with digits ("jk2_init()") are code, not data.
        if (b == e && b < to && s[b] == '(' && isIdentifier(a, e)) {
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
        && !(e - a == 3 && Character.isUpperCase(s[a]) && isDateWord(a)
            && dateContext(e, len))) {
      append(s, a, e - a);
    } else {
      placeholder();
    }
  }

  private boolean isPlainWord(int a, int e) {
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (!(letter(c) || c == '_')) {
        return false;
      }
    }
    return e > a;
  }

  private void emit(int a, int action, int e) {
    if (action == ACT_MASK) {
      placeholder();
    } else if (action == ACT_KEEP) {
      append(s, a, e - a);
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
    append(s, a, colon + 1 - a);
    int v = colon + 1;
    while (v < e && s[v] == ':') {
      append(':');
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
    int L = olen;
    int k = L;
    while (k > 0 && (o[k - 1] == ' ' || o[k - 1] == ',')) {
      k--;
    }
    if (k >= 3
        && o[k - 1] == '>'
        && o[k - 2] == '*'
        && o[k - 3] == '<') {
      olen = k;
      return;
    }
    append(PLACEHOLDER);
  }

  private TemplateScanner append(char c) {
    if (olen == o.length) {
      o = java.util.Arrays.copyOf(o, o.length * 2);
    }
    o[olen++] = c;
    return this;
  }

  private TemplateScanner append(char[] src, int from, int n) {
    if (olen + n > o.length) {
      o = java.util.Arrays.copyOf(o, Math.max(o.length * 2, olen + n));
    }
    System.arraycopy(src, from, o, olen, n);
    olen += n;
    return this;
  }

  private TemplateScanner append(String str) {
    int n = str.length();
    if (olen + n > o.length) {
      o = java.util.Arrays.copyOf(o, Math.max(o.length * 2, olen + n));
    }
    str.getChars(0, n, o, olen);
    olen += n;
    return this;
  }

  /**
   * Drops a parenthesised value that restates the preceding one in other units: "<*> bytes
   * (<*>) sent" becomes "<*> bytes sent", so lines that print the annotation only for large
   * values ("403 bytes sent" / "2048 bytes (2.00 KB) sent") share a template. Called at ')'.
   */
  private boolean dropUnitAnnotation() {
    // Output must end with "<*> word (<*>".
    int k = olen;
    if (k < 11 || !endsWith(k, " (<*>")) {
      return false;
    }
    int w = k - 5; // end of word
    int ws = w;
    while (ws > 0 && letter(o[ws - 1])) {
      ws--;
    }
    if (ws == w || ws < 4 || !endsWith(ws, "<*> ")) {
      return false;
    }
    olen = w;
    return true;
  }

  private boolean endsWith(int end, String suffix) {
    int n = suffix.length();
    if (end < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (o[end - n + i] != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean endsWithPlaceholderSpace() {
    int L = olen;
    return L >= 4
        && o[L - 1] == ' '
        && o[L - 2] == '>'
        && o[L - 3] == '*'
        && o[L - 4] == '<';
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
    int L = olen;
    while (L > 0 && o[L - 1] == ' ') {
      L--;
    }
    olen = L;
  }

  private static final String[] MESSAGE_KEYS = {
    "msg", "message", "err", "error", "event", "reason", "description", "summary", "text"
  };

  /**
   * True when the output ends with {@code msg=} (or another key whose value is the event text
   * itself, as in logfmt lines): that quoted value is templated, not masked.
   */
  private boolean messageKeyBefore() {
    int k = olen;
    while (k > 0 && o[k - 1] == ' ') {
      k--;
    }
    if (k == 0 || o[k - 1] != '=') {
      return false;
    }
    int ke = k - 1;
    while (ke > 0 && o[ke - 1] == ' ') {
      ke--;
    }
    int ks = ke;
    while (ks > 0 && letter(o[ks - 1])) {
      ks--;
    }
    int len = ke - ks;
    for (String m : MESSAGE_KEYS) {
      if (m.length() == len) {
        boolean same = true;
        for (int j = 0; j < len && same; j++) {
          same = Character.toLowerCase(o[ks + j]) == m.charAt(j);
        }
        if (same) {
          return true;
        }
      }
    }
    return false;
  }

  private char lastNonSpace() {
    for (int k = olen - 1; k >= 0; k--) {
      char c = o[k];
      if (c != ' ') {
        return c;
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Char classes and small lexicons (compared in place, no allocation)

  // Char classes of Latin-1, looked up once per char on the hot path.
  private static final byte SPACE = 1;
  private static final byte DELIMITER = 2;
  private static final byte TOKEN_END = 4;
  private static final byte[] CLASS = new byte[256];

  static {
    for (char c : new char[] {' ', '\t', '\n', '\r', '\f', 0x0b, 0xa0}) {
      CLASS[c] = SPACE | TOKEN_END;
    }
    for (char c : "()[]{},;|<>".toCharArray()) {
      CLASS[c] = DELIMITER | TOKEN_END;
    }
    CLASS['"'] = TOKEN_END;
  }

  private static boolean letter(char c) {
    char l = (char) (c | 0x20);
    return (l >= 'a' && l <= 'z') || (c >= 128 && Character.isLetter(c));
  }

  private static boolean letterOrDigit(char c) {
    return (c >= '0' && c <= '9') || letter(c);
  }

  private static boolean isSpace(char c) {
    return c < 256 && (CLASS[c] & SPACE) != 0;
  }

  private static boolean isDelimiter(char c) {
    return c < 256 && (CLASS[c] & DELIMITER) != 0;
  }

  private static boolean isTokenEnd(char c) {
    return c < 256 && (CLASS[c] & TOKEN_END) != 0;
  }

  private static boolean isTrailingPunct(char c) {
    return c == '.' || c == ':' || c == '!' || c == '?';
  }

  /** True if {@code [a, e)} has a char other than ASCII letters, digits and {@code allowed}. */
  private boolean other(int a, int e, char allowed) {
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
          && c != allowed) {
        return true;
      }
    }
    return false;
  }

  private int indexOf(char ch, int a, int e) {
    for (int i = a; i < e; i++) {
      if (s[i] == ch) {
        return i;
      }
    }
    return -1;
  }

  private boolean hasDigit(int a, int e) {
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  private boolean isAlpha(int a, int e) {
    for (int i = a; i < e; i++) {
      char c = s[i];
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
      char c = s[i];
      if (!(letterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '$')) {
        return false;
      }
    }
    return true;
  }

  private boolean isIdentifier(int a, int e) {
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (!(letterOrDigit(c) || c == '_' || c == '.' || c == '$')) {
        return false;
      }
    }
    return true;
  }

  private boolean isLettersThenDigits(int a, int e) {
    int i = a;
    while (i < e && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) {
      i++;
    }
    if (i == a || i == e) {
      return false;
    }
    while (i < e && s[i] >= '0' && s[i] <= '9') {
      i++;
    }
    return i == e;
  }

  /** {@code s[a, a + n)} equals {@code w[off, off + n)} (ASCII case-insensitively if asked). */
  private boolean regionMatches(int a, String w, int off, int n, boolean ignoreCase) {
    if (a + n > len) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s[a + i];
      char d = w.charAt(off + i);
      if (c != d) {
        if (!ignoreCase || (c | 0x20) != (d | 0x20) || !letter(c)) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean startsWith(int a, int e, String p) {
    return e - a >= p.length() && regionMatches(a, p, 0, p.length(), false);
  }

  private boolean equalsAt(int a, int e, String w) {
    return e - a == w.length() && regionMatches(a, w, 0, w.length(), false);
  }

  private boolean equalsIgnoreCaseAt(int a, int e, String w) {
    return e - a == w.length() && regionMatches(a, w, 0, w.length(), true);
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
      if (k.length() == len && regionMatches(a, k, 0, len, false)) {
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
    while (d > a && s[d] != '.') {
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
      if (x.length() == len && regionMatches(la, x, 0, len, true)) {
        return true;
      }
    }
    return false;
  }

  private static final String DATE_WORDS =
      "JanFebMarAprMayJunJulAugSepOctNovDecMonTueWedThuFriSatSun";

  private boolean isDateWord(int a) {
    for (int k = 0; k < DATE_WORDS.length(); k += 3) {
      if (regionMatches(a, DATE_WORDS, k, 3, false)) {
        return true;
      }
    }
    return false;
  }

  /** A month/day name is a date part when a number or another date word follows or precedes. */
  private boolean dateContext(int e, int to) {
    int i = e;
    while (i < to && (s[i] == ' ' || s[i] == ',')) {
      i++;
    }
    if (i < to) {
      char c = s[i];
      if (c >= '0' && c <= '9') {
        return true;
      }
      if (i + 3 <= to
          && Character.isUpperCase(c)
          && isDateWord(i)
          && (i + 3 == to || !letter(s[i + 3]))) {
        return true;
      }
    }
    int L = olen;
    return L >= 4 && o[L - 1] == ' ' && o[L - 2] == '>'
        && o[L - 3] == '*';
  }

  private int wordKind(int a, int e) {
    int len = e - a;
    if (len == 4 && equalsIgnoreCaseAt(a, e, "user")) {
      return PREV_USER;
    }
    if (len == 3 && equalsAt(a, e, "for")) {
      return PREV_FOR;
    }
    if (len == 5 && equalsIgnoreCaseAt(a, e, "users")) {
      return PREV_USER;
    }
    return PREV_NONE;
  }

  /** The token after {@code b} (one space) is exactly {@code w}. */
  private boolean nextWordIs(int b, int to, String w) {
    int i = b;
    if (i >= to || s[i] != ' ') {
      return false;
    }
    i++;
    int n = w.length();
    return i + n <= to
        && regionMatches(i, w, 0, n, false)
        && (i + n == to || s[i + n] == ' ');
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
