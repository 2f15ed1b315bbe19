package dev.logalerts.templates;

import static dev.logalerts.templates.TemplateChars.letter;
import static dev.logalerts.templates.TemplateChars.letterOrDigit;

/**
 * The small lexicons of the template scanner (units, known constants with digits, domain and file
 * suffixes, date words, words that end a user name) and the region tests it makes on its input:
 * every method looks at {@code s[a, e)} in place, without allocating.
 */
final class TemplateWords {
  private TemplateWords() {}

  private static final String[] UNITS = {
    "B", "KB", "MB", "GB", "TB", "PB", "kB", "KiB", "MiB", "GiB", "TiB", "K", "M", "G", "ms", "us",
    "ns", "µs", "s", "sec", "secs", "min", "mins", "h", "hrs", "Mbps", "Gbps", "MHz", "GHz", "%"
  };

  /** The first chars of {@link #UNITS}: most words after a number start otherwise. */
  private static final boolean[] UNIT_START = new boolean[256];

  static {
    for (String u : UNITS) {
      UNIT_START[u.charAt(0)] = true;
    }
  }

  /** A unit word that follows a number ("12.5 MB", "30 ms"). */
  static boolean isUnit(char[] s, int a, int e) {
    int len = e - a;
    if (len > 4 || len < 1 || s[a] >= 256 || !UNIT_START[s[a]]) {
      return false;
    }
    for (String u : UNITS) {
      if (equalsAt(s, a, e, u)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] TIME_ZONES = {
    "UTC", "GMT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "HST",
    "WET", "WEST", "CET", "CEST", "EET", "EEST", "BST", "IST", "MSK", "JST", "KST", "HKT", "SGT",
    "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT"
  };

  /** A time-zone abbreviation: after a time ("17:26 GMT") it is part of that value. */
  static boolean isTimeZone(char[] s, int a, int e) {
    int len = e - a;
    if (len < 3 || len > 4 || s[a] < 'A' || s[a] > 'Z') {
      return false;
    }
    for (String z : TIME_ZONES) {
      if (equalsAt(s, a, e, z)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code name.tld:443}: a dotted name whose last label is a lower-case word of two or more
   * letters, then a port number, is a host and port even when the label is not a known domain
   * suffix ({@code bx.optimix.asia:443}). Source positions ({@code sweep.c:1831}) and members
   * ({@code Stub.onTransact:136}) do not match; {@code localhost:8081} does.
   */
  static boolean isPortOfHost(char[] s, int a, int colon, int e) {
    int v = colon + 1;
    if (e - v < 1 || e - v > 5) {
      return false;
    }
    for (int i = v; i < e; i++) {
      if (s[i] < '0' || s[i] > '9') {
        return false;
      }
    }
    if (colon - a == 9 && equalsIgnoreCaseAt(s, a, colon, "localhost")) {
      return true; // an address, as 127.0.0.1:8081 is (App Engine's nginx writes both)
    }
    int d = colon - 1;
    while (d > a && s[d] >= 'a' && s[d] <= 'z') {
      d--;
    }
    return d > a && s[d] == '.' && colon - d > 2;
  }

  /** True if {@code [a, e)} has a char other than ASCII letters, digits and {@code allowed}. */
  static boolean other(char[] s, int a, int e, char allowed) {
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
          && c != allowed) {
        return true;
      }
    }
    return false;
  }

  static int indexOf(char[] s, char ch, int a, int e) {
    for (int i = a; i < e; i++) {
      if (s[i] == ch) {
        return i;
      }
    }
    return -1;
  }

  static boolean hasDigit(char[] s, int a, int e) {
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  /**
   * A URI scheme as RFC 3986 allows it: a letter, then letters, digits, '+', '-' or '.' ({@code
   * https}, {@code git+ssh}, {@code x-coredata}, reverse-DNS app schemes such as {@code
   * com.example.app}).
   */
  static boolean isUriScheme(char[] s, int a, int e) {
    if (e <= a || !((s[a] >= 'a' && s[a] <= 'z') || (s[a] >= 'A' && s[a] <= 'Z'))) {
      return false;
    }
    for (int i = a + 1; i < e; i++) {
      char c = s[i];
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '-'
          || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** Letters, digits, '_', '-', '.', '$' (a key or a dotted name). */
  static boolean isIdentifierLike(char[] s, int a, int e) {
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

  static boolean isIdentifier(char[] s, int a, int e) {
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (!(letterOrDigit(c) || c == '_' || c == '.' || c == '$')) {
        return false;
      }
    }
    return true;
  }

  static boolean isLettersThenDigits(char[] s, int a, int e) {
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
  static boolean regionMatches(char[] s, int a, String w, int off, int n, boolean ignoreCase) {
    if (a + n > s.length) {
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

  static boolean startsWith(char[] s, int a, int e, String p) {
    return e - a >= p.length() && regionMatches(s, a, p, 0, p.length(), false);
  }

  static boolean equalsAt(char[] s, int a, int e, String w) {
    return e - a == w.length() && regionMatches(s, a, w, 0, w.length(), false);
  }

  static boolean equalsIgnoreCaseAt(char[] s, int a, int e, String w) {
    return e - a == w.length() && regionMatches(s, a, w, 0, w.length(), true);
  }

  /**
   * Words with a digit that are names, not values (matched ignoring case): protocols, encodings,
   * architectures, algorithms, programs ({@code python3}, {@code apache2}, {@code log4j}).
   */
  private static final String[] KNOWN_CONSTANTS = {
    "HTTP/1.0",
    "HTTP/1.1",
    "HTTP/2",
    "HTTP/2.0",
    "HTTP/3",
    "IPv4",
    "IPv6",
    "UTF-8",
    "utf8",
    "x86_64",
    "amd64",
    "arm64",
    "ssh2",
    "log4j",
    "base64",
    "TLSv1",
    "TLSv1.2",
    "TLSv1.3",
    "sha1",
    "sha256",
    "sha512",
    "md5",
    "ext3",
    "ext4",
    "s3",
    "gs3",
    "h2",
    "2FA",
    "k8s",
    "oauth2",
    "x509",
    "ping6",
    "win32",
    "Win64",
    "SHA384",
    "AES128",
    "AES256",
    "SOCKS4",
    "SOCKS5",
    "UTF-16",
    "HTTP2",
    "EC2",
    "P2P",
    "B2B",
    "E2E",
    "I2C",
    "python2",
    "python3",
    "apache2"
  };

  static boolean isKnownConstant(char[] s, int a, int e) {
    int len = e - a;
    if (len > 8) {
      return false;
    }
    for (String k : KNOWN_CONSTANTS) {
      if (k.length() == len && regionMatches(s, a, k, 0, len, true)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] VARIABLE_SUFFIXES = {
    // Top-level domains and internal host suffixes.
    "com",
    "net",
    "org",
    "edu",
    "gov",
    "mil",
    "io",
    "co",
    "uk",
    "de",
    "cn",
    "hk",
    "jp",
    "fr",
    "ru",
    "br",
    "au",
    "us",
    "ca",
    "nl",
    "eu",
    "kr",
    "tw",
    "info",
    "biz",
    "local",
    "internal",
    "lan",
    "localdomain",
    "arpa",
    "dev",
    "cloud",
    "svc",
    "cluster",
    // File extensions.
    "exe",
    "dll",
    "sys",
    "so",
    "jar",
    "war",
    "class",
    "java",
    "py",
    "pyc",
    "js",
    "ts",
    "go",
    "rb",
    "php",
    "cpp",
    "cc",
    "log",
    "txt",
    "xml",
    "json",
    "yaml",
    "yml",
    "properties",
    "conf",
    "cfg",
    "ini",
    "sh",
    "bat",
    "zip",
    "gz",
    "tar",
    "tgz",
    "bz2",
    "html",
    "htm",
    "css",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "svg",
    "ico",
    "pdf",
    "csv",
    "dat",
    "tmp",
    "bak",
    "pid",
    "sock",
    "lock",
    "db",
    "sql",
    "plist",
    "dylib",
    "kext",
    "mum",
    "msi",
    "cab",
    "manifest",
    "pem",
    "crt",
    "mp3",
    "mp4",
    "parquet",
    "avro",
    "app",
    "bin",
    "img",
    "iso",
    "rpm",
    "deb",
    "md"
  };

  /** The text after the last dot is a domain suffix or a file extension. */
  static boolean hasVariableSuffix(char[] s, int a, int e) {
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
      if (x.length() == len && regionMatches(s, la, x, 0, len, true)) {
        return !(e - a == 7 && regionMatches(s, a, NODE_JS, 0, 7, false)) && !googleApi(s, a, e);
      }
    }
    return false;
  }

  /** A Google API's service name (run.googleapis.com): names the service, one of a few dozen. */
  private static boolean googleApi(char[] s, int a, int e) {
    int n = GOOGLE_APIS.length();
    return e - a > n && regionMatches(s, e - n, GOOGLE_APIS, 0, n, true);
  }

  private static final String GOOGLE_APIS = ".googleapis.com";

  /** A runtime named like a file, as in Node's crash footer "Node.js v18.17.0": a word to keep. */
  private static final String NODE_JS = "Node.js";

  private static final String DATE_WORDS =
      "JanFebMarAprMayJunJulAugSepOctNovDecMonTueWedThuFriSatSun";

  static boolean isDateWord(char[] s, int a) {
    for (int k = 0; k < DATE_WORDS.length(); k += 3) {
      if (regionMatches(s, a, DATE_WORDS, k, 3, false)) {
        return true;
      }
    }
    return false;
  }

  /** The token after {@code b} (one space) is exactly {@code w}. */
  static boolean nextWordIs(char[] s, int b, int to, String w) {
    int i = b;
    if (i >= to || s[i] != ' ') {
      return false;
    }
    i++;
    int n = w.length();
    return i + n <= to && regionMatches(s, i, w, 0, n, false) && (i + n == to || s[i + n] == ' ');
  }

  private static final String[] USER_STOP_WORDS = {
    "not",
    "is",
    "was",
    "has",
    "had",
    "does",
    "did",
    "from",
    "for",
    "to",
    "in",
    "on",
    "at",
    "by",
    "with",
    "and",
    "or",
    "the",
    "a",
    "an",
    "id",
    "name",
    "logged",
    "session",
    "sessions",
    "account",
    "data",
    "request",
    "requests",
    "authenticated",
    "authentication",
    "agent",
    "list",
    "info",
    "of",
    "are",
    "were",
    "can",
    "cannot",
    "will",
    "may",
    "must",
    "should",
    "already",
    "successfully",
    "profile",
    "settings",
    "space",
    "mode",
    "process",
    "processes",
    // plural or abstract nouns that "user" qualifies ("set user tags"); not singular words an
    // attacker tries as a login name ("Invalid user Management from", OpenSSH)
    "tags",
    "permissions",
    "roles",
    "groups",
    "credentials",
    "details",
    "preferences",
    "quota",
    "attributes",
    "privileges",
    "metadata",
    "records"
  };

  static boolean isUserStopWord(char[] s, int a, int e) {
    for (String w : USER_STOP_WORDS) {
      if (equalsIgnoreCaseAt(s, a, e, w)) {
        return true;
      }
    }
    return false;
  }

  /** First segments of reverse-DNS names: Java/Android packages, bundle and job ids. */
  private static final String[] PACKAGE_ROOTS = {
    "com", "org", "net", "io", "java", "javax", "android", "androidx", "sun", "jdk", "kotlin"
  };

  /** Whether the dotted name at {@code a} starts with a reverse-DNS root (com, org, java, ...). */
  static boolean isPackageRoot(char[] s, int a, int e) {
    return rootBefore(s, a, indexOf(s, '.', a, e));
  }

  private static boolean rootBefore(char[] s, int a, int firstDot) {
    for (String r : PACKAGE_ROOTS) {
      if (r.length() == firstDot - a && regionMatches(s, a, r, 0, r.length(), false)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A reverse-DNS dotted name of three or more identifier segments ({@code
   * org.apache.hadoop.mapreduce.jobhistory.EventType}, {@code com.apple.CacheDelete.daily}): a
   * class, package, bundle or job id, which is data in a message. Exception and error types stay
   * ({@code java.net.ConnectException} names what happened).
   */
  static boolean isPackageName(char[] s, int a, int e) {
    int firstDot = indexOf(s, '.', a, e);
    if (firstDot <= a) {
      return false;
    }
    if (!rootBefore(s, a, firstDot)) {
      return false;
    }
    int segments = 1;
    int segStart = firstDot + 1;
    for (int i = firstDot + 1; i < e; i++) {
      char c = s[i];
      if (c == '.') {
        if (i == segStart) {
          return false;
        }
        segments++;
        segStart = i + 1;
      } else if (!(letterOrDigit(c) || c == '_' || c == '$')) {
        return false;
      }
    }
    // segments counts the root and each segment a dot ends; with the last one, three or more.
    if (segStart >= e || segments < 2) {
      return false;
    }
    boolean lower = false;
    for (int i = segStart; i < e; i++) {
      if (s[i] >= 'a' && s[i] <= 'z') {
        lower = true;
        break;
      }
    }
    // A constant (android.intent.action.SCREEN_ON) names an event; so do exception types.
    return lower && !(endsWith(s, segStart, e, "Exception") || endsWith(s, segStart, e, "Error"));
  }

  static boolean endsWith(char[] s, int a, int e, String w) {
    int n = w.length();
    return e - a >= n && regionMatches(s, e - n, w, 0, n, false);
  }
}
