package dev.logalerts.parse;

/**
 * Where an entry's payload objects ({@code jsonPayload}, {@code protoPayload}, {@code
 * sourceLocation}, {@code split}) lie in its bytes, as the fast parser read them: what a parser
 * {@link LogEntryParser#widenedWhen widened} for searched texts looks into after skipping the
 * payload fields no rule names. Per thread, reused for every entry.
 */
final class PayloadBytes {
  private static final int MAX = 4;
  private final int[] ranges = new int[2 * MAX];

  /** The ranges noted; -1 when there were more (a key written twice): not known. */
  private int count;

  /**
   * How many of the entries this thread read lately were not plain ASCII, in 1/1024ths (each entry
   * weighs 1/16, the older ones fading): those are read narrowly and then again whole, which costs
   * more than reading every entry whole once about one in ten of them is (logs in Japanese, say).
   */
  private int notAscii;

  private static final int SHARE_READ_WHOLE_AT_ONCE = 102;

  /** Whether the next entry is best read whole at once: many recent ones were not plain ASCII. */
  boolean readWholeAtOnce() {
    return notAscii >= SHARE_READ_WHOLE_AT_ONCE;
  }

  /** Counts an entry read, plain ASCII or not. */
  void read(boolean plainAscii) {
    notAscii += ((plainAscii ? 0 : 1024) - notAscii) >> 4;
  }

  void clear() {
    count = 0;
  }

  /** Notes the payload object at bytes {@code [from, to)}. */
  void add(int from, int to) {
    if (count >= 0 && count < MAX) {
      ranges[2 * count] = from;
      ranges[2 * count + 1] = to;
      count++;
    } else {
      count = -1;
    }
  }

  /** Whether some payload object's bytes may hold one of the texts {@code check} looks for. */
  boolean mayHold(byte[] json, LogEntryParser.TextCheck check) {
    if (count < 0) {
      return true;
    }
    for (int i = 0; i < count; i++) {
      if (check.mayHold(json, ranges[2 * i], ranges[2 * i + 1])) {
        return true;
      }
    }
    return false;
  }
}
