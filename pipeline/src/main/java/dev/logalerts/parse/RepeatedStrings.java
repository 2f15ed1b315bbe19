package dev.logalerts.parse;

import java.util.Arrays;
import java.util.function.Function;

/**
 * What was made of JSON string values that come back byte for byte: an entry's {@code logName} is
 * one of a few per project, and its log id and project are cut out of it for every entry. The fast
 * path compares the string's bytes with one seen before and takes the same answer, without making
 * the string again or cutting it again.
 *
 * <p>Sound as {@link RepeatedObjects} is: an answer is found again only by an exact comparison of
 * all the string's bytes (as written, escapes included, so the same bytes are the same text), and
 * answers are immutable. A direct-mapped table shared by all threads of the JVM without a lock.
 */
final class RepeatedStrings<T> {
  /** Entries' {@code logName} and what is cut out of it. */
  static final RepeatedStrings<LogNames.Parts> LOG_NAMES =
      new RepeatedStrings<>(LogNames.Parts::of);

  private static final int SLOTS = 1 << 10;

  /** Longer strings are read as usual. */
  static final int MAX_BYTES = 512;

  private final Function<String, T> answer;

  @SuppressWarnings("unchecked")
  private final RepeatedObjects.Remembered<T>[] table =
      (RepeatedObjects.Remembered<T>[]) new RepeatedObjects.Remembered<?>[SLOTS];

  private RepeatedStrings(Function<String, T> answer) {
    this.answer = answer;
  }

  /** The answer for the parser's current string value. */
  T of(FastJsonParser p) {
    byte[] b = p.document();
    int s = p.textStart();
    int e = p.textEnd();
    if (e - s > MAX_BYTES) {
      return answer.apply(p.getText());
    }
    long h = RepeatedObjects.hash(b, s, e);
    int slot = (int) (h >>> 54) & (SLOTS - 1);
    RepeatedObjects.Remembered<T> r = table[slot];
    if (r != null && r.hash == h && r.bytes.length == e - s && r.isAt(b, s)) {
      return r.value;
    }
    T value = answer.apply(p.getText());
    table[slot] = new RepeatedObjects.Remembered<>(Arrays.copyOfRange(b, s, e), h, 0, value);
    return value;
  }
}
