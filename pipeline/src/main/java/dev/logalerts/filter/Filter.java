package dev.logalerts.filter;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Entry point: compiles Cloud Logging query-language text into a {@link CompiledFilter}, once, at
 * launch. See the package documentation ({@code package-info.java}) for the supported subset and
 * its exact semantics.
 */
public final class Filter {
  /** Cloud Logging's own limit on filter length. */
  public static final int MAX_LENGTH = 20_000;

  /** Longest accepted regular expression ({@code =~}, {@code !~}). */
  public static final int MAX_REGEX_LENGTH = Parser.MAX_REGEX_LENGTH;

  /** Deepest accepted nesting of parentheses and NOTs. */
  public static final int MAX_DEPTH = Parser.MAX_DEPTH;

  private Filter() {}

  /**
   * Compiles filter text. Empty or blank text matches every entry.
   *
   * @throws FilterSyntaxException naming the position of the first error
   */
  public static CompiledFilter compile(String text) {
    Objects.requireNonNull(text, "filter text");
    if (text.length() > MAX_LENGTH) {
      throw new FilterSyntaxException(
          "filter is longer than " + MAX_LENGTH + " characters", MAX_LENGTH + 1);
    }
    Expr root = new Parser(Lexer.tokenize(text)).parse();
    return new CompiledQuery(text, root);
  }

  /**
   * Quotes a value as a Cloud Logging string literal: wrapped in double quotes, with {@code \} and
   * {@code "} escaped and control characters written as {@code \n}, {@code \t}, {@code \r} or
   * {@code \\uXXXX}. {@code compile(path + "=" + quote(v))} compares with exactly {@code v}. Use it
   * to build Logs Explorer links and exclusion filters.
   */
  public static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\r':
          sb.append("\\r");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * Every field path the filter names, in the order it names them (each once): what its
   * comparisons, presence tests, functions and {@code SEARCH(field, …)} read. Global restrictions
   * (bare words) and {@code SEARCH} without a field name no field: they read whatever the entry
   * holds. Empty for a filter not compiled here.
   */
  public static java.util.Set<dev.logalerts.model.FieldPath> fieldsRead(CompiledFilter f) {
    java.util.Set<dev.logalerts.model.FieldPath> paths = new java.util.LinkedHashSet<>();
    Expr root = root(f);
    if (root != null) {
      root.fields(paths::add);
    }
    return paths;
  }

  /**
   * The texts the filter looks for in every value of an entry (bare words, {@code SEARCH} without a
   * field; a bare word as written, a {@code SEARCH} term case folded); empty for a filter that
   * reads only the fields it names. A filter compiled elsewhere gives the empty text: it may read
   * anything.
   */
  public static java.util.Set<String> textsSearchedEverywhere(CompiledFilter f) {
    java.util.Set<String> texts = new java.util.LinkedHashSet<>();
    Expr root = root(f);
    if (root == null) {
      texts.add("");
    } else {
      root.textsSearchedEverywhere(texts::add);
    }
    return texts;
  }

  /**
   * The words of {@code text} that look like operators but are not: {@code and}, {@code or}, {@code
   * not} (or {@code And}…) unquoted. Only AND, OR and NOT in capitals are operators in Cloud
   * Logging; any other case is a search word (a bare word, or a value), which a user rarely means.
   * Each as "'and' at position N".
   */
  public static java.util.List<String> operatorLikeWords(String text) {
    java.util.List<String> words = new java.util.ArrayList<>();
    for (Token t : Lexer.tokenize(text)) {
      if (t.type == Token.Type.TERM
          && !t.quoted
          && !t.isKeyword()
          && (t.raw.equalsIgnoreCase("and")
              || t.raw.equalsIgnoreCase("or")
              || t.raw.equalsIgnoreCase("not"))) {
        words.add("'" + t.raw + "' at position " + t.position());
      }
    }
    return words;
  }

  /**
   * The {@code !=} operators applied to a value list joined by OR, each as "'!=' at position N".
   * Cloud Logging applies the operator to each value of the list, so {@code f != (a OR b)} is
   * {@code f != a OR f != b}: every entry with the field matches, which a user rarely means ({@code
   * NOT f = (a OR b)} excludes both values).
   */
  public static java.util.List<String> notEqualOrLists(String text) {
    java.util.List<Token> tokens = Lexer.tokenize(text);
    java.util.List<String> found = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.type != Token.Type.OP || t.op != Op.NE || tokens.get(i + 1).type != Token.Type.LPAREN) {
        continue;
      }
      int depth = 0;
      for (int j = i + 1; j < tokens.size(); j++) {
        Token u = tokens.get(j);
        if (u.type == Token.Type.LPAREN) {
          depth++;
        } else if (u.type == Token.Type.RPAREN) {
          if (--depth == 0) {
            break;
          }
        } else if (depth == 1 && u.isKeyword() && u.raw.equals("OR")) {
          found.add("'!=' at position " + t.position());
          break;
        }
      }
    }
    return found;
  }

  /**
   * The values of a filter that compiles which rarely mean, in an alerting rule, what they say: a
   * severity alias Cloud Logging does not know ({@code WARN}), a fixed time ({@link ValueNotes}).
   *
   * @throws FilterSyntaxException as {@link #compile} does
   */
  public static ValueNotes valueNotes(String text) {
    ValueNotes notes = new ValueNotes();
    new Parser(Lexer.tokenize(text), notes).parse();
    return notes;
  }

  /**
   * The unquoted words of {@code text} that start with {@code #} and begin a line, as {@code "'#'
   * at position 31"}: a YAML or shell comment written inside a filter block. Only {@code --} starts
   * a comment in Cloud Logging's language, so the word and the rest of its line are searched for in
   * every field, and an entry without them never matches.
   */
  public static java.util.List<String> hashCommentLines(String text) {
    java.util.List<String> words = new java.util.ArrayList<>();
    for (Token t : Lexer.tokenize(text)) {
      if (t.type == Token.Type.TERM
          && !t.quoted
          && t.raw.startsWith("#")
          && text.substring(text.lastIndexOf('\n', t.start - 1) + 1, t.start).isBlank()) {
        words.add("'" + t.raw + "' at position " + t.position());
      }
    }
    return words;
  }

  /**
   * The 1-based position of the first {@code --} comment of {@code text}, or 0 when it has none.
   * Comments lie between tokens (a {@code --} inside a string or a word is text).
   */
  public static int firstComment(String text) {
    int gap = 0;
    for (Token t : Lexer.tokenize(text)) {
      int at = text.substring(gap, t.start).indexOf("--");
      if (at >= 0) {
        return gap + at + 1;
      }
      gap = t.end;
    }
    return 0;
  }

  private static final java.util.regex.Pattern TYPOGRAPHIC_QUOTE =
      java.util.regex.Pattern.compile("[\u201C\u201D\u201E\u2018\u2019]");

  /**
   * The unquoted words of {@code text} that hold typographic quotes ({@code “ ” „ ‘ ’}), as {@code
   * "'“u-1”' at position 19"}: text pasted from a web page or a word processor, where only the
   * straight double quote delimits a string, so the quote characters become part of the value
   * compared ({@code jsonPayload.user=“u-1”} never matches {@code "u-1"}).
   */
  public static java.util.List<String> typographicQuotes(String text) {
    java.util.List<String> words = new java.util.ArrayList<>();
    for (Token t : Lexer.tokenize(text)) {
      if (t.type == Token.Type.TERM && !t.quoted && TYPOGRAPHIC_QUOTE.matcher(t.raw).find()) {
        words.add("'" + t.raw + "' at position " + t.position());
      }
    }
    return words;
  }

  /** The predicate tree of a filter compiled here, or null for other implementations. */
  /**
   * Whether every entry {@code filter} matches also matches {@code part}, as far as their text
   * shows: each of {@code part}'s top-level AND terms is (in canonical form) one of {@code
   * filter}'s. False for a filter not compiled here, or when it cannot tell.
   */
  public static boolean requires(CompiledFilter filter, CompiledFilter part) {
    Expr f = root(filter);
    Expr p = root(part);
    if (f == null || p == null || p instanceof Nodes.MatchAll) {
      return false;
    }
    return terms(f).containsAll(terms(p));
  }

  private static Set<String> terms(Expr e) {
    Set<String> out = new HashSet<>();
    if (e instanceof Nodes.And) {
      for (Expr t : ((Nodes.And) e).terms) {
        out.add(t.toString());
      }
    } else {
      out.add(e.toString());
    }
    return out;
  }

  static Expr root(CompiledFilter f) {
    return f instanceof CompiledQuery ? ((CompiledQuery) f).root : null;
  }

  /** The compiled form: the user's text plus the predicate tree. */
  private static final class CompiledQuery implements CompiledFilter {
    private static final long serialVersionUID = 1L;
    private final String text;
    private final Expr root;

    CompiledQuery(String text, Expr root) {
      this.text = text;
      this.root = root;
    }

    @Override
    public boolean test(dev.logalerts.model.LogEvent event) {
      return root.test(event);
    }

    @Override
    public String text() {
      return text;
    }

    /** Canonical, fully parenthesised form; compiling it again gives the same filter. */
    @Override
    public String toString() {
      return root.toString();
    }
  }

  /**
   * {@code value} as an RE2 pattern that matches it literally: letters, digits, {@code -}, {@code
   * _}, {@code /} and blanks as they are, every other character in a class of its own ({@code
   * [.]}), so that no backslash has to survive the string literal's own escaping.
   */
  public static String regexLiteral(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '/' || c == ' ') {
        sb.append(c);
      } else if (c == '\\' || c == ']' || c == '^') {
        sb.append("[\\").append(c).append(']');
      } else {
        sb.append('[').append(c).append(']');
      }
    }
    return sb.toString();
  }
}
