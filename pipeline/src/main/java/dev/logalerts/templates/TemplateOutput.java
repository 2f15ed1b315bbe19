package dev.logalerts.templates;

import static dev.logalerts.templates.TemplateChars.letter;
import static dev.logalerts.templates.TemplateChars.letterOrDigit;

/**
 * The template being built by {@link TemplateScanner}: a plain array (not a StringBuilder) so that
 * the many look-backs (collapsing placeholders, "key=" checks) are array reads. Reused for every
 * message of one scanner.
 */
final class TemplateOutput {
  private static final int BUFFER_CHARS = 1024;

  /** The template so far: {@code o[0, olen)}. */
  char[] o = new char[BUFFER_CHARS];

  int olen;

  /** Where the last placeholder written ends (its '>' is at this index - 1), or -1. */
  private int placeholderEnd = -1;

  /** Empties the buffer, dropping a huge one (do not keep it alive per thread). */
  void reset() {
    olen = 0;
    placeholderEnd = -1;
    if (o.length > 4 * BUFFER_CHARS) {
      o = new char[BUFFER_CHARS];
    }
  }

  @Override
  public String toString() {
    return new String(o, 0, olen);
  }

  /**
   * Appends {@code <*>}, collapsing runs: a placeholder directly after another one (separated only
   * by spaces or commas) is absorbed, so a variable that spans a different number of tokens ("Sun
   * Jul 10 03:55:15 2005", "blk_1 blk_2 blk_3") still yields one template.
   */
  void placeholder() {
    int L = olen;
    int k = L;
    while (k > 0 && (o[k - 1] == ' ' || o[k - 1] == ',')) {
      k--;
    }
    if (k >= 3 && o[k - 1] == '>' && o[k - 2] == '*' && o[k - 3] == '<') {
      olen = k;
    } else {
      append(TemplateScanner.PLACEHOLDER);
    }
    placeholderEnd = olen;
  }

  TemplateOutput append(char c) {
    if (olen == o.length) {
      o = java.util.Arrays.copyOf(o, o.length * 2);
    }
    o[olen++] = c;
    return this;
  }

  TemplateOutput append(char[] src, int from, int n) {
    if (olen + n > o.length) {
      o = java.util.Arrays.copyOf(o, Math.max(o.length * 2, olen + n));
    }
    System.arraycopy(src, from, o, olen, n);
    olen += n;
    return this;
  }

  TemplateOutput append(String str) {
    int n = str.length();
    if (olen + n > o.length) {
      o = java.util.Arrays.copyOf(o, Math.max(o.length * 2, olen + n));
    }
    str.getChars(0, n, o, olen);
    olen += n;
    return this;
  }

  /**
   * Drops a parenthesised value that restates the preceding one in other units: "<*> bytes (<*>)
   * sent" becomes "<*> bytes sent", so lines that print the annotation only for large values ("403
   * bytes sent" / "2048 bytes (2.00 KB) sent") share a template. Called at ')'.
   */
  boolean dropUnitAnnotation() {
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

  /** Longest word of a repeated {@code <*> word} pair (status words such as "<ok>", "up"). */
  private static final int MAX_PAIR_WORD = 16;

  /**
   * Collapses a list of (value, word) pairs to one pair: "<*> <ok> <*> <ok>" ends as "<*> <ok>", so
   * a list of node/status pairs yields one template whatever its length (as a run of values does,
   * see {@link #placeholder}). Called at the end of each output word; the word needs a letter, so
   * "<*> - <*> - <*>" stays.
   */
  void collapseRepeatedPair() {
    // Only a word right after the last placeholder can end a pair: most words return here.
    int p = placeholderEnd;
    int L = olen;
    int t = p + 1; // start of the last word
    if (p < 3 || t >= L || L - t > MAX_PAIR_WORD || o[p] != ' ' || !endsWith(p, "<*>")) {
      return;
    }
    for (int i = t; i < L; i++) {
      if (o[i] == ' ') {
        return;
      }
    }
    int n = L - t;
    // "<*> X <*> X": the first X starts at t - 5 - n.
    int x1 = t - 5 - n;
    if (x1 < 4 || o[t - 5] != ' ' || !endsWith(x1, "<*> ")) {
      return;
    }
    boolean letter = false;
    for (int i = 0; i < n; i++) {
      char c = o[t + i];
      if (o[x1 + i] != c) {
        return;
      }
      letter |= letter(c);
    }
    if (letter) {
      olen = t - 5;
    }
  }

  /** Whether the template written so far ends with {@code suffix}. */
  boolean endsWith(String suffix) {
    return endsWith(olen, suffix);
  }

  boolean endsWith(int end, String suffix) {
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

  boolean endsWithPlaceholderSpace() {
    int L = olen;
    return L >= 4 && o[L - 1] == ' ' && o[L - 2] == '>' && o[L - 3] == '*' && o[L - 4] == '<';
  }

  void trimTrailingSpace() {
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
   * itself, as in logfmt lines): that quoted value is templated, not masked. The key may be quoted
   * too, as logr's text format writes it ({@code "msg"="starting controller"}).
   */
  boolean messageKeyBefore() {
    return keyBefore(MESSAGE_KEYS, false);
  }

  private static final String[] KIND_KEYS = {"type"};

  /**
   * True when the output ends with {@code type=} (the whole key, quoted or not): an upper-case
   * constant in quotes after it names the event's kind (Keycloak's {@code type="LOGIN_ERROR"}).
   */
  boolean kindKeyBefore() {
    return keyBefore(KIND_KEYS, true);
  }

  /**
   * Whether the output ends with one of {@code keys} and {@code =}; {@code whole}: not a suffix.
   */
  private boolean keyBefore(String[] keys, boolean whole) {
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
    boolean quotedKey = ke > 0 && o[ke - 1] == '"';
    if (quotedKey) {
      ke--;
    }
    int ks = ke;
    while (ks > 0 && letter(o[ks - 1])) {
      ks--;
    }
    if (quotedKey && (ks == 0 || o[ks - 1] != '"' || (ks > 1 && letterOrDigit(o[ks - 2])))) {
      return false;
    }
    if (whole && ks > (quotedKey ? 1 : 0) && (letterOrDigit(o[ks - 1]) || o[ks - 1] == '_')) {
      return false;
    }
    int len = ke - ks;
    for (String m : keys) {
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

  char lastNonSpace() {
    for (int k = olen - 1; k >= 0; k--) {
      char c = o[k];
      if (c != ' ') {
        return c;
      }
    }
    return 0;
  }
}
