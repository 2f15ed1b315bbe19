package dev.logalerts.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The problems found in one rules file: {@code FILE:LINE:COL: WHERE: problem} lines, thrown
 * together in file order.
 */
final class RulesFileErrors {
  final String source;
  final List<String> list = new ArrayList<>();

  RulesFileErrors(String source) {
    this.source = source;
  }

  void add(int line, int column, @Nullable String where, String message) {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(':').append(line).append(':').append(column);
    }
    sb.append(": ");
    if (where != null) {
      sb.append(where).append(": ");
    }
    sb.append(message);
    list.add(sb.toString());
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  /** All errors, in file order (by line, then column; stable for equal positions). */
  RulesValidationException exception() {
    List<String> sorted = new ArrayList<>(list);
    sorted.sort(Comparator.comparingLong(this::position));
    return new RulesValidationException(source, sorted);
  }

  private long position(String error) {
    // "SOURCE:LINE:COL: ..." -> LINE * 2^20 + COL; errors without a position sort first.
    String rest = error.substring(source.length());
    if (!rest.startsWith(":")) {
      return 0;
    }
    int a = rest.indexOf(':', 1);
    int b = a < 0 ? -1 : rest.indexOf(':', a + 1);
    try {
      return (Long.parseLong(rest.substring(1, a)) << 20)
          + Long.parseLong(rest.substring(a + 1, b));
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
