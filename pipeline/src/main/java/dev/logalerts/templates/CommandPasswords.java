package dev.logalerts.templates;

import java.util.Locale;

/**
 * Passwords given to a command as a short option, as a shell trace ({@code set -x}: a startup
 * script's serial-port output, a Cloud Build step) or a logged command line shows them. Such an
 * option means a password for its command only ({@code -p} is a port to ssh and docker run, a flag
 * to mkdir), so the command the option belongs to is read first: the first word of its segment of
 * the line (after {@code |}, {@code ;}, {@code &&}, {@code $(}, a {@code +} trace prefix, {@code
 * sudo} and {@code NAME=value} assignments; a path's last part). What is redacted, as {@code
 * [REDACTED:password]}:
 *
 * <ul>
 *   <li>MySQL's and MariaDB's clients: the password glued to {@code -p} ({@code mysql -uroot
 *       -pS3cret}; {@code -p} alone asks for it);
 *   <li>{@code sshpass -p}, {@code sqlcmd}/{@code bcp -P}, {@code redis-cli -a}/{@code --pass}, the
 *       MongoDB tools' {@code -p}, and {@code -p} of a registry login ({@code docker login}, {@code
 *       podman}, {@code helm registry login}) or {@code az login};
 *   <li>openssl's {@code pass:} sources ({@code -passin pass:x}, {@code -passout pass:x}),
 *       keytool's and jarsigner's {@code -storepass}/{@code -keypass} (and their {@code src}/{@code
 *       dest} forms);
 *   <li>an environment variable named {@code …_PASS} ({@code export DB_PASS=x}, {@code SMTP_PASS:
 *       x}; see {@link #envAt});
 *   <li>the password of the Redis AUTH command in ioredis's debug log ({@code -> auth([ 'pw' ])});
 *   <li>smbclient's {@code -U user%password}, whole, as {@code [REDACTED:url_credentials]} (as
 *       curl's {@code -U user:password} is, {@link CommandLineCredentials}).
 * </ul>
 *
 * A placeholder ({@code $DB_PASS}, {@code ${PASS}}) stays, and so do other options ({@code ssh -p
 * 22}, {@code docker run -p 8080:80}, {@code mkdir -p}). {@code --password x} and {@code
 * --password=x} are secret-ish flags of any command ({@link KeyValues}).
 */
final class CommandPasswords {
  private CommandPasswords() {}

  static final String TYPE = "password";

  /**
   * Whether an option this class may redact starts at {@code i} (a dash): the pre-check of {@link
   * RedactionAnchors}, a necessary condition of {@link #redact}.
   */
  static boolean at(String s, int i) {
    return valueAt(s, i) != null;
  }

  /**
   * The password's bounds for an option at {@code i}, read as a long option ({@code -storepass}) or
   * else as a short one with a glued value ({@code -pmypass}); null when none.
   */
  private static int[] valueAt(String s, int i) {
    if (s.startsWith("-> auth([", i)) {
      return redisAuthPassword(s, i + 9);
    }
    int end = optionEnd(s, i, false);
    if (end < 0) {
      return null;
    }
    String command = command(s, i);
    int[] v = value(s, i, end, command);
    if (v == null && end > i + 2) {
      int shortEnd = optionEnd(s, i, true);
      v = shortEnd < 0 ? null : value(s, i, shortEnd, command);
    }
    return v;
  }

  /**
   * The Redis AUTH command as ioredis's debug log ({@code DEBUG=ioredis:*}) writes it, {@code ->
   * auth([ 'password' ])} or {@code -> auth([ 'user', 'password' ])}, read from after the {@code
   * [}: the last argument, the password; null when the list is not of quoted strings.
   */
  private static int[] redisAuthPassword(String s, int i) {
    int j = i;
    while (true) {
      j = RedactionAnchors.skipBlanks(s, j);
      char q = j < s.length() ? s.charAt(j) : ' ';
      int close = q == '\'' || q == '"' ? s.indexOf(q, j + 1) : -1;
      if (close < 0) {
        return null;
      }
      int start = j + 1;
      j = RedactionAnchors.skipBlanks(s, close + 1);
      if (j < s.length() && s.charAt(j) == ',') {
        j++;
        continue;
      }
      return s.startsWith("])", j) && close > start ? new int[] {start, close} : null;
    }
  }

  /** The end of a known option's name at {@code i}, or -1. */
  private static int optionEnd(String s, int i, boolean shortOnly) {
    int n = s.length();
    if (i + 2 > n || s.charAt(i) != '-' || (i > 0 && !boundary(s.charAt(i - 1)))) {
      return -1;
    }
    if (s.startsWith("--pass", i) && (i + 6 == n || s.charAt(i + 6) == ' ')) {
      return i + 6; // redis-cli --pass x
    }
    int end = i + 1;
    while (end < n && Character.isLetter(s.charAt(end))) {
      end++;
    }
    String name = s.substring(i + 1, end);
    if (!shortOnly
        && (name.endsWith("pass") || name.equals("passin") || name.equals("passout"))
        && name.length() <= 16
        && (end == n || s.charAt(end) == ' ')) {
      return end; // -passout pass:x, -storepass x
    }
    char c = s.charAt(i + 1);
    return c == 'p' || c == 'P' || c == 'a' || c == 'U' ? i + 2 : -1;
  }

  /**
   * Whether an environment variable named {@code …_PASS} is set at {@code i} (its {@code PASS}):
   * {@code DB_PASS=x}, {@code SMTP_PASS: x}, as a shell trace or an environment dump shows it
   * ({@code …_PASSWORD} is a secret-ish name of {@link KeyValues}). Upper case only: {@code
   * bypass=1} and {@code first_pass=true} are not passwords.
   */
  static boolean envAt(String s, int i) {
    return envValue(s, i) != null;
  }

  private static int[] envValue(String s, int i) {
    int n = s.length();
    if (i < 2 || i + 5 >= n || !s.startsWith("PASS", i) || s.charAt(i - 1) != '_') {
      return null;
    }
    char before = s.charAt(i - 2);
    if (!((before >= 'A' && before <= 'Z') || (before >= '0' && before <= '9'))) {
      return null;
    }
    char sep = s.charAt(i + 4);
    if (sep == '=') {
      return word(s, i + 5);
    }
    return sep == ':' && s.charAt(i + 5) == ' ' ? spaced(s, i + 5) : null;
  }

  static String redact(String s) {
    StringBuilder out = null;
    int last = 0;
    int n = s.length();
    for (int i = nextCandidate(s, 0); i >= 0 && i < n; i = nextCandidate(s, i + 1)) {
      int[] value = s.charAt(i) == '-' ? valueAt(s, i) : envValue(s, i);
      if (value == null || SecretReferences.end(s, value[0]) >= 0) {
        continue; // --set-secrets=DB_PASS=db-pass:latest names the secret
      }
      if (out == null) {
        out = new StringBuilder(n);
      }
      String type = value.length > 2 ? CommandLineCredentials.TYPE : TYPE;
      out.append(s, last, value[0]).append(Redactor.marker(type));
      last = value[1];
      i = Math.max(i, value[1] - 1);
    }
    return out == null ? s : out.append(s, last, n).toString();
  }

  /** The next dash or {@code PASS} at or after {@code from}, or -1. */
  private static int nextCandidate(String s, int from) {
    int dash = s.indexOf('-', from);
    int pass = s.indexOf("_PASS", from < 1 ? 0 : from - 1);
    pass = pass < 0 ? -1 : pass + 1;
    return dash < 0 ? pass : pass < 0 ? dash : Math.min(dash, pass);
  }

  /** The password's bounds for option {@code s[i, end)} of {@code command}, or null. */
  private static int[] value(String s, int i, int end, String command) {
    String option = s.substring(i, end);
    boolean glued = end < s.length() && s.charAt(end) != ' ';
    switch (option) {
      case "-p":
        if (isMysql(command)) {
          return glued ? word(s, end) : null;
        }
        if (command.equals("sshpass")
            || command.startsWith("mongo")
            || (isLoginCommand(command) && s.indexOf("login", i - 64 < 0 ? 0 : i - 64) >= 0)) {
          return glued ? word(s, end) : spaced(s, end);
        }
        return null;
      case "-P":
        return command.equals("sqlcmd") || command.equals("bcp") || command.equals("osql")
            ? glued ? word(s, end) : spaced(s, end)
            : null;
      case "-a":
      case "--pass":
        return !glued && (command.equals("redis-cli") || command.equals("valkey-cli"))
            ? spaced(s, end)
            : null;
      case "-U":
        if (glued || !(command.equals("smbclient") || command.equals("rpcclient"))) {
          return null;
        }
        int[] user = spaced(s, end);
        int pct = user == null ? -1 : s.indexOf('%', user[0]);
        // user%password whole, as curl's -U user:password is (CommandLineCredentials).
        return pct < 0 || pct >= user[1] - 1 ? null : new int[] {user[0], user[1], 1};
      default:
        if (glued) {
          return null;
        }
        if (command.equals("openssl")) {
          int at = end + 1;
          return s.startsWith("pass:", at) ? word(s, at + 5) : null;
        }
        return command.equals("keytool") || command.equals("jarsigner") ? spaced(s, end) : null;
    }
  }

  private static boolean isMysql(String command) {
    return command.startsWith("mysql") || command.startsWith("mariadb");
  }

  private static boolean isLoginCommand(String command) {
    switch (command) {
      case "docker":
      case "podman":
      case "nerdctl":
      case "buildah":
      case "skopeo":
      case "helm":
      case "az":
        return true;
      default:
        return false;
    }
  }

  /** The value after the blanks at {@code end}, or null. */
  private static int[] spaced(String s, int end) {
    int at = end;
    while (at < s.length() && s.charAt(at) == ' ') {
      at++;
    }
    return at == end ? null : word(s, at);
  }

  /**
   * The value starting at {@code at}: a quoted string's content or a word; null when there is none,
   * or it is a placeholder, an option or already redacted.
   */
  private static int[] word(String s, int at) {
    int n = s.length();
    if (at >= n) {
      return null;
    }
    char q = s.charAt(at);
    int start = at;
    int end;
    if (q == '\'' || q == '"') {
      start = at + 1;
      end = s.indexOf(q, start);
      if (end < 0) {
        return null;
      }
    } else {
      end = at;
      while (end < n && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != ';') {
        end++;
      }
    }
    if (end == start
        || s.charAt(start) == '$'
        || s.charAt(start) == '-'
        || s.startsWith(Redactor.PREFIX, start)) {
      return null;
    }
    return new int[] {start, end};
  }

  /** The command the option at {@code i} belongs to: its segment's first word, lower case. */
  private static String command(String s, int i) {
    int from = i;
    while (from > 0) {
      char c = s.charAt(from - 1);
      if (c == '|' || c == ';' || c == '&' || c == '\n' || c == '(' || c == '`') {
        break;
      }
      if (c == '+' && from >= 2 && s.charAt(from - 2) == ' ' && s.charAt(from) == ' ') {
        break; // a trace after a prefix ("Step #2: + docker login …")
      }
      from--;
    }
    int at = from;
    while (true) {
      while (at < i && (s.charAt(at) == ' ' || s.charAt(at) == '+' || s.charAt(at) == '\t')) {
        at++;
      }
      int end = at;
      while (end < i && s.charAt(end) != ' ') {
        end++;
      }
      if (end >= i) {
        return "";
      }
      String w = s.substring(at, end);
      if (w.equals("sudo") || w.equals("exec") || w.equals("time") || w.indexOf('=') > 0) {
        at = end; // sudo, NAME=value before the command
        continue;
      }
      int slash = w.lastIndexOf('/');
      return w.substring(slash + 1).toLowerCase(Locale.ROOT);
    }
  }

  private static boolean boundary(char c) {
    return c == ' ' || c == '\t' || c == '\'' || c == '"';
  }
}
