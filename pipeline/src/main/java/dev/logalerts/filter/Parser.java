package dev.logalerts.filter;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.Severity;
import dev.logalerts.model.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser from tokens straight to compiled {@link Expr} nodes.
 *
 * <pre>
 * query      = [ and ] EOF
 * and        = or { [ "AND" ] or }              -- juxtaposition is AND
 * or         = unary { "OR" unary }             -- OR binds tighter than AND
 * unary      = ( "NOT" | "-" ) unary | primary
 * primary    = "(" and ")" | function | path OP rhs | value   -- a bare value: global restriction
 * rhs        = "*" (after ':') | value | "(" vand ")"
 * vand       = vor { [ "AND" ] vor };  vor = vunary { "OR" vunary }
 * vunary     = ( "NOT" | "-" ) vunary | "(" vand ")" | value
 * function   = "log_id" "(" value ")" | "sample" "(" path "," number ")"
 * </pre>
 */
final class Parser {
  static final int MAX_DEPTH = 100;
  static final int MAX_REGEX_LENGTH = 1000;

  static final String KNOWN_FIELDS =
      "known fields: insertId, timestamp, receiveTimestamp, severity, logName, log_id (or logId),"
          + " projectId, resource.type, resource.labels.KEY, labels.KEY, httpRequest.FIELD,"
          + " operation.FIELD, trace, spanId, textPayload, jsonPayload.PATH, protoPayload.PATH,"
          + " sourceLocation.PATH, split.PATH, and the derived service and message";

  private static final List<String> HEADS =
      List.of("insertId", "timestamp", "receiveTimestamp", "severity", "logName", "logId",
          "log_id", "projectId", "project_id", "service", "message", "textPayload", "trace",
          "spanId", "resource", "labels", "operation", "httpRequest", "jsonPayload",
          "protoPayload", "sourceLocation", "split");

  private static final Set<String> SCALAR_HEADS =
      Set.of("insertId", "timestamp", "receiveTimestamp", "severity", "logName", "logId",
          "log_id", "projectId", "project_id", "service", "message", "textPayload", "trace",
          "spanId");

  private static final List<String> HTTP_FIELDS =
      List.of("requestMethod", "requestUrl", "status", "requestSize", "responseSize", "latency",
          "remoteIp", "serverIp", "userAgent", "referer", "protocol", "cacheHit");

  private static final List<String> OPERATION_FIELDS = List.of("id", "producer", "first", "last");

  private static final List<String> RESOURCE_FIELDS = List.of("type", "labels");

  private final List<Token> toks;
  private int pos;
  private int depth;

  Parser(List<Token> toks) {
    this.toks = toks;
  }

  Expr parse() {
    if (peek().type == Token.Type.EOF) {
      return new Nodes.MatchAll();
    }
    Expr e = parseAnd();
    Token t = peek();
    if (t.type == Token.Type.RPAREN) {
      throw err("unbalanced ')'", t);
    }
    if (t.type == Token.Type.OP) {
      throw new FilterSyntaxException("unexpected " + t.describe(), t.position(),
          "a comparison needs a field name on its left; quote values that contain special"
              + " characters");
    }
    if (t.type != Token.Type.EOF) {
      throw err("unexpected " + t.describe(), t);
    }
    return e;
  }

  // ---- boolean structure -------------------------------------------------------------------

  private Expr parseAnd() {
    List<Expr> terms = new ArrayList<>();
    terms.add(parseOr());
    while (true) {
      Token t = peek();
      if (t.isKeyword("AND")) {
        advance();
        requireExpression(t);
        terms.add(parseOr());
      } else if (startsExpression(t)) {
        terms.add(parseOr());
      } else {
        break;
      }
    }
    return terms.size() == 1 ? terms.get(0) : new Nodes.And(terms.toArray(new Expr[0]));
  }

  private Expr parseOr() {
    List<Expr> terms = new ArrayList<>();
    terms.add(parseUnary());
    while (peek().isKeyword("OR")) {
      Token t = advance();
      requireExpression(t);
      terms.add(parseUnary());
    }
    return terms.size() == 1 ? terms.get(0) : new Nodes.Or(terms.toArray(new Expr[0]));
  }

  private Expr parseUnary() {
    Token t = peek();
    if (t.isKeyword("NOT") || t.type == Token.Type.MINUS) {
      advance();
      enter(t);
      requireExpression(t);
      Expr e = new Nodes.Not(parseUnary());
      depth--;
      return e;
    }
    return parsePrimary();
  }

  private Expr parsePrimary() {
    Token t = peek();
    switch (t.type) {
      case LPAREN:
        {
          advance();
          enter(t);
          if (peek().type == Token.Type.RPAREN) {
            throw err("empty parentheses", t);
          }
          Expr e = parseAnd();
          closeParen(t);
          depth--;
          return e;
        }
      case TERM:
        {
          if (t.isKeyword("AND") || t.isKeyword("OR")) {
            throw err("unexpected '" + t.raw + "' (expected an expression before it)", t);
          }
          Token next = peekAt(1);
          if (next.type == Token.Type.LPAREN && next.start == t.end && !t.quoted
              && t.segments.size() == 1) {
            return parseFunction();
          }
          if (next.type == Token.Type.OP) {
            return parseComparison();
          }
          advance();
          return new Nodes.Global(t.text);
        }
      case OP:
        throw err("expected a field name before " + t.describe(), t);
      case RPAREN:
        throw err("unbalanced ')'", t);
      case COMMA:
        throw err("unexpected ','", t);
      default:
        throw err("expected an expression", t);
    }
  }

  private void closeParen(Token open) {
    Token c = peek();
    if (c.type == Token.Type.RPAREN) {
      advance();
      return;
    }
    if (c.type == Token.Type.EOF) {
      throw err("unbalanced '(' (no matching ')')", open);
    }
    throw new FilterSyntaxException(
        "expected ')' but found " + c.describe(), c.position(),
        "to close the '(' at position " + open.position());
  }

  private static boolean startsExpression(Token t) {
    switch (t.type) {
      case LPAREN:
      case MINUS:
        return true;
      case TERM:
        return !t.isKeyword("AND") && !t.isKeyword("OR");
      default:
        return false;
    }
  }

  private void requireExpression(Token after) {
    Token t = peek();
    if (!startsExpression(t)) {
      throw err("expected an expression after '" + after.raw + "' but found " + t.describe(), t);
    }
  }

  private void enter(Token t) {
    if (++depth > MAX_DEPTH) {
      throw err("filter nests deeper than " + MAX_DEPTH + " levels", t);
    }
  }

  // ---- comparisons -------------------------------------------------------------------------

  /** What a comparison's values are compared against. */
  private static final class Target {
    final FieldPath path;
    final Token field;
    final Op op;
    final Token opToken;
    /** 0: ordinary; 1: timestamp; 2: receiveTimestamp. */
    final int time;

    Target(FieldPath path, Token field, Op op, Token opToken, int time) {
      this.path = path;
      this.field = field;
      this.op = op;
      this.opToken = opToken;
      this.time = time;
    }
  }

  private Expr parseComparison() {
    Token field = advance();
    Token opTok = advance();
    FieldPath path = resolvePath(field, opTok);
    String head = field.segments.get(0);
    Token v = peek();
    if (opTok.op == Op.HAS && isStar(v)) {
      advance();
      return new Nodes.Presence(path);
    }
    if (field.segments.size() == 1 && (head.equals("httpRequest") || head.equals("operation"))) {
      throw new FilterSyntaxException("'" + head + "' is an object and cannot be compared",
          field.position(), "compare one of its fields, or test presence with " + head + ":*");
    }
    int time = field.segments.size() == 1
        ? (head.equals("timestamp") ? 1 : head.equals("receiveTimestamp") ? 2 : 0)
        : 0;
    Target target = new Target(path, field, opTok.op, opTok, time);
    if (v.type == Token.Type.LPAREN) {
      advance();
      enter(v);
      if (peek().type == Token.Type.RPAREN) {
        throw err("empty value list", v);
      }
      Expr e = parseValueAnd(target, v);
      closeParen(v);
      depth--;
      return e;
    }
    return parseValue(target, opTok);
  }

  private static boolean isStar(Token t) {
    return t.type == Token.Type.TERM && !t.quoted && t.raw.equals("*");
  }

  /**
   * A MINUS directly followed by an unquoted word is part of the value ("-1", "-foo") right
   * after an operator; inside a value list only before a number ("-1"), else it is NOT.
   */
  private boolean isSignedWord(int offset) {
    Token m = peekAt(offset);
    Token w = peekAt(offset + 1);
    return m.type == Token.Type.MINUS && w.type == Token.Type.TERM && !w.quoted
        && w.start == m.end;
  }

  private boolean isSignedNumber(int offset) {
    if (!isSignedWord(offset)) {
      return false;
    }
    char c = peekAt(offset + 1).raw.charAt(0);
    return (c >= '0' && c <= '9') || c == '.';
  }

  private Expr parseValue(Target target, Token after) {
    Token v = peek();
    if (isSignedWord(0)) {
      advance();
      Token w = advance();
      return makeComparison(target, "-" + w.raw, false, v);
    }
    if (v.type == Token.Type.TERM && !v.isKeyword()) {
      advance();
      return makeComparison(target, v.text, v.quoted, v);
    }
    throw err("expected a value after " + describeAfter(after) + " but found " + v.describe(), v);
  }

  private static String describeAfter(Token t) {
    return t.type == Token.Type.OP ? t.describe() : "'" + t.raw + "'";
  }

  private Expr parseValueAnd(Target target, Token after) {
    List<Expr> terms = new ArrayList<>();
    terms.add(parseValueOr(target, after));
    while (true) {
      Token t = peek();
      if (t.isKeyword("AND")) {
        advance();
        terms.add(parseValueOr(target, t));
      } else if (startsExpression(t)) {
        terms.add(parseValueOr(target, t));
      } else {
        break;
      }
    }
    return terms.size() == 1 ? terms.get(0) : new Nodes.And(terms.toArray(new Expr[0]));
  }

  private Expr parseValueOr(Target target, Token after) {
    List<Expr> terms = new ArrayList<>();
    terms.add(parseValueUnary(target, after));
    while (peek().isKeyword("OR")) {
      Token t = advance();
      terms.add(parseValueUnary(target, t));
    }
    return terms.size() == 1 ? terms.get(0) : new Nodes.Or(terms.toArray(new Expr[0]));
  }

  private Expr parseValueUnary(Target target, Token after) {
    Token t = peek();
    if (t.isKeyword("NOT") || (t.type == Token.Type.MINUS && !isSignedNumber(0))) {
      advance();
      enter(t);
      Expr e = new Nodes.Not(parseValueUnary(target, t));
      depth--;
      return e;
    }
    if (t.type == Token.Type.LPAREN) {
      advance();
      enter(t);
      if (peek().type == Token.Type.RPAREN) {
        throw err("empty value list", t);
      }
      Expr e = parseValueAnd(target, t);
      closeParen(t);
      depth--;
      return e;
    }
    return parseValue(target, after);
  }

  private Expr makeComparison(Target t, String text, boolean quoted, Token v) {
    Op op = t.op;
    FieldPath path = t.path;
    if (!quoted && text.equals("*")) {
      throw new FilterSyntaxException("'*' is only allowed after ':'", v.position(),
          "write " + path + ":* to test that a field is present, or quote \"*\" to compare text");
    }
    if (op == Op.REGEX || op == Op.NOT_REGEX) {
      if (text.length() > MAX_REGEX_LENGTH) {
        throw err("regular expression longer than " + MAX_REGEX_LENGTH + " characters", v);
      }
      try {
        return new Nodes.RegexCmp(path, op, text, Pattern.compile(text));
      } catch (PatternSyntaxException ex) {
        throw new FilterSyntaxException("invalid regular expression " + Filter.quote(text)
            + ": " + ex.getDescription(), v.position(),
            "regular expressions use RE2 syntax (no lookaround, no backreferences)");
      }
    }
    if (t.time != 0 && op != Op.HAS) {
      long nanos;
      try {
        nanos = Timestamps.parse(text);
      } catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
        throw new FilterSyntaxException("invalid timestamp " + Filter.quote(text),
            v.position(), "expected RFC 3339, like \"2026-11-20T00:00:00Z\"");
      }
      return new Nodes.TimeCmp(t.time == 2, op, nanos);
    }
    switch (path.kind()) {
      case DYNAMIC:
        // NULL_VALUE is how Cloud Logging spells JSON null; leaves store null as "".
        return new Nodes.DynamicCmp(path, op, !quoted && text.equals("NULL_VALUE") ? "" : text);
      case NUMBER:
        {
          double d = FieldPath.parseNumber(text);
          if (d != d) {
            throw err("expected a number for " + path + " but found " + Filter.quote(text), v);
          }
          return new Nodes.NumberCmp(path, op, text, d);
        }
      case SEVERITY:
        {
          double d = FieldPath.parseNumber(text);
          String canonical = text;
          if (d != d) {
            Severity s = Severity.parse(text);
            if (s == null) {
              throw new FilterSyntaxException("unknown severity " + Filter.quote(text),
                  v.position(), "expected DEFAULT, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL,"
                      + " ALERT, EMERGENCY or a number 0-800");
            }
            d = s.number();
            canonical = s.name(); // "warn" prints as WARNING
          }
          return new Nodes.NumberCmp(path, op, canonical, d);
        }
      case DURATION:
        {
          double d = parseSeconds(text);
          if (d != d) {
            throw new FilterSyntaxException("invalid duration " + Filter.quote(text),
                v.position(), "expected a duration like \"1.5s\" or \"500ms\", or seconds");
          }
          return new Nodes.NumberCmp(path, op, text, d);
        }
      case BOOLEAN:
        {
          if (op.isOrdering()) {
            throw err("operator " + op.symbol() + " does not apply to the boolean field " + path,
                t.opToken);
          }
          String b = text.toLowerCase(Locale.ROOT);
          if (!b.equals("true") && !b.equals("false")) {
            throw err("expected true or false for " + path + " but found " + Filter.quote(text),
                v);
          }
          return new Nodes.StringCmp(path, op == Op.HAS ? Op.EQ : op, b);
        }
      default:
        return new Nodes.StringCmp(path, op, text);
    }
  }

  /**
   * Seconds from "1.5s", "500ms", "250us", "100ns", "2m", "1h" or a bare number of seconds; NaN
   * when malformed.
   */
  static double parseSeconds(String text) {
    String s = text.trim();
    double scale = 1;
    String num = s;
    String[][] units = {
      {"ns", "1e-9"}, {"us", "1e-6"}, {"\u00b5s", "1e-6"}, {"ms", "1e-3"}, {"s", "1"},
      {"m", "60"}, {"h", "3600"}
    };
    for (String[] u : units) {
      if (s.endsWith(u[0])) {
        num = s.substring(0, s.length() - u[0].length());
        scale = Double.parseDouble(u[1]);
        break;
      }
    }
    double d = FieldPath.parseNumber(num);
    return d * scale;
  }

  // ---- functions ---------------------------------------------------------------------------

  private Expr parseFunction() {
    Token name = advance();
    Token open = advance();
    if (!name.raw.equals("log_id") && !name.raw.equals("sample")) {
      throw new FilterSyntaxException("unknown function '" + name.raw + "'", name.position(),
          "supported functions: log_id(\"LOG_ID\"), sample(FIELD, FRACTION)");
    }
    enter(open);
    List<Token> args = new ArrayList<>();
    if (peek().type != Token.Type.RPAREN) {
      while (true) {
        Token a = peek();
        if (isSignedWord(0)) {
          advance();
          Token w = advance();
          a = new Token(Token.Type.TERM, a.start, w.end, null, "-" + w.raw, "-" + w.raw, false,
              w.segments, w.segmentStarts);
          args.add(a);
        } else if (a.type == Token.Type.TERM && !a.isKeyword()) {
          args.add(advance());
        } else {
          throw err("expected an argument of " + name.raw + "() but found " + a.describe(), a);
        }
        Token sep = peek();
        if (sep.type == Token.Type.COMMA) {
          advance();
          continue;
        }
        if (sep.type == Token.Type.RPAREN) {
          break;
        }
        if (sep.type == Token.Type.EOF) {
          throw err("unbalanced '(' (no matching ')')", open);
        }
        throw err("expected ',' or ')' in " + name.raw + "() but found " + sep.describe(), sep);
      }
    }
    advance(); // ')'
    depth--;
    if (name.raw.equals("log_id")) {
      if (args.size() != 1) {
        throw err("log_id() takes exactly one argument, as in log_id(\"stderr\")", name);
      }
      return new Nodes.LogId(args.get(0).text);
    }
    if (args.size() != 2) {
      throw err("sample() takes two arguments, as in sample(insertId, 0.1)", name);
    }
    if (args.get(0).quoted) {
      throw err("sample() takes a field name as its first argument, as in sample(insertId, 0.1)",
          args.get(0));
    }
    FieldPath path = resolvePath(args.get(0), name);
    Token f = args.get(1);
    double fraction = FieldPath.parseNumber(f.text);
    if (!(fraction >= 0 && fraction <= 1)) {
      throw err("sample() fraction must be a number from 0 to 1 but is " + Filter.quote(f.text),
          f);
    }
    return new Nodes.Sample(path, fraction, f.text);
  }

  // ---- field paths -------------------------------------------------------------------------

  private FieldPath resolvePath(Token f, Token opTok) {
    if (f.quoted) {
      throw err("expected a field name before " + describeAfter(opTok) + " but found the string "
          + Filter.quote(f.text), f);
    }
    for (int k = 0; k < f.segments.size(); k++) {
      if (f.segments.get(k).isEmpty()) {
        throw err("empty segment in field name '" + f.raw + "'", f.segmentStarts.get(k) + 1);
      }
    }
    List<String> segs = f.segments;
    String head = segs.get(0);
    if (!HEADS.contains(head)) {
      String guess = closest(head, HEADS);
      String suggestion = guess == null ? ""
          : "did you mean '" + guess + f.raw.substring(head.length()) + "'? ";
      throw new FilterSyntaxException("unknown field '" + f.raw + "'", f.position(),
          suggestion + KNOWN_FIELDS);
    }
    if (SCALAR_HEADS.contains(head) && segs.size() > 1) {
      throw new FilterSyntaxException("unknown field '" + f.raw + "'", f.position(),
          "'" + head + "' has no sub-fields");
    }
    FieldPath path = FieldPath.of(segs);
    if (!path.isKnown()) {
      List<String> subs = head.equals("httpRequest") ? HTTP_FIELDS
          : head.equals("operation") ? OPERATION_FIELDS : RESOURCE_FIELDS;
      String sub = segs.size() > 1 ? segs.get(1) : "";
      String guess = closest(sub, subs);
      String suggestion = guess == null || segs.size() != 2 ? ""
          : "did you mean '" + head + "." + guess + "'? ";
      throw new FilterSyntaxException("unknown field '" + f.raw + "'", f.position(),
          suggestion + "known fields of " + head + ": "
              + String.join(", ", subs).replace("labels", "labels.KEY"));
    }
    return path;
  }

  /** The candidate within edit distance 2 (ignoring case) of the word, or null. */
  private static String closest(String word, List<String> candidates) {
    String best = null;
    int bestDist = 3;
    String w = word.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = editDistance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDist) {
        bestDist = d;
        best = c;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] tmp = prev;
      prev = cur;
      cur = tmp;
    }
    return prev[b.length()];
  }

  // ---- token access ------------------------------------------------------------------------

  private Token peek() {
    return toks.get(pos);
  }

  private Token peekAt(int offset) {
    return toks.get(Math.min(pos + offset, toks.size() - 1));
  }

  private Token advance() {
    Token t = toks.get(pos);
    if (t.type != Token.Type.EOF) {
      pos++;
    }
    return t;
  }

  private static FilterSyntaxException err(String message, Token t) {
    return new FilterSyntaxException(message, t.position());
  }

  private static FilterSyntaxException err(String message, int position) {
    return new FilterSyntaxException(message, position);
  }
}
