package dev.logalerts.templates;

/**
 * The payment-card scanner of {@link Redactor}: one forward pass that finds card-like digit runs
 * (grouping, issuer range and length) and redacts those that pass the Luhn check.
 */
final class CardNumbers {
  private CardNumbers() {}

  /**
   * Card-like numbers: 13–19 digits, contiguous or grouped by one kind of separator (space or dash)
   * in groups of four (last group shorter) or 4-6-5, not glued to letters, digits, dots or other
   * separators, in a payment-card issuer range with that range's length (see {@link #cardLike};
   * epoch timestamps start with 1, compact dates have the wrong length), and passing the Luhn
   * check.
   */
  static String redact(String s) {
    StringBuilder out = null;
    int last = 0;
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c < '0' || c > '9' || (i > 0 && (isGlue(s.charAt(i - 1)) || signed(s, i)))) {
        i++;
        continue;
      }
      // Candidate start: scan digits and single separators.
      int end = i;
      int digits = 0;
      char sep = 0;
      int groups = 0;
      int groupLen = 0;
      boolean groupingOk = true;
      int[] groupSizes = new int[8];
      int firstGroupEnd = -1;
      while (end < n) {
        char d = s.charAt(end);
        if (d >= '0' && d <= '9') {
          digits++;
          groupLen++;
          end++;
        } else if ((d == ' ' || d == '-')
            && groupLen > 0
            && end + 1 < n
            && s.charAt(end + 1) >= '0'
            && s.charAt(end + 1) <= '9'
            && (sep == 0 || sep == d)
            && groups < 7) {
          sep = d;
          if (firstGroupEnd < 0) {
            firstGroupEnd = end + 1;
          }
          groupSizes[groups++] = groupLen;
          groupLen = 0;
          end++;
        } else {
          break;
        }
        if (digits > 19) {
          break;
        }
      }
      if (groupLen > 0 && groups < 8) {
        groupSizes[groups++] = groupLen;
      }
      boolean gluedAfter = end < n && (isGlue(s.charAt(end)) || isDigit(s, end));
      if (digits >= 13 && digits <= 19 && !gluedAfter && cardLike(s, i, end, digits)) {
        if (groups > 1) {
          groupingOk = validGrouping(groupSizes, groups);
        }
        if (groupingOk && luhn(s, i, end)) {
          if (out == null) {
            out = new StringBuilder(n);
          }
          out.append(s, last, i).append(Redactor.marker("card"));
          last = end;
          i = end;
          continue;
        }
      }
      if (firstGroupEnd > 0) {
        i = firstGroupEnd; // "ref 12 4111 1111 1111 1111": retry from the next group
        continue;
      }
      // Skip the rest of this digit run.
      i = Math.max(end, i + 1);
      while (i < n && isDigit(s, i)) {
        i++;
      }
    }
    return out == null ? s : out.append(s, last, n).toString();
  }

  private static boolean isDigit(String s, int i) {
    char c = s.charAt(i);
    return c >= '0' && c <= '9';
  }

  /**
   * A dash right before {@code i} that does not join digit groups: a minus sign or an id's joint
   * ({@code blk_-6952295868487656571}, HDFS block ids), never how a card number is written.
   */
  private static boolean signed(String s, int i) {
    return s.charAt(i - 1) == '-' && (i == 1 || !isDigit(s, i - 2));
  }

  /** Characters that make a digit run part of a larger token (hash, version, decimal, id). */
  private static boolean isGlue(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '/'
        || c == ':';
  }

  /**
   * Issuer ranges and their lengths: Visa 4 (13, 16, 19), Mastercard 51–55 and 2221–2720 (16), Amex
   * 34/37 (15), Diners 30/36/38/39 (14–16), JCB 35 (16–19), Discover/UnionPay/Maestro 6 (16–19).
   * Keeps timestamps such as {@code 20261128115015} out.
   */
  private static boolean cardLike(String s, int from, int to, int digits) {
    int d1 = -1;
    int d4 = 0;
    int seen = 0;
    for (int k = from; k < to && seen < 4; k++) {
      char c = s.charAt(k);
      if (c >= '0' && c <= '9') {
        if (d1 < 0) {
          d1 = c - '0';
        }
        d4 = d4 * 10 + (c - '0');
        seen++;
      }
    }
    int d2 = d4 / 100;
    switch (d1) {
      case 4:
        return digits == 13 || digits == 16 || digits == 19;
      case 5:
        return digits == 16 && d2 >= 51 && d2 <= 55;
      case 2:
        return digits == 16 && d4 >= 2221 && d4 <= 2720;
      case 3:
        if (d2 == 34 || d2 == 37) {
          return digits == 15;
        }
        if (d2 == 35) {
          return digits >= 16;
        }
        return (d2 == 30 || d2 == 36 || d2 == 38 || d2 == 39) && digits >= 14 && digits <= 16;
      case 6:
        return digits >= 16;
      default:
        return false;
    }
  }

  private static boolean validGrouping(int[] sizes, int groups) {
    if (groups == 3 && sizes[0] == 4 && sizes[1] == 6 && (sizes[2] == 5 || sizes[2] == 4)) {
      return true; // Amex 4-6-5, Diners 4-6-4
    }
    for (int g = 0; g < groups - 1; g++) {
      if (sizes[g] != 4) {
        return false;
      }
    }
    return sizes[groups - 1] >= 1 && sizes[groups - 1] <= 4;
  }

  static boolean luhn(String s, int from, int to) {
    int sum = 0;
    boolean dbl = false;
    for (int k = to - 1; k >= from; k--) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }
}
