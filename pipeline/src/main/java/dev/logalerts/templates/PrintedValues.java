package dev.logalerts.templates;

/**
 * Values after a secret-ish name that name something rather than being a secret, as programs print
 * them (see {@link KeyValues}):
 *
 * <ul>
 *   <li>a printed object: a type name opening its fields ({@code token=Token{a64f992 …}}, {@code
 *       Token: Token { kind: ContainerToken …}}, Android's window tokens, Go's {@code %v} of a
 *       struct), or Java's default {@code toString}, a dotted class name, {@code @} and the hex
 *       identity hash ({@code token: android.os.BinderProxy@2bd79ce});
 *   <li>after a plain {@code key}: a short number ({@code key=0|com.app|4097}, an index or a
 *       counter; API keys are long and random, and long digit runs go to the card check), and a
 *       {@code key} that is one part of a {@code :}-joined name such as an Objective-C selector
 *       ({@code _writeJournalRecord:fromCellFingerprint:key:atLOI:}).
 * </ul>
 */
final class PrintedValues {
  private PrintedValues() {}

  /** Whether the bare value {@code v} is a printed object (see the class comment). */
  static boolean printedObject(String s, ValueSpan v) {
    if (v.after != v.end || v.start >= v.end) {
      return false; // quoted: a string, whatever it says
    }
    char first = s.charAt(v.start);
    if (first >= 'A' && first <= 'Z' && identifier(s, v.start, v.end)) {
      int j = RedactionAnchors.skipBlanks(s, v.end);
      return j < s.length() && s.charAt(j) == '{';
    }
    return javaIdentity(s, v.start, v.end);
  }

  /** {@code [A-Za-z0-9_$]+}. */
  private static boolean identifier(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (!(RedactionAnchors.asciiLetterOrDigit(c) || c == '_' || c == '$')) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code pkg.Class@hash}: lower-case package parts, a class name starting upper-case, {@code @},
   * and one to eight lower-case hex digits, as {@code Object.toString} prints them.
   */
  private static boolean javaIdentity(String s, int from, int to) {
    int at = s.lastIndexOf('@', to - 1);
    if (at <= from || to - at - 1 < 1 || to - at - 1 > 8) {
      return false;
    }
    for (int k = at + 1; k < to; k++) {
      char c = s.charAt(k);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    int dot = s.lastIndexOf('.', at - 1);
    if (dot <= from || dot + 1 >= at) {
      return false;
    }
    char cls = s.charAt(dot + 1);
    if (cls < 'A' || cls > 'Z' || !identifier(s, dot + 1, at)) {
      return false;
    }
    for (int k = from; k < dot; k++) {
      char c = s.charAt(k);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) {
        return false;
      }
    }
    return s.charAt(from) >= 'a' && s.charAt(from) <= 'z';
  }

  /** One to twelve digits: an index, a counter or a small id, not a key. */
  static boolean shortNumber(String value) {
    if (value.isEmpty() || value.length() > 12) {
      return false;
    }
    for (int k = 0; k < value.length(); k++) {
      if (value.charAt(k) < '0' || value.charAt(k) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the plain {@code key} at {@code start} is a part of a {@code :}-joined name: a {@code
   * :} right before it and its own {@code :} glued to what follows ({@code fromCell:key:atLOI:}).
   */
  static boolean selectorPart(String s, int start) {
    int end = start + 3;
    return start > 0
        && s.charAt(start - 1) == ':'
        && end + 1 < s.length()
        && s.charAt(end) == ':'
        && s.charAt(end + 1) > ' ';
  }
}
