package dev.logalerts.filter;

/** Comparison operators of the Cloud Logging query language. */
enum Op {
  EQ("="),
  NE("!="),
  GT(">"),
  LT("<"),
  GE(">="),
  LE("<="),
  /** Has: case-insensitive substring (string fields), equality (typed fields), presence with *. */
  HAS(":"),
  /** RE2 search (unanchored unless the pattern anchors itself). */
  REGEX("=~"),
  NOT_REGEX("!~");

  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  String symbol() {
    return symbol;
  }

  boolean isOrdering() {
    return this == GT || this == LT || this == GE || this == LE;
  }

  /** Applies EQ/NE/GT/LT/GE/LE to the sign of a comparison result. */
  boolean holds(int cmp) {
    switch (this) {
      case EQ:
        return cmp == 0;
      case NE:
        return cmp != 0;
      case GT:
        return cmp > 0;
      case LT:
        return cmp < 0;
      case GE:
        return cmp >= 0;
      case LE:
        return cmp <= 0;
      default:
        throw new IllegalStateException("not an ordering operator: " + this);
    }
  }
}
