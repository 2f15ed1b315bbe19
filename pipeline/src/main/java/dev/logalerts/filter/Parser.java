package dev.logalerts.filter;

import dev.logalerts.model.FieldPath;
import java.util.ArrayList;
import java.util.List;

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
 * function   = NAME "(" [ arg { "," arg } ] ")"          -- see {@link Functions}
 *              [ OP rhs ]                                 -- regexp_extract and cast give values
 * </pre>
 *
 * <p>Literals are typed by {@link Literals}, field names resolved by {@link Fields}.
 */
final class Parser {
  static final int MAX_DEPTH = 100;
  static final int MAX_REGEX_LENGTH = Literals.MAX_REGEX_LENGTH;

  private final List<Token> toks;
  private int pos;
  private int depth;

  /** Where {@link Filter#valueNotes} collects; null when compiling for evaluation. */
  private final ValueNotes notes;

  Parser(List<Token> toks) {
    this(toks, null);
  }

  Parser(List<Token> toks, ValueNotes notes) {
    this.toks = toks;
    this.notes = notes;
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
      throw new FilterSyntaxException(
          "unexpected " + t.describe(),
          t.position(),
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
          if (next.type == Token.Type.LPAREN
              && !t.quoted
              && t.segments.size() == 1
              && (next.start == t.end || Functions.isKnown(t.raw))) {
            return new Functions(this).parseCall();
          }
          if (next.type == Token.Type.OP) {
            return parseComparison();
          }
          advance();
          return new EntryText.Global(t.text);
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

  void closeParen(Token open) {
    Token c = peek();
    if (c.type == Token.Type.RPAREN) {
      advance();
      return;
    }
    if (c.type == Token.Type.EOF) {
      throw err("unbalanced '(' (no matching ')')", open);
    }
    throw new FilterSyntaxException(
        "expected ')' but found " + c.describe(),
        c.position(),
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

  void enter(Token t) {
    if (++depth > MAX_DEPTH) {
      throw err("filter nests deeper than " + MAX_DEPTH + " levels", t);
    }
  }

  // ---- comparisons -------------------------------------------------------------------------

  private Expr parseComparison() {
    Token field = advance();
    Token opTok = advance();
    FieldPath path = Fields.resolve(field, opTok);
    String head = field.segments.get(0);
    Token v = peek();
    if (opTok.op == Op.HAS && isStar(v)) {
      advance();
      return new Nodes.Presence(path);
    }
    if (field.segments.size() == 1 && (head.equals("httpRequest") || head.equals("operation"))) {
      throw new FilterSyntaxException(
          "'" + head + "' is an object and cannot be compared",
          field.position(),
          "compare one of its fields, or test presence with " + head + ":*");
    }
    int time =
        field.segments.size() == 1
            ? (head.equals("timestamp") ? 1 : head.equals("receiveTimestamp") ? 2 : 0)
            : 0;
    return parseRhs(new Literals.Target(path, opTok.op, opTok, time, null), opTok);
  }

  /** The right-hand side after the operator: one value or a parenthesised value list. */
  Expr parseRhs(Literals.Target target, Token opTok) {
    Token v = peek();
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

  static boolean isStar(Token t) {
    return t.type == Token.Type.TERM && !t.quoted && t.raw.equals("*");
  }

  /**
   * A MINUS directly followed by an unquoted word is part of the value ("-1", "-foo") right after
   * an operator; inside a value list only before a number ("-1"), else it is NOT.
   */
  boolean isSignedWord(int offset) {
    Token m = peekAt(offset);
    Token w = peekAt(offset + 1);
    return m.type == Token.Type.MINUS && w.type == Token.Type.TERM && !w.quoted && w.start == m.end;
  }

  private boolean isSignedNumber(int offset) {
    if (!isSignedWord(offset)) {
      return false;
    }
    char c = peekAt(offset + 1).raw.charAt(0);
    return (c >= '0' && c <= '9') || c == '.';
  }

  private Expr parseValue(Literals.Target target, Token after) {
    Token v = peek();
    if (isSignedWord(0)) {
      advance();
      Token w = advance();
      return Literals.compare(target, "-" + w.raw, false, v);
    }
    if (v.type == Token.Type.TERM && !v.isKeyword()) {
      advance();
      if (target.op == Op.REGEX || target.op == Op.NOT_REGEX) {
        return Literals.compare(target, v.regexText, v.quoted, v);
      }
      // An escaped word (a\:b) is text, never '*', NULL_VALUE or a number.
      Expr e = Literals.compare(target, v.text, v.quoted || v.escaped(), v);
      if (notes != null) {
        notes.see(target, v.text, v);
      }
      return e;
    }
    throw err("expected a value after " + describeAfter(after) + " but found " + v.describe(), v);
  }

  private static String describeAfter(Token t) {
    return Fields.describe(t);
  }

  private Expr parseValueAnd(Literals.Target target, Token after) {
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

  private Expr parseValueOr(Literals.Target target, Token after) {
    List<Expr> terms = new ArrayList<>();
    terms.add(parseValueUnary(target, after));
    while (peek().isKeyword("OR")) {
      Token t = advance();
      terms.add(parseValueUnary(target, t));
    }
    return terms.size() == 1 ? terms.get(0) : new Nodes.Or(terms.toArray(new Expr[0]));
  }

  private Expr parseValueUnary(Literals.Target target, Token after) {
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

  // ---- token access ------------------------------------------------------------------------

  Token peek() {
    return toks.get(pos);
  }

  Token peekAt(int offset) {
    return toks.get(Math.min(pos + offset, toks.size() - 1));
  }

  Token advance() {
    Token t = toks.get(pos);
    if (t.type != Token.Type.EOF) {
      pos++;
    }
    return t;
  }

  static FilterSyntaxException err(String message, Token t) {
    return new FilterSyntaxException(message, t.position());
  }

  /** Leaves one nesting level entered with {@link #enter}. */
  void leave() {
    depth--;
  }
}
