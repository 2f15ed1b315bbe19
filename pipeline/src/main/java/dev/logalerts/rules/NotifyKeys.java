package dev.logalerts.rules;

import dev.logalerts.yaml.YamlNode;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The keys of how an incident is notified, accepted by every kind whose alerts form incidents
 * ({@link KindSpec#incidents()}): {@code flapCount}, {@code flapWindow} (flap detection) and {@code
 * renotifyEvery} (re-publishing a still-firing incident). Allowed in {@code defaults:}.
 */
public final class NotifyKeys {
  private NotifyKeys() {}

  public static final String FLAP_COUNT = "flapCount";
  public static final String FLAP_WINDOW = "flapWindow";
  public static final String RENOTIFY_EVERY = "renotifyEvery";

  /** In documented order. */
  public static final List<String> ALL = List.of(FLAP_COUNT, FLAP_WINDOW, RENOTIFY_EVERY);

  static final long MAX_FLAP_COUNT = 100;
  static final Duration MAX_FLAP_WINDOW = Duration.standardDays(7);

  /** 0 (off) or 2..100 state changes. */
  static int flapCount(YamlNode v) throws BadValue {
    if (!v.isInteger()) {
      throw new BadValue(
          "flapCount is a whole number of state changes, 2.."
              + MAX_FLAP_COUNT
              + " (0: no flap detection); got "
              + v.describe());
    }
    long n = RuleValues.integer(v, 0, MAX_FLAP_COUNT);
    if (n == 1) {
      throw new BadValue(
          "flapCount 1 would call every incident flapping; use 2.."
              + MAX_FLAP_COUNT
              + ", or 0 for no flap detection");
    }
    return (int) n;
  }

  static Duration flapWindow(YamlNode v) throws BadValue {
    Duration d = RuleValues.wholeSeconds(v);
    if (d.isLongerThan(MAX_FLAP_WINDOW)) {
      throw new BadValue(
          "flapWindow "
              + v.text
              + " is longer than the maximum of "
              + HumanDurations.format(MAX_FLAP_WINDOW));
    }
    return d;
  }

  static Duration renotifyEvery(YamlNode v) throws BadValue {
    return RuleValues.wholeSeconds(v);
  }

  /** The check of one value alone ({@code defaults:}); null for other keys or a good value. */
  static @Nullable String checkAlone(String key, YamlNode v) throws BadValue {
    switch (key) {
      case FLAP_COUNT:
        flapCount(v);
        return null;
      case FLAP_WINDOW:
        flapWindow(v);
        return null;
      case RENOTIFY_EVERY:
        renotifyEvery(v);
        return null;
      default:
        return null;
    }
  }

  /** Validates the keys of one rule (suppressFor already set on {@code b}) and sets them. */
  static void validate(RuleFields f, Rule.Builder b, Duration suppressFor) {
    b.setFlapCount(f.optional(FLAP_COUNT, Rule.DEFAULT_FLAP_COUNT, NotifyKeys::flapCount));
    b.setFlapWindow(f.optional(FLAP_WINDOW, Rule.DEFAULT_FLAP_WINDOW, NotifyKeys::flapWindow));
    RuleFields.Field re = f.field(RENOTIFY_EVERY);
    if (re == null) {
      return;
    }
    Duration every = f.optional(RENOTIFY_EVERY, null, NotifyKeys::renotifyEvery);
    if (every == null) {
      return; // reported
    }
    if (every.isShorterThan(suppressFor)) {
      RuleFields.Field sf = f.field(RuleKeys.SUPPRESS_FOR);
      f.report(
          re,
          "renotifyEvery "
              + re.node.text
              + " is shorter than suppressFor "
              + RuleValues.written(sf == null ? null : sf.node, suppressFor)
              + " (at most one FIRING per group within suppressFor)");
      return;
    }
    b.setRenotifyEvery(every);
  }
}
