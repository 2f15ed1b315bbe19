package dev.logalerts.filter;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogNames;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Compiled nodes of the query language's functions ({@link Functions} parses them): {@code log_id},
 * {@code sample}, {@code SEARCH}, {@code ip_in_net}, {@code source}, and the value-giving {@code
 * regexp_extract} and {@code cast} with the comparison applied to their result.
 */
final class FunctionNodes {
  private FunctionNodes() {}

  /** {@code log_id("x")}: the decoded LOG_ID equals x (ignoring case, like other strings). */
  static final class LogId extends Expr {
    private static final long serialVersionUID = 1L;
    final String logId;

    /**
     * The LOG_ID compared: the argument percent-decoded as the logName's LOG_ID is, since Cloud
     * Logging takes it either way ("you don't need to URL escape", so {@code
     * "cloudaudit.googleapis.com%2Factivity"} is the activity log too, as Google's gcpdiag writes
     * it).
     */
    final String decoded;

    private final String folded;

    LogId(String logId) {
      this.logId = logId;
      this.decoded = LogNames.percentDecode(logId, 0);
      this.folded = Text.fold(decoded);
    }

    @Override
    boolean test(LogEvent e) {
      String id = e.logId();
      return e.plainAscii() ? Text.equalsFoldedAscii(id, folded) : Text.equalsFolded(id, folded);
    }

    @Override
    void fields(Consumer<FieldPath> out) {
      out.accept(Prerequisites.LOG_ID);
    }

    @Override
    void appendTo(StringBuilder sb) {
      sb.append("log_id(").append(Filter.quote(logId)).append(')');
    }
  }

  /**
   * {@code sample(path, fraction)}: keeps a deterministic pseudo-random fraction of entries by
   * hashing the field's value. An entry without the field is never in the sample when the field is
   * missing (payload, labels), and hashes the default when it is a defaulted LogEntry field ({@link
   * FieldPath#defaultValue}), as Cloud Logging documents. The same value always gets the same
   * verdict, so redeliveries and reruns agree.
   */
  static final class Sample extends Expr {
    private static final long serialVersionUID = 1L;
    private final FieldPath path;
    private final double fraction;
    private final String literal;

    /** The verdict for an entry without the field (its default's, or false when missing). */
    private final boolean absent;

    Sample(FieldPath path, double fraction, String literal) {
      this.path = path;
      this.fraction = fraction;
      this.literal = literal;
      String d = path.defaultValue();
      this.absent = d != null && unitHash(d) < fraction;
    }

    @Override
    boolean test(LogEvent e) {
      String v = path.value(e);
      return v == null ? absent : unitHash(v) < fraction;
    }

    @Override
    void fields(Consumer<FieldPath> out) {
      out.accept(path);
    }

    /** FNV-1a over the chars, finalised with a SplitMix64 mix; uniform in [0, 1). */
    static double unitHash(String v) {
      long h = 0xcbf29ce484222325L;
      for (int i = 0; i < v.length(); i++) {
        h ^= v.charAt(i);
        h *= 0x100000001b3L;
      }
      h ^= h >>> 30;
      h *= 0xbf58476d1ce4e5b9L;
      h ^= h >>> 27;
      h *= 0x94d049bb133111ebL;
      h ^= h >>> 31;
      return (h >>> 11) * 0x1.0p-53;
    }

    @Override
    void appendTo(StringBuilder sb) {
      sb.append("sample(").append(path).append(", ").append(literal).append(')');
    }
  }

  /**
   * Where {@code SEARCH(field, query)} looks: the leaves at and below a payload path, every field
   * of {@code httpRequest} or {@code operation}, {@code resource} (type and labels), a label map,
   * or the values of a scalar field.
   */
  static final class Scope implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int VALUES = 0;
    static final int PAYLOAD = 1;
    static final int HTTP = 2;
    static final int OPERATION = 3;
    static final int RESOURCE = 4;
    final FieldPath path;
    private final int kind;
    private final String key;

    Scope(FieldPath path, int kind) {
      this.path = path;
      this.kind = kind;
      this.key = FieldValues.key(path.segments());
    }

    boolean any(LogEvent e, Predicate<String> t) {
      switch (kind) {
        case PAYLOAD:
          return Nodes.anyLeafBelow(e.payload(), key, t); // a JSON null ("") holds no term
        case HTTP:
          {
            HttpRequest h = e.httpRequest();
            // Its numbers (status, sizes, latency) are not text, which SEARCH never matches.
            return h != null && EntryText.http(h, t, false);
          }
        case OPERATION:
          return t.test(e.operationId()) || t.test(e.operationProducer());
        case RESOURCE:
          return t.test(e.resourceType()) || EntryText.anyValue(e.resourceLabels(), t);
        default:
          return path.anyValue(e, t);
      }
    }
  }

  /**
   * {@code SEARCH(query)} / {@code SEARCH(field, query)}: every term of the query (a token, or a
   * backtick phrase) appears, ignoring case and between token boundaries, in some text value of the
   * entry (or of the field). See {@link SearchTerms}.
   */
  static final class Search extends Expr {
    private static final long serialVersionUID = 1L;
    private final Scope scope;
    private final String query;
    private final Term[] terms;

    Search(Scope scope, String query, List<String> terms) {
      this.scope = scope;
      this.query = query;
      this.terms = new Term[terms.size()];
      for (int i = 0; i < this.terms.length; i++) {
        this.terms[i] = new Term(terms.get(i));
      }
    }

    @Override
    boolean test(LogEvent e) {
      for (Term t : terms) {
        boolean found =
            scope == null
                ? EntryText.anyTextField(e, t, t.folded.length(), !e.payloadLacks(t.folded))
                : scope.any(e, t);
        if (!found) {
          return false;
        }
      }
      return true;
    }

    /** The field searched; none without one (it reads whatever the entry holds). */
    @Override
    void fields(Consumer<FieldPath> out) {
      if (scope != null) {
        out.accept(scope.path);
      }
    }

    @Override
    void textsSearchedEverywhere(Consumer<String> out) {
      if (scope == null) {
        for (Term t : terms) {
          out.accept(t.folded);
        }
      }
    }

    @Override
    void appendTo(StringBuilder sb) {
      sb.append("SEARCH(");
      if (scope != null) {
        sb.append(scope.path).append(", ");
      }
      sb.append(Filter.quote(query)).append(')');
    }
  }

  /** One folded SEARCH term as a value predicate. */
  private static final class Term implements Predicate<String>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String folded;

    Term(String folded) {
      this.folded = folded;
    }

    @Override
    public boolean test(String v) {
      return SearchTerms.containsTerm(v, folded);
    }
  }

  /** {@code ip_in_net(field, "cidr")}: some value of the field is an address in the network. */
  static final class IpInNet extends Expr implements Predicate<String> {
    private static final long serialVersionUID = 1L;
    private final FieldPath path;
    private final String cidr;
    private final IpNet net;

    IpInNet(FieldPath path, String cidr, IpNet net) {
      this.path = path;
      this.cidr = cidr;
      this.net = net;
    }

    @Override
    boolean test(LogEvent e) {
      return path.anyValue(e, this);
    }

    @Override
    void fields(Consumer<FieldPath> out) {
      out.accept(path);
    }

    @Override
    public boolean test(String v) {
      return net.contains(v);
    }

    @Override
    void appendTo(StringBuilder sb) {
      sb.append("ip_in_net(").append(path).append(", ").append(Filter.quote(cidr)).append(')');
    }
  }

  /**
   * {@code source(projects/p)}: the entry was written directly by that project, folder,
   * organization or billing account, i.e. its logName is {@code <container>/logs/...}. Like Cloud
   * Logging's, it does not match child resources (a project's entries do not match {@code
   * source(folders/f)}); unlike Logs Explorer, the pipeline could not know a project's folder
   * anyway, since the LogEntry does not carry it.
   */
  static final class Source extends Expr {
    private static final long serialVersionUID = 1L;
    private final String container;
    private final String prefix;

    Source(String container) {
      this.container = container;
      this.prefix = container + "/logs/";
    }

    @Override
    boolean test(LogEvent e) {
      return e.logName().startsWith(prefix);
    }

    @Override
    void fields(Consumer<FieldPath> out) {
      out.accept(LOG_NAME);
    }

    private static final FieldPath LOG_NAME = FieldPath.of(List.of("logName"));

    @Override
    void appendTo(StringBuilder sb) {
      sb.append("source(").append(Filter.quote(container)).append(')');
    }
  }

  /** A function's value for an entry, compared by {@link ComputedCmp}; null when it has none. */
  interface Computed extends Serializable {
    String value(LogEvent e);

    /** The field the value is computed from. */
    FieldPath path();

    void appendTo(StringBuilder sb);
  }

  /** {@code regexp_extract(field, "re")}: the first capture group of the first match. */
  static final class RegexpExtract implements Computed {
    private static final long serialVersionUID = 1L;
    private final FieldPath path;
    private final String regex;
    private final Pattern pattern;
    private transient ThreadLocal<Matcher> matchers;

    RegexpExtract(FieldPath path, String regex, Pattern pattern) {
      this.path = path;
      this.regex = regex;
      this.pattern = pattern;
    }

    @Override
    public FieldPath path() {
      return path;
    }

    @Override
    public String value(LogEvent e) {
      String v = path.value(e);
      if (v == null || FieldValues.isNull(v)) {
        return null;
      }
      ThreadLocal<Matcher> local = matchers;
      if (local == null) {
        local = ThreadLocal.withInitial(() -> pattern.matcher(""));
        matchers = local;
      }
      Matcher m = local.get().reset(v);
      if (!m.find()) {
        return null;
      }
      return m.group(1); // the compiler allows exactly one group
    }

    @Override
    public void appendTo(StringBuilder sb) {
      sb.append("regexp_extract(")
          .append(path)
          .append(", ")
          .append(Filter.quote(regex))
          .append(')');
    }
  }

  /**
   * {@code cast(field, STRING)}, optionally with {@code TIME_ZONE("zone")} for timestamps: the
   * field as text; a timestamp as RFC 3339 in that zone ({@code 2026-11-20T05:00:00-05:00}; UTC by
   * default, written with {@code Z}).
   */
  static final class Cast implements Computed {
    private static final long serialVersionUID = 1L;
    private final FieldPath path;

    /** 0: not a time; 1: timestamp; 2: receiveTimestamp. */
    private final int time;

    private final String zone;
    private final ZoneId zoneId;

    Cast(FieldPath path, int time, String zone) {
      this.path = path;
      this.time = time;
      this.zone = zone;
      this.zoneId = zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
    }

    @Override
    public FieldPath path() {
      return path;
    }

    @Override
    public String value(LogEvent e) {
      if (time == 0) {
        return path.value(e);
      }
      long nanos = time == 1 ? e.timestampNanos() : e.receiveTimestampNanos();
      if (time == 2 && nanos == 0) {
        return null;
      }
      Instant at =
          Instant.ofEpochSecond(
              Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(zoneId).toOffsetDateTime());
    }

    @Override
    public void appendTo(StringBuilder sb) {
      sb.append("cast(").append(path).append(", STRING");
      if (zone != null) {
        sb.append(", TIME_ZONE(").append(Filter.quote(zone)).append(')');
      }
      sb.append(')');
    }
  }

  /**
   * A comparison applied to a {@link Computed} value. {@code test} is the per-value test (a {@code
   * DynamicCmp} or {@code RegexCmp}, whose {@code !=} / {@code !~} test equality / match), or null
   * for {@code NULL_VALUE}. No value means no match, whatever the operator.
   */
  static final class ComputedCmp extends Expr {
    private static final long serialVersionUID = 1L;
    private final Computed source;
    private final Op op;
    private final String literal;
    private final Predicate<String> test;

    ComputedCmp(Computed source, Op op, String literal, Predicate<String> test) {
      this.source = source;
      this.op = op;
      this.literal = literal;
      this.test = test;
    }

    @Override
    boolean test(LogEvent e) {
      String v = source.value(e);
      if (v == null) {
        return false;
      }
      boolean hit = test == null ? FieldValues.isNull(v) : test.test(v);
      return op == Op.NE || op == Op.NOT_REGEX ? !hit : hit;
    }

    @Override
    void fields(Consumer<FieldPath> out) {
      out.accept(source.path());
    }

    @Override
    void appendTo(StringBuilder sb) {
      source.appendTo(sb);
      sb.append(op.symbol()).append(test == null ? literal : Filter.quote(literal));
    }
  }
}
