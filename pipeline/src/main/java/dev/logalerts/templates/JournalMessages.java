package dev.logalerts.templates;

import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogFamily;
import dev.logalerts.parse.LogFamilies;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A journald entry's message is {@code <program>: MESSAGE} (GKE nodes' kubelet and containerd, a
 * VM's services): the program is in a field of its own, so the message is in no one field and its
 * exclusion was made of global text pieces, unanchored. Then containerd's {@code
 * msg="StopPodSandbox for \"<id>\""} row took the same sandbox's {@code … returns successfully}
 * lines. Here the exclusion restricts {@code jsonPayload.MESSAGE} with the template after the
 * program, as a text line's, its ends pinned where MESSAGE is that text's whole value, plus the
 * program as a global term; a message inside a JSON MESSAGE (a structured logger's line) is matched
 * by substrings of MESSAGE.
 */
final class JournalMessages {
  private JournalMessages() {}

  /** Prefix of the message field of such an entry: then {@code 1} (whole) or {@code 0}, program. */
  static final String FIELD = "journal:";

  private static final String MESSAGE_KEY = FieldValues.key("jsonPayload", "MESSAGE");
  private static final String MESSAGE_PATH = "jsonPayload.MESSAGE";

  /**
   * The message field of a journald entry: {@link #FIELD} with the program, or MESSAGE itself
   * (whole) when the message names no program; null when the message is not MESSAGE's (an entry of
   * another family, or MESSAGE changed on the way, such as its ANSI codes taken out).
   */
  static @Nullable String fieldOf(LogEvent e) {
    if (LogFamilies.of(e) != LogFamily.JOURNALD) {
      return null;
    }
    String v = e.payload().first(MESSAGE_KEY);
    String m = e.message();
    if (v == null || v.isEmpty() || m.isEmpty()) {
      return null;
    }
    if (m.equals(v)) {
      return SuggestedExclusion.WHOLE + MESSAGE_PATH;
    }
    int cut = m.length() - v.length() - 2;
    if (cut > 0 && m.endsWith(v) && m.startsWith(": ", cut)) {
      return FIELD + '1' + m.substring(0, cut);
    }
    // A structured logger's JSON line in MESSAGE: the message is its "msg", after the program.
    cut = m.indexOf(": ");
    if (cut > 0 && v.startsWith("{") && v.contains(m.substring(cut + 2))) {
      return FIELD + '0' + m.substring(0, cut);
    }
    return null;
  }

  /** The exclusion of a row whose message field is {@link #FIELD}…. */
  static String exclusion(NoisyKey key, String template, String field, String rawSample) {
    boolean whole = field.charAt(FIELD.length()) == '1';
    String program = field.substring(FIELD.length() + 1);
    String prefix = program + ": ";
    if (!template.startsWith(prefix) || !rawSample.startsWith(prefix)) {
      // The miner masked the program (a name with digits): global pieces, as before.
      return SuggestedExclusion.build(key, template, "", rawSample);
    }
    String inner =
        SuggestedExclusion.build(
            key,
            template.substring(prefix.length()),
            (whole ? SuggestedExclusion.WHOLE : "") + MESSAGE_PATH,
            rawSample.substring(prefix.length()));
    return inner.equals(SuggestedExclusion.NONE)
        ? inner
        : inner + " AND " + SuggestedExclusion.quote(program);
  }
}
