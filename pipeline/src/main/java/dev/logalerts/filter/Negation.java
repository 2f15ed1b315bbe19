package dev.logalerts.filter;

import java.io.Serializable;
import java.util.function.Predicate;

/**
 * A value test negated, for {@code !=} and {@code !~}: built once per comparison, so testing an
 * entry allocates nothing.
 */
final class Negation implements Predicate<String>, Serializable {
  private static final long serialVersionUID = 1L;
  private final Predicate<String> test;

  Negation(Predicate<String> test) {
    this.test = test;
  }

  @Override
  public boolean test(String v) {
    return !test.test(v);
  }
}
