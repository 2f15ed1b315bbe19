package dev.logalerts.templates;

import static dev.logalerts.templates.TemplateChars.isSpace;
import static dev.logalerts.templates.TemplateChars.letterOrDigit;

/**
 * Positions that hold the name of an instance (a host, program, database, account, realm or client)
 * rather than a word that tells events apart: the value is data even when it is a plain word, so
 * each new name does not start a new template (and a new noisy-log row) for the same log call.
 *
 * <p>{@code key=value}: after a name key ({@code rhost=gw}, {@code name=android}, {@code
 * comm=sshd}, {@code db=shop} in Cloud SQL's {@code log_line_prefix}, Keycloak's {@code
 * realmId=master}, Sidekiq's thread {@code tid=dsmk}), unlike the enumerations of other keys
 * ({@code state=RUNNING}, {@code force=false}), which stay. An account after {@code user=}, {@code
 * username=}, {@code ruser=} or {@code logname=} too (PAM's {@code authentication failure; logname=
 * ... ruser= rhost=1.2.3.4 user=root}, Cloud SQL's {@code db=shop,user=app}, a JSON {@code "user":
 * "bob"}): a brute-force attack tries thousands of user names through one log call, which must stay
 * one noisy-log row, as the corrected Loghub-2k labels have it ({@code user=<*>}; the original
 * Linux labels split root, guest and test).
 *
 * <p>A quoted name after the noun that names its kind: PostgreSQL's {@code role "directus" does not
 * exist}, {@code password authentication failed for user "postgres"}, {@code relation "users" does
 * not exist}, MySQL's {@code Access denied for user 'root'@'localhost'} and {@code to db: 'tor'
 * user: 'toruser'}, RabbitMQ's {@code granted access to vhost 'orders'} and {@code vhost: 'orders',
 * user: 'app'}. Quoted text elsewhere is templated word by word ({@code syntax error at or near
 * "SELECT"} keeps its keyword). And the unquoted name after PostgreSQL's {@code permission denied
 * for relation}, {@code ... for table}.
 */
final class NamePositions {
  private NamePositions() {}

  private static final String[] NAME_KEYS = {
    "host",
    "rhost",
    "hostname",
    "name",
    "comm",
    "exe",
    "program",
    "prog",
    "db",
    "database",
    "dbname",
    "realm",
    "realmid",
    "realmname",
    "clientid",
    "client_id",
    "application_name",
    "tid",
    // An account: one log call for every user name (PAM's user=root, Cloud SQL's user=app; sudo's
    // PAM line names the invoking account in logname= and ruser= too).
    "user",
    "username",
    "ruser",
    "logname",
    // Kubernetes and cloud objects in controllers' and agents' logfmt lines (Argo CD's
    // application=shop dest-namespace=shop): every object gets the same log call.
    "namespace",
    "ns",
    "dest-namespace",
    "pod",
    "pod_name",
    "podname",
    "node",
    "node_name",
    "nodename",
    "container",
    "container_name",
    "app",
    "application",
    "service",
    "service_name",
    "cluster",
    "cluster_name",
    "deployment",
    "topic",
    "queue",
    "bucket",
    "vhost",
    "request", // a controller's reconcile request: {"request": "default/contour-sample"}
    "label" // kube-dns' sidecar names each probe it starts: {Label:kubedns Server:… Type:33}
  };

  private static final int LONGEST_KEY = 16;

  /** {@link #NAME_KEYS} by length: a key=value token compares with the few keys of its length. */
  private static final String[][] NAME_KEYS_BY_LENGTH = new String[LONGEST_KEY + 1][];

  static {
    if (java.util.Arrays.stream(NAME_KEYS).anyMatch(k -> k.length() > LONGEST_KEY)) {
      throw new AssertionError("a name key longer than LONGEST_KEY would never match");
    }
    for (int n = 0; n <= LONGEST_KEY; n++) {
      int len = n;
      NAME_KEYS_BY_LENGTH[n] =
          java.util.Arrays.stream(NAME_KEYS).filter(k -> k.length() == len).toArray(String[]::new);
    }
  }

  /** Whether key {@code s[a, e)} (before {@code =}) names an instance. */
  static boolean isNameKey(char[] s, int a, int e) {
    int n = e - a;
    if (n > 3
        && (s[e - 3] == '_' || s[e - 3] == ' ')
        && (s[e - 2] | 0x20) == 'i'
        && (s[e - 1] | 0x20) == 'd') {
      // dag_id=etl, task_id=load (Airflow's lines), 'DAG Id': 'etl' (its zombie reports): an id,
      // though a plain word
      return true;
    }
    if (prefixedAccount(s, e, n)) {
      return true;
    }
    if (n < 2 || n > LONGEST_KEY) {
      return false;
    }
    for (String w : NAME_KEYS_BY_LENGTH[n]) {
      if (TemplateWords.equalsIgnoreCaseAt(s, a, e, w)) {
        return true;
      }
    }
    return false;
  }

  /** The nouns a quoted name follows: accounts and database objects. */
  private static final String[] NOUNS = {
    "user",
    "role",
    "database",
    "relation",
    "table",
    "column",
    "schema",
    "constraint",
    "index",
    "sequence",
    "view",
    "extension",
    "tablespace",
    "realm",
    "vhost",
    // Cloud Run's probe lines: Default STARTUP TCP probe succeeded after 1 attempt for container
    // "worker" on port 8080 (a plain-word name was kept, "hello-1" masked)
    "container"
  };

  private static final int LONGEST_NOUN = 10;

  /**
   * The labels of MySQL's {@code Aborted connection 29 to db: 'tor' user: 'toruser' host:
   * 'localhost'}: a quoted value after one of them and a colon is a name.
   */
  private static final String[] LABELS = {"db", "user", "host", "database", "vhost"};

  /**
   * Whether the template so far ends with one of the nouns as a whole word and a blank, or one of
   * the labels, a colon and a blank, so that the quoted value about to be written names an instance
   * of it.
   */
  static boolean nounBefore(TemplateOutput out) {
    char[] o = out.o;
    int e = out.olen;
    if (e == 0 || o[e - 1] != ' ') {
      return false;
    }
    while (e > 0 && o[e - 1] == ' ') {
      e--;
    }
    boolean label = e > 0 && o[e - 1] == ':';
    if (label) {
      e--;
    }
    int a = e;
    while (a > 0 && e - a <= LONGEST_NOUN && letterOrDigit(o[a - 1])) {
      a--;
    }
    if (e - a < 2
        || e - a > LONGEST_NOUN
        || (a > 0 && (letterOrDigit(o[a - 1]) || o[a - 1] == '_'))) {
      return false;
    }
    for (String w : label ? LABELS : NOUNS) {
      if (w.length() == e - a && TemplateWords.equalsIgnoreCaseAt(o, a, e, w)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the template so far ends with a quoted name key and a colon ({@code "namespace": }), a
   * JSON member as zap's console encoder writes a line's fields ({@code Reconciling {"namespace":
   * "shop", "name": "cache"}}) or a member of a Python dict's repr ({@code {'dag_id': 'etl'}}): the
   * quoted value about to be written names an instance.
   */
  static boolean jsonNameKeyBefore(TemplateOutput out) {
    return quotedKeyBefore(out, NamePositions::isNameKey);
  }

  /** A test of key {@code s[a, e)}. */
  interface KeyCheck {
    boolean test(char[] s, int a, int e);
  }

  /** How far back a quoted key is looked for: longer than any key a {@link KeyCheck} takes. */
  private static final int LONGEST_QUOTED_KEY = 32;

  /**
   * Whether the template so far ends with a quoted key that passes {@code test} and a colon, a JSON
   * member ({@code "namespace": }) or a Python dict's ({@code 'dag_id': }, its repr quotes keys
   * with ').
   */
  static boolean quotedKeyBefore(TemplateOutput out, KeyCheck check) {
    char[] o = out.o;
    int e = out.olen;
    while (e > 0 && o[e - 1] == ' ') {
      e--;
    }
    char q = e < 4 ? 0 : o[e - 2];
    if (e < 4 || o[e - 1] != ':' || (q != '"' && q != '\'')) {
      return false;
    }
    int ke = e - 2;
    int ks = ke;
    while (ks > 0 && ke - ks <= LONGEST_QUOTED_KEY && o[ks - 1] != q) {
      ks--;
    }
    return ks > 0 && ks < ke && o[ks - 1] == q && check.test(o, ks, ke);
  }

  /**
   * Whether the quoted text {@code s[from, to)} about to be written (its closing quote at {@code
   * to}, the line ending at {@code end}) is one name of an instance: after the noun of its kind
   * ({@link #nounBefore}), a JSON name key ({@link #jsonNameKeyBefore}), a Kubernetes resource or a
   * Cloud Build step; not the name of a name/value pair ({@link #valueKeyAfter}).
   */
  static boolean quotedNameNext(TemplateOutput out, char[] s, int from, int to, int end) {
    // The opening quote, or the backslash of an escaped one.
    int open = from - 1;
    if (open > 0 && s[open - 1] == '\\') {
      open--;
    }
    return (nounBefore(out)
            || jsonNameKeyBefore(out)
            || kubernetesResourceBefore(s, open)
            || CloudBuildSteps.stepIdAt(s, open))
        && oneName(s, from, to)
        && !valueKeyAfter(s, to + 1, end);
  }

  /** Kubernetes' core resources, as its API's errors name them: {@code pods "web" not found}. */
  private static final String[] CORE_RESOURCES = {
    "pods",
    "services",
    "secrets",
    "configmaps",
    "nodes",
    "namespaces",
    "endpoints",
    "serviceaccounts",
    "persistentvolumeclaims",
    "persistentvolumes",
    "events",
    "replicationcontrollers",
    "resourcequotas",
    "limitranges"
  };

  private static final int LONGEST_RESOURCE = 64;

  /**
   * Whether the line before {@code open} ends with a Kubernetes resource and one blank, as the API
   * server's errors write it before the object's quoted name: a core resource ({@code pods "web"
   * not found}) or a plural with its group ({@code Operation cannot be fulfilled on
   * deployments.apps "web": the object has been modified}, {@code leases.coordination.k8s.io
   * "kube-scheduler"}). Controllers log these errors for every object they sync; inside a quoted
   * value the name's quotes are escaped ({@code err="… deployments.apps \"web\": …"}).
   */
  static boolean kubernetesResourceBefore(char[] s, int open) {
    // Read in the line, not the template: a group with a digit (k8s.io) is masked there.
    int e = open;
    if (e < 2 || s[e - 1] != ' ') {
      return false;
    }
    e--;
    int a = e;
    int dot = -1;
    while (a > 0 && e - a <= LONGEST_RESOURCE) {
      char c = s[a - 1];
      if (c == '.') {
        dot = a - 1;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        break;
      }
      a--;
    }
    if (e - a < 4 || e - a > LONGEST_RESOURCE || (a > 0 && !isSpace(s[a - 1]) && s[a - 1] != '"')) {
      return false;
    }
    if (dot < 0) {
      for (String r : CORE_RESOURCES) {
        if (r.length() == e - a && TemplateWords.equalsIgnoreCaseAt(s, a, e, r)) {
          return true;
        }
      }
      return false;
    }
    // A plural of letters ending in s, then a group of dotted words (apps, coordination.k8s.io).
    if (dot - a < 3 || s[dot - 1] != 's' || s[e - 1] == '.' || s[dot + 1] == '.') {
      return false;
    }
    for (int p = a; p < dot; p++) {
      if (s[p] < 'a' || s[p] > 'z') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a {@code value} key follows at {@code i} (after blanks, a comma and a quote): the name
   * before it is then the name of a name/value pair ({@code {"name":"DB_PASSWORD","value":"…"}},
   * Go's {@code {Name:DB_PASSWORD Value:… ValueFrom:nil}}), a field's name as code writes it, which
   * stays, so the redactor sees which value it names.
   */
  static boolean valueKeyAfter(char[] s, int i, int to) {
    while (i < to && (s[i] == ' ' || s[i] == ',' || s[i] == '"' || s[i] == '\'' || s[i] == '\\')) {
      i++;
    }
    if (i + 5 >= to || !TemplateWords.equalsIgnoreCaseAt(s, i, i + 5, "value")) {
      return false;
    }
    int j = i + 5;
    while (j < to && (s[j] == '"' || s[j] == '\'' || s[j] == '\\' || s[j] == ' ')) {
      j++;
    }
    return j < to && (s[j] == ':' || s[j] == '=');
  }

  /** Whether quoted text {@code s[from, to)} is one name: no blank, not too long. */
  static boolean oneName(char[] s, int from, int to) {
    if (to - from > 128) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (TemplateChars.isSpace(s[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * MySQL's account {@code 'root'@'localhost'}: after a quoted user name, {@code @} and a quoted
   * host at {@code i} are written as a placeholder too. Returns the index after the host, or -1.
   */
  static int hostAfterName(char[] s, int i, int to, char q, TemplateOutput out) {
    if (i + 2 >= to || s[i] != '@' || s[i + 1] != q) {
      return -1;
    }
    int m = i + 2;
    while (m < to && s[m] != q && !TemplateChars.isSpace(s[m])) {
      m++;
    }
    if (m >= to || s[m] != q) {
      return -1;
    }
    out.append('@').append(q);
    out.placeholder();
    out.append(q);
    return m + 1;
  }

  /** The kinds of object PostgreSQL names unquoted after "permission denied for". */
  private static final String[] DENIED_OBJECTS = {
    "relation", "table", "schema", "sequence", "database", "function", "view", "column"
  };

  private static final String DENIED_FOR = "permission denied for";

  /** Whether the template so far ends with "for" and blanks: one char test for most words. */
  private static boolean endsWithFor(TemplateOutput out) {
    int end = out.olen;
    while (end > 0 && out.o[end - 1] == ' ') {
      end--;
    }
    return end >= DENIED_FOR.length()
        && (out.o[end - 1] | 0x20) == 'r'
        && (out.o[end - 2] | 0x20) == 'o'
        && (out.o[end - 3] | 0x20) == 'f';
  }

  /** Whether word {@code s[a, e)} is one after which the next word is data (see below). */
  static boolean dataNext(char[] s, int a, int e, TemplateOutput out) {
    return deniedObject(s, a, e, out)
        || bigQueryObject(s, a, e, out)
        || keyPieceCount(s, a, e, out)
        || pulledImage(s, a, e, out)
        || memberGroup(s, a, e, out);
  }

  /**
   * An account under a prefixed key: {@code remote_user=}, {@code db_user=}, Postfix's {@code
   * sasl_username=}.
   */
  private static final String[] ACCOUNT_WORDS = {"user", "username"};

  /** Whether key {@code s[e - n, e)} ends with {@code _} or {@code -} and an account word. */
  private static boolean prefixedAccount(char[] s, int e, int n) {
    for (String word : ACCOUNT_WORDS) {
      int w = word.length();
      if (n > w + 1
          && (s[e - w - 1] == '_' || s[e - w - 1] == '-')
          && TemplateWords.equalsIgnoreCaseAt(s, e - w, e, word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether word {@code s[a, e)} is {@code group} after {@code to} or {@code from}: shadow-utils'
   * {@code user alice added by root to group netdev} (gpasswd, usermod; a VM's guest agent adds
   * each new account to eight groups), so that the group, the next word, is data: one row for the
   * log call, not one per group. Checks the word's length first.
   */
  static boolean memberGroup(char[] s, int a, int e, TemplateOutput out) {
    return e - a == 5
        && TemplateWords.equalsAt(s, a, e, "group")
        && (out.endsWith(" to ") || out.endsWith(" from "));
  }

  /**
   * Whether word {@code s[a, e)} is {@code from} after {@code Pulling}: Docker's {@code latest:
   * Pulling from library/nginx} (Cloud Build steps, VM startup scripts), so that the next word, the
   * repository, is data: one row for the pull, not one per image. Checks the word's length first:
   * most words are not {@code from}.
   */
  static boolean pulledImage(char[] s, int a, int e, TemplateOutput out) {
    return e - a == 4 && TemplateWords.equalsAt(s, a, e, "from") && out.endsWith("Pulling ");
  }

  /**
   * Whether word {@code s[a, e)} is an object's kind after "permission denied for" (PostgreSQL's
   * {@code permission denied for table %s}), so that the next word is its name. Checks the noun
   * first: most words are none of them.
   */
  static boolean deniedObject(char[] s, int a, int e, TemplateOutput out) {
    int n = e - a;
    if (n < 4 || n > 8 || !endsWithFor(out)) {
      return false;
    }
    boolean noun = false;
    for (String w : DENIED_OBJECTS) {
      if (w.length() == n && TemplateWords.equalsIgnoreCaseAt(s, a, e, w)) {
        noun = true;
        break;
      }
    }
    if (!noun) {
      return false;
    }
    int end = out.olen;
    while (end > 0 && out.o[end - 1] == ' ') {
      end--;
    }
    int start = end - DENIED_FOR.length();
    return start >= 0
        && (start == 0 || !TemplateChars.letterOrDigit(out.o[start - 1]))
        && TemplateWords.regionMatches(out.o, start, DENIED_FOR, 0, DENIED_FOR.length(), true);
  }

  /**
   * Whether word {@code s[a, e)} is the kind of a missing or denied object in BigQuery's errors
   * ({@code Not found: Table p:d.t was not found in location US}, {@code Unrecognized name: ffff at
   * [1:155]}, {@code Access Denied: Table p:d.t: Permission bigquery.tables.get denied on table
   * p:d.t (or it may not exist).}, {@code ... permission in project p.}), so that the next word,
   * its name, is data. Checks the word's length first: most words are none.
   */
  static boolean bigQueryObject(char[] s, int a, int e, TemplateOutput out) {
    int n = e - a;
    if (n == 4) {
      return TemplateWords.equalsAt(s, a, e, "name") && out.endsWith("Unrecognized ");
    }
    if (n == 5 && TemplateWords.equalsAt(s, a, e, "table")) {
      return out.endsWith("denied on ") || out.endsWith("permission to query ");
    }
    if (n == 7 && TemplateWords.equalsAt(s, a, e, "project")) {
      return out.endsWith(" permission in ");
    }
    return (n == 5 && TemplateWords.equalsAt(s, a, e, "Table")
            || n == 7
                && (TemplateWords.equalsAt(s, a, e, "Dataset")
                    || TemplateWords.equalsAt(s, a, e, "Project")))
        && (out.endsWith("Not found: ") || out.endsWith("Access Denied: "));
  }

  /**
   * Whether word {@code s[a, e)} is {@code chars} or {@code characters} after {@code first N} or
   * {@code last N}: what an application prints of a key it checks ({@code Verifying API Key. First
   * 5 chars: fwybN}), so that the next word, a piece of that key, is data (a row per key
   * otherwise). Checks the word's length first: most words are neither.
   */
  static boolean keyPieceCount(char[] s, int a, int e, TemplateOutput out) {
    int n = e - a;
    if (n != 5 && n != 10
        || !TemplateWords.equalsIgnoreCaseAt(s, a, e, n == 5 ? "chars" : "characters")) {
      return false;
    }
    return out.endsWith("First <*> ")
        || out.endsWith("first <*> ")
        || out.endsWith("Last <*> ")
        || out.endsWith("last <*> ");
  }

  /**
   * App Engine flexible's process tag, {@code pid1-nginx}, {@code pid1-app}: the supervisor's pid
   * and the program's name, which name where a line comes from as {@code [pid1]} does (a zone such
   * as {@code us-east1-b} does not start with {@code pid}).
   */
  static boolean isProcessTag(char[] s, int a, int e) {
    if (e - a < 6 || s[a] != 'p' || s[a + 1] != 'i' || s[a + 2] != 'd') {
      return false;
    }
    int i = a + 3;
    while (i < e && s[i] >= '0' && s[i] <= '9') {
      i++;
    }
    if (i == a + 3 || i > a + 5 || i >= e - 1 || s[i] != '-') {
      return false;
    }
    for (i++; i < e; i++) {
      if (s[i] < 'a' || s[i] > 'z') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s[v, e)} starts with a Google Cloud region and a colon ({@code us-central1:}):
   * after a project id, Cloud SQL's instance connection name ({@code
   * shop-prod:us-central1:orders}).
   */
  static boolean regionThenColon(char[] s, int v, int e) {
    int i = v;
    while (i < e && s[i] >= 'a' && s[i] <= 'z') {
      i++;
    }
    if (i == v || i >= e || s[i] != '-') {
      return false;
    }
    int w = ++i;
    while (i < e && s[i] >= 'a' && s[i] <= 'z') {
      i++;
    }
    int d = i;
    while (i < e && s[i] >= '0' && s[i] <= '9') {
      i++;
    }
    return i > w && d > w && i > d && i < e && s[i] == ':';
  }

  /**
   * The end (after its {@code >}) of {@code <…>} at {@code s[open]} when it is the whole value of
   * key {@code s[a, eq)} and data, else -1: it closes before a blank or separator, and the key
   * names an instance or the value holds a digit, {@code @}, {@code .} or {@code /} ({@code
   * helo=<zzz>} stays).
   */
  static int angledValueEnd(char[] s, int a, int eq, int open, int to) {
    int j = open + 1;
    boolean data = false;
    while (j < to && s[j] != '>' && s[j] != '<' && !isSpace(s[j])) {
      char c = s[j];
      data |= (c >= '0' && c <= '9') || c == '@' || c == '.' || c == '/';
      j++;
    }
    if (j == open + 1 || j >= to || s[j] != '>') {
      return -1;
    }
    if (j + 1 < to && !isSpace(s[j + 1]) && s[j + 1] != ',' && s[j + 1] != ';') {
      return -1;
    }
    if (!data && !isNameKey(s, a, eq)) {
      return -1;
    }
    return j + 1;
  }
}
