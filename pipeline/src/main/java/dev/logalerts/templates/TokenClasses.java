package dev.logalerts.templates;

import static dev.logalerts.templates.NamePositions.isProcessTag;
import static dev.logalerts.templates.TemplateChars.letter;
import static dev.logalerts.templates.TemplateChars.letterOrDigit;
import static dev.logalerts.templates.TemplateWords.equalsAt;
import static dev.logalerts.templates.TemplateWords.equalsIgnoreCaseAt;
import static dev.logalerts.templates.TemplateWords.hasDigit;
import static dev.logalerts.templates.TemplateWords.hasVariableSuffix;
import static dev.logalerts.templates.TemplateWords.indexOf;
import static dev.logalerts.templates.TemplateWords.isDateWord;
import static dev.logalerts.templates.TemplateWords.isIdentifier;
import static dev.logalerts.templates.TemplateWords.isIdentifierLike;
import static dev.logalerts.templates.TemplateWords.isKnownConstant;
import static dev.logalerts.templates.TemplateWords.isLettersThenDigits;
import static dev.logalerts.templates.TemplateWords.isPackageName;
import static dev.logalerts.templates.TemplateWords.isPortOfHost;
import static dev.logalerts.templates.TemplateWords.isUriScheme;
import static dev.logalerts.templates.TemplateWords.isUserStopWord;
import static dev.logalerts.templates.TemplateWords.nextWordIs;
import static dev.logalerts.templates.TemplateWords.other;
import static dev.logalerts.templates.TemplateWords.startsWith;

/**
 * Token classes of the template scanner: decides whether one token of {@link TemplateScanner}'s
 * buffer is kept, masked or partly masked (URLs, paths, {@code key:value}, ids, dates, user names)
 * and writes it to the template being built. Works on {@code s[a, e)} in place, without allocating;
 * one instance per scanner (not thread-safe).
 */
final class TokenClasses {

  // What the previous word was, for the few context rules ("from X to Y", "user X").
  static final int PREV_NONE = 0;
  static final int PREV_USER = 1;
  static final int PREV_FOR = 2;

  /** {@code code}, {@code exit(}: a number after it is a reported code, kept. */
  static final int PREV_CODE = 3;

  /** {@code status code}: a number after it is an HTTP status, kept as a class. */
  static final int PREV_STATUS = 4;

  /**
   * {@code status} alone: only the start of {@code status code}. A number right after it stays a
   * placeholder, as in the access lines of public log benchmarks ({@code status: 200 len: 1893}).
   */
  static final int PREV_STATUS_WORD = 5;

  /** An HTTP method in capitals ({@code GET}): a path may follow. */
  static final int PREV_METHOD = 6;

  /**
   * {@code GET /path} or {@code GET <url>}: a three-digit number right after it (or after empty
   * {@code -} fields) is the response's status ({@code GET /healthz 200 1.2 ms}, Express's, Go's
   * and ASP.NET Core's request lines), kept as a class.
   */
  static final int PREV_REQUEST_PATH = 7;

  /** {@code HTTP} as a word: a status follows ({@code HTTP 503}, {@code HTTP status 404}). */
  static final int PREV_HTTP = 8;

  /**
   * A Kubernetes API verb as client-go request logs write it ({@code Get}, {@code
   * DeleteCollection}) and then its resource: a three-digit number ending the line after both is
   * the response's status (Argo Workflows' {@code "Get configmaps 404"}), kept as a class.
   */
  static final int PREV_API_VERB = 9;

  static final int PREV_API_RESOURCE = 10;

  /** {@code permission denied for table}: the name of the object follows, unquoted. */
  static final int PREV_OBJECT = 11;

  private static final String[] API_VERBS = {
    "Get", "List", "Watch", "Create", "Update", "Patch", "Delete", "DeleteCollection"
  };

  private static final int ACT_KEEP = 0;
  private static final int ACT_MASK = 1;
  private static final int ACT_WRITTEN = 2; // classify already wrote the (partly masked) token

  // What classify counts in a token, per ASCII char: 12-bit fields of two longs (a token lies in
  // the head, at most MAX_HEAD_CHARS long, so no field overflows into the next).
  private static final int DIGITS = 0;
  private static final int LETTERS = 12;
  private static final int UPPER = 24;
  private static final int HEX_LETTERS = 36;
  private static final int SLASHES = 48;
  private static final int DOTS = 0;
  private static final int COLONS = 12;
  private static final int ATS = 24;
  private static final int BACKSLASHES = 36;
  private static final int OTHER = 48; // chars other than letters, digits, '_', '-'

  private static final long[] COUNTS = new long[128];
  private static final long[] MARKS = new long[128];

  static {
    if (TemplateScanner.MAX_HEAD_CHARS >= 1 << 12) {
      throw new AssertionError("token counts are 12-bit fields");
    }
    for (char c = 0; c < 128; c++) {
      if (c >= '0' && c <= '9') {
        COUNTS[c] = 1L << DIGITS;
      } else if (c >= 'a' && c <= 'z') {
        COUNTS[c] = (1L << LETTERS) | (c <= 'f' ? 1L << HEX_LETTERS : 0);
      } else if (c >= 'A' && c <= 'Z') {
        COUNTS[c] = (1L << LETTERS) | (1L << UPPER) | (c <= 'F' ? 1L << HEX_LETTERS : 0);
      } else if (c == '/') {
        COUNTS[c] = 1L << SLASHES;
        MARKS[c] = 1L << OTHER;
      } else if (c == '.') {
        MARKS[c] = (1L << DOTS) | (1L << OTHER);
      } else if (c == ':') {
        MARKS[c] = (1L << COLONS) | (1L << OTHER);
      } else if (c == '@') {
        MARKS[c] = (1L << ATS) | (1L << OTHER);
      } else if (c == '\\') {
        MARKS[c] = (1L << BACKSLASHES) | (1L << OTHER);
      } else if (c != '_' && c != '-') {
        MARKS[c] = 1L << OTHER;
      }
    }
  }

  private static int field(long packed, int shift) {
    return (int) (packed >>> shift) & 0xFFF;
  }

  private final TemplateOutput out;

  /** The scanner's buffer (set by the scanner whenever it changes). */
  char[] s;

  private int wordKind; // set by classify for a plain word

  TokenClasses(TemplateOutput out) {
    this.out = out;
  }

  /**
   * Writes token core {@code [a, e)} kept, masked or partly masked; {@code b} is the token end with
   * trailing punctuation, {@code to} the end of the scanned region (for lookahead). Returns the
   * kind of word it was ({@code PREV_USER}, {@code PREV_FOR} or {@code PREV_NONE}).
   */
  int write(int a, int e, int b, int to, int prevKind) {
    wordKind = PREV_NONE;
    emit(a, classify(a, e, b, to, prevKind), e);
    return wordKind;
  }

  /**
   * Decides KEEP or MASK for the token core {@code [a, e)}; may itself write a partially masked
   * form (URLs, {@code key:value}) and then returns KEEP with the output already written.
   */
  private int classify(int a, int e, int b, int to, int prevKind) {
    int len = e - a;
    // One table read per ASCII char instead of a chain of range tests (see COUNTS).
    long counts = 0;
    long marks = 0;
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (c < 128) {
        counts += COUNTS[c];
        marks += MARKS[c];
      } else if (Character.isLetter(c)) {
        counts += 1L << LETTERS;
      } else if (Character.isDigit(c)) {
        counts += 1L << DIGITS;
      } else {
        marks += 1L << OTHER;
      }
    }
    int digits = field(counts, DIGITS);
    int letters = field(counts, LETTERS);
    int upper = field(counts, UPPER);
    int hexLetters = field(counts, HEX_LETTERS);
    int slashes = field(counts, SLASHES);
    int dots = field(marks, DOTS);
    int colons = field(marks, COLONS);
    int at = field(marks, ATS) > 0 ? indexOf(s, '@', a, e) : -1;
    int firstColon = colons > 0 ? indexOf(s, ':', a, e) : -1;
    boolean backslash = field(marks, BACKSLASHES) > 0;
    boolean other = field(marks, OTHER) > 0; // chars other than letters, digits, '_', '-'
    // URLs are masked whole: scheme, host, port, path and query all vary per call site's data
    // (replicas, regions, tenants, ids), and keeping any of them splits one event.
    if (colons > 0 && slashes >= 2 && firstColon > a) {
      if (firstColon + 2 < e
          && s[firstColon + 1] == '/'
          && s[firstColon + 2] == '/'
          && isUriScheme(s, a, firstColon)) {
        wordKind = prevKind == PREV_METHOD ? PREV_REQUEST_PATH : PREV_NONE;
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
        wordKind = prevKind == PREV_METHOD ? PREV_REQUEST_PATH : PREV_NONE;
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
    if (prevKind == PREV_FOR
        && !other
        && (letter(c0) || c0 == '_')
        && nextWordIs(s, b, to, "from")) {
      // "Failed password for root from <*>", "Accepted publickey for git from", and user names
      // with '_' or '-' (OS Login's alice_example_com, svc-deploy).
      return ACT_MASK;
    }
    if (prevKind == PREV_OBJECT && letters > 0) {
      return ACT_MASK; // "permission denied for relation mzcntys"
    }
    if (prevKind == PREV_USER
        && !other
        && !isUserStopWord(s, a, e)
        && !UserQualifiers.isQualifier(s, a, e, b, to)) {
      return ACT_MASK; // "session opened for user root", "Invalid user admin"
    }
    if ((prevKind == PREV_CODE || prevKind == PREV_STATUS) && digits == len && len <= 3) {
      return reportedCode(a, e, prevKind == PREV_STATUS);
    }
    if (prevKind == PREV_API_RESOURCE && digits == len && len == 3 && b == to) {
      return reportedCode(a, e, true);
    }
    if (digits == len
        && len == 3
        && (prevKind == PREV_REQUEST_PATH || prevKind == PREV_HTTP || StatusKeys.keyBefore(out))) {
      return reportedCode(a, e, true); // a status class, or (not 1xx–5xx) the number itself
    }
    if (prevKind == PREV_REQUEST_PATH && len == 1 && s[a] == '-') {
      // ASP.NET Core's "Request finished HTTP/1.1 GET <url> - - - 200": empty fields between.
      wordKind = PREV_REQUEST_PATH;
      return ACT_KEEP;
    }
    if (digits > 0) {
      if (digits == len && SqlServerErrors.isCode(s, a, e, to)) {
        return ACT_KEEP; // "Error: 18456, Severity: 14, State: 8."
      }
      if (letter(c0) || c0 == '_') {
        // Function names with digits ("jk2_init()") are code, not data.
        if (b == e && b < to && s[b] == '(' && isIdentifier(s, a, e)) {
          return ACT_KEEP;
        }
        if (isKnownConstant(s, a, e) || ErrorCodes.is(s, a, e) || isProcessTag(s, a, e)) {
          return ACT_KEEP; // an error code; App Engine flexible's "[pid1-nginx]"
        }
        // psycopg2.errors.UniqueViolation, py4j.protocol.Py4JJavaError: a type, as without a digit.
        if (upper > 0 && ExceptionTypes.isTypeWithDigit(s, a, e, to)) {
          return ACT_KEEP;
        }
        // A logger under a numbered package (org.apache.hadoop.mapreduce.v2.app.MRAppMaster:).
        if (dots >= 2 && isPackageName(s, a, e) && LoggerNames.isLoggerName(s, a, e, b, to)) {
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
      int line = sourceLine(a, e);
      if (line > 0) {
        out.append(s, a, line - a); // "reflector.go:<*>", "node:internal/process/promises:<*>"
        out.placeholder();
        return ACT_WRITTEN;
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
    if (GeneratedNames.isGenerated(s, a, e) || MetricNames.isMetricName(s, a, e)) {
      return ACT_MASK; // a pod "web-xqzvw", Sidekiq's "TID-oveahmcxw", a metric "x_y_total"
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
    // Class, package and bundle names (org.apache.hadoop.Foo, com.apple.CacheDelete.daily), but
    // not a logger's name in its header, which names the log call.
    if (dots >= 2 && isPackageName(s, a, e) && !LoggerNames.isLoggerName(s, a, e, b, to)) {
      return ACT_MASK;
    }
    if (len == 3
        && upper == 1
        && Character.isUpperCase(c0)
        && isDateWord(s, a)
        && dateContext(e, to)) {
      return ACT_MASK;
    }
    if (letters > 0 && AirflowNames.taskNameNext(out)) {
      return ACT_MASK;
    }
    if (!other) {
      wordKind = wordKind(a, e, to, prevKind);
    }
    return ACT_KEEP;
  }

  /**
   * The value of {@code key=value}: masked, except a plain word ({@code force=false}, {@code
   * state=RUNNING}, {@code user=root}) other than null. Plain-word values are enumerations that
   * tell events apart far more often than they carry data; numbers, ids, names with digits or dots,
   * paths and quoted text are masked.
   */
  void value(int a, int e, int to) {
    if (isPlainWord(a, e)
        && !isNullWord(a, e)
        && !isHexLetters(a, e)
        && !(e - a == 3 && Character.isUpperCase(s[a]) && isDateWord(s, a) && dateContext(e, to))) {
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
    if ((indexOf(s, '.', a, colon) > 0 && hasVariableSuffix(s, a, colon))
        || isPortOfHost(s, a, colon, e)) {
      return false; // host:port, localhost:8081
    }
    if (NamePositions.regionThenColon(s, colon + 1, e)) {
      return false; // Cloud SQL's project:region:instance, a name masked whole
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
      } else if (NamePositions.isNameKey(s, a, colon) && !NamePositions.valueKeyAfter(s, b, to)) {
        // Go's struct dumps (containerd's "&PodSandboxMetadata{Name:web-0,Namespace:shop,}"):
        // a name, as after "name=", so every pod's sandbox is one template.
        out.placeholder();
      } else {
        emit(v, classify(v, e, b, to, PREV_NONE), e);
      }
    }
    return true;
  }

  /** Source files whose {@code file:line} a log line names (Go's klog, Node, Python, Java…). */
  private static final String[] SOURCE_SUFFIXES = {
    ".go", ".py", ".js", ".mjs", ".cjs", ".ts", ".java", ".kt", ".rb", ".rs", ".cc", ".cpp", ".c",
    ".php", ".cs", ".scala", ".ex", ".exs"
  };

  /**
   * Where the line number of a source location begins ({@code reflector.go:138}, Node's built-in
   * {@code node:internal/process/promises:288}), or -1: the file is the call site and stays, the
   * line changes from one release to the next.
   */
  private int sourceLine(int a, int e) {
    int colon = e - 1;
    while (colon > a && s[colon] >= '0' && s[colon] <= '9') {
      colon--;
    }
    if (colon <= a || colon == e - 1 || s[colon] != ':' || e - colon > 7) {
      return -1;
    }
    boolean node = startsWith(s, a, colon, "node:") && colon > a + 5;
    for (int i = node ? a + 5 : a; i < colon; i++) {
      char c = s[i];
      if (!(letterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/')) {
        return -1;
      }
    }
    if (node) {
      return colon + 1;
    }
    for (String suffix : SOURCE_SUFFIXES) {
      int n = suffix.length();
      if (colon - a > n
          && equalsAt(s, colon - n, colon, suffix)
          && (letterOrDigit(s[colon - n - 1]) || s[colon - n - 1] == '_')) {
        return colon + 1;
      }
    }
    return -1;
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

  /**
   * A number of at most three digits after {@code code} or {@code exit(}: what the line reports,
   * not an id. An HTTP status ({@code status code: 503}) keeps its class ({@code 5xx}, as request
   * templates do); an exit, return or other code its value (0 is a clean exit, 137 an OOM kill).
   * Both sets are small, so the templates stay few while a failing run no longer hides in its
   * success row.
   */
  private int reportedCode(int a, int e, boolean httpStatus) {
    if (httpStatus && e - a == 3 && s[a] >= '1' && s[a] <= '5') {
      out.append(s, a, 1);
      out.append('x');
      out.append('x');
      return ACT_WRITTEN;
    }
    return ACT_KEEP;
  }

  /** Whether the word before the current one is "exit" or "Exit". */
  private boolean afterExit() {
    int n = out.olen;
    return (out.endsWith("Exit ") || out.endsWith("exit ")) && (n == 5 || !letter(out.o[n - 6]));
  }

  private int wordKind(int a, int e, int to, int prevKind) {
    int len = e - a;
    if (len == 6 && equalsIgnoreCaseAt(s, a, e, "status")) {
      if (afterExit()) {
        return PREV_CODE; // YARN's "Exit status: 143", Go's "exit status 1": an exit code
      }
      return prevKind == PREV_HTTP ? PREV_STATUS : PREV_STATUS_WORD; // "HTTP status 404"
    }
    if (len == 4 && equalsAt(s, a, e, "HTTP")) {
      return PREV_HTTP;
    }
    if (len == 4 && equalsIgnoreCaseAt(s, a, e, "code")) {
      return prevKind == PREV_STATUS_WORD ? PREV_STATUS : PREV_CODE; // "status code 503"
    }
    if (len == 4 && e < to && s[e] == '(' && equalsIgnoreCaseAt(s, a, e, "exit")) {
      return PREV_CODE;
    }
    if (NamePositions.dataNext(s, a, e, out)) {
      return PREV_OBJECT;
    }
    if (len == 4 && equalsIgnoreCaseAt(s, a, e, "user")) {
      return PREV_USER;
    }
    if (len == 9 && StatusKeys.completedWithStatus(s, a, e, to)) {
      return PREV_STATUS; // Rails' "Completed 500 Internal Server Error in 49ms"
    }
    if (len == 3 && equalsAt(s, a, e, "for")) {
      return PREV_FOR;
    }
    if (len == 5 && equalsIgnoreCaseAt(s, a, e, "users")) {
      return PREV_USER;
    }
    if (prevKind == PREV_API_VERB && lowerCaseWord(a, e)) {
      return PREV_API_RESOURCE; // "Get configmaps": a status may end the line
    }
    if (e - a >= 3 && s[a] >= 'C' && s[a] <= 'W' && s[a + 1] >= 'a') {
      for (String verb : API_VERBS) {
        if (equalsAt(s, a, e, verb)) {
          return PREV_API_VERB;
        }
      }
    }
    return isHttpMethod(a, e) ? PREV_METHOD : PREV_NONE;
  }

  private boolean lowerCaseWord(int a, int e) {
    for (int i = a; i < e; i++) {
      if (s[i] < 'a' || s[i] > 'z') {
        return false;
      }
    }
    return e - a >= 2;
  }

  private boolean isHttpMethod(int a, int e) {
    char c = s[a];
    if (e - a < 3
        || s[a + 1] < 'A'
        || s[a + 1] > 'Z'
        || (c != 'G' && c != 'P' && c != 'D' && c != 'H' && c != 'O')) {
      return false; // most words: lower case after the first letter, or another first letter
    }
    switch (e - a) {
      case 3:
        return equalsAt(s, a, e, "GET") || equalsAt(s, a, e, "PUT");
      case 4:
        return equalsAt(s, a, e, "POST") || equalsAt(s, a, e, "HEAD");
      case 5:
        return equalsAt(s, a, e, "PATCH");
      case 6:
        return equalsAt(s, a, e, "DELETE");
      case 7:
        return equalsAt(s, a, e, "OPTIONS");
      default:
        return false;
    }
  }
}
