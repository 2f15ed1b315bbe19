package dev.logalerts.templates;

import static dev.logalerts.templates.TemplateChars.isDelimiter;
import static dev.logalerts.templates.TemplateChars.isSpace;
import static dev.logalerts.templates.TemplateChars.isTokenEnd;
import static dev.logalerts.templates.TemplateChars.isTrailingPunct;
import static dev.logalerts.templates.TemplateChars.letter;
import static dev.logalerts.templates.TemplateChars.letterOrDigit;
import static dev.logalerts.templates.TemplateWords.equalsAt;
import static dev.logalerts.templates.TemplateWords.equalsIgnoreCaseAt;
import static dev.logalerts.templates.TemplateWords.hasDigit;
import static dev.logalerts.templates.TemplateWords.hasVariableSuffix;
import static dev.logalerts.templates.TemplateWords.indexOf;
import static dev.logalerts.templates.TemplateWords.isAlpha;
import static dev.logalerts.templates.TemplateWords.isDateWord;
import static dev.logalerts.templates.TemplateWords.isIdentifier;
import static dev.logalerts.templates.TemplateWords.isIdentifierLike;
import static dev.logalerts.templates.TemplateWords.isIdentityKey;
import static dev.logalerts.templates.TemplateWords.isKnownConstant;
import static dev.logalerts.templates.TemplateWords.isLettersThenDigits;
import static dev.logalerts.templates.TemplateWords.isPackageName;
import static dev.logalerts.templates.TemplateWords.isPortOfHost;
import static dev.logalerts.templates.TemplateWords.isTimeZone;
import static dev.logalerts.templates.TemplateWords.isUnit;
import static dev.logalerts.templates.TemplateWords.isUserStopWord;
import static dev.logalerts.templates.TemplateWords.nextWordIs;
import static dev.logalerts.templates.TemplateWords.other;
import static dev.logalerts.templates.TemplateWords.startsWith;

import dev.logalerts.model.MessageTemplate;

/**
 * The single-pass scanner behind {@link TemplateMiner}: walks the message once, splits it into
 * tokens at whitespace and bracket/list punctuation, classifies each token with char-class checks
 * and writes either the token or a {@code <*>} placeholder into a reused buffer.
 *
 * <p>Not thread-safe: one instance per thread (the miner keeps one in a {@link ThreadLocal}). No
 * regular expressions and no per-token allocation on the hot path.
 *
 * <p>Helpers: {@link TemplateChars} (char classes), {@link TemplateWords} (word lists and region
 * tests on the input), {@link TemplateOutput} (the template being built), {@link ExceptionTypes}
 * (the exception type of a multi-line message).
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

  private static final int BUFFER_CHARS = 1024;
  private final TemplateOutput out = new TemplateOutput();
  private char[] s = new char[BUFFER_CHARS];
  private int len; // chars of s in use
  private boolean maskNext; // the previous token was a bare "=" or "key=" followed by a space
  private boolean skipBraced; // the previous token was "key=Type" right before a "{...}" dump
  private int prev;

  /** Returns the template of {@code message} with its id. */
  MessageTemplate mine(String message) {
    String template = template(message);
    return MessageTemplate.of(TemplateIds.idOf(out.o, out.olen), template);
  }

  /** Returns the template text of {@code message}. */
  String template(String message) {
    out.reset();
    maskNext = false;
    skipBraced = false;
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
    out.trimTrailingSpace();
    out.collapseRepeatedPair();
    if (traceLen > 0) {
      ExceptionTypes.appendExceptionType(s, headLen, len, out);
    }
    String template = out.toString();
    if (s.length > 4 * BUFFER_CHARS) {
      s = new char[BUFFER_CHARS]; // do not keep a huge buffer alive per thread
    }
    return template;
  }

  // ---------------------------------------------------------------------------------------------
  // Line scanner

  private void scan(int from, int to) {
    int i = from;
    while (i < to) {
      char c = s[i];
      if (isSpace(c)) {
        int L = out.olen;
        if (L > 0 && out.o[L - 1] != ' ') {
          out.collapseRepeatedPair();
          out.append(' ');
        }
        i++;
      } else if (c == '"' || (c == '\'' && startsToken(i, from))) {
        i = quoted(i, to);
      } else if (c == '{' && skipBraced) {
        // "ws=WorkSource{10113 com.x}": the object dump is the value, masked with its type.
        skipBraced = false;
        int depth = 0;
        while (i < to) {
          char d = s[i++];
          if (d == '{') {
            depth++;
          } else if (d == '}' && --depth == 0) {
            break;
          }
        }
      } else if (c == '.' && i + 1 < to && s[i + 1] == '.') {
        // Dot leaders ("processor.......0", "Calibrating delay loop...") separate tokens.
        while (i < to && s[i] == '.') {
          out.append('.');
          i++;
        }
        prev = PREV_NONE;
      } else if (isDelimiter(c)
          && !((c == '<' || c == '>') && i + 1 < to && s[i + 1] >= '0' && s[i + 1] <= '9')) {
        if (c == ')' && out.dropUnitAnnotation()) {
          i++;
          continue;
        }
        if (c == '(' && i + 1 < to && s[i + 1] == ')' && (i == from || isSpace(s[i - 1]))) {
          // A standalone "()" is the empty value of a slot that elsewhere holds data
          // ("connection from <*> () at" / "(host.example.org)"); "init()" stays code.
          out.append('(');
          out.placeholder();
          out.append(')');
          maskNext = false;
          prev = PREV_NONE;
          i += 2;
          continue;
        }
        out.append(c);
        if (c != '=') {
          maskNext = false;
        }
        prev = PREV_NONE;
        i++;
      } else {
        int j = i + 1;
        while (j < to
            && !isTokenEnd(s[j])
            && !(s[j] == '.' && j + 1 < to && s[j + 1] == '.')
            && !(s[j] == '\'' && s[j - 1] == '=')) { // key='quoted value'
          j++;
        }
        int k = numberedInstanceEnd(i, j, to);
        if (k > 0) {
          out.placeholder();
          maskNext = false;
          prev = PREV_NONE;
          i = k;
          continue;
        }
        token(i, j, to);
        i = j;
      }
    }
  }

  /**
   * An upper-case name glued to a parenthesised number ({@code LOCAL(0)}, {@code SHM(1)}) is a
   * numbered instance, masked whole like {@code CPU3}: it stands where other lines of the event
   * name a host or address. Returns the index after the ')' or -1.
   */
  private int numberedInstanceEnd(int a, int j, int to) {
    if (j - a < 2 || j + 2 >= to || s[j] != '(') {
      return -1;
    }
    for (int i = a; i < j; i++) {
      if (s[i] < 'A' || s[i] > 'Z') {
        return -1;
      }
    }
    int d = j + 1;
    while (d < to && s[d] >= '0' && s[d] <= '9') {
      d++;
    }
    return d > j + 1 && d < to && s[d] == ')' ? d + 1 : -1;
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
        out.append(q);
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
    boolean afterEquals = (maskNext || out.lastNonSpace() == '=') && !out.messageKeyBefore();
    maskNext = false;
    prev = PREV_NONE;
    if (k == i + 1) {
      out.append(q).append(q);
      return k + 1;
    }
    out.append(q);
    if (afterEquals) {
      out.placeholder(); // tag="View Lock", name='x y': a quoted value is data
    } else {
      // Quoted words ('safety', "GET /x HTTP/1.1", msg="request done"): template them like
      // the rest of the line, so a constant quoted name stays and its variable parts are masked.
      scan(i + 1, k);
      out.trimTrailingSpace();
    }
    out.append(q);
    prev = PREV_NONE;
    return k + 1;
  }

  /** Emits token {@code [a, b)}; {@code to} is the end of the scanned region (for lookahead). */
  private void token(int a, int b, int to) {
    // Trailing sentence/label punctuation stays literal: "failed:" -> "failed" + ":".
    if (s[a] == ':' && b - a > 1 && s[a + 1] != ':') {
      out.append(':'); // "]:8080" -> "]:<*>"
      a++;
    }
    int e = b;
    while (e - a > 1 && isTrailingPunct(s[e - 1])) {
      e--;
    }
    if (maskNext) {
      maskNext = false;
      if (indexOf(s, '=', a, e) < 0) {
        value(a, e);
        out.append(s, e, b - e);
        prev = PREV_NONE;
        return;
      }
    }
    int eq = indexOf(s, '=', a, e);
    if (eq >= 0 && (eq == a || isIdentifierLike(s, a, eq))) {
      keyValue(a, eq, e, b, to);
      return;
    }
    int kind = prev;
    prev = PREV_NONE;
    if (out.endsWithPlaceholderSpace() && (isUnit(s, a, e) || isTimeZone(s, a, e))) {
      out.olen = out.olen - 1; // "12.5 MB", "17:26 GMT 2013" are one value: "<*>"
      out.append(s, e, b - e);
      return;
    }
    emit(a, classify(a, e, b, to, kind), e);
    out.append(s, e, b - e);
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
      out.append(s, a, j - a);
      if (j < e) {
        out.placeholder();
      } else if (j == b && b < to && isSpace(s[b])) {
        maskNext = true; // "key = value"
      }
      out.append(s, e, b - e);
      return;
    }
    char k0 = s[a];
    if (letter(k0) || k0 == '_') {
      out.append(s, a, eq - a); // keys are code identifiers, even with digits ("fpr29", "r24")
    } else {
      emit(a, classify(a, eq, eq, to, PREV_NONE), eq);
    }
    int v = eq;
    while (v < e && s[v] == '=') {
      v++;
    }
    out.append(s, eq, v - eq);
    if (v < e) {
      if (isIdentityKey(s, a, eq)) {
        out.placeholder(); // rhost=gw, name=android: a name, not an enumeration
      } else if (b == e && b < to && s[b] == '{' && Character.isUpperCase(s[v])) {
        out.placeholder(); // ws=WorkSource{...} is the present form of ws=null
        skipBraced = true;
      } else {
        value(v, e);
      }
      out.append(s, e, b - e);
    } else {
      // "key=" then a space: the value is the next token ("allDrawn= false"); "key=" then a
      // quote or bracket: handled by the quote logic / left to the inner tokens.
      out.append(s, e, b - e);
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
          && isAlpha(s, a, firstColon)) {
        return ACT_MASK;
      }
    }
    // MAC addresses and IPv6 (all hex digits and colons), even without a decimal digit.
    if (colons >= 2 && letters == hexLetters && !other(s, a, e, ':')) {
      return ACT_MASK;
    }
    // Paths: absolute, relative, home, Windows.
    char c0 = s[a];
    if (slashes > 0 || backslash) {
      if (c0 == '/' && len > 1) {
        return ACT_MASK;
      }
      if (backslash
          || startsWith(s, a, e, "./")
          || startsWith(s, a, e, "../")
          || startsWith(s, a, e, "~/")) {
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
    if (prevKind == PREV_FOR && !other && letters == len && nextWordIs(s, b, to, "from")) {
      return ACT_MASK; // "Failed password for root from <*>", "Accepted publickey for git from"
    }
    if (prevKind == PREV_USER && !other && !isUserStopWord(s, a, e)) {
      return ACT_MASK; // "session opened for user root", "Invalid user admin"
    }
    if (digits > 0) {
      if (letter(c0) || c0 == '_') {
        // Function names with digits ("jk2_init()") are code, not data.
        if (b == e && b < to && s[b] == '(' && isIdentifier(s, a, e)) {
          return ACT_KEEP;
        }
        if (isKnownConstant(s, a, e)) {
          return ACT_KEEP;
        }
        // Device and unit names: a short word plus one digit (eth0, en0, awdl0, L3, C1, ssh2).
        // Longer words with a number (storage2, bglio11, user42), numbered acronyms (CPU3) and
        // more digits are ids.
        if (digits == 1
            && letters <= 4
            && !(upper == letters && letters >= 2) // CPU3, IRQ9: numbered instances
            && isLettersThenDigits(s, a, e)) {
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
    if (dots > 0 && hasVariableSuffix(s, a, e)) {
      return ACT_MASK;
    }
    // Class, package and bundle names (org.apache.hadoop.Foo, com.apple.CacheDelete.daily).
    if (dots >= 2 && isPackageName(s, a, e)) {
      return ACT_MASK;
    }
    if (len == 3
        && upper == 1
        && Character.isUpperCase(c0)
        && isDateWord(s, a)
        && dateContext(e, to)) {
      return ACT_MASK;
    }
    if (!other) {
      prev = wordKind(a, e);
    }
    return ACT_KEEP;
  }

  /**
   * The value of {@code key=value}: masked, except a plain word ({@code force=false}, {@code
   * state=RUNNING}, {@code user=root}) other than null. Plain-word values are enumerations that
   * tell events apart far more often than they carry data; numbers, ids, names with digits or dots,
   * paths and quoted text are masked.
   */
  private void value(int a, int e) {
    if (isPlainWord(a, e)
        && !isNullWord(a, e)
        && !isHexLetters(a, e)
        && !(e - a == 3
            && Character.isUpperCase(s[a])
            && isDateWord(s, a)
            && dateContext(e, len))) {
      out.append(s, a, e - a);
    } else {
      out.placeholder();
    }
  }

  /**
   * {@code key=null} (or nil, None) is the empty value of a slot that elsewhere holds data ({@code
   * ws=null} / {@code ws=WorkSource{..}}): a placeholder, so present and absent values share one
   * template.
   */
  private boolean isNullWord(int a, int e) {
    return equalsIgnoreCaseAt(s, a, e, "null")
        || equalsAt(s, a, e, "nil")
        || equalsAt(s, a, e, "None");
  }

  /** {@code mask=ffffffff}: a hex number that happens to have no decimal digit. */
  private boolean isHexLetters(int a, int e) {
    if (e - a < 8) {
      return false;
    }
    char c0 = s[a];
    boolean lower = c0 >= 'a' && c0 <= 'f';
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (lower ? !(c >= 'a' && c <= 'f') : !(c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
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
      out.placeholder();
    } else if (action == ACT_KEEP) {
      out.append(s, a, e - a);
    }
  }

  /**
   * {@code key:value} inside one token (no space): keeps {@code key:} when the key is a plain
   * identifier and templates the value. Returns false when the token is not of that shape.
   */
  private boolean colonKey(int a, int colon, int e, int b, int to) {
    if (!isIdentifierLike(s, a, colon)
        || hasDigit(s, a, colon)
        || colon + 1 >= e
        || isPackageName(s, a, colon)) {
      return false; // "com.android.server.Foo.bar:2257" is a stack frame, masked whole
    }
    if (indexOf(s, '.', a, colon) > 0
        && (hasVariableSuffix(s, a, colon) || isPortOfHost(s, a, colon, e))) {
      return false; // host:port
    }
    out.append(s, a, colon + 1 - a);
    int v = colon + 1;
    while (v < e && s[v] == ':') {
      out.append(':');
      v++;
    }
    if (v < e) {
      if (indexOf(s, '=', v, e) > v) {
        out.placeholder(); // "environment:user.name=zk": the nested key is part of the value
      } else {
        emit(v, classify(v, e, b, to, PREV_NONE), e);
      }
    }
    return true;
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
          && isDateWord(s, i)
          && (i + 3 == to || !letter(s[i + 3]))) {
        return true;
      }
    }
    int L = out.olen;
    return L >= 4 && out.o[L - 1] == ' ' && out.o[L - 2] == '>' && out.o[L - 3] == '*';
  }

  private int wordKind(int a, int e) {
    int len = e - a;
    if (len == 4 && equalsIgnoreCaseAt(s, a, e, "user")) {
      return PREV_USER;
    }
    if (len == 3 && equalsAt(s, a, e, "for")) {
      return PREV_FOR;
    }
    if (len == 5 && equalsIgnoreCaseAt(s, a, e, "users")) {
      return PREV_USER;
    }
    return PREV_NONE;
  }
}
