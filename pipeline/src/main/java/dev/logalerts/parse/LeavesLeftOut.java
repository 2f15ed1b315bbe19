package dev.logalerts.parse;

/**
 * What {@link LogEntryParser#parse(byte[], LeavesLeftOut)} left out of the payload of the entry it
 * last returned (see {@link LogEntryParser}, "Payloads"). One per caller, reused for every entry;
 * not thread-safe.
 */
public final class LeavesLeftOut implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private boolean any;
  private boolean onRulePaths;

  void set(boolean any, boolean onRulePaths) {
    this.any = any;
    this.onRulePaths = onRulePaths;
  }

  /**
   * Some payload leaf was not kept: the entry had more leaves than {@code maxPayloadLeaves} outside
   * the paths the parser always keeps, or more than {@link LogEntryParser#MAX_RULE_PATH_LEAVES}
   * below them. Filters on the paths the rules read still see theirs unless {@link #onRulePaths};
   * global restrictions (bare words) and {@code SEARCH} without a field see only the kept leaves.
   */
  public boolean any() {
    return any;
  }

  /**
   * A leaf at or below a path the parser always keeps (a path the rules read) was not kept: the
   * entry had more than {@link LogEntryParser#MAX_RULE_PATH_LEAVES} leaves. Implies {@link #any}.
   */
  public boolean onRulePaths() {
    return onRulePaths;
  }
}
