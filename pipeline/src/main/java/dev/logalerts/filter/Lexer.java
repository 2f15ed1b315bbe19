package dev.logalerts.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits filter text into {@link Token}s. A TERM is a run of word characters and double-quoted
 * strings joined by dots ({@code labels."k8s-pod/app"}, {@code ERROR}, {@code "a b"}, {@code 1.5});
 * the parser decides whether it is a field path, a value or a keyword. {@code --} at the start of a
 * term comments out the rest of the line. A single quote outside a string is an error (the language
 * only has double-quoted strings).
 */
final class Lexer {
  private final String s;
  private final int n;
  private int i;

  /** The last quoted string as a regular expression reads it (see {@link #quoted}). */
  private String quotedRegex;

  private Lexer(String s) {
    this.s = s;
    this.n = s.length();
  }

  static List<Token> tokenize(String text) {
    Lexer lx = new Lexer(text);
    List<Token> out = new ArrayList<>();
    while (true) {
      Token t = lx.next();
      out.add(t);
      if (t.type == Token.Type.EOF) {
        return out;
      }
    }
  }

  /** Characters that end an unquoted word (besides whitespace). */
  static boolean isSpecial(char c) {
    switch (c) {
      case '(':
      case ')':
      case '"':
      case '=':
      case '!':
      case '<':
      case '>':
      case ':':
      case ',':
      case '\'':
        return true;
      default:
        return false;
    }
  }

  private Token next() {
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else {
        break;
      }
    }
    if (i >= n) {
      return Token.simple(Token.Type.EOF, n, n, "");
    }
    int start = i;
    char c = s.charAt(i);
    switch (c) {
      case '(':
        i++;
        return Token.simple(Token.Type.LPAREN, start, i, "(");
      case ')':
        i++;
        return Token.simple(Token.Type.RPAREN, start, i, ")");
      case ',':
        i++;
        return Token.simple(Token.Type.COMMA, start, i, ",");
      case '-':
        i++;
        return Token.simple(Token.Type.MINUS, start, i, "-");
      case '=':
        i++;
        if (i < n && s.charAt(i) == '~') {
          i++;
          return op(Op.REGEX, start);
        }
        return op(Op.EQ, start);
      case '!':
        i++;
        if (i < n && s.charAt(i) == '=') {
          i++;
          return op(Op.NE, start);
        }
        if (i < n && s.charAt(i) == '~') {
          i++;
          return op(Op.NOT_REGEX, start);
        }
        throw new FilterSyntaxException("unexpected '!' (use '!=', '!~' or NOT)", start + 1);
      case '<':
        i++;
        if (i < n && s.charAt(i) == '=') {
          i++;
          return op(Op.LE, start);
        }
        return op(Op.LT, start);
      case '>':
        i++;
        if (i < n && s.charAt(i) == '=') {
          i++;
          return op(Op.GE, start);
        }
        return op(Op.GT, start);
      case ':':
        i++;
        return op(Op.HAS, start);
      case '\'':
        throw singleQuote(start);
      default:
        return term(start);
    }
  }

  /**
   * Cloud Logging has no single-quoted strings: it rejects them, and accepting one as a bare word
   * would make {@code log_id('x')} silently never match. The hint shows the double-quoted form.
   */
  private FilterSyntaxException singleQuote(int start) {
    int close = s.indexOf('\'', start + 1);
    int lineEnd = s.indexOf('\n', start + 1);
    String hint = "use double quotes for strings";
    if (close > start && (lineEnd < 0 || close < lineEnd)) {
      hint +=
          ": write "
              + Filter.quote(s.substring(start + 1, close))
              + " instead of "
              + s.substring(start, close + 1);
    }
    return new FilterSyntaxException("single quotes are not allowed", start + 1, hint);
  }

  private Token op(Op op, int start) {
    return new Token(
        Token.Type.OP, start, i, op, op.symbol(), op.symbol(), false, List.of(), List.of());
  }

  /**
   * The character of the escape whose letter or first digit {@code e} was just read ({@code \a},
   * {@code \v}, octal {@code \0}-{@code \377}, hex {@code \xHH}), moving past its digits; or -1
   * when it is none of these (the escape then keeps its backslash).
   */
  private int numericEscape(char e) {
    if (e == 'a') {
      return 0x07;
    }
    if (e == 'v') {
      return 0x0b;
    }
    if (e == 'x') {
      if (i + 2 <= n
          && Character.digit(s.charAt(i), 16) >= 0
          && Character.digit(s.charAt(i + 1), 16) >= 0) {
        i += 2;
        return Integer.parseInt(s.substring(i - 2, i), 16);
      }
      return -1;
    }
    if (e < '0' || e > '7') {
      return -1;
    }
    // Up to three octal digits, the first 0-3 when there are three (at most 0377).
    int code = e - '0';
    int max = e <= '3' ? 2 : 1;
    for (int k = 0; k < max && i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
      code = code * 8 + (s.charAt(i++) - '0');
    }
    return code;
  }

  /**
   * Characters a backslash makes part of an unquoted word, as Cloud Logging's lexer reads them
   * ({@code wal\"rus}, {@code a\:b}, {@code foo\.bar}: one word, the backslash dropped).
   */
  private static boolean isWordEscape(char c) {
    return ",:=<>+~\"\\.*".indexOf(c) >= 0;
  }

  /**
   * The character of the escape at {@code i} in an unquoted word, whose letter is {@code e}: an
   * escaped special character, {@code \u00e9}, octal {@code \041} or hex {@code \x21}, moving past
   * it; or -1, leaving the backslash as written.
   */
  private int wordEscape(char e) {
    int at = i;
    i += 2;
    if (isWordEscape(e)) {
      return e;
    }
    if (e == 'u') {
      if (i + 4 <= n && s.substring(i, i + 4).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        i += 4;
        return Integer.parseInt(s.substring(i - 4, i), 16);
      }
    } else if (e != 'a' && e != 'v') {
      int code = numericEscape(e);
      if (code >= 0) {
        return code;
      }
    }
    i = at;
    return -1;
  }

  /** Reads pieces (bare runs and quoted strings) joined by dots. */
  private Token term(int start) {
    List<String> segs = new ArrayList<>();
    List<Integer> segStarts = new ArrayList<>();
    int pieces = 0;
    boolean onlyQuoted = true;
    String quotedText = null;
    String regexText = null;
    // The token's text with the escapes of its unquoted runs decoded (quoted pieces as written).
    StringBuilder text = new StringBuilder();
    boolean escaped = false;
    // True when the next piece starts a new segment (at the start, or right after a '.').
    boolean atSegmentStart = true;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"') {
        if (!atSegmentStart) {
          break; // "abc"def or abc"def": a new token starts here
        }
        int qStart = i;
        String decoded = quoted();
        text.append(s, qStart, i);
        segs.add(decoded);
        segStarts.add(qStart);
        quotedText = decoded;
        regexText = quotedRegex;
        pieces++;
        atSegmentStart = false;
        if (i < n && s.charAt(i) == '.') {
          i++;
          text.append('.');
          atSegmentStart = true;
          onlyQuoted = false;
          if (i >= n
              || Character.isWhitespace(s.charAt(i))
              || isSpecial(s.charAt(i)) && s.charAt(i) != '"') {
            segs.add("");
            segStarts.add(i);
            break;
          }
        } else {
          break;
        }
      } else if (Character.isWhitespace(c) || isSpecial(c)) {
        break;
      } else {
        if (!atSegmentStart) {
          break;
        }
        onlyQuoted = false;
        pieces++;
        // A bare run; dots inside it separate segments.
        int segStart = i;
        StringBuilder seg = new StringBuilder();
        while (i < n) {
          char d = s.charAt(i);
          int code = d == '\\' && i + 1 < n ? wordEscape(s.charAt(i + 1)) : -1;
          if (code >= 0) {
            seg.append((char) code);
            text.append((char) code);
            escaped = true;
            continue;
          }
          if (Character.isWhitespace(d) || isSpecial(d)) {
            break;
          }
          text.append(d);
          if (d == '.') {
            segs.add(seg.toString());
            segStarts.add(segStart);
            seg.setLength(0);
            segStart = i + 1;
          } else {
            seg.append(d);
          }
          i++;
        }
        // The run ended; if it ended with '.', a quoted segment may follow.
        if (seg.length() == 0 && s.charAt(i - 1) == '.') {
          atSegmentStart = true;
          if (i < n && s.charAt(i) == '"') {
            continue;
          }
          segs.add("");
          segStarts.add(segStart);
          break;
        }
        segs.add(seg.toString());
        segStarts.add(segStart);
        atSegmentStart = false;
        break;
      }
    }
    String raw = s.substring(start, i);
    boolean quoted = onlyQuoted && pieces == 1 && segs.size() == 1;
    String value = quoted ? quotedText : escaped ? text.toString() : raw;
    return new Token(
        Token.Type.TERM,
        start,
        i,
        null,
        raw,
        value,
        quoted ? regexText : raw,
        quoted,
        segs,
        segStarts);
  }

  /**
   * Reads a double-quoted string at {@code i}, decoding escapes; {@link #quotedRegex} gets the same
   * string as a regular expression reads it, where an escaped special character of the query
   * language ({@code \.}, {@code \*}, {@code \+}, ...) keeps its backslash for RE2.
   */
  private String quoted() {
    int open = i;
    i++;
    StringBuilder sb = new StringBuilder();
    StringBuilder re = new StringBuilder();
    while (i < n) {
      char c = s.charAt(i++);
      if (c == '"') {
        quotedRegex = re.toString();
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        re.append(c);
        continue;
      }
      if (i >= n) {
        break;
      }
      int escapeStart = i - 1;
      char e = s.charAt(i++);
      int before = sb.length();
      switch (e) {
        case '"':
        case '\\':
        case '/':
          sb.append(e);
          break;
        case 'n':
          sb.append('\n');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 'b':
          // A backspace in text; in a regex RE2's word boundary, as Google's Ops Agent hands its
          // regexes over as written (a backspace there is "\x08").
          sb.append('\b');
          re.append("\\b");
          continue;
        case 'f':
          sb.append('\f');
          break;
        case 'u':
          if (i + 4 > n) {
            throw new FilterSyntaxException("incomplete \\u escape", i - 1);
          }
          int cp = 0;
          for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i + k), 16);
            if (d < 0) {
              throw new FilterSyntaxException("invalid \\u escape (expected 4 hex digits)", i - 1);
            }
            cp = cp * 16 + d;
          }
          i += 4;
          sb.append((char) cp);
          break;
        default:
          if (isWordEscape(e)) {
            // "a\:b" is a:b, as in an unquoted word; a regex keeps "\." a literal dot.
            sb.append(e);
            re.append('\\').append(e);
            continue;
          }
          int code = numericEscape(e);
          if (code >= 0) {
            // \a \v, octal \041 and hex \x21 are characters; RE2 reads them as written.
            sb.append((char) code);
            re.append(s, escapeStart, i);
            continue;
          }
          // Unknown escapes keep their backslash, so regexes like "\d+" work as written.
          sb.append('\\').append(e);
          break;
      }
      re.append(sb, before, sb.length());
    }
    throw new FilterSyntaxException("unterminated string", open + 1);
  }
}
