package dev.logalerts.rules;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The rules-file half of a rule kind: which keys it accepts besides the common ones and how it
 * validates them. Implemented by the kinds ({@code dev.logalerts.alerting.RuleKind}), which also
 * observe, aggregate, evaluate and word their alerts; the loader finds them through the registry
 * {@code dev.logalerts.alerting.RuleKinds}.
 */
public interface KindSpec {
  RuleType type();

  /**
   * Keys this kind accepts besides {@link RuleKeys#COMMON} (and {@link RuleKeys#WINDOWED} when
   * {@link #windowed()}), in documented order. A key several kinds share (minCount, threshold) is
   * one {@link RuleKey} constant in {@link RuleKeys}.
   */
  List<RuleKey> keys();

  /**
   * Whether the kind evaluates sliding windows: it accepts window and period (and resolveAfter with
   * {@link #incidents()}).
   */
  default boolean windowed() {
    return true;
  }

  /**
   * Whether the kind's alerts form incidents (FIRING, re-notifications, RESOLVED under one
   * alertId): it accepts suppressFor, resolveAfter (when windowed) and the notification keys
   * ({@link NotifyKeys}: flap detection, renotifyEvery).
   */
  default boolean incidents() {
    return true;
  }

  /**
   * A setting of a valid rule that rarely means what it says, told as a note by validate-rules and
   * the launch log (after "rule 'NAME': "), or null.
   */
  default @Nullable String note(Rule r) {
    return null;
  }

  /** Why a key this kind rejects is not used, appended to the error (" (…)"), or "". */
  default String whyNot(String key) {
    return "";
  }

  /**
   * Validates the kind's own keys of one rule (the common keys are done; {@code window} is the
   * rule's window, 5m when absent or invalid) and sets them on {@code b}. Problems go to {@code f},
   * in the order the keys are checked.
   */
  void validate(RuleFields f, Rule.Builder b, Duration window);
}
