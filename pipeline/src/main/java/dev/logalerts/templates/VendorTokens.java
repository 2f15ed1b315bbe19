package dev.logalerts.templates;

import static dev.logalerts.templates.RedactionAnchors.asciiLetterOrDigit;
import static dev.logalerts.templates.RedactionAnchors.isBase64;

/**
 * Vendor credentials recognised by their own prefix and shape, wherever they stand, read by hand in
 * one pass (the {@link Redactor}'s regular-expression vendor check covers the older prefixes:
 * {@code ya29.}, {@code sk_live_}, {@code glpat-}, {@code npm_}, {@code SG.}, …):
 *
 * <ul>
 *   <li>{@code google_oauth_client_secret}: {@code GOCSPX-…}; {@code google_hmac_key}: Cloud
 *       Storage HMAC access ids {@code GOOG1…};
 *   <li>{@code gitlab_token}: every GitLab prefix but {@code glpat-} ({@code glptt-}, {@code
 *       gldt-}, {@code glrt-}, {@code glcbt-}, {@code glsoat-}, {@code gloas-}, {@code glft-},
 *       {@code glimt-}, {@code glagent-}, {@code glffct-}, runner registration {@code GR1348941});
 *   <li>{@code slack_token}: Slack app-level tokens {@code xapp-}; {@code stripe_key}: webhook
 *       signing secrets {@code whsec_}; {@code pypi_token}: {@code pypi-AgEIcHlwaS5vcmc…} (and the
 *       TestPyPI form); {@code vault_token}: HashiCorp Vault {@code hvs.}, {@code hvb.}, {@code
 *       hvr.}, and the service tokens of Vault before 1.10 ({@code s.} and exactly 24 letters and
 *       digits, at least one a digit);
 *   <li>{@code azure_client_secret}: Entra ID (Azure AD) client secrets, {@code xxx8Q~…};
 *   <li>{@code api_key}: Hugging Face {@code hf_}, DigitalOcean {@code dop_v1_}/{@code
 *       doo_v1_}/{@code dor_v1_}, Shopify {@code shpat_}/{@code shpss_}/{@code shpca_}/{@code
 *       shppa_}, Databricks {@code dapi}, Grafana {@code glc_}/{@code glsa_}, Doppler {@code
 *       dp.pt.}…, Linear {@code lin_api_}, Postman {@code PMAK-}, New Relic {@code NRAK-}, Pulumi
 *       {@code pul-}, Sentry {@code sntrys_}, Dynatrace {@code dt0c01.}, Mailgun's older private
 *       keys {@code key-} (32 letters and digits), Twilio API key SIDs {@code SK} (32 hex digits),
 *       Heroku {@code HRKU-AA}, Atlassian {@code ATATT3};
 *   <li>{@code private_key}: age secret keys {@code AGE-SECRET-KEY-1…}.
 * </ul>
 *
 * <p>A token is its prefix and then a run of the characters its vendor uses, of the length it uses,
 * standing as a word of its own: no letter, digit or {@code _} before it, and the run ends where
 * the characters it allows end ({@code hf_model_name} and {@code key-value} stay). Checking a start
 * reads at most a token's length, so the pre-check ({@link RedactionAnchors}) and the redaction
 * stay linear in the text.
 */
final class VendorTokens {
  private VendorTokens() {}

  // Character sets of a token's body.
  private static final int ALNUM = 1;
  private static final int WORD = 2; // [A-Za-z0-9_-]
  private static final int HEX = 3; // [0-9a-f]
  private static final int HEX_DASH = 4; // [0-9a-f-]
  private static final int UPPER_ALNUM = 5; // [A-Z0-9]
  private static final int UPPER_ALNUM_DOT = 6; // [A-Z0-9.]
  private static final int LETTERS = 7; // [A-Za-z]
  private static final int BASE64 = 9; // [A-Za-z0-9+/=]
  private static final int BASE64_WORD = 10; // [A-Za-z0-9+/=_-]
  private static final int ALNUM_UNDERSCORE = 11; // [A-Za-z0-9_]
  private static final int HEX_MIXED = 12; // [0-9a-fA-F]
  private static final int WORD_EQ = 13; // [A-Za-z0-9_=-]

  /** A prefix, the marker type, and the body's characters and length. */
  private static final class Rule {
    final String prefix;
    final String type;
    final int chars;
    final int min;
    final int max;

    /** Whether the body must hold a digit (a prefix that plain words can follow). */
    final boolean needsDigit;

    Rule(String prefix, String type, int chars, int min, int max) {
      this(prefix, type, chars, min, max, false);
    }

    Rule(String prefix, String type, int chars, int min, int max, boolean needsDigit) {
      this.prefix = prefix;
      this.type = type;
      this.chars = chars;
      this.min = min;
      this.max = max;
      this.needsDigit = needsDigit;
    }
  }

  private static final String GITLAB = "gitlab_token";
  private static final String API_KEY = "api_key";

  /** Longer prefixes before their own prefixes ({@code glsoat-} before {@code gl…}). */
  private static final Rule[] RULES = {
    new Rule("GOCSPX-", "google_oauth_client_secret", WORD, 24, 40),
    new Rule("GOOG1", "google_hmac_key", UPPER_ALNUM, 20, 80),
    new Rule("GR1348941", GITLAB, WORD, 20, 50),
    new Rule("glptt-", GITLAB, HEX, 40, 40),
    new Rule("gldt-", GITLAB, WORD, 20, 50),
    new Rule("glrt-", GITLAB, BASE64_WORD, 20, 300),
    new Rule("glcbt-", GITLAB, WORD, 20, 60),
    new Rule("glsoat-", GITLAB, WORD, 20, 50),
    new Rule("gloas-", GITLAB, WORD, 64, 64),
    new Rule("glft-", GITLAB, WORD, 20, 50),
    new Rule("glimt-", GITLAB, WORD, 25, 50),
    new Rule("glagent-", GITLAB, WORD, 50, 60),
    new Rule("glffct-", GITLAB, WORD, 20, 50),
    new Rule("glsa_", API_KEY, ALNUM_UNDERSCORE, 41, 41),
    new Rule("glc_", API_KEY, BASE64, 32, 400),
    new Rule("xapp-", "slack_token", WORD, 20, 200),
    new Rule("whsec_", "stripe_key", BASE64, 24, 100),
    new Rule("pypi-AgEIcHlwaS5vcmc", "pypi_token", WORD, 50, 400),
    new Rule("pypi-AgENdGVzdC5weXBpLm9yZw", "pypi_token", WORD, 50, 400),
    new Rule("hvs.", "vault_token", WORD, 24, 200),
    new Rule("hvb.", "vault_token", WORD, 100, 400),
    new Rule("hvr.", "vault_token", WORD, 24, 200),
    // s.AcceptanceTimeoutSeconds is a setting: a legacy token is random, so it has a digit.
    new Rule("s.", "vault_token", ALNUM, 24, 24, true),
    new Rule("hf_", API_KEY, LETTERS, 34, 34),
    new Rule("dop_v1_", API_KEY, HEX, 64, 64),
    new Rule("doo_v1_", API_KEY, HEX, 64, 64),
    new Rule("dor_v1_", API_KEY, HEX, 64, 64),
    new Rule("dapi", API_KEY, HEX_DASH, 32, 34),
    new Rule("dp.pt.", API_KEY, ALNUM, 40, 50),
    new Rule("dp.st.", API_KEY, ALNUM_UNDERSCORE, 40, 80),
    new Rule("dp.ct.", API_KEY, ALNUM, 40, 50),
    new Rule("dp.sa.", API_KEY, ALNUM, 40, 50),
    new Rule("dt0c01.", API_KEY, UPPER_ALNUM_DOT, 89, 89),
    new Rule("shpat_", API_KEY, HEX_MIXED, 32, 32),
    new Rule("shpss_", API_KEY, HEX_MIXED, 32, 32),
    new Rule("shpca_", API_KEY, HEX_MIXED, 32, 32),
    new Rule("shppa_", API_KEY, HEX_MIXED, 32, 32),
    new Rule("sntrys_", API_KEY, BASE64_WORD, 50, 400),
    new Rule("lin_api_", API_KEY, ALNUM, 40, 40),
    new Rule("PMAK-", API_KEY, HEX_DASH, 59, 59),
    new Rule("NRAK-", API_KEY, UPPER_ALNUM, 27, 27),
    new Rule("pul-", API_KEY, HEX, 40, 40),
    new Rule("key-", API_KEY, ALNUM, 32, 32),
    new Rule("SK", API_KEY, HEX_MIXED, 32, 32),
    new Rule("AGE-SECRET-KEY-1", "private_key", UPPER_ALNUM, 58, 58),
    new Rule("HRKU-AA", API_KEY, WORD, 58, 58),
    // An Atlassian API token ends in '=' and an 8-hex-digit checksum.
    new Rule("ATATT3", API_KEY, WORD_EQ, 150, 250),
  };

  /**
   * The rules by the first character of their prefix, in {@link #RULES}' order: the pre-check tests
   * every word start, so a word must cost one array read unless a prefix starts like it.
   */
  private static final Rule[][] BY_FIRST = byFirst();

  private static Rule[][] byFirst() {
    Rule[][] table = new Rule[128][];
    for (Rule r : RULES) {
      char c = r.prefix.charAt(0);
      Rule[] old = table[c];
      Rule[] grown = old == null ? new Rule[1] : java.util.Arrays.copyOf(old, old.length + 1);
      grown[grown.length - 1] = r;
      table[c] = grown;
    }
    return table;
  }

  /**
   * By first character, the second characters of its prefixes (bit {@code c - 64 * k} of word
   * {@code 2 * first + k}) and the fewest chars of a token (prefix and shortest body): most words
   * that start like a prefix stop at these two reads, before any prefix is compared.
   */
  private static final long[] SECOND = new long[256];

  private static final int[] MIN_CHARS = new int[128];

  static {
    java.util.Arrays.fill(MIN_CHARS, Integer.MAX_VALUE);
    for (Rule r : RULES) {
      char c = r.prefix.charAt(0);
      char d = r.prefix.charAt(1);
      SECOND[2 * c + (d >> 6)] |= 1L << (d & 63);
      MIN_CHARS[c] = Math.min(MIN_CHARS[c], r.prefix.length() + r.min);
    }
  }

  /**
   * Whether a prefix can start at {@code i}: its first two characters, and room for the shortest
   * token after it. A necessary condition of {@link #rule} and {@link #bodyEnd} finding a token.
   */
  private static boolean mayStart(String s, int i) {
    char c = s.charAt(i);
    if (c >= 128 || s.length() - i < MIN_CHARS[c]) {
      return false; // also every c without a prefix: its MIN_CHARS is Integer.MAX_VALUE
    }
    char d = s.charAt(i + 1);
    return d < 128 && (SECOND[2 * c + (d >> 6)] & (1L << (d & 63))) != 0;
  }

  /** The Azure client secret's marker type. */
  private static final String AZURE = "azure_client_secret";

  /**
   * Whether a token starts at {@code i} (a word start), or an Azure client secret holds the {@code
   * ~} at {@code i}: the pre-check's test.
   */
  static boolean at(String s, int i) {
    char c = s.charAt(i);
    if (c == '~') {
      return azureStart(s, i) >= 0;
    }
    return (i == 0 || !wordChar(s.charAt(i - 1))) && mayStart(s, i) && end(s, i) >= 0;
  }

  /** Replaces each token with its marker. */
  static String redact(String s) {
    StringBuilder out = null;
    int last = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      int start;
      int end;
      String type;
      if (c == '~') {
        start = azureStart(s, i);
        if (start < last) {
          continue; // none, or inside what was replaced
        }
        end = azureEnd(s, start);
        type = AZURE;
      } else if ((i == 0 || !wordChar(s.charAt(i - 1))) && mayStart(s, i)) {
        Rule r = rule(s, i);
        end = r == null ? -1 : bodyEnd(s, i, r);
        if (end < 0) {
          continue;
        }
        start = i;
        type = r.type;
      } else {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n);
      }
      out.append(s, last, start).append(Redactor.marker(type));
      last = end;
      i = end - 1;
    }
    return out == null ? s : out.append(s, last, n).toString();
  }

  /** The end of the token starting at {@code i}, or -1. */
  private static int end(String s, int i) {
    Rule r = rule(s, i);
    return r == null ? -1 : bodyEnd(s, i, r);
  }

  /** The rule whose prefix starts at {@code i}, or null. */
  private static Rule rule(String s, int i) {
    char c = s.charAt(i);
    Rule[] candidates = c < 128 ? BY_FIRST[c] : null;
    if (candidates != null) {
      for (Rule r : candidates) {
        if (s.startsWith(r.prefix, i)) {
          return r;
        }
      }
    }
    return null;
  }

  /**
   * The end of the body after the prefix at {@code i}: a run of the rule's characters of an allowed
   * length, not followed by a letter, digit or {@code _}; -1 otherwise. Reads at most one character
   * past the longest body.
   */
  private static int bodyEnd(String s, int i, Rule r) {
    int from = i + r.prefix.length();
    int limit = Math.min(s.length(), from + r.max + 1);
    int j = from;
    while (j < limit && allowed(r.chars, s.charAt(j))) {
      j++;
    }
    int len = j - from;
    if (len < r.min || len > r.max || (j < s.length() && wordChar(s.charAt(j)))) {
      return -1;
    }
    if (r.needsDigit && !hasDigit(s, from, j)) {
      return -1;
    }
    return j;
  }

  private static boolean hasDigit(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (digit(s.charAt(k))) {
        return true;
      }
    }
    return false;
  }

  // Azure client secrets: [A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}, standing alone.

  /** The start of the Azure client secret whose {@code Q~} ends at {@code i}, or -1. */
  private static int azureStart(String s, int i) {
    int start = i - 5;
    if (start < 0
        || s.charAt(i - 1) != 'Q'
        || !digit(s.charAt(i - 2))
        || (start > 0 && azureChar(s.charAt(start - 1)))) {
      return -1;
    }
    for (int k = start; k < i - 2; k++) {
      char c = s.charAt(k);
      if (!(asciiLetterOrDigit(c) || c == '_' || c == '~' || c == '.')) {
        return -1;
      }
    }
    return azureEnd(s, start) < 0 ? -1 : start;
  }

  private static int azureEnd(String s, int start) {
    int from = start + 6;
    int limit = Math.min(s.length(), from + 35);
    int j = from;
    while (j < limit && azureChar(s.charAt(j))) {
      j++;
    }
    int len = j - from;
    if (len < 31 || len > 34 || (j < s.length() && azureChar(s.charAt(j)))) {
      return -1;
    }
    return j;
  }

  private static boolean azureChar(char c) {
    return asciiLetterOrDigit(c) || c == '_' || c == '~' || c == '.' || c == '-';
  }

  private static boolean allowed(int chars, char c) {
    switch (chars) {
      case ALNUM:
        return asciiLetterOrDigit(c);
      case WORD:
        return asciiLetterOrDigit(c) || c == '_' || c == '-';
      case HEX:
        return digit(c) || (c >= 'a' && c <= 'f');
      case HEX_DASH:
        return digit(c) || (c >= 'a' && c <= 'f') || c == '-';
      case UPPER_ALNUM:
        return digit(c) || (c >= 'A' && c <= 'Z');
      case UPPER_ALNUM_DOT:
        return digit(c) || (c >= 'A' && c <= 'Z') || c == '.';
      case LETTERS:
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      case BASE64:
        return isBase64(c);
      case BASE64_WORD:
        return isBase64(c) || c == '_' || c == '-';
      case ALNUM_UNDERSCORE:
        return asciiLetterOrDigit(c) || c == '_';
      case HEX_MIXED:
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      case WORD_EQ:
        return asciiLetterOrDigit(c) || c == '_' || c == '-' || c == '=';
      default:
        return false;
    }
  }

  /** A letter, digit or {@code _}: what may not stand right before or after a token. */
  private static boolean wordChar(char c) {
    return asciiLetterOrDigit(c) || c == '_';
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }
}
