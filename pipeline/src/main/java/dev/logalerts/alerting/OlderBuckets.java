package dev.logalerts.alerting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.state.BagState;

/**
 * Streaming: the buckets of a key that its sliding windows have moved past, kept until the allowed
 * lateness is over, because a late pane can still need them. The shuffle hands late panes over in
 * any order (a backlog read at once, an agent that buffered its logs): the pane of a bucket twenty
 * minutes back re-checks the windows that hold it, and each needs its whole span of buckets. They
 * live in a bag beside the key's state rather than in it: the state is read and written at every
 * pane and timer, the bag is only appended to as the walk moves on, and read when a late pane needs
 * its buckets back or when it has grown to twice what the lateness can need.
 *
 * <p>Bookkeeping lives in {@link KeyState} ({@link KeyState#olderTo}, {@link KeyState#olderCount}):
 * the bag holds only buckets at or before {@code olderTo}, none of them also in {@link
 * KeyState#buckets}.
 */
final class OlderBuckets {
  private final BagState<BucketAgg> bag;
  private final long latenessMillis;

  OlderBuckets(BagState<BucketAgg> bag, long latenessMillis) {
    this.bag = bag;
    this.latenessMillis = latenessMillis;
  }

  /** Whether this key's buckets are kept here when its walk moves past them (streaming). */
  static boolean keeps(KindContext cx, KeyState st) {
    return cx.older != null && st.inputEnd == KeyState.NONE;
  }

  /** Keeps buckets cleared from the key's state. */
  void keep(KeyState st, Collection<BucketAgg> cleared) {
    for (BucketAgg b : cleared) {
      bag.add(b);
      st.olderTo = Math.max(st.olderTo, b.endMillis);
      st.olderCount++;
    }
  }

  /**
   * The buckets ending after {@code after}, taken out of the bag (the caller puts them back into
   * the key's state); those no late pane can need any more are forgotten meanwhile.
   */
  List<BucketAgg> takeAfter(KeyState st, long after, long frontier, long spanMillis) {
    return rewrite(st, after, horizon(frontier, spanMillis));
  }

  /**
   * Forgets the buckets no late pane can need any more once the bag holds twice the lateness's
   * worth of periods: a read of the bag every lateness or so, whatever the period.
   */
  void forgetDue(KeyState st, long frontier, long spanMillis, long periodMillis) {
    if (st.olderCount > 2 * (latenessMillis / periodMillis + 1)) {
      rewrite(st, Long.MAX_VALUE, horizon(frontier, spanMillis));
    }
  }

  /**
   * The newest bucket end no late pane can need: the watermark is at the key's frontier or later,
   * Beam drops a pane of a bucket ending the lateness before it, and a window reaches a span back.
   */
  private long horizon(long frontier, long spanMillis) {
    return frontier - latenessMillis - spanMillis;
  }

  /** Empties the bag (the key's state is cleared). */
  void clear() {
    bag.clear();
  }

  private List<BucketAgg> rewrite(KeyState st, long takeAfter, long forgetUpTo) {
    List<BucketAgg> taken = new ArrayList<>();
    List<BucketAgg> kept = new ArrayList<>();
    for (BucketAgg b : bag.read()) {
      if (b.endMillis > takeAfter) {
        taken.add(b);
      } else if (b.endMillis <= forgetUpTo) {
        st.prunedTo = Math.max(st.prunedTo, b.endMillis);
      } else {
        kept.add(b);
      }
    }
    bag.clear();
    st.olderTo = Long.MIN_VALUE;
    st.olderCount = 0;
    keep(st, kept);
    return taken;
  }
}
