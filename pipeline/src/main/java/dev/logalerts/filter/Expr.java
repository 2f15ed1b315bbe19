package dev.logalerts.filter;

import dev.logalerts.model.LogEvent;
import java.io.Serializable;

/** A compiled node of a filter: a predicate over entries plus its canonical text. */
abstract class Expr implements Serializable {
  private static final long serialVersionUID = 1L;

  abstract boolean test(LogEvent e);

  /** Appends the canonical, fully parenthesised form. */
  abstract void appendTo(StringBuilder sb);

  @Override
  public final String toString() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb);
    return sb.toString();
  }
}
