package dev.logalerts.filter;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Timestamps;
import java.io.Serializable;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The compiled predicate nodes. Literals are prepared at compile time (parsed numbers, severities,
 * durations and timestamps; compiled RE2J patterns), and each comparison node is itself the {@code
 * Predicate<String>} handed to {@link FieldPath#anyValue}, so evaluating a typed or string
 * comparison allocates nothing.
 */
final class Nodes {
  private Nodes() {}

  /** Predicate that accepts any value: "the field has at least one value". */
  static final class AnyValue implements Predicate<String>, Serializable {
    static final AnyValue INSTANCE = new AnyValue();
    private static final long serialVersionUID = 1L;

    @Override
    public boolean test(String v) {
      return true;
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }

  /** The empty filter. */
  static final class MatchAll extends Expr {
    private static final long serialVersionUID = 1L;

    @Override
    boolean test(LogEvent e) {
      return true;
    }

    @Override
    void fields(Consumer<FieldPath> out) {}

    @Override
    void appendTo(StringBuilder sb) {}
  }

  static final class And extends Expr {
    private static final long serialVersionUID = 1L;
    final Expr[] terms;

    And(Expr[] terms) {
      this.terms = terms;
    }

    @Override
    boolean test(LogEvent e) {
      for (Expr t : terms) {
        if (!t.test(e)) {
          return false;
        }
      }
      return true;
    }

    @Override
    void fields(Consumer<FieldPath> out) {
      for (Expr t : terms) {
        t.fields(out);
      }
    }

    @Override
    void textsSearchedEverywhere(Consumer<String> out) {
      for (Expr t : terms) {
        t.textsSearchedEverywhere(out);
      }
    }

    @Override
    void appendTo(StringBuilder sb) {
      join(sb, terms, " AND ");
    }
  }

  static final class Or extends Expr {
    private static final long serialVersionUID = 1L;
    final Expr[] terms;

    Or(Expr[] terms) {
      this.terms = terms;
    }

    @Override
    boolean test(LogEvent e) {
      for (Expr t : terms) {
        if (t.test(e)) {
          return true;
        }
      }
      return false;
    }

    @Override
    void fields(Consumer<FieldPath> out) {
      for (Expr t : terms) {
        t.fields(out);
      }
    }

    @Override
    void textsSearchedEverywhere(Consumer<String> out) {
      for (Expr t : terms) {
        t.textsSearchedEverywhere(out);
      }
    }

    @Override
    void appendTo(StringBuilder sb) {
      join(sb, terms, " OR ");
    }
  }

  private static void join(StringBuilder sb, Expr[] terms, String sep) {
    sb.append('(');
    for (int i = 0; i < terms.length; i++) {
      if (i > 0) {
        sb.append(sep);
      }
      terms[i].appendTo(sb);
    }
    sb.append(')');
  }

  static final class Not extends Expr {
    private static final long serialVersionUID = 1L;
    final Expr inner;

    Not(Expr inner) {
      this.inner = inner;
    }

    @Override
    boolean test(LogEvent e) {
      return !inner.test(e);
    }

    @Override
    void fields(Consumer<FieldPath> out) {
      inner.fields(out);
    }

    @Override
    void textsSearchedEverywhere(Consumer<String> out) {
      inner.textsSearchedEverywhere(out);
    }

    @Override
    void appendTo(StringBuilder sb) {
      sb.append("(NOT ");
      inner.appendTo(sb);
      sb.append(')');
    }
  }

  /** {@code path:*}. */
  static final class Presence extends Expr {
    private static final long serialVersionUID = 1L;
    private final FieldPath path;

    Presence(FieldPath path) {
      this.path = path;
    }

    @Override
    boolean test(LogEvent e) {
      return path.isPresent(e);
    }

    @Override
    void fields(Consumer<FieldPath> out) {
      out.accept(path);
    }

    @Override
    void appendTo(StringBuilder sb) {
      sb.append(path).append(":*");
    }
  }

  /** Base of {@code path OP literal} nodes: holds what the canonical form prints. */
  abstract static class Comparison extends Expr {
    private static final long serialVersionUID = 1L;
    final FieldPath path;
    final Op op;
    final String literal;

    Comparison(FieldPath path, Op op, String literal) {
      this.path = path;
      this.op = op;
      this.literal = literal;
    }

    @Override
    final void fields(Consumer<FieldPath> out) {
      out.accept(path);
    }

    @Override
    void appendTo(StringBuilder sb) {
      sb.append(path).append(op.symbol()).append(Filter.quote(literal));
    }
  }

  /** A comparison that tests each of the field's text values (it is its own value predicate). */
  abstract static class ValueComparison extends Comparison implements Predicate<String> {
    private static final long serialVersionUID = 1L;

    ValueComparison(FieldPath path, Op op, String literal) {
      super(path, op, literal);
    }

    /**
     * The answer for an entry without the field, worked out on first need: 0 not yet, 1 false, 2
     * true. A missing field (payload, labels) fails every comparison, {@code !=} included; a
     * defaulted LogEntry field ({@link FieldPath#defaultValue}) compares its default, so {@code
     * trace != "x"} holds for an entry without a trace, as in Cloud Logging.
     */
    private byte absent;

    /** True when the comparison holds for an entry without the field (its default passes). */
    boolean absent() {
      byte b = absent;
      if (b == 0) {
        String d = path.defaultValue();
        boolean negated = op == Op.NE || op == Op.NOT_REGEX;
        b = d != null && test(d) != negated ? (byte) 2 : (byte) 1;
        absent = b; // a racy second computation gives the same answer
      }
      return b == 2;
    }

    /** This comparison's value test negated, for {@code !=} and {@code !~}. */
    private final Predicate<String> notThis = new Negation(this);

    /**
     * The shared rule for every value-testing comparison: some value of the field must pass, as
     * Google's page compares each element of an array and joins the results with OR; for {@code !=}
     * and {@code !~} that is some value that does not equal (match), so {@code codes != 503} holds
     * for {@code [404, 503]}. An entry without the field gets {@link #absent()}.
     */
    final boolean evaluate(LogEvent e) {
      if (op == Op.NE || op == Op.NOT_REGEX) {
        return path.anyValue(e, negatedValueTest(e))
            || (!path.anyValue(e, AnyValue.INSTANCE) && absent());
      }
      return path.anyValue(e, valueTest(e)) || (absent() && !path.anyValue(e, AnyValue.INSTANCE));
    }

    /** The test of {@code e}'s values: this one, or a cheaper one that holds for ASCII text. */
    Predicate<String> valueTest(LogEvent e) {
      return this;
    }

    /** {@link #valueTest} negated. */
    Predicate<String> negatedValueTest(LogEvent e) {
      return notThis;
    }
  }

  /**
   * The string test of values against a literal folded at compile time ({@code =}, {@code :},
   * ordering), as Cloud Logging compares them: for any text, or, cheaper, for the text of an entry
   * its parser found all ASCII ({@link LogEvent#plainAscii}), which needs no look for characters to
   * normalize. A payload's JSON null matches none (only {@code NULL_VALUE}).
   */
  static final class FoldedValues implements Predicate<String>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Op op;
    private final String folded;
    private final int anchor;
    private final boolean ascii;

    FoldedValues(Op valueOp, String literal, boolean ascii) {
      this.op = valueOp;
      this.folded = Text.fold(literal);
      this.anchor = Text.anchor(folded);
      this.ascii = ascii;
    }

    @Override
    public boolean test(String v) {
      if (FieldValues.isNull(v)) {
        return false;
      }
      switch (op) {
        case EQ:
          return ascii ? Text.equalsFoldedAscii(v, folded) : Text.equalsFolded(v, folded);
        case HAS:
          return ascii
              ? Text.containsFoldedAscii(v, folded, anchor)
              : Text.containsFolded(v, folded, anchor);
        default:
          return op.holds(
              ascii ? Text.compareFoldedAscii(v, folded) : Text.compareFolded(v, folded));
      }
    }
  }

  /** Case-insensitive string comparison (=, !=, :, ordering) on string-kind fields. */
  static final class StringCmp extends ValueComparison {
    private static final long serialVersionUID = 1L;

    /** The test of each value, with the operator applied to it ({@code =} for {@code !=}). */
    private final FoldedValues anyText;

    private final FoldedValues asciiText;

    StringCmp(FieldPath path, Op op, String literal) {
      super(path, op, literal);
      Op valueOp = op == Op.NE ? Op.EQ : op;
      this.anyText = new FoldedValues(valueOp, literal, false);
      this.asciiText = new FoldedValues(valueOp, literal, true);
      this.notAnyText = new Negation(anyText);
      this.notAsciiText = new Negation(asciiText);
    }

    @Override
    boolean test(LogEvent e) {
      return evaluate(e);
    }

    private final Predicate<String> notAsciiText;
    private final Predicate<String> notAnyText;

    @Override
    Predicate<String> valueTest(LogEvent e) {
      return e.plainAscii() ? asciiText : anyText;
    }

    @Override
    Predicate<String> negatedValueTest(LogEvent e) {
      return e.plainAscii() ? notAsciiText : notAnyText;
    }

    @Override
    public boolean test(String v) {
      return anyText.test(v);
    }
  }

  /**
   * A payload leaf (jsonPayload, protoPayload, sourceLocation, split): numeric comparison when both
   * sides are numbers, otherwise case-insensitive string comparison. {@code :} searches the leaf
   * and, when the path names an object, every leaf below it.
   */
  static final class DynamicCmp extends ValueComparison {
    private static final long serialVersionUID = 1L;
    private final Op valueOp;
    private final double number;

    /** FieldValues key of the path, for the subtree search of {@code :}. */
    private final String key;

    /** The literal is an integer of more digits than a double holds exactly: ties are rechecked. */
    private final boolean longInteger;

    /** The string test of a value, when it or the literal is not a number. */
    private final FoldedValues anyText;

    /** {@code :} on an entry whose texts are all ASCII; a substring search has no number case. */
    private final FoldedValues asciiHas;

    DynamicCmp(FieldPath path, Op op, String literal) {
      super(path, op, literal);
      this.valueOp = op == Op.NE ? Op.EQ : op;
      this.number = Text.parseNumber(literal);
      this.longInteger =
          literal.length() > 15 && Text.compareIntegers(literal, "0") != Text.NOT_INTEGERS;
      this.key = FieldValues.key(path.segments());
      this.anyText = new FoldedValues(valueOp, literal, false);
      this.asciiHas = new FoldedValues(Op.HAS, literal, true);
    }

    @Override
    boolean test(LogEvent e) {
      if (op == Op.HAS) {
        return anyLeafBelow(e.payload(), key, e.plainAscii() ? asciiHas : anyText);
      }
      return evaluate(e);
    }

    @Override
    public boolean test(String v) {
      if (FieldValues.isNull(v)) {
        return false; // a JSON null only matches NULL_VALUE
      }
      if (valueOp != Op.HAS && number == number) { // literal is numeric
        double d = Text.parseNumber(v);
        if (d == d) {
          int c = Text.compareNumbers(d, number);
          if (c == 0 && longInteger) {
            int exact = Text.compareIntegers(v, literal);
            c = exact == Text.NOT_INTEGERS ? c : exact;
          }
          return valueOp.holds(c);
        }
      }
      return anyText.test(v);
    }
  }

  /** True when the leaf at {@code key}, or any leaf below it, satisfies the test. */
  static boolean anyLeafBelow(FieldValues p, String key, Predicate<String> test) {
    int lo = 0;
    int hi = p.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (p.keyAt(mid).compareTo(key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int kl = key.length();
    for (int i = lo; i < p.size(); i++) {
      String k = p.keyAt(i);
      if (!k.startsWith(key)) {
        return false;
      }
      if ((k.length() == kl || k.charAt(kl) == FieldValues.SEP) && test.test(p.valueAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Numeric comparison on a typed field (status, sizes, severity by number, latency in seconds).
   * {@code :} means equality here. An entry without the field compares the field's default, 0
   * ({@link FieldPath#defaultValue}): {@code httpRequest.status != 200} holds for it.
   */
  static final class NumberCmp extends Comparison {
    private static final long serialVersionUID = 1L;
    final double number;
    final Op valueOp;

    /** The answer for an entry without the field. */
    private final boolean absent;

    NumberCmp(FieldPath path, Op op, String literal, double number) {
      super(path, op, literal);
      this.number = number;
      this.valueOp = op == Op.HAS ? Op.EQ : op;
      double d = FieldPath.parseNumber(path.defaultValue());
      this.absent = d == d && valueOp.holds(Text.compareNumbers(d, number));
    }

    @Override
    boolean test(LogEvent e) {
      double v = path.number(e);
      return v == v ? valueOp.holds(Text.compareNumbers(v, number)) : absent;
    }
  }

  /** RE2 search ({@code =~}) or its negation ({@code !~}) over the field's text values. */
  static final class RegexCmp extends ValueComparison {
    private static final long serialVersionUID = 1L;
    private final Pattern pattern;

    /** A substring every match contains (checked first with indexOf), or null. */
    final String required;

    /** A {@code (?i)} pattern's lower-case text every match holds in some case, or null. */
    private final String requiredAnyCase;

    private final int anyCaseAnchor;

    /** The pattern is plain text: the indexOf check is the whole answer. */
    private final boolean plain;

    /**
     * One reusable matcher per thread (RE2J matchers are not thread-safe). Lazily created; a racy
     * double creation only costs a matcher.
     */
    private transient ThreadLocal<Matcher> matchers;

    RegexCmp(FieldPath path, Op op, String literal, Pattern pattern) {
      super(path, op, literal);
      this.pattern = pattern;
      this.plain = RegexLiteral.isPlainLiteral(literal);
      this.required = plain ? literal : RegexLiteral.required(literal);
      this.requiredAnyCase = RegexLiteral.requiredIgnoringCase(literal);
      this.anyCaseAnchor = requiredAnyCase == null ? -1 : Text.anchor(requiredAnyCase);
    }

    @Override
    boolean test(LogEvent e) {
      return evaluate(e);
    }

    @Override
    public boolean test(String v) {
      if (FieldValues.isNull(v)) {
        return false;
      }
      if (required != null && v.indexOf(required) < 0) {
        return false;
      }
      if (requiredAnyCase != null && !Text.containsFoldedAscii(v, requiredAnyCase, anyCaseAnchor)) {
        return false;
      }
      if (plain) {
        return true;
      }
      ThreadLocal<Matcher> local = matchers;
      if (local == null) {
        local = ThreadLocal.withInitial(() -> pattern.matcher(""));
        matchers = local;
      }
      return local.get().reset(v).find();
    }
  }

  /**
   * {@code path = NULL_VALUE} (also {@code :}): some value is a JSON null; {@code !=}: some value
   * is not (each element of an array compared, as for every comparison). An empty string is not
   * null.
   */
  static final class NullCmp extends Comparison implements Predicate<String> {
    private static final long serialVersionUID = 1L;

    private final Predicate<String> notNull = new Negation(this);

    NullCmp(FieldPath path, Op op) {
      super(path, op, "NULL_VALUE");
    }

    @Override
    boolean test(LogEvent e) {
      return path.anyValue(e, op == Op.NE ? notNull : this);
    }

    @Override
    public boolean test(String v) {
      return FieldValues.isNull(v);
    }

    @Override
    void appendTo(StringBuilder sb) {
      sb.append(path).append(op.symbol()).append("NULL_VALUE");
    }
  }

  /** {@code timestamp} / {@code receiveTimestamp} compared as instants (epoch nanos). */
  static final class TimeCmp extends Expr {
    private static final long serialVersionUID = 1L;
    private final boolean receive;
    private final Op op;
    private final long nanos;

    TimeCmp(boolean receive, Op op, long nanos) {
      this.receive = receive;
      this.op = op == Op.HAS ? Op.EQ : op;
      this.nanos = nanos;
    }

    @Override
    boolean test(LogEvent e) {
      long t = receive ? e.receiveTimestampNanos() : e.timestampNanos();
      if (receive && t == 0) {
        return false;
      }
      return op.holds(Long.compare(t, nanos));
    }

    @Override
    void fields(Consumer<FieldPath> out) {
      out.accept(receive ? RECEIVE_TIMESTAMP : TIMESTAMP);
    }

    private static final FieldPath TIMESTAMP = FieldPath.of(java.util.List.of("timestamp"));
    private static final FieldPath RECEIVE_TIMESTAMP =
        FieldPath.of(java.util.List.of("receiveTimestamp"));

    @Override
    void appendTo(StringBuilder sb) {
      sb.append(receive ? "receiveTimestamp" : "timestamp")
          .append(op.symbol())
          .append(Filter.quote(Timestamps.format(nanos)));
    }
  }
}
