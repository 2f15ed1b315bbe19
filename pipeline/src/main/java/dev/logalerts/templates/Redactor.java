package dev.logalerts.templates;

import static dev.logalerts.templates.RedactionAnchors.asciiLetterOrDigit;
import static dev.logalerts.templates.RedactionAnchors.isBase64;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.io.Serializable;

/**
 * Replaces secrets in text with typed markers such as {@code [REDACTED:jwt]} before anything is
 * stored or published (noisy-log samples, templates, alert samples).
 *
 * <p>What is redacted, and the marker it gets:
 *
 * <ul>
 *   <li>{@code private_key}: PEM private key blocks ({@code -----BEGIN ... PRIVATE KEY-----}),
 *       multi-line, single-line with {@code \n} escapes, or truncated before the END line;
 *   <li>{@code jwt}: three base64url parts starting {@code eyJ}, or two when both start {@code eyJ}
 *       (a JWT without its signature);
 *   <li>{@code bearer}: the token after {@code Bearer}; {@code basic_auth}: the credentials of an
 *       {@code Authorization: Basic} header; {@code authorization}: the credentials of an {@code
 *       Authorization} or {@code Proxy-Authorization} value with another scheme or none ({@code
 *       Token}, {@code Digest}, {@code ApiKey}, {@code SharedAccessSignature}, {@code
 *       AWS4-HMAC-SHA256}, {@code Negotiate}, {@code key=…}), in headers, JSON and Go header maps;
 *       the scheme stays, and so does prose ({@code Authorization: denied}), see {@link
 *       AuthorizationValues};
 *   <li>{@code url_credentials}: {@code user:pass} in {@code scheme://user:pass@host} (the user may
 *       be empty, {@code redis://:pass@host}, and the password may hold {@code @}); also after a
 *       command-line option such as curl's {@code -u}, {@code --user} or {@code --proxy-user}, see
 *       {@link CommandLineCredentials};
 *   <li>{@code github_token} ({@code ghp_}, {@code gho_}, {@code github_pat_}…), {@code
 *       slack_token} ({@code xoxb-}…), {@code slack_webhook} (services, workflows), {@code
 *       google_api_key} ({@code AIza}…), {@code aws_access_key_id} ({@code AKIA}/{@code ASIA}…),
 *       {@code aws_secret_access_key} (the 40-character value next to that name or right after the
 *       key id, {@code AKIA…:wJalr…}), {@code google_oauth_token} ({@code ya29.}, {@code 1//0}),
 *       {@code google_oauth_code} (an authorization code, {@code 4/0A…}, as an OAuth callback's
 *       query logs it), {@code stripe_key} ({@code sk_live_}, {@code rk_live_}…), {@code api_key}
 *       for OpenAI and Anthropic keys ({@code sk-proj-}…), {@code gitlab_token} ({@code glpat-}),
 *       {@code npm_token}, {@code sendgrid_key} ({@code SG.}), each by its own prefix wherever it
 *       stands;
 *   <li>more tokens by their prefix and shape, standing as words of their own ({@link
 *       VendorTokens}): {@code google_oauth_client_secret} ({@code GOCSPX-}), {@code
 *       google_hmac_key} ({@code GOOG1}), the other {@code gitlab_token} prefixes ({@code glptt-},
 *       {@code gldt-}, {@code glrt-}…), {@code slack_token} ({@code xapp-}), {@code stripe_key}
 *       ({@code whsec_}), {@code pypi_token}, {@code vault_token} ({@code hvs.}, {@code hvb.}),
 *       {@code azure_client_secret} ({@code …8Q~…}), {@code private_key} ({@code AGE-SECRET-KEY-1})
 *       and {@code api_key} for Hugging Face, DigitalOcean, Shopify, Databricks, Grafana, Doppler,
 *       Linear, Postman, New Relic, Pulumi, Sentry, Dynatrace, Heroku ({@code HRKU-AA}) and
 *       Atlassian ({@code ATATT3});
 *   <li>{@code password}, {@code secret}, {@code token}, {@code signature}, {@code api_key}, {@code
 *       access_key}, {@code private_key}, {@code key}: the value of such a key in query strings,
 *       {@code key=value}, {@code key: value}, JSON-ish text ({@code "password": "x"}, escaped at
 *       any depth), Ruby/PHP/Perl hashes ({@code :password => "x"}) and one-element lists ({@code
 *       X-Api-Key:[v]}, Go's header maps); after such a command-line flag ({@code --db-password x},
 *       {@code -password x}, {@code ["--token", "x"]}); and in name/value pairs such as Kubernetes
 *       env lists ({@code {"name":"DB_PASSWORD","value":"x"}}, YAML, Go), see {@link
 *       NameValuePairs}. Compound names count ({@code db_password}, {@code MYSQL_PWD}, {@code
 *       GPG_PASSPHRASE}, {@code client_secret}, {@code accessToken}, {@code X-Api-Key}, {@code
 *       X-Goog-Signature}); plain {@code key} only as a name of its own or after a secret-ish word
 *       ({@code secretKey}, {@code AccountKey}), so that {@code partition_key=7} stays; {@code sig}
 *       (Azure SAS) only as a name of its own. Status words ({@code signature: valid}, {@code
 *       token=null}), working directories ({@code PWD=/home/app}) and cache keys ({@code
 *       key=user:1234}) stay, see {@link KeyValues};
 *   <li>{@code password} also for the string literal of a SQL statement's password clause, as a
 *       database logs the statement ({@code ALTER ROLE app PASSWORD '…'}, {@code IDENTIFIED BY
 *       '…'}), see {@link SqlPasswords}; and for the password option of a command that takes one
 *       ({@code mysql -pX}, {@code sshpass -p X}, {@code redis-cli -a X}, {@code sqlcmd -P X},
 *       {@code docker login -p X}, openssl's {@code pass:X}, keytool's {@code -storepass X}, the
 *       Redis AUTH of ioredis's debug log {@code -> auth([ 'X' ])}), see {@link CommandPasswords};
 *   <li>{@code service_account_key}: base64-encoded service account key files (a key file's {@code
 *       private_key_id} stays: Google serves each key's public certificate under that id, and it
 *       names the key to disable); {@code basic_auth} also for the base64 {@code user:password} of
 *       a Docker config's {@code "auth"} and of an npm config's {@code :_auth=};
 *   <li>{@code secret} also for every value of a Kubernetes Secret's {@code data} and {@code
 *       stringData} maps in JSON (audit log bodies, the last-applied annotation) or YAML, whatever
 *       its key, see {@link KubernetesSecrets};
 *   <li>{@code discord_webhook}, {@code telegram_bot_token}, {@code teams_webhook}: the secret of
 *       chat webhook and bot URLs (see {@link ChatWebhooks});
 *   <li>{@code session_id}: a servlet session id in a URL, {@code ;jsessionid=…} (see {@link
 *       UrlParts});
 *   <li>{@code cookie}: the {@code name=value} pairs of a {@code Cookie:} or {@code Set-Cookie:}
 *       header ({@code invalid cookie: expired} stays);
 *   <li>{@code email}: e-mail addresses, also with the {@code @} percent-encoded ({@code %40}) as
 *       URLs carry them;
 *   <li>{@code card}: 13–19 digit numbers (optionally grouped by spaces or dashes in fours, or
 *       4-6-5) in a payment-card issuer range with a length that range uses, and that pass the Luhn
 *       check. Numbers that fail Luhn, epoch timestamps (they start with 1), digits glued to
 *       letters (hashes) and signed numbers ({@code blk_-6952295868487656571}) stay.
 * </ul>
 *
 * <p>This runs on every stored sample, so it is built for the common case of nothing to redact: one
 * hand-written pass over the text looks for cheap anchors ({@code @}, {@code eyJ}, {@code
 * -----BEGIN}, key words, long digit runs, …) and only the checks whose anchor occurred run. Text
 * with no anchor costs that single pass and returns the same String instance. Short texts redacted
 * recently (templates, mostly) are answered from {@link #RECENT} without that pass. The fixed
 * patterns are compiled once and run on RE2J, in time linear in the text whatever it holds; e-mail,
 * PEM and card detection are hand-written single-pass scanners ({@link SecretScanners}), and so are
 * the Authorization values and name/value pairs.
 */
public final class Redactor implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String PREFIX = "[REDACTED:";

  /** The redacted forms of recently redacted texts up to 512 chars: templates repeat. */
  static final RecentAnswers<String> RECENT = new RecentAnswers<>(4096, 512);

  // The fixed patterns run on RE2J (linear time in the text, whatever the input). They are
  // written so that they find exactly what the former java.util.regex patterns found:
  // case-insensitive words are spelled out ASCII-only with ci() (RE2J's (?i) would also fold
  // the Kelvin sign and the long s), \s and . are spelled out as Java's, and the two things RE2J
  // lacks, Java's \b (which counts any Unicode letter or digit as a word char) and negative
  // lookahead, are checked on each match in code (see accept()). Every pattern matches at most
  // one way at a given start, so a rejected match means "no match here, try the next start".

  /** Java's \s. */
  static final String WS = " \\t\\n\\x0B\\f\\r";

  /** Java's . (any char but a line terminator). */
  static final String DOT = "[^\\n\\r\\x{85}\\x{2028}\\x{2029}]";

  // Without its signature a JWT still carries its claims (and with alg "none" it is the whole
  // credential): two parts count when the second is JSON too (eyJ).
  private static final Pattern JWT_PATTERN =
      Pattern.compile(
          "\\beyJ[A-Za-z0-9_-]{8,}\\.(?:[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*|eyJ[A-Za-z0-9_-]{2,})");
  private static final Pattern BEARER_PATTERN =
      Pattern.compile("\\b(" + ci("bearer") + "[ \\t]+)([A-Za-z0-9._~+/=-]{8,})");
  private static final String COOKIE_NAME = "[^\\s;=\"'\\[\\]\\\\]+";
  private static final String COOKIE_VALUE = "[^\\s;\"'\\[\\]\\\\]*";

  /**
   * A {@code Cookie:}/{@code Set-Cookie:} header value (session ids are credentials): its {@code
   * name=value} pairs and attributes, separated by {@code ;}.
   */
  private static final Pattern COOKIE_PATTERN =
      Pattern.compile(
          "((?:"
              + ci("set-")
              + ")?"
              + ci("cookie")
              + "[sS]?\\\\?[\"']?[ \\t]*[:=][ \\t]*(?:\\[[ \\t]*)?\\\\?[\"']?)"
              + "("
              + COOKIE_NAME
              + "="
              + COOKIE_VALUE
              + "(?:;[ \\t]*"
              + COOKIE_NAME
              + "(?:="
              + COOKIE_VALUE
              + ")?)*)");

  private static final Pattern BASIC_PATTERN =
      Pattern.compile(
          "("
              + ci("authorization")
              + KeyValues.SEP
              + "[ \\t]*(?:\\[[ \\t]*)?\\\\*[\"']?"
              + ci("basic")
              + "[ \\t]+)([A-Za-z0-9+/]{4,}={0,2})");
  private static final Pattern URL_CREDENTIALS =
      Pattern.compile(
          "\\b([A-Za-z][A-Za-z0-9+.-]{0,20}://)([^" + WS + "/?#@:\"'<>]*:[^" + WS + "/?#\"'<>]*)@");
  private static final Pattern GITHUB_PATTERN =
      Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})");
  private static final Pattern SLACK_PATTERN =
      Pattern.compile(
          // Slack's tokens go on with the digits of a team or user id: xoxo-indieweb is a word.
          "\\bxox[abposre]-[0-9][A-Za-z0-9-]{9,}"
              + "|hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]+");
  private static final Pattern GOOGLE_PATTERN =
      Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"); // not followed by one more, see accept()
  private static final Pattern VENDOR_PATTERN =
      Pattern.compile(
          "\\b(?:ya29\\.[0-9A-Za-z_-]{20,}"
              + "|1//0[0-9A-Za-z_-]{20,}"
              + "|4/0A[0-9A-Za-z_-]{20,}"
              + "|[sr]k_(?:live|test)_[0-9A-Za-z]{10,}"
              + "|sk-(?:proj|svcacct|admin|ant)-[A-Za-z0-9_-]{20,}"
              + "|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}"
              + "|glpat-[A-Za-z0-9_-]{20,}"
              + "|npm_[A-Za-z0-9]{36}"
              + "|SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,})");
  private static final Pattern AWS_ID_PATTERN =
      Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b");

  /**
   * The secret written right after its access key id, 40 characters: {@code AKIA…:wJalr…}, or with
   * a word between ({@code key AKIA… secret wJalr…}, {@code AKIA… and wJalr…}).
   */
  private static final Pattern AWS_PAIR_PATTERN =
      Pattern.compile(
          "("
              + Pattern.quote(marker("aws_access_key_id"))
              + "(?:[:/,; \\t]{1,2}|[,; \\t]{1,2}"
              + "(?i:secret(?:[_ -]?access)?(?:[_ -]?key)?|and|with|pass(?:word)?)"
              + "[:=]?[ \\t]{0,2}))([A-Za-z0-9/+]{40})");

  private static final Pattern AWS_SECRET_PATTERN =
      Pattern.compile(
          "((?:"
              + ci("aws")
              + "_?)?"
              + ci("secret")
              + "_?"
              + ci("access")
              + "_?"
              + ci("key")
              + KeyValues.SEP
              + "[ \\t]*\\\\*[\"']?)"
              + "([A-Za-z0-9/+=]{40})"); // not followed by one more, see accept()

  /** An ASCII word matched ASCII-case-insensitively: "key" becomes "[kK][eE][yY]". */
  static String ci(String word) {
    StringBuilder sb = new StringBuilder();
    for (char c : word.toCharArray()) {
      sb.append('[').append(c).append(Character.toUpperCase(c)).append(']');
    }
    return sb.toString();
  }

  /**
   * Returns the text with every secret replaced by a typed marker such as {@code [REDACTED:jwt]}.
   */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String r = RECENT.answer(text, Redactor::redactFresh);
    return r.equals(text) ? text : r; // nothing redacted: the caller's own instance, as redacting
  }

  /** {@link #redact} without the memory of recent texts: what a remembered answer must equal. */
  static String redactFresh(String text) {
    int a = RedactionAnchors.of(text);
    return (a & RedactionAnchors.ANY) == 0 ? text : redact(text, a);
  }

  /** Every check, whatever the pre-check says: what {@link #redact} must equal (for tests). */
  static String redactWithEveryCheck(String text) {
    return text == null || text.isEmpty() ? text : redact(text, -1);
  }

  private static String redact(String text, int a) {
    // Each check below runs when the pre-check found what its pattern needs in the original text;
    // once an earlier one has changed the text, on the word alone (see RedactionAnchors).
    String s = text;
    if ((a & RedactionAnchors.PEM) != 0) {
      s = SecretScanners.redactPem(s);
    }
    if ((a & RedactionAnchors.SERVICE_ACCOUNT) != 0) {
      s = SecretScanners.redactServiceAccountKeys(s);
    }
    if ((a & RedactionAnchors.COOKIE) != 0) {
      // Before the tokens a cookie may hold, so that the whole value goes as one.
      s = replaceGroup2(COOKIE_PATTERN, s, "cookie", LEADING_BOUNDARY);
    }
    if ((a & RedactionAnchors.JWT) != 0) {
      s = replaceAll(JWT_PATTERN, s, "jwt", LEADING_BOUNDARY);
    }
    if (runs(a, RedactionAnchors.BEARER, RedactionAnchors.BEARER_WORD, s, text)) {
      s = replaceGroup2(BEARER_PATTERN, s, "bearer", LEADING_BOUNDARY);
    }
    if (runs(a, RedactionAnchors.BASIC, RedactionAnchors.BASIC_WORD, s, text)) {
      s = replaceGroup2(BASIC_PATTERN, s, "basic_auth", 0);
    }
    if ((a & RedactionAnchors.URL_CREDENTIALS) != 0
        || (s != text
            && (a & (RedactionAnchors.URL_WORD | RedactionAnchors.AT))
                == (RedactionAnchors.URL_WORD | RedactionAnchors.AT))) {
      s = replaceGroup2(URL_CREDENTIALS, s, "url_credentials", LEADING_BOUNDARY);
    }
    if ((a & RedactionAnchors.URL_SESSION) != 0) {
      s = UrlParts.redactSessionIds(s);
    }
    if ((a & RedactionAnchors.CHAT_WEBHOOK) != 0) {
      s = ChatWebhooks.redact(s);
    }
    // Before the tokens and e-mail addresses a user:password may hold, so that it goes as one.
    if ((a & RedactionAnchors.COMMAND_LINE) != 0) {
      s = CommandLineCredentials.redact(s);
    }

    if ((a & RedactionAnchors.GITHUB) != 0) {
      s = replaceAll(GITHUB_PATTERN, s, "github_token", LEADING_BOUNDARY);
    }
    if ((a & RedactionAnchors.SLACK) != 0) {
      s = replaceSlack(s);
    }
    if ((a & RedactionAnchors.GOOGLE) != 0) {
      s = replaceAll(GOOGLE_PATTERN, s, "google_api_key", LEADING_BOUNDARY | NOT_BEFORE_KEY_CHAR);
    }
    if ((a & RedactionAnchors.AWS_ID) != 0) {
      s = replaceAll(AWS_ID_PATTERN, s, "aws_access_key_id", LEADING_BOUNDARY | TRAILING_BOUNDARY);
      s = replaceGroup2(AWS_PAIR_PATTERN, s, "aws_secret_access_key", NOT_BEFORE_BASE64_CHAR);
    }
    if (runs(a, RedactionAnchors.AWS_SECRET, RedactionAnchors.KEY_WORD, s, text)) {
      s = replaceGroup2(AWS_SECRET_PATTERN, s, "aws_secret_access_key", NOT_BEFORE_BASE64_CHAR);
    }
    if ((a & RedactionAnchors.SQL_PASSWORD) != 0) {
      s = SqlPasswords.redact(s); // before key values: PASSWORD = PASSWORD('x') is one clause
    }
    if (runs(a, RedactionAnchors.KEY_VALUE, RedactionAnchors.KEY_WORD, s, text)) {
      s = KeyValues.redactKeyValues(s);
    }
    if (runs(a, RedactionAnchors.FLAG, RedactionAnchors.KEY_WORD, s, text)) {
      s = KeyValues.redactFlags(s);
    }
    if (runs(a, RedactionAnchors.NAME_VALUE, RedactionAnchors.KEY_WORD, s, text)) {
      s = NameValuePairs.redact(s);
    }
    if ((a & RedactionAnchors.KUBERNETES_SECRET) != 0) {
      s = KubernetesSecrets.redact(s); // after the key values: a data key "password" keeps its type
    }
    // After the key values, so that a named key keeps its type (api_key=sk_live_…).
    if ((a & RedactionAnchors.VENDOR) != 0) {
      String t = s;
      s = replaceAll(VENDOR_PATTERN, t, start -> vendorType(t, start), LEADING_BOUNDARY);
    }
    if ((a & RedactionAnchors.VENDOR_TOKEN) != 0) {
      s = VendorTokens.redact(s);
    }
    // After the checks by prefix and name, so that a vendor token keeps its type (Authorization:
    // token ghp_…); what they marked inside other credentials goes with them (AWS4, Digest).
    if (runs(a, RedactionAnchors.AUTHORIZATION, RedactionAnchors.BASIC_WORD, s, text)) {
      s = AuthorizationValues.redact(s);
    }
    if ((a & RedactionAnchors.COMMAND_PASSWORD) != 0) {
      s = CommandPasswords.redact(s); // after the tokens: docker login -p glpat-… keeps its type
    }
    if ((a & RedactionAnchors.DOCKER_AUTH) != 0) {
      s = SecretScanners.redactDockerAuth(s);
    }
    if ((a & RedactionAnchors.AT) != 0) {
      s = SecretScanners.redactEmails(s);
    }
    if ((a & RedactionAnchors.DIGITS) != 0) {
      s = CardNumbers.redact(s);
    }
    return s.equals(text) ? text : s;
  }

  /**
   * Whether a check runs: its pattern's needs were found in the original text, or the text has
   * changed since and the pattern's word occurs in the original.
   */
  private static boolean runs(int anchors, int needs, int word, String s, String text) {
    return (anchors & needs) != 0 || (s != text && (anchors & word) != 0);
  }

  /** The pre-check's bits for {@code s} ({@link RedactionAnchors}); 0 when nothing can match. */
  static int anchors(String s) {
    return RedactionAnchors.of(s) & RedactionAnchors.ANY;
  }

  // ---------------------------------------------------------------------------------------------
  // Regex-based replacements.

  static String marker(String type) {
    return PREFIX + type + "]";
  }

  /** What an e-mail address becomes: the whole of a text that is one address redacts to this. */
  public static final String EMAIL_MARKER = PREFIX + "email]";

  private static String replaceAll(Pattern p, String s, String type, int checks) {
    return replaceAll(p, s, start -> type, checks);
  }

  /** Replaces each match with the marker of the type named for its start. */
  private static String replaceAll(
      Pattern p, String s, java.util.function.IntFunction<String> typeAt, int checks) {
    Matcher m = p.matcher(s);
    if (!find(m, s, 0, checks)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int last = 0;
    do {
      out.append(s, last, m.start()).append(marker(typeAt.apply(m.start())));
      last = m.end();
    } while (find(m, s, last, checks));
    return out.append(s, last, s.length()).toString();
  }

  /** The marker type of the vendor token at {@code start}. */
  private static String vendorType(String s, int start) {
    switch (s.charAt(start)) {
      case 'y':
      case '1':
        return "google_oauth_token";
      case '4':
        return "google_oauth_code";
      case 'g':
        return "gitlab_token";
      case 'n':
        return "npm_token";
      case 'S':
        return "sendgrid_key";
      default:
        return s.charAt(start + 2) == '_' ? "stripe_key" : "api_key"; // sk- (OpenAI, Anthropic)
    }
  }

  /**
   * Keeps group 1 (the name or scheme) and replaces group 2 (the secret), unless group 2 is already
   * a marker (so that redacting twice changes nothing).
   */
  private static String replaceGroup2(Pattern p, String s, String type, int checks) {
    Matcher m = p.matcher(s);
    StringBuilder out = null;
    int last = 0;
    int from = 0;
    while (find(m, s, from, checks)) {
      from = m.end();
      if (s.startsWith(PREFIX, m.start(2))) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, last, m.start(2)).append(marker(type));
      last = m.end(2);
    }
    return out == null ? s : out.append(s, last, s.length()).toString();
  }

  private static String replaceSlack(String s) {
    Matcher m = SLACK_PATTERN.matcher(s);
    if (!find(m, s, 0, LEADING_BOUNDARY_ON_X)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int last = 0;
    do {
      boolean webhook = s.charAt(m.start()) == 'h';
      out.append(s, last, m.start()).append(marker(webhook ? "slack_webhook" : "slack_token"));
      last = m.end();
    } while (find(m, s, last, LEADING_BOUNDARY_ON_X));
    return out.append(s, last, s.length()).toString();
  }

  // Checks made on each match, for what RE2J cannot express (see the patterns).
  private static final int LEADING_BOUNDARY = 1;
  private static final int LEADING_BOUNDARY_ON_X = 1 << 1; // only when the match starts with x
  private static final int TRAILING_BOUNDARY = 1 << 2;
  private static final int NOT_BEFORE_KEY_CHAR = 1 << 3; // (?![0-9A-Za-z_-])
  private static final int NOT_BEFORE_BASE64_CHAR = 1 << 4; // (?![A-Za-z0-9/+=])

  /** Finds the next match at or after {@code from} that passes {@code checks}. */
  private static boolean find(Matcher m, String s, int from, int checks) {
    while (from <= s.length() && m.find(from)) {
      if (checks == 0 || accept(s, m.start(), m.end(), checks)) {
        return true;
      }
      from = m.start() + 1;
    }
    return false;
  }

  private static boolean accept(String s, int start, int end, int checks) {
    boolean leading =
        (checks & LEADING_BOUNDARY) != 0
            || ((checks & LEADING_BOUNDARY_ON_X) != 0 && s.charAt(start) == 'x');
    if (leading && start > 0 && javaWordBefore(s, start)) {
      return false;
    }
    if (end == s.length()) {
      return true;
    }
    char next = s.charAt(end);
    if ((checks & TRAILING_BOUNDARY) != 0 && javaWordAt(s, end)) {
      return false;
    }
    if ((checks & NOT_BEFORE_KEY_CHAR) != 0
        && (asciiLetterOrDigit(next) || next == '_' || next == '-')) {
      return false;
    }
    return (checks & NOT_BEFORE_BASE64_CHAR) == 0 || !isBase64(next);
  }

  // java.util.regex's \b (JDK 17, without UNICODE_CHARACTER_CLASS): a word char is '_', a
  // Unicode letter or digit, or a non-spacing mark that follows one. RE2J's \b knows only ASCII
  // word chars, so its matches are a superset; these reject the extra ones.

  private static boolean javaWordBefore(String s, int i) {
    int cp = Character.codePointBefore(s, i);
    return isJavaWord(cp)
        || (Character.getType(cp) == Character.NON_SPACING_MARK && hasBaseCharacter(s, i - 1));
  }

  private static boolean javaWordAt(String s, int i) {
    int cp = Character.codePointAt(s, i);
    return isJavaWord(cp)
        || (Character.getType(cp) == Character.NON_SPACING_MARK && hasBaseCharacter(s, i));
  }

  private static boolean isJavaWord(int cp) {
    return cp == '_' || Character.isLetterOrDigit(cp);
  }

  private static boolean hasBaseCharacter(String s, int i) {
    for (int x = i; x >= 0; x--) {
      int cp = Character.codePointAt(s, x);
      if (Character.isLetterOrDigit(cp)) {
        return true;
      }
      if (Character.getType(cp) != Character.NON_SPACING_MARK) {
        return false;
      }
    }
    return false;
  }
}
