package dev.logalerts.filter;

import com.google.re2j.Pattern;
import dev.logalerts.model.FieldPath;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses function calls of the query language. Names are case-insensitive ({@code LOG_ID}, {@code
 * Search}). Boolean functions stand alone: {@code log_id("stderr")}, {@code sample(insertId, 0.1)},
 * {@code SEARCH("a b")}, {@code SEARCH(field, "a")}, {@code ip_in_net(field, "10.0.0.0/8")}, {@code
 * source(projects/p)}. Value functions are compared like a field: {@code regexp_extract(field,
 * "(\\d+)ms") > 500}, {@code cast(timestamp, STRING, TIME_ZONE("Europe/Paris")) =~ "T09:"}.
 */
final class Functions {
  static final String SUPPORTED =
      "functions: log_id(\"LOG_ID\"), sample(FIELD, FRACTION),"
          + " SEARCH(\"terms\") or SEARCH(FIELD, \"terms\"), ip_in_net(FIELD, \"CIDR\"),"
          + " source(projects/ID), regexp_extract(FIELD, \"RE\"), cast(FIELD, STRING"
          + "[, TIME_ZONE(\"ZONE\")])";

  private final Parser p;

  Functions(Parser p) {
    this.p = p;
  }

  /** One argument: a word, path, quoted string or number, or a nested call (TIME_ZONE). */
  private static final class Arg {
    final Token tok;
    final String call;
    final List<Arg> args;

    Arg(Token tok, String call, List<Arg> args) {
      this.tok = tok;
      this.call = call;
      this.args = args;
    }
  }

  /** True for the name of a function of the language (any case); NAME "(" always calls it. */
  static boolean isKnown(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "log_id":
      case "sample":
      case "search":
      case "ip_in_net":
      case "source":
      case "regexp_extract":
      case "cast":
        return true;
      default:
        return false;
    }
  }

  Expr parseCall() {
    Token name = p.advance();
    String fn = name.raw.toLowerCase(Locale.ROOT);
    if (!isKnown(fn)) {
      throw new FilterSyntaxException(
          "unknown function '" + name.raw + "'", name.position(), "supported " + SUPPORTED);
    }
    List<Arg> args = parseArgs(name);
    switch (fn) {
      case "log_id":
        arity(name, args, 1, 1, "log_id(\"stderr\")");
        return new FunctionNodes.LogId(string(args.get(0), name));
      case "sample":
        return sample(name, args);
      case "search":
        return search(name, args);
      case "ip_in_net":
        return ipInNet(name, args);
      case "source":
        return source(name, args);
      default:
        return valueFunction(name, fn, args);
    }
  }

  private List<Arg> parseArgs(Token name) {
    Token open = p.advance();
    p.enter(open);
    List<Arg> args = new ArrayList<>();
    if (p.peek().type != Token.Type.RPAREN) {
      while (true) {
        args.add(parseArg(name));
        Token sep = p.peek();
        if (sep.type == Token.Type.COMMA) {
          p.advance();
          continue;
        }
        if (sep.type == Token.Type.RPAREN) {
          break;
        }
        if (sep.type == Token.Type.EOF) {
          throw Parser.err("unbalanced '(' (no matching ')')", open);
        }
        throw Parser.err(
            "expected ',' or ')' in " + name.raw + "() but found " + sep.describe(), sep);
      }
    }
    p.advance(); // ')'
    p.leave();
    return args;
  }

  private Arg parseArg(Token name) {
    Token a = p.peek();
    if (p.isSignedWord(0)) {
      p.advance();
      Token w = p.advance();
      return new Arg(
          new Token(
              Token.Type.TERM,
              a.start,
              w.end,
              null,
              "-" + w.raw,
              "-" + w.raw,
              false,
              w.segments,
              w.segmentStarts),
          null,
          null);
    }
    if (a.type == Token.Type.TERM && !a.isKeyword()) {
      p.advance();
      Token next = p.peek();
      if (next.type == Token.Type.LPAREN && next.start == a.end && !a.quoted) {
        return new Arg(a, a.raw.toLowerCase(Locale.ROOT), parseArgs(a));
      }
      return new Arg(a, null, null);
    }
    throw Parser.err("expected an argument of " + name.raw + "() but found " + a.describe(), a);
  }

  private static void arity(Token name, List<Arg> args, int min, int max, String example) {
    if (args.size() < min || args.size() > max) {
      String[] words = {"zero", "one", "two", "three"};
      String count = min == max ? "exactly " + words[min] : words[min] + " or " + words[max];
      throw Parser.err(
          name.raw
              + "() takes "
              + count
              + " argument"
              + (max == 1 ? "" : "s")
              + ", as in "
              + example,
          name);
    }
  }

  private static Token plain(Arg a, Token name) {
    if (a.call != null) {
      throw Parser.err("unexpected call " + a.tok.raw + "() in " + name.raw + "()", a.tok);
    }
    return a.tok;
  }

  private static String string(Arg a, Token name) {
    return plain(a, name).text;
  }

  private static FieldPath field(Arg a, Token name, String example) {
    Token t = plain(a, name);
    if (t.quoted) {
      throw Parser.err(
          name.raw + "() takes a field name as its first argument, as in " + example, t);
    }
    return Fields.resolve(t, name);
  }

  private Expr sample(Token name, List<Arg> args) {
    String example = "sample(insertId, 0.1)";
    arity(name, args, 2, 2, example);
    FieldPath path = field(args.get(0), name, example);
    Token f = plain(args.get(1), name);
    double fraction = FieldPath.parseNumber(f.text);
    if (!(fraction >= 0 && fraction <= 1)) {
      throw Parser.err(
          "sample() fraction must be a number from 0 to 1 but is " + Filter.quote(f.text), f);
    }
    return new FunctionNodes.Sample(path, fraction, f.text);
  }

  private Expr search(Token name, List<Arg> args) {
    arity(name, args, 1, 2, "SEARCH(\"text\") or SEARCH(textPayload, \"text\")");
    FunctionNodes.Scope scope = null;
    if (args.size() == 2) {
      scope = scope(plain(args.get(0), name), name);
    }
    Token q = plain(args.get(args.size() - 1), name);
    if (!q.quoted) {
      // Google: the query "must be formatted as a string literal"; SEARCH(textPayload) would
      // otherwise look for the word "textPayload".
      throw Parser.err(
          "SEARCH() takes its query as a string literal, as in SEARCH(\""
              + q.raw
              + "\"); to search one field, name it first: SEARCH(textPayload, \"text\")",
          q);
    }
    try {
      return new FunctionNodes.Search(scope, q.text, SearchTerms.parse(q.text));
    } catch (IllegalArgumentException ex) {
      throw new FilterSyntaxException(
          "invalid SEARCH query " + Filter.quote(q.text) + ": " + ex.getMessage(),
          q.position(),
          "write tokens separated by spaces, and exact phrases in backticks: \"`a b`\"");
    }
  }

  private static FunctionNodes.Scope scope(Token f, Token name) {
    if (f.quoted) {
      throw Parser.err(
          "SEARCH() with two arguments takes a field name first, as in"
              + " SEARCH(textPayload, \"text\")",
          f);
    }
    if (f.segments.size() == 1 && f.segments.get(0).equals("resource")) {
      return new FunctionNodes.Scope(FieldPath.of(f.segments), FunctionNodes.Scope.RESOURCE);
    }
    FieldPath path = Fields.resolve(f, name);
    FieldPath.Kind type = path.kind();
    if (type == FieldPath.Kind.NUMBER
        || type == FieldPath.Kind.BOOLEAN
        || type == FieldPath.Kind.DURATION
        || type == FieldPath.Kind.SEVERITY) {
      // Google: "you can't use the SEARCH function to match nontext fields".
      throw Parser.err(
          "SEARCH() matches text fields only, and "
              + path
              + (type == FieldPath.Kind.BOOLEAN
                  ? " is true or false"
                  : type == FieldPath.Kind.DURATION
                      ? " is a duration"
                      : type == FieldPath.Kind.SEVERITY ? " is a severity" : " is a number")
              + "; compare it with = or >= instead",
          f);
    }
    String head = f.segments.get(0);
    int kind =
        path.kind() == FieldPath.Kind.DYNAMIC
            ? FunctionNodes.Scope.PAYLOAD
            : f.segments.size() == 1 && head.equals("httpRequest")
                ? FunctionNodes.Scope.HTTP
                : f.segments.size() == 1 && head.equals("operation")
                    ? FunctionNodes.Scope.OPERATION
                    : FunctionNodes.Scope.VALUES;
    return new FunctionNodes.Scope(path, kind);
  }

  private Expr ipInNet(Token name, List<Arg> args) {
    String example = "ip_in_net(httpRequest.remoteIp, \"10.0.0.0/8\")";
    arity(name, args, 2, 2, example);
    FieldPath path = field(args.get(0), name, example);
    Token net = plain(args.get(1), name);
    try {
      return new FunctionNodes.IpInNet(path, net.text, IpNet.parse(net.text));
    } catch (IllegalArgumentException ex) {
      throw new FilterSyntaxException(
          "invalid network " + Filter.quote(net.text) + ": " + ex.getMessage(),
          net.position(),
          "expected CIDR like \"10.1.2.0/24\" or \"2001:db8::/32\"");
    }
  }

  private Expr source(Token name, List<Arg> args) {
    arity(name, args, 1, 1, "source(projects/my-project)");
    Token t = plain(args.get(0), name);
    String c = t.text;
    int slash = c.indexOf('/');
    String kind = slash < 0 ? "" : c.substring(0, slash);
    boolean known =
        kind.equals("projects")
            || kind.equals("folders")
            || kind.equals("organizations")
            || kind.equals("billingAccounts");
    if (!known || slash == c.length() - 1 || c.indexOf('/', slash + 1) >= 0) {
      throw new FilterSyntaxException(
          "invalid source " + Filter.quote(c),
          t.position(),
          "expected projects/ID, folders/ID, organizations/ID or billingAccounts/ID");
    }
    return new FunctionNodes.Source(c);
  }

  /**
   * {@code cast(CALL(...), TYPE)}, as in Google's chained {@code CAST(REGEXP_EXTRACT(...), INT64)}:
   * cast converts a field, to STRING only. A regexp_extract value needs no cast: it compares as a
   * number when compared with one, so the hint is the user's call without the cast.
   */
  private FilterSyntaxException castOfCall(Token name, Arg inner, Token type, boolean toString) {
    String call = inner.tok.raw + "()";
    if (!inner.call.equals("regexp_extract")) {
      return Parser.err(
          name.raw
              + "() converts a field, not the value of "
              + call
              + ", as in cast(timestamp,"
              + " STRING)",
          inner.tok);
    }
    if (toString) {
      return new FilterSyntaxException(
          name.raw + "() converts a field, not the value of " + call,
          inner.tok.position(),
          call + " gives text already: drop the cast");
    }
    return new FilterSyntaxException(
        name.raw + "() converts to STRING only, not " + type.describe(),
        type.position(),
        "to compare what "
            + call
            + " extracts as a number, drop the cast: its value compares as a number when"
            + " compared with a number, as in "
            + withoutCast(inner));
  }

  /** The inner regexp_extract call as written, and the comparison that follows the cast. */
  private String withoutCast(Arg inner) {
    StringBuilder sb = new StringBuilder(inner.tok.raw).append('(');
    for (int i = 0; i < inner.args.size(); i++) {
      Arg a = inner.args.get(i);
      if (a.call != null) {
        // Its field is a call itself (Google's CAST(timestamp, STRING)): show the plain form.
        return "regexp_extract(jsonPayload.message, \"took (\\\\d+)ms\") > 500 (on a field,"
            + " not on the value of a call)";
      }
      sb.append(i == 0 ? "" : ", ").append(a.tok.raw);
    }
    sb.append(')');
    Token op = p.peek();
    Token value = p.peekAt(1);
    if (op.type == Token.Type.OP && value.type == Token.Type.TERM) {
      sb.append(' ').append(op.raw).append(' ').append(value.raw);
    }
    return sb.toString();
  }

  /** regexp_extract and cast: the call must be followed by a comparison. */
  private Expr valueFunction(Token name, String fn, List<Arg> args) {
    FunctionNodes.Computed computed;
    FieldPath path;
    int time = 0;
    if (fn.equals("regexp_extract")) {
      String example = "regexp_extract(textPayload, \"took (\\\\d+)ms\") > 500";
      arity(name, args, 2, 2, example);
      path = field(args.get(0), name, example);
      Token re = plain(args.get(1), name);
      Pattern pattern = Literals.regex(re.regexText, re);
      if (pattern.groupCount() != 1) {
        // Cloud Logging refuses both: the value extracted is the one group's.
        throw new FilterSyntaxException(
            "regexp_extract() needs exactly one capture group, "
                + Filter.quote(re.regexText)
                + " has "
                + pattern.groupCount(),
            re.position(),
            "write (?:...) for other groups, as in " + example);
      }
      computed = new FunctionNodes.RegexpExtract(path, re.regexText, pattern);
    } else {
      String example = "cast(timestamp, STRING, TIME_ZONE(\"America/New_York\"))";
      arity(name, args, 2, 3, example);
      Token type = plain(args.get(1), name);
      boolean toString = !type.quoted && type.raw.equalsIgnoreCase("STRING");
      if (args.get(0).call != null) {
        throw castOfCall(name, args.get(0), type, toString);
      }
      path = field(args.get(0), name, example);
      if (!toString) {
        throw new FilterSyntaxException(
            "cast() converts to STRING only, not " + type.describe(),
            type.position(),
            "as in " + example);
      }
      String head = path.segments().get(0);
      time =
          path.segments().size() == 1
              ? (head.equals("timestamp") ? 1 : head.equals("receiveTimestamp") ? 2 : 0)
              : 0;
      String zone = null;
      if (args.size() == 3) {
        Arg z = args.get(2);
        // Google's pages spell it both ways: TIMEZONE("America/New_York") and TIME_ZONE(...).
        if (z.call == null
            || !(z.call.equals("time_zone") || z.call.equals("timezone"))
            || z.args.size() != 1) {
          throw Parser.err(
              "the third argument of cast() is TIME_ZONE(\"ZONE\"), as in " + example, z.tok);
        }
        if (time == 0) {
          throw Parser.err("TIME_ZONE applies only to timestamp and receiveTimestamp", z.tok);
        }
        Token zt = plain(z.args.get(0), name);
        zone = zt.text;
        try {
          ZoneId.of(zone);
        } catch (DateTimeException ex) {
          throw new FilterSyntaxException(
              "unknown time zone " + Filter.quote(zone),
              zt.position(),
              "use an IANA name like \"Europe/Paris\" or an offset like" + " \"+05:30\"");
        }
      }
      computed = new FunctionNodes.Cast(path, time, zone);
    }
    Token op = p.peek();
    if (op.type != Token.Type.OP) {
      throw Parser.err(
          name.raw + "() gives a value: compare it, as in " + name.raw + "(...) = \"value\"", op);
    }
    p.advance();
    if (op.op == Op.HAS && Parser.isStar(p.peek())) {
      throw Parser.err("':*' tests a field's presence, not a function's value", op);
    }
    return p.parseRhs(new Literals.Target(path, op.op, op, 0, computed), op);
  }
}
