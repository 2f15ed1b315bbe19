package dev.logalerts.filter;

import dev.logalerts.model.FieldPath;
import dev.logalerts.model.LogEvent;
import java.io.Serializable;
import java.util.function.Consumer;

/** A compiled node of a filter: a predicate over entries plus its canonical text. */
abstract class Expr implements Serializable {
  private static final long serialVersionUID = 1L;

  abstract boolean test(LogEvent e);

  /**
   * Gives every field path this node and the nodes below it read ({@link Filter#fieldsRead}). A
   * global restriction or {@code SEARCH} without a field gives none: it reads whatever the entry
   * holds.
   */
  abstract void fields(Consumer<FieldPath> out);

  /**
   * Gives every text this node and the nodes below it look for in every value of the entry (a
   * global restriction, {@code SEARCH} without a field; {@link Filter#textsSearchedEverywhere}).
   * None for a node that reads only the fields it names.
   */
  void textsSearchedEverywhere(Consumer<String> out) {}

  /** Appends the canonical, fully parenthesised form. */
  abstract void appendTo(StringBuilder sb);

  @Override
  public final String toString() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb);
    return sb.toString();
  }
}
