package dev.logalerts.alerting;

import dev.logalerts.model.BinaryCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * State of one (rule, group) in {@link LifecycleFn}: the bucket aggregates the rule still needs
 * (its window, plus the baseline for spike; for absence and new-template only buckets not yet
 * applied), the evaluation schedule, the lifecycle of the current incident, its accounting ({@link
 * Incident}) and flap detection ({@link Flapping}).
 */
final class KeyState {
  static final long NONE = Long.MAX_VALUE;

  final String key;

  /** {@code Rule#fingerprint()} of the rule version this state was built under. */
  String ruleFingerprint = "";

  /** Bucket end (epoch millis) → aggregate. */
  final TreeMap<Long, BucketAgg> buckets = new TreeMap<>();

  /** Last boundary evaluated (sliding kinds) or applied (absence, new-template). */
  long lastEvaluated = Long.MIN_VALUE;

  /** Next boundary to evaluate or bucket to apply; NONE when nothing is due. */
  long nextEval = NONE;

  /** Idle: clear the state at this time unless new data comes. */
  long cleanupAt = NONE;

  /** The time the wake timer is set to; NONE when unset. */
  long wakeAt = NONE;

  /** Bounded runs: the newest entry's event time (time ends there). NONE when unbounded. */
  long inputEnd = NONE;

  /** Start of the earliest bucket with data (spike history, new-template learning). */
  long firstSeen = Long.MAX_VALUE;

  /** Newest entry applied (absence, new-template). */
  long lastSeen = Long.MIN_VALUE;

  /** absence: samples of the newest bucket applied. */
  final List<Observation> lastSamples = new ArrayList<>();

  boolean firing;
  String alertId = "";

  /** The alertId the sequence counts for, and the sequence of its last message. */
  String sequencedId = "";

  long sequence;
  long incidentStart;

  /** The current incident's accounting (summary of its RESOLVED and FLAPPING). */
  final Incident incident = new Incident();

  /** Flap detection: recent state changes, the held episode. */
  final Flapping flap = new Flapping();

  long lastNotified;
  int below;

  /**
   * deadline: the deadline whose FIRING was last published; a missed deadline within {@code
   * renotifyEvery} of it is counted as suppressed (the rule's deadlines can be closer than that).
   */
  long lastFiringSent;

  /**
   * The Logs Explorer link's project and service restriction of the group's last alert with
   * samples, for an alert without (a RESOLVED after a quiet window): see {@link AlertFactory#base}.
   */
  String linkProject = "";

  String linkScope = "";

  /**
   * spike with direction both: the firing incident is a drop, so that the windows that end it are
   * told as a drop too (threshold baseline / factor).
   */
  boolean firedLow;

  /**
   * deadline with the default lookback: the newest entry time of the bucket that resolved a missed
   * deadline; that run was the missed deadline's, so it does not count for the next one. Sliding
   * kinds: the window end of the last RESOLVED (late entries inside that incident do not fire it
   * again).
   */
  long resolvedUpTo = Long.MIN_VALUE;

  /**
   * Sliding kinds: the newest bucket end cleared for good, from {@link #buckets} and from {@link
   * OlderBuckets} (MIN_VALUE: none yet). A late bucket can be evaluated exactly when no bucket its
   * windows need was cleared.
   */
  long prunedTo = Long.MIN_VALUE;

  /** Streaming sliding kinds: the newest bucket end in {@link OlderBuckets} (MIN_VALUE: none). */
  long olderTo = Long.MIN_VALUE;

  /** Streaming sliding kinds: how many buckets {@link OlderBuckets} holds. */
  long olderCount;

  /**
   * Streaming: a late pane came and the key's panes are settling (its settle timer is armed): its
   * evaluation does not move on, and windows its late buckets change are not re-checked, until the
   * timer fires ({@link LifecycleFn}).
   */
  boolean settling;

  /** While settling: whether a late pane came since its last settle step. */
  boolean lateSinceStep;

  /** While settling: steps with late panes since the key last evaluated on. */
  int settleSteps;

  /** While settling: the newest boundary its wake timer asked to evaluate (NONE: none). */
  long heldWake = NONE;

  /** While settling: the newest end of a late pane come (MIN_VALUE: none). */
  long settleUpTo = Long.MIN_VALUE;

  /**
   * Sliding kinds, while settling: the first and last end of the late buckets merged whose windows
   * are still to re-check (NONE / MIN_VALUE: none).
   */
  long recheckFrom = NONE;

  long recheckTo = Long.MIN_VALUE;

  /**
   * While settling: the end of the first early pane set aside to judge at the next settle step, a
   * backlog's read ahead of the watermark (NONE: none; {@link BacklogPanes#defersEarly}).
   */
  long earlyFrom = NONE;

  /**
   * While settling: how many backlog panes this worker had been handed at the key's last settle
   * step ({@link BacklogPanes#stillComing}; a count of another worker or job only costs a step).
   */
  long backlogCounted;

  /**
   * spike with direction both: the baseline mean per window the last incident fired over, while the
   * traffic has not settled since (negative: none); the other direction is judged against it
   * meanwhile ({@link SpikeKind#evaluate}).
   */
  double reference = -1;

  KeyState(String key) {
    this.key = key;
  }

  /**
   * Coder for the state cell. Format 2 starts with a version byte: an odd byte, {@code (version <<
   * 1) | 1}, which the unversioned format 1 can never start with (its first byte begins the zig-zag
   * varint length of the non-empty key: even). Format 1 is still read (an open incident adopts what
   * the old state knew: {@link Incident#adoptLegacy}); new fields go at the end under a new
   * version.
   */
  static final class KeyStateCoder extends AtomicCoder<KeyState> {
    static final int VERSION = 10;

    private static final KeyStateCoder INSTANCE = new KeyStateCoder();
    private static final BucketAgg.BucketAggCoder AGG = BucketAgg.BucketAggCoder.of();
    private static final Observation.ObservationCoder OBS = Observation.ObservationCoder.of();

    static KeyStateCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(KeyState s, OutputStream out) throws IOException {
      out.write((VERSION << 1) | 1);
      BinaryCodec.writeString(out, s.key);
      BinaryCodec.writeString(out, s.ruleFingerprint);
      BinaryCodec.writeVarLong(out, s.buckets.size());
      for (Map.Entry<Long, BucketAgg> e : s.buckets.entrySet()) {
        BinaryCodec.writeVarLong(out, e.getKey());
        AGG.encode(e.getValue(), out);
      }
      BinaryCodec.writeVarLong(out, s.lastEvaluated);
      BinaryCodec.writeVarLong(out, s.nextEval);
      BinaryCodec.writeVarLong(out, s.cleanupAt);
      BinaryCodec.writeVarLong(out, s.wakeAt);
      BinaryCodec.writeVarLong(out, s.inputEnd);
      BinaryCodec.writeVarLong(out, s.firstSeen);
      BinaryCodec.writeVarLong(out, s.lastSeen);
      BinaryCodec.writeVarLong(out, s.lastSamples.size());
      for (Observation o : s.lastSamples) {
        OBS.encode(o, out);
      }
      out.write(s.firing ? 1 : 0);
      BinaryCodec.writeString(out, s.alertId);
      BinaryCodec.writeVarLong(out, s.incidentStart);
      BinaryCodec.writeVarLong(out, s.lastNotified);
      BinaryCodec.writeVarLong(out, s.below);
      BinaryCodec.writeString(out, s.sequencedId);
      BinaryCodec.writeVarLong(out, s.sequence);
      s.incident.encode(out);
      s.flap.encode(out);
      BinaryCodec.writeVarLong(out, s.lastFiringSent);
      BinaryCodec.writeString(out, s.linkProject);
      BinaryCodec.writeString(out, s.linkScope);
      out.write(s.firedLow ? 1 : 0);
      BinaryCodec.writeVarLong(out, s.resolvedUpTo);
      BinaryCodec.writeVarLong(out, s.prunedTo);
      BinaryCodec.writeVarLong(out, Double.doubleToLongBits(s.reference));
      BinaryCodec.writeVarLong(out, s.olderTo);
      BinaryCodec.writeVarLong(out, s.olderCount);
      out.write(s.settling ? 1 : 0);
      out.write(s.lateSinceStep ? 1 : 0);
      BinaryCodec.writeVarLong(out, s.settleSteps);
      BinaryCodec.writeVarLong(out, s.heldWake);
      BinaryCodec.writeVarLong(out, s.settleUpTo);
      BinaryCodec.writeVarLong(out, s.recheckFrom);
      BinaryCodec.writeVarLong(out, s.recheckTo);
      BinaryCodec.writeVarLong(out, s.earlyFrom);
      BinaryCodec.writeVarLong(out, s.backlogCounted);
    }

    @Override
    public KeyState decode(InputStream raw) throws IOException {
      PushbackInputStream in = new PushbackInputStream(raw, 1);
      int first = in.read();
      int version = 1;
      if ((first & 1) == 1) {
        version = first >> 1;
        if (version > VERSION) {
          throw new CoderException(
              "key state in format version " + version + "; this job reads 1.." + VERSION);
        }
      } else if (first >= 0) {
        in.unread(first);
      }
      KeyState s = new KeyState(BinaryCodec.readString(in));
      s.ruleFingerprint = BinaryCodec.readString(in);
      long n = BinaryCodec.readVarLong(in);
      for (long i = 0; i < n; i++) {
        long end = BinaryCodec.readVarLong(in);
        s.buckets.put(end, AGG.decode(in));
      }
      s.lastEvaluated = BinaryCodec.readVarLong(in);
      s.nextEval = BinaryCodec.readVarLong(in);
      s.cleanupAt = BinaryCodec.readVarLong(in);
      s.wakeAt = BinaryCodec.readVarLong(in);
      s.inputEnd = BinaryCodec.readVarLong(in);
      s.firstSeen = BinaryCodec.readVarLong(in);
      s.lastSeen = BinaryCodec.readVarLong(in);
      long m = BinaryCodec.readVarLong(in);
      for (long i = 0; i < m; i++) {
        s.lastSamples.add(OBS.decode(in));
      }
      s.firing = in.read() == 1;
      s.alertId = BinaryCodec.readString(in);
      s.incidentStart = BinaryCodec.readVarLong(in);
      s.lastNotified = BinaryCodec.readVarLong(in);
      s.below = (int) BinaryCodec.readVarLong(in);
      s.sequencedId = BinaryCodec.readString(in);
      s.sequence = BinaryCodec.readVarLong(in);
      if (version >= 2) {
        s.incident.decode(in);
        s.flap.decode(in);
      } else {
        s.incident.adoptLegacy(s);
      }
      // Before version 3 every missed deadline was published: the last one checked was.
      s.lastFiringSent = version >= 3 ? BinaryCodec.readVarLong(in) : s.lastNotified;
      if (version >= 4) {
        s.linkProject = BinaryCodec.readString(in);
        s.linkScope = BinaryCodec.readString(in);
      }
      // Before version 5 a drop's RESOLVED was told as a spike, and a run that resolved a missed
      // deadline counted for the next one too: they still are for such a state.
      if (version >= 5) {
        s.firedLow = in.read() == 1;
        s.resolvedUpTo = BinaryCodec.readVarLong(in);
        s.prunedTo = BinaryCodec.readVarLong(in);
      } else {
        // Earlier formats did not say what was cleared: as if everything before the span was.
        s.prunedTo = Long.MAX_VALUE;
      }
      // Before version 6 the end of a spike could be told as a drop (and of a drop as a spike).
      if (version >= 6) {
        s.reference = Double.longBitsToDouble(BinaryCodec.readVarLong(in));
      }
      if (version >= 7) {
        s.olderTo = BinaryCodec.readVarLong(in);
        s.olderCount = BinaryCodec.readVarLong(in);
      }
      if (version >= 8) {
        s.settling = in.read() == 1;
        s.lateSinceStep = in.read() == 1;
        s.settleSteps = (int) BinaryCodec.readVarLong(in);
        s.heldWake = BinaryCodec.readVarLong(in);
        s.settleUpTo = BinaryCodec.readVarLong(in);
        s.recheckFrom = BinaryCodec.readVarLong(in);
        s.recheckTo = BinaryCodec.readVarLong(in);
      }
      if (version >= 9) {
        s.earlyFrom = BinaryCodec.readVarLong(in);
      }
      if (version >= 10) {
        s.backlogCounted = BinaryCodec.readVarLong(in);
      }
      return s;
    }
  }
}
