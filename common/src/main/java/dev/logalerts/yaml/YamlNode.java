package dev.logalerts.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML tree that remembers where each node and key starts (1-based line and column), so every
 * validation error can point at the text: the one strict reader of the rules file, rule-test files
 * and the notifier config. Built directly from Jackson's streaming YAML parser rather than {@code
 * ObjectMapper.readTree}, which forgets locations, silently keeps the last of duplicate keys and
 * turns aliases into the alias name.
 *
 * <p>Safe loading: nothing is ever instantiated from the document. Explicit tags ({@code !!foo}),
 * anchors and aliases are rejected outright, and so is a second document.
 */
public final class YamlNode {

  public enum Kind {
    MAP,
    LIST,
    /**
     * A scalar; {@link #text} holds it as written, {@link #token} says how YAML typed it ({@code
     * text} and {@code token} are null for maps, lists and nulls).
     */
    SCALAR,
    NULL
  }

  /** A map entry: the key's own position and its value. */
  public static final class Entry {
    public final String key;
    public final int line;
    public final int column;
    public final YamlNode value;

    Entry(String key, int line, int column, YamlNode value) {
      this.key = key;
      this.line = line;
      this.column = column;
      this.value = value;
    }
  }

  /** A document that is not YAML we accept, with the position of the problem. */
  public static final class YamlSyntaxException extends Exception {
    public final int line;
    public final int column;

    YamlSyntaxException(String message, int line, int column) {
      super(message);
      this.line = line;
      this.column = column;
    }
  }

  /** Deepest nesting accepted; our files need at most 8. Bounds recursion on hostile input. */
  static final int MAX_DEPTH = 20;

  private static final YAMLFactory FACTORY = factory();

  private static YAMLFactory factory() {
    LoaderOptions opts = new LoaderOptions();
    opts.setNestingDepthLimit(MAX_DEPTH);
    // An empty plain value ("filter:" and nothing after it) comes as VALUE_NULL with empty text,
    // so that it can be told apart from a quoted '' (see isBlank).
    return YAMLFactory.builder()
        .loaderOptions(opts)
        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
        .build();
  }

  public final Kind kind;
  public final int line;
  public final int column;
  public final String text;
  public final JsonToken token;
  public final Map<String, Entry> entries;
  public final List<YamlNode> items;
  private boolean blank;

  /**
   * A string over several source lines: the document and the string's code point offsets in it, for
   * {@link #unfoldedText}; null for every other node.
   */
  private String document;

  private long startOffset;
  private long endOffset;

  private YamlNode(
      Kind kind,
      int line,
      int column,
      String text,
      JsonToken token,
      Map<String, Entry> entries,
      List<YamlNode> items) {
    this.kind = kind;
    this.line = line;
    this.column = column;
    this.text = text;
    this.token = token;
    this.entries = entries;
    this.items = items;
  }

  public boolean isMap() {
    return kind == Kind.MAP;
  }

  public boolean isList() {
    return kind == Kind.LIST;
  }

  public boolean isScalar() {
    return kind == Kind.SCALAR;
  }

  public boolean isNull() {
    return kind == Kind.NULL;
  }

  /**
   * True for a key written with no value at all ({@code filter:} and nothing after it): read as the
   * empty string like {@code ''}, but more often a value forgotten than one meant.
   */
  public boolean isBlank() {
    return blank;
  }

  /** True for a scalar YAML read as a string (quoted, or plain but not a number or boolean). */
  public boolean isString() {
    return kind == Kind.SCALAR && token == JsonToken.VALUE_STRING;
  }

  public boolean isInteger() {
    return kind == Kind.SCALAR && token == JsonToken.VALUE_NUMBER_INT;
  }

  public boolean isNumber() {
    return kind == Kind.SCALAR
        && (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT);
  }

  /**
   * For a string YAML joined from several source lines into fewer (a {@code >} block, or a plain or
   * quoted value over several lines: each line break became a space), the value as it reads with
   * the source's line breaks kept; null for every other node. Text where a line break means
   * something (a {@code --} comment of a filter ends at one) needs it to tell what was written.
   * Read on request, not at parse time: only a filter asks, and finding an offset walks the
   * document.
   */
  public String unfoldedText() {
    return document == null ? null : unfolded(document, startOffset, endOffset, text);
  }

  /** The scalar's text as written (null for maps, lists and empty values). */
  public String text() {
    return text;
  }

  /** How the node reads in an error message. */
  public String describe() {
    switch (kind) {
      case MAP:
        return "a map";
      case LIST:
        return "a list";
      case NULL:
        return "empty";
      default:
        return "'" + text + "'";
    }
  }

  /**
   * Parses one YAML document. An empty document yields a NULL node.
   *
   * @throws YamlSyntaxException on malformed YAML, tags, anchors, aliases or several documents
   */
  public static YamlNode parse(String yaml) throws YamlSyntaxException {
    try (YAMLParser p = FACTORY.createParser(yaml)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new YamlNode(Kind.NULL, 1, 1, null, null, Map.of(), List.of());
      }
      YamlNode root = read(p, t, 0, yaml);
      JsonToken next = p.nextToken();
      if (next != null) {
        JsonLocation loc = p.getTokenLocation();
        throw new YamlSyntaxException(
            "more than one YAML document; the file holds exactly one",
            loc.getLineNr(),
            loc.getColumnNr());
      }
      return root;
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof MarkedYAMLException) {
        throw malformed((MarkedYAMLException) e.getCause());
      }
      JsonLocation loc = e.getLocation();
      String msg = e.getOriginalMessage();
      throw new YamlSyntaxException(
          "malformed YAML: " + firstLine(msg),
          loc == null ? 0 : loc.getLineNr(),
          loc == null ? 0 : loc.getColumnNr());
    } catch (IOException e) {
      throw new YamlSyntaxException("malformed YAML: " + e.getMessage(), 0, 0);
    }
  }

  /**
   * SnakeYAML's problem in words, at its position: its message's first line is only the context
   * ("while scanning a quoted scalar"), and the parser's position is the last good token, often a
   * line before the mistake.
   */
  static YamlSyntaxException malformed(MarkedYAMLException e) {
    String problem = words(e.getProblem());
    String context = e.getContext() == null ? null : words(e.getContext());
    Mark at = e.getProblemMark();
    Mark ctx = e.getContextMark();
    if (ctx != null
        && (at == null || problem.contains("end of stream") || problem.contains("<stream end>"))) {
      // The end of the file is no place to look for an unclosed quote or bracket: its start is.
      at = ctx;
      problem =
          context == null
              ? problem
              : "the file ends inside the "
                  + context.replaceFirst("^while \\w+ (an? )?", "")
                  + " that starts here (a closing quote or bracket missing?)";
      context = null;
    } else if (ctx == null || at == null || ctx.getLine() == at.getLine()) {
      context = null; // no place of its own: only SnakeYAML's state, no help
    } else if (context != null) {
      context += " started at line " + (ctx.getLine() + 1) + ", column " + (ctx.getColumn() + 1);
    }
    String text = problem + (context == null ? "" : " (" + context + ")");
    if (problem.contains("found '<scalar>'") && valueBefore(at)) {
      // Not an indentation slip: a value went on after its closing quote, as in
      // filter: "resource.type="k8s_container"" (the inner quote closes the string).
      text =
          problem
              + "; text after a closing quote: a value that holds quotes of its own goes in the"
              + " other kind (filter: 'resource.type=\"k8s_container\"'), and a quoted value ends"
              + " at its quote";
    } else if (problem.contains("expected <block end>")) {
      text += "; check this line's indentation against the lines above";
    } else if (problem.equals("mapping values are not allowed here")) {
      text += " (quote a value that contains ': ')";
    }
    return new YamlSyntaxException(
        "malformed YAML: " + text,
        at == null ? 0 : at.getLine() + 1,
        at == null ? 0 : at.getColumn() + 1);
  }

  /** Whether the mark's line holds more than indentation before it. */
  private static boolean valueBefore(Mark at) {
    int[] buffer = at == null ? null : at.getBuffer();
    if (buffer == null) {
      return false;
    }
    for (int i = Math.min(at.getPointer(), buffer.length) - 1; i >= 0 && buffer[i] != '\n'; i--) {
      if (buffer[i] != ' ' && buffer[i] != '\t') {
        return true;
      }
    }
    return false;
  }

  /** One line of plain words: tabs named, no trailing period, no "(Do ...)" capital. */
  private static String words(String s) {
    if (s == null) {
      return "unknown error";
    }
    String t =
        s.replace("character '\\t(TAB)'", "a tab character")
            .replace("\\t(TAB)", "tabs")
            .replace("'\\t'", "a tab")
            .replaceAll("\\s+", " ")
            .replace(". (Do not", " (do not")
            .trim();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  private static YamlNode read(YAMLParser p, JsonToken t, int depth, String yaml)
      throws IOException, YamlSyntaxException {
    JsonLocation loc = p.getTokenLocation();
    int line = loc.getLineNr();
    int col = loc.getColumnNr();
    rejectUnsafe(p, line, col);
    if (depth > MAX_DEPTH) {
      throw new YamlSyntaxException("nested deeper than " + MAX_DEPTH + " levels", line, col);
    }
    switch (t) {
      case START_OBJECT:
        {
          Map<String, Entry> entries = new LinkedHashMap<>();
          for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
            if (k != JsonToken.FIELD_NAME) {
              throw new YamlSyntaxException("expected a key", line, col);
            }
            JsonLocation kl = p.getTokenLocation();
            String key = p.currentName();
            rejectUnsafe(p, kl.getLineNr(), kl.getColumnNr());
            YamlNode value = read(p, p.nextToken(), depth + 1, yaml);
            if (entries.containsKey(key)) {
              throw new YamlSyntaxException(
                  "duplicate key '" + key + "' (first at line " + entries.get(key).line + ")",
                  kl.getLineNr(),
                  kl.getColumnNr());
            }
            entries.put(key, new Entry(key, kl.getLineNr(), kl.getColumnNr(), value));
          }
          return new YamlNode(
              Kind.MAP, line, col, null, t, Collections.unmodifiableMap(entries), List.of());
        }
      case START_ARRAY:
        {
          List<YamlNode> items = new ArrayList<>();
          for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) {
            items.add(read(p, k, depth + 1, yaml));
          }
          return new YamlNode(
              Kind.LIST, line, col, null, t, Map.of(), Collections.unmodifiableList(items));
        }
      case VALUE_NULL:
        if (p.getText().isEmpty()) {
          // Nothing written: the empty string, as if quoted, but marked (isBlank).
          YamlNode blank =
              new YamlNode(Kind.SCALAR, line, col, "", JsonToken.VALUE_STRING, Map.of(), List.of());
          blank.blank = true;
          return blank;
        }
        return new YamlNode(Kind.NULL, line, col, null, t, Map.of(), List.of());
      case VALUE_STRING:
        YamlNode string = new YamlNode(Kind.SCALAR, line, col, p.getText(), t, Map.of(), List.of());
        JsonLocation end = p.getCurrentLocation();
        if (end.getLineNr() != line) {
          // Over several lines: YAML may have folded it (a value on one line never is).
          string.document = yaml;
          string.startOffset = loc.getCharOffset();
          string.endOffset = end.getCharOffset();
        }
        return string;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new YamlNode(Kind.SCALAR, line, col, p.getText(), t, Map.of(), List.of());
      default:
        throw new YamlSyntaxException("unexpected YAML token " + t, line, col);
    }
  }

  /**
   * The string between {@code start} and {@code end} in {@code yaml} read again with each of its
   * line breaks doubled: YAML folds a single line break into a space but keeps one of an empty
   * line, so the value comes back with a line break wherever the source had one. Null when nothing
   * was folded (a {@code |} block, a value on one line) or the text cannot be read so.
   */
  private static String unfolded(String yaml, long start, long end, String value) {
    int from;
    int to;
    try {
      // SnakeYAML counts code points.
      from = yaml.offsetByCodePoints(0, (int) start);
      to = yaml.offsetByCodePoints(from, (int) (end - start));
    } catch (IndexOutOfBoundsException e) {
      return null;
    }
    String source = yaml.substring(from, to).stripTrailing();
    if (source.startsWith("|") || source.indexOf('\n') < 0 && source.indexOf('\r') < 0) {
      return null;
    }
    String doubled = source.replaceAll("\r\n|\r|\n", "$0$0");
    try (YAMLParser p = FACTORY.createParser("x: " + doubled + "\n")) {
      if (p.nextToken() == JsonToken.START_OBJECT
          && p.nextToken() == JsonToken.FIELD_NAME
          && p.nextToken() == JsonToken.VALUE_STRING
          && !p.getText().equals(value)) {
        return p.getText();
      }
    } catch (IOException | RuntimeException e) {
      // Not readable alone (a flow collection's value): no unfolded text.
    }
    return null;
  }

  private static void rejectUnsafe(JsonParser p, int line, int col)
      throws IOException, YamlSyntaxException {
    YAMLParser y = (YAMLParser) p;
    if (y.isCurrentAlias()) {
      throw new YamlSyntaxException(
          "YAML aliases (*" + y.getText() + ") are not supported; write the value out", line, col);
    }
    String anchor = y.getObjectId();
    if (anchor != null) {
      throw new YamlSyntaxException(
          "YAML anchors (&" + anchor + ") are not supported; write the value out", line, col);
    }
    String tag = y.getTypeId();
    if (tag != null) {
      throw new YamlSyntaxException("YAML tags (" + tag + ") are not allowed", line, col);
    }
  }
}
