package dev.logalerts.filter;

import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Whether the bytes of an entry's payload objects may hold one of the texts rules search every
 * field for (bare words, {@code SEARCH} without a field), looked for case-insensitively in the
 * bytes themselves: when none is there, no payload value holds one, so the job's parser can skip
 * the payload fields no rule names ({@link LogEntryParser#widenedWhen}) instead of keeping every
 * field of every entry because one rule has a bare word.
 *
 * <p>Exact for texts a JSON encoder writes as they are: printable ASCII without {@code "}, {@code
 * \} or {@code /} (which JSON may escape), and not one that could be in a value written anew (a
 * number: digits, {@code .}, {@code -}, {@code s}; a part of {@code true} or {@code false}, which
 * {@code traceSampled} is kept as). A value spells such a text in the bytes unless it uses a {@code
 * \\u} escape or non-ASCII characters that fold to ASCII, and the parser reads those entries whole
 * anyway. Bytes found may be a field name or span an escape: the entry is then read whole, which is
 * only slower.
 */
public final class TextsInEntryBytes implements LogEntryParser.TextCheck {
  private static final long serialVersionUID = 1L;

  private final Set<String> texts;
  private final String[] folded;

  /** The index of the character each text is looked for by ({@link #anchor}). */
  private final int[] anchors;

  private TextsInEntryBytes(Set<String> texts) {
    this.texts = Set.copyOf(texts);
    this.folded = texts.toArray(new String[0]);
    this.anchors = new int[folded.length];
    for (int i = 0; i < folded.length; i++) {
      anchors[i] = anchor(folded[i]);
    }
  }

  /**
   * The check for these texts (bare words as written, {@code SEARCH} terms; {@link
   * Filter#textsSearchedEverywhere}), or null when one of them cannot be looked for in the bytes.
   */
  public static @Nullable TextsInEntryBytes of(Collection<String> searched) {
    Set<String> texts = new LinkedHashSet<>();
    for (String t : searched) {
      String f = Text.fold(t);
      if (!writtenAsIs(f)) {
        return null;
      }
      texts.add(f);
    }
    return texts.isEmpty() ? null : new TextsInEntryBytes(texts);
  }

  /** Whether a text (a bare word as written, a {@code SEARCH} term) can be looked for so. */
  public static boolean checkable(String text) {
    return writtenAsIs(Text.fold(text));
  }

  /** Whether a folded text is written as it is in JSON, and not as a value written anew. */
  private static boolean writtenAsIs(String folded) {
    if (folded.isEmpty()
        || EntryText.mayBeInNumber(folded)
        || "true".contains(folded)
        || "false".contains(folded)) {
      return false;
    }
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/') {
        return false;
      }
    }
    return true;
  }

  @Override
  public Set<String> texts() {
    return texts;
  }

  @Override
  public boolean mayHold(byte[] json, int from, int to) {
    // A Latin-1 view, as the parser makes its strings (the JIT compiles one path for both).
    String bytes = new String(json, from, to - from, StandardCharsets.ISO_8859_1);
    for (int i = 0; i < folded.length; i++) {
      if (Text.containsFoldedAscii(bytes, folded[i], anchors[i])) {
        return true;
      }
    }
    return false;
  }

  /**
   * The character of the text looked for first: the rarest in JSON log entries. Unlike in values
   * ({@link Text#anchor}), punctuation and digits fill a LogEntry's JSON (names, timestamps, ids),
   * so a letter comes first, the rarest in English text; then a space or other punctuation; then a
   * digit or the characters of names, numbers and dates.
   */
  static int anchor(String folded) {
    int best = 0;
    int bestScore = -1;
    for (int j = 0; j < folded.length(); j++) {
      char c = folded.charAt(j);
      int score =
          (c >= 'a' && c <= 'z')
              ? 100 + Text.LETTERS_BY_FREQUENCY.indexOf(c)
              : (c >= '0' && c <= '9') || "_-.:,".indexOf(c) >= 0 ? 0 : 50;
      if (score > bestScore) {
        best = j;
        bestScore = score;
      }
    }
    return best;
  }
}
