package dev.logalerts.templates;

import static dev.logalerts.templates.TemplateChars.isDelimiter;
import static dev.logalerts.templates.TemplateChars.isSpace;
import static dev.logalerts.templates.TemplateChars.isTokenEnd;
import static dev.logalerts.templates.TemplateChars.isTrailingPunct;
import static dev.logalerts.templates.TemplateChars.letter;
import static dev.logalerts.templates.TemplateChars.letterOrDigit;
import static dev.logalerts.templates.TemplateChars.mayEndToken;
import static dev.logalerts.templates.TemplateWords.indexOf;
import static dev.logalerts.templates.TemplateWords.isIdentifierLike;
import static dev.logalerts.templates.TokenClasses.PREV_NONE;

import dev.logalerts.model.MessageTemplate;

/**
 * The single-pass scanner behind {@link TemplateMiner}: walks the message once, splits it into
 * tokens at whitespace and bracket/list punctuation, classifies each token with char-class checks
 * and writes either the token or a {@code <*>} placeholder into a reused buffer.
 *
 * <p>Not thread-safe: one instance per thread (the miner keeps one in a {@link ThreadLocal}). No
 * regular expressions and no per-token allocation on the hot path.
 *
 * <p>Helpers: {@link TokenClasses} (keep or mask one token), {@link TemplateChars} (char classes),
 * {@link TemplateWords} (word lists and region tests on the input), {@link TemplateOutput} (the
 * template being built), {@link ExceptionTypes} (the exception type of a multi-line message).
 */
final class TemplateScanner {

  /** Only this many chars of the first line are templated (bounds the work per message). */
  static final int MAX_HEAD_CHARS = 2000;

  /** Later lines of a multi-line message are searched for an exception type up to here. */
  static final int MAX_TRACE_SCAN_CHARS = 16_384;

  static final String PLACEHOLDER = "<*>";

  /** Separator between the head template and the exception type of a multi-line message. */
  static final String EXCEPTION_SEPARATOR = " | ";

  private static final int BUFFER_CHARS = 1024;
  private final TemplateOutput out = new TemplateOutput();
  private final TokenClasses classes = new TokenClasses(out);
  private char[] s = new char[BUFFER_CHARS];
  private int len; // chars of s in use
  private boolean maskNext; // the previous token was a bare "=" or "key=" followed by a space
  private boolean skipBraced; // the previous token was "key=Type" right before a "{...}" dump
  private int resumeAt; // where scanning goes on after a token that wrote more than itself
  private int prev; // what the previous word was, for the few context rules ("user X")
  private boolean ginLine; // Gin's request line: "[GIN] <time> | 200 | 1.2ms | <ip> | GET "/x""

  /** Returns the template of {@code message} with its id. */
  MessageTemplate mine(String message) {
    build(message);
    MessageTemplate t = KnownTemplates.of(out.o, out.olen);
    dropHugeBuffer();
    return t;
  }

  /** Returns the template text of {@code message}. */
  String template(String message) {
    build(message);
    String template = out.toString();
    dropHugeBuffer();
    return template;
  }

  private void dropHugeBuffer() {
    if (s.length > 4 * BUFFER_CHARS) {
      s = new char[BUFFER_CHARS]; // do not keep a huge buffer alive per thread
    }
  }

  /** Writes the template of {@code message} to {@code out}. */
  private void build(String message) {
    out.reset();
    maskNext = false;
    skipBraced = false;
    resumeAt = 0;
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
    int margin = 0;
    int header = DotnetConsoleHeaders.end(message, start, lineEnd);
    if (header > 0) {
      // .NET's console logger: the header line is constant, its message is templated after it.
      out.append(message.substring(start, header)).append(' ');
      int body = DotnetConsoleHeaders.bodyStart(message, header, lineEnd);
      start = body < 0 ? lineEnd : body;
      if (start > lineEnd) {
        margin = start - message.lastIndexOf('\n', start) - 1;
        nl = message.indexOf('\n', start);
        lineEnd = nl < 0 ? n : nl;
      }
    }
    start = header > 0 ? start : SyslogHeaders.write(message, start, lineEnd, out);
    if (header <= 0 && nl >= 0) {
      int error = JulHeaders.write(message, start, lineEnd, out); // its message: the next line
      error = error > 0 ? error : NodeCrashHeaders.errorLineStart(message, start, lineEnd);
      error = error > 0 ? error : PythonTracebacks.exceptionLineStart(message, start, lineEnd);
      error = error > 0 ? error : SpringFailureReports.descriptionStart(message, start, lineEnd);
      if (error > 0) {
        // Node.js's and Python's uncaught exceptions, Spring's failure report: the error line
        start = error;
        nl = message.indexOf('\n', start);
        lineEnd = nl < 0 ? n : nl;
      }
    }
    int headEnd = Math.min(lineEnd, start + MAX_HEAD_CHARS);
    for (int i = start; i < headEnd; i++) {
      if (message.charAt(i) == '\r') {
        lineEnd = i;
        headEnd = i;
        break;
      }
    }
    // A go-multierror count line: its first listed error is templated with it, as one head.
    int item = nl < 0 ? -1 : MultiErrorLists.firstError(message, start, headEnd);
    int itemEnd = item;
    if (item >= 0) {
      int itemNl = message.indexOf('\n', item);
      lineEnd = itemNl < 0 ? n : itemNl;
      itemEnd = Math.min(lineEnd, item + MAX_HEAD_CHARS);
      if (message.charAt(itemEnd - 1) == '\r') {
        itemEnd--;
      }
    }
    // Copy the two regions we look at (head line, then the start of the trace) into one reused
    // array: bulk copies, then plain array reads and appends on the hot path.
    int headLen = headEnd - start + (item >= 0 ? 1 + itemEnd - item : 0);
    int traceLen = lineEnd < n ? Math.min(n - lineEnd, MAX_TRACE_SCAN_CHARS) : 0;
    len = headLen + traceLen;
    if (s.length < len) {
      s = new char[Math.max(len, s.length * 2)];
    }
    classes.s = s;
    message.getChars(start, headEnd, s, 0);
    if (item >= 0) {
      s[headEnd - start] = ' ';
      message.getChars(item, itemEnd, s, headEnd - start + 1);
    }
    ginLine = message.startsWith("[GIN] ", start);
    if (traceLen > 0) {
      message.getChars(lineEnd, lineEnd + traceLen, s, headLen);
    }
    scan(0, headLen);
    out.trimTrailingSpace();
    out.collapseRepeatedPair();
    if (out.olen == PLACEHOLDER.length() && out.endsWith(PLACEHOLDER)) {
      PathDirectories.write(s, headLen, out); // a line of values only
    }
    if (traceLen > 0) {
      ExceptionTypes.appendExceptionType(s, headLen, len, margin, out);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Line scanner

  private void scan(int from, int to) {
    int i = from;
    int v; // the end of a bracketed address or of a row's values
    while (i < to) {
      char c = s[i];
      if (isSpace(c)) {
        int L = out.olen;
        if (L > 0 && out.o[L - 1] != ' ') {
          out.collapseRepeatedPair();
          out.append(' ');
        }
        i++;
      } else if (c == '\\' && i + 1 < to && s[i + 1] == '"') {
        i = escapedQuoted(i, to);
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
      } else if (c == '['
          && out.endsWith("--- ")
          && (v = SpringBootHeaders.writeColumns(s, i, to, out)) > 0) {
        maskNext = false; // Spring Boot's thread column: one placeholder, whatever its padding
        prev = PREV_NONE;
        i = v;
      } else if ((v = c == '[' ? bracketedAddressEnd(i, to) : RowValues.end(s, i, to, out)) > 0
          || (c == '[' && (v = QuotedLists.end(s, i, to, out)) > 0)
          || (v = ProgressBars.end(s, i, from, to, out)) > 0) {
        // "[fd00::5]:443" is one value, as "10.0.0.5:443" is; so is a PostgreSQL row's "(a, b)"
        // and a list of quoted strings "['a', 'b']".
        out.placeholder();
        maskNext = false;
        prev = PREV_NONE;
        i = v;
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
        // "exit(3)": the code in parentheses is still the word's; so is the status of dskit's
        // request lines (Loki, Mimir, Tempo: "POST /loki/api/v1/push (500) 1.78ms").
        prev =
            c == '(' && (prev == TokenClasses.PREV_CODE || prev == TokenClasses.PREV_REQUEST_PATH)
                ? prev
                : PREV_NONE;
        i++;
      } else {
        int j = tokenEnd(i + 1, to);
        if (c == '<' && j < to && s[j] == '>') {
          j++; // "<0.216.0>" (an Erlang process id) is one value, brackets included
        }
        if (j < to && s[j] == '[' && j - i >= 3 && s[j - 1] == '/' && s[j - 2] == '/') {
          int k = bracketedAddressEnd(j, to); // "http://[::1]:8080/x": the URL goes on
          if (k > 0) {
            j = k < to && !isTokenEnd(s[k]) ? tokenEnd(k, to) : k;
          }
        }
        int k = Math.max(numberedInstanceEnd(i, j, to), BeamStepNames.end(s, i, j, to, out));
        if (k > 0) {
          out.placeholder();
          maskNext = false;
          prev = PREV_NONE;
          i = k;
          continue;
        }
        token(i, j, to);
        i = resumeAt > j ? resumeAt : j;
      }
    }
  }

  /** The end of the token whose second char is at {@code j}. */
  private int tokenEnd(int j, int to) {
    while (j < to) {
      char d = s[j];
      if (mayEndToken(d)
          && (isTokenEnd(d)
              || (d == '.' && j + 1 < to && s[j + 1] == '.')
              || (d == '\'' && s[j - 1] == '='))) { // key='quoted value'
        return j;
      }
      j++;
    }
    return j;
  }

  /**
   * An IPv6 address in brackets at {@code s[i] == '['}, with its port if one follows ({@code
   * [2001:db8::1]:443}, {@code [fe80::1%eth0]}, {@code [::]:8080}): returns the index after it, or
   * -1. The address has hex digits, colons (at least two) and dots only, then an optional zone; a
   * bare {@code [::]} with no port is left alone (it reads as code as often as an address).
   */
  private int bracketedAddressEnd(int i, int to) {
    int j = i + 1;
    int colons = 0;
    while (j < to && j - i <= 46) {
      char d = s[j];
      if (d == ':') {
        colons++;
      } else if (!(d == '.'
          || (d >= '0' && d <= '9')
          || ((d | 0x20) >= 'a' && (d | 0x20) <= 'f'))) {
        break;
      }
      j++;
    }
    if (colons < 2 || j >= to) {
      return -1;
    }
    if (s[j] == '%') { // a zone: fe80::1%eth0
      int z = ++j;
      while (j < to && (letterOrDigit(s[j]) || s[j] == '_' || s[j] == '.' || s[j] == '-')) {
        j++;
      }
      if (j == z || j >= to) {
        return -1;
      }
    }
    if (s[j] != ']') {
      return -1;
    }
    int end = ++j;
    if (j + 1 < to && s[j] == ':' && s[j + 1] >= '0' && s[j + 1] <= '9') {
      j++;
      while (j < to && s[j] >= '0' && s[j] <= '9') {
        j++;
      }
      end = j;
    } else if (end - i == 4) {
      return -1; // "[::]" alone
    }
    return end < to && letterOrDigit(s[end]) ? -1 : end;
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
        if (q == '"' && escaped(j, i + 1)) {
          continue; // err="failed to \"StartContainer\"": a quote inside the value
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
    boolean kind = afterEquals && QuotedKinds.kept(out, s, i + 1, k); // read before the quote
    boolean name = !afterEquals && NamePositions.quotedNameNext(out, s, i + 1, k, to);
    out.append(q);
    if (kind) {
      out.append(s, i + 1, k - i - 1); // verb="LIST": the request's kind, as unquoted
    } else if (afterEquals || name) {
      out.placeholder(); // tag="View Lock", name='x y', role "directus": a quoted value is data
    } else {
      // Quoted words ('safety', "GET /x HTTP/1.1", msg="request done"): template them like
      // the rest of the line, so a constant quoted name stays and its variable parts are masked.
      scan(i + 1, k);
      out.trimTrailingSpace();
      if (s[k - 1] == ' ' && out.lastNonSpace() != q) {
        // PHP-FPM quotes a child's line without escaping its quotes ("… event "kernel.terminate"
        // to …"): the space before an inner quote ends this span and is the line's, not ours.
        out.append(' ');
      }
    }
    out.append(q);
    if (name) {
      int host = NamePositions.hostAfterName(s, k + 1, to, q, out);
      if (host > 0) {
        return host;
      }
    }
    // A quoted request line ("GET /x HTTP/1.1" 503): the number after it is its HTTP status, kept
    // as a class as after "status code", so a prefixed access line's 5xx is not its 2xx row.
    prev =
        q == '"' && TemplateChars.endsWithHttpVersion(s, i + 1, k)
            ? TokenClasses.PREV_STATUS
            : PREV_NONE;
    return k + 1;
  }

  /**
   * Whether the quote at {@code j} follows an odd run of backslashes that starts at or after {@code
   * from}.
   */
  private boolean escaped(int j, int from) {
    int b = j - 1;
    while (b >= from && s[b] == '\\') {
      b--;
    }
    return ((j - 1 - b) & 1) == 1;
  }

  /**
   * A quoted value inside a quoted value, its quotes escaped ({@code \"StartContainer\"} in
   * kubelet's and containerd's {@code err="..."}): templated like a quoted segment, the escapes
   * kept. Returns the index after the closing {@code \"}, or after the opening one if none.
   */
  private int escapedQuoted(int i, int to) {
    int k = -1;
    for (int j = i + 2; j + 1 < to; j++) {
      if (s[j] == '\\' && s[j + 1] == '"') {
        k = j;
        break;
      }
    }
    // A name after the noun of its kind, as unescaped (Kubernetes' API errors in a controller's
    // err="… deployments.apps \"web\": the object has been modified").
    boolean name = k > i + 2 && NamePositions.quotedNameNext(out, s, i + 2, k, to);
    out.append('\\').append('"');
    if (k < 0) {
      return i + 2;
    }
    if (name) {
      out.placeholder();
    } else {
      scan(i + 2, k);
      out.trimTrailingSpace();
    }
    out.append('\\').append('"');
    prev = PREV_NONE;
    return k + 2;
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
        classes.value(a, e, len);
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
    if (ginLine && out.lastNonSpace() == '|') {
      kind = TokenClasses.PREV_STATUS; // Gin's status column: its class, not a placeholder
    }
    prev = PREV_NONE;
    if (out.endsWithPlaceholderSpace() && ValueWords.written(out, s, a, e, to)) {
      out.append(s, e, b - e); // "12.5 MB" is one value "<*>", "1 time" is "<*> times"
      return;
    }
    prev = classes.write(a, e, b, to, kind);
    if (HaproxyTimers.at(s, a, e)) {
      prev = TokenClasses.PREV_STATUS; // HAProxy's HTTP log: the status follows its timers
    }
    out.append(s, e, b - e);
  }

  /** {@link NamePositions#angledValueEnd}, scanning on after the value when it is one. */
  private boolean angledValue(int a, int eq, int open, int to) {
    int end = NamePositions.angledValueEnd(s, a, eq, open, to);
    resumeAt = Math.max(resumeAt, end);
    return end > 0;
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
      prev = classes.write(a, eq, eq, to, PREV_NONE);
    }
    int v = eq;
    while (v < e && s[v] == '=') {
      v++;
    }
    out.append(s, eq, v - eq);
    if (v < e) {
      if (StatusKeys.httpStatus(s, a, eq, v, e)) {
        // status=503 (logfmt request lines, Heroku's router): the class, as after "status code",
        // so the 2xx row and its exclusion do not take the 5xx lines.
        out.append(s[v]).append('x').append('x');
      } else if (NamePositions.isNameKey(s, a, eq) && !NamePositions.valueKeyAfter(s, b, to)) {
        out.placeholder(); // rhost=gw, name=android: a name, not an enumeration
      } else if (b == e && b < to && s[b] == '{' && Character.isUpperCase(s[v])) {
        out.placeholder(); // ws=WorkSource{...} is the present form of ws=null
        skipBraced = true;
      } else {
        classes.value(v, e, len);
      }
      out.append(s, e, b - e);
    } else if (b == e && b < to && s[b] == '<' && angledValue(a, eq, b, to)) {
      // Dovecot's user=<admin>, session=<6ETuFBMWxtYKAANS>: the brackets are the value's, one
      // placeholder whatever the value starts with (a digit made "<6ETu…>" one token, a letter
      // "<" word ">").
      out.placeholder();
    } else {
      // "key=" then a space: the value is the next token ("allDrawn= false"); "key=" then a
      // quote or bracket: handled by the quote logic / left to the inner tokens.
      out.append(s, e, b - e);
      if (b == e && b < to && isSpace(s[b])) {
        maskNext = true;
      }
    }
  }
}
