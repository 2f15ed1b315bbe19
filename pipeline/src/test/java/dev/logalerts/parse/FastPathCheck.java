package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import java.nio.charset.StandardCharsets;

/**
 * Parses one document with {@link LogEntryParser}'s fast path and with its reference path (strict
 * UTF-8 check, then Jackson) and asserts the same outcome: equal events and leaves-left-out flags,
 * or the same error reason and message. Counts how often the fast path gave the answer.
 */
final class FastPathCheck {
  int fast;
  int bailed;
  int accepted;
  int rejected;

  /** Returns whether the fast path produced the event. */
  boolean check(LogEntryParser parser, byte[] json, String what) {
    LeavesLeftOut oldLeft = new LeavesLeftOut();
    LogEvent old = null;
    InvalidEntryException oldError = null;
    try {
      old = parser.parseWithJackson(json, oldLeft);
      accepted++;
    } catch (InvalidEntryException ex) {
      oldError = ex;
      rejected++;
    }
    LeavesLeftOut fastLeft = new LeavesLeftOut();
    LogEvent quick = parser.parseFast(json, fastLeft);
    String context = what + ": " + printable(json);
    if (quick != null) {
      fast++;
      assertWithMessage("fast path accepted what Jackson rejects (%s), %s", oldError, context)
          .that(old)
          .isNotNull();
      assertWithMessage("event, %s", context).that(quick).isEqualTo(old);
      assertWithMessage("leaves left out, %s", context)
          .that(fastLeft.any())
          .isEqualTo(oldLeft.any());
      assertWithMessage("rule leaves left out, %s", context)
          .that(fastLeft.onRulePaths())
          .isEqualTo(oldLeft.onRulePaths());
    } else {
      bailed++;
    }
    // The public entry point: whatever path it takes, the outcome of the reference path.
    LeavesLeftOut left = new LeavesLeftOut();
    try {
      LogEvent e = parser.parse(json, left);
      assertWithMessage("parse() accepted what Jackson rejects (%s), %s", oldError, context)
          .that(old)
          .isNotNull();
      assertWithMessage("parse() event, %s", context).that(e).isEqualTo(old);
      assertWithMessage("parse() left out, %s", context).that(left.any()).isEqualTo(oldLeft.any());
    } catch (InvalidEntryException ex) {
      assertWithMessage("parse() rejected what Jackson accepts, %s", context)
          .that(oldError)
          .isNotNull();
      assertWithMessage("reason, %s", context).that(ex.reason()).isEqualTo(oldError.reason());
      assertWithMessage("message, %s", context)
          .that(ex.getMessage())
          .isEqualTo(oldError.getMessage());
    }
    return quick != null;
  }

  static String printable(byte[] json) {
    String s = new String(json, StandardCharsets.ISO_8859_1);
    return s.length() > 400 ? s.substring(0, 400) + "…" : s;
  }
}
