package dev.logalerts.filter;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.logalerts.model.Durations;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.Severity;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Turns {@code FIELD OP LITERAL} into a compiled comparison node, parsing the literal once by the
 * field's type: severities (names or numbers), numbers, durations ({@code "1.5s"}), booleans,
 * timestamps (date-only, without offset, with fractional seconds or offsets), {@code NULL_VALUE}
 * and RE2 patterns. A literal that does not fit its field is refused with the position.
 */
final class Literals {
  private Literals() {}

  static final int MAX_REGEX_LENGTH = 1000;

  /** What a comparison's values are compared against. */
  static final class Target {
    final FieldPath path;
    final Op op;
    final Token opToken;

    /** 0: ordinary; 1: timestamp; 2: receiveTimestamp. */
    final int time;

    /** A function value ({@code regexp_extract}, {@code cast}) instead of the field; or null. */
    final FunctionNodes.Computed computed;

    Target(FieldPath path, Op op, Token opToken, int time, FunctionNodes.Computed computed) {
      this.path = path;
      this.op = op;
      this.opToken = opToken;
      this.time = time;
      this.computed = computed;
    }
  }

  /** What is left of an unquoted time at its first ':' (the has operator): "2026-11-20T10". */
  private static final Pattern CUT_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{1,2}");

  /** A relative time users write for "the last hour": an ISO 8601 duration or now-based. */
  private static final Pattern RELATIVE_TIME = Pattern.compile("(?i)[-+]?P(\\d|T\\d).*|now\\b.*");

  static Expr compare(Target t, String text, boolean quoted, Token v) {
    Op op = t.op;
    FieldPath path = t.path;
    if (!quoted && text.equals("*")) {
      throw new FilterSyntaxException(
          "'*' is only allowed after ':'",
          v.position(),
          "write " + path + ":* to test that a field is present, or quote \"*\" to compare text");
    }
    if (!quoted && text.equals("NULL_VALUE")) {
      if (op != Op.EQ && op != Op.NE && op != Op.HAS) {
        throw new FilterSyntaxException(
            "NULL_VALUE compares only with =, != or :",
            t.opToken.position(),
            "write " + path + " = NULL_VALUE to match a JSON null");
      }
      Expr isNull =
          t.computed != null
              ? new FunctionNodes.ComputedCmp(t.computed, op, text, null)
              : new Nodes.NullCmp(path, op);
      return isNull;
    }
    if (op == Op.REGEX || op == Op.NOT_REGEX) {
      if (text.length() > MAX_REGEX_LENGTH) {
        throw new FilterSyntaxException(
            "regular expression longer than " + MAX_REGEX_LENGTH + " characters", v.position());
      }
      Nodes.RegexCmp re = new Nodes.RegexCmp(path, op, text, regex(text, v));
      return t.computed == null ? re : new FunctionNodes.ComputedCmp(t.computed, op, text, re);
    }
    if (t.computed != null) {
      return new FunctionNodes.ComputedCmp(
          t.computed, op, text, new Nodes.DynamicCmp(path, op, text));
    }
    if (t.time != 0 && op != Op.HAS) {
      long nanos;
      try {
        nanos = timestamp(text);
      } catch (IllegalArgumentException | DateTimeException | ArithmeticException ex) {
        // An unquoted time ends at its first ':' (the has operator), so the value seen is only
        // "2026-11-20T10": the fix is the quotes, not the format.
        String hint =
            !quoted && CUT_TIME.matcher(text).matches()
                ? "quote a time: outside quotes ':' is the has operator; write"
                    + " \"2026-11-20T10:00:00Z\""
                : RELATIVE_TIME.matcher(text).matches()
                    ? "Cloud Logging has no relative times (a rule's window already keeps to"
                        + " recent entries: drop the comparison); a bound is a date or an RFC"
                        + " 3339 time, like \"2026-11-20T10:00:00Z\""
                    : "expected a date or an RFC 3339 time, like \"2026-11-20\","
                        + " \"2026-11-20T10:00:00\" (UTC) or \"2026-11-20T10:00:00.5-05:00\"";
        throw new FilterSyntaxException(
            "invalid timestamp " + Filter.quote(text), v.position(), hint);
      }
      return new Nodes.TimeCmp(t.time == 2, op, nanos);
    }
    switch (path.kind()) {
      case DYNAMIC:
        return ProtoPayloadTypes.compare(path, op, text);
      case NUMBER:
        {
          double d = FieldPath.parseNumber(text);
          if (d != d) {
            throw new FilterSyntaxException(
                "expected a number for " + path + " but found " + Filter.quote(text), v.position());
          }
          return new Nodes.NumberCmp(path, op, text, d);
        }
      case SEVERITY:
        return severity(path, op, text, v);
      case DURATION:
        {
          double d = seconds(text);
          if (d != d) {
            throw new FilterSyntaxException(
                "invalid duration " + Filter.quote(text),
                v.position(),
                "expected a duration like \"1.5s\" or \"500ms\", or seconds");
          }
          return new Nodes.NumberCmp(path, op, text, d);
        }
      case BOOLEAN:
        {
          // Ordering holds too: Cloud Logging defines true > false, as "false" < "true" orders.
          String b = text.toLowerCase(Locale.ROOT);
          if (!b.equals("true") && !b.equals("false")) {
            throw new FilterSyntaxException(
                "expected true or false for " + path + " but found " + Filter.quote(text),
                v.position());
          }
          return new Nodes.StringCmp(path, op == Op.HAS ? Op.EQ : op, b);
        }
      default:
        return new Nodes.StringCmp(path, op, text);
    }
  }

  private static Expr severity(FieldPath path, Op op, String text, Token v) {
    double d = FieldPath.parseNumber(text);
    String canonical = text;
    if (d != d) {
      Severity s = Severity.parse(text);
      if (s == null) {
        throw new FilterSyntaxException(
            "unknown severity " + Filter.quote(text),
            v.position(),
            "expected DEFAULT, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY"
                + " or a number 0-800");
      }
      d = s.number();
      canonical = s.name(); // "warn" prints as WARNING
    }
    return new Nodes.NumberCmp(path, op, canonical, d);
  }

  /** Compiles an RE2 pattern, refusing bad syntax at the literal's position. */
  static Pattern regex(String text, Token v) {
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException ex) {
      throw new FilterSyntaxException(
          "invalid regular expression " + Filter.quote(text) + ": " + ex.getDescription(),
          v.position(),
          "regular expressions use RE2 syntax (no lookaround, no backreferences)");
    }
  }

  /**
   * Seconds from "1.5s", "500ms", "250us", "100ns", "2m", "1h" or a bare number of seconds; NaN
   * when malformed.
   */
  static double seconds(String text) {
    String s = text.trim();
    int unit = s.length();
    while (unit > 0 && Character.isLetter(s.charAt(unit - 1))) {
      unit--;
    }
    if (unit == s.length()) {
      return FieldPath.parseNumber(s);
    }
    return FieldPath.parseNumber(s.substring(0, unit)) * Durations.unitSeconds(s.substring(unit));
  }

  /**
   * Epoch nanoseconds of a timestamp literal: a date ({@code 2026-11-20}, midnight UTC), a date and
   * time without offset (UTC; seconds optional; 'T' or a space between), or RFC 3339 with up to
   * nine fractional digits and {@code Z} or an offset ({@code +05:30}, {@code +0530}, {@code +05}).
   */
  static long timestamp(String text) {
    String s = text.trim();
    if (s.length() == 10) {
      return nanos(LocalDate.parse(s).atStartOfDay().toEpochSecond(ZoneOffset.UTC), 0);
    }
    if (s.length() > 10 && (s.charAt(10) == ' ' || s.charAt(10) == 't')) {
      s = s.substring(0, 10) + 'T' + s.substring(11);
    }
    int zone = zoneStart(s);
    if (zone < 0) {
      LocalDateTime ldt = LocalDateTime.parse(s);
      return nanos(ldt.toEpochSecond(ZoneOffset.UTC), ldt.getNano());
    }
    String offset = s.substring(zone);
    if (offset.equalsIgnoreCase("z")) {
      offset = "Z";
    } else if (offset.length() == 3) {
      offset += ":00"; // +05
    } else if (offset.length() == 5) {
      offset = offset.substring(0, 3) + ":" + offset.substring(3); // +0530
    }
    OffsetDateTime odt = OffsetDateTime.parse(s.substring(0, zone) + offset);
    return nanos(odt.toEpochSecond(), odt.getNano());
  }

  /** Index where the zone designator starts (after the time of day), or -1. */
  private static int zoneStart(String s) {
    for (int i = 11; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 'Z' || c == 'z' || c == '+' || c == '-') {
        return i;
      }
    }
    return -1;
  }

  private static long nanos(long seconds, int nanos) {
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
  }
}
