package dev.logalerts.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubUnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.PTransformOverride;
import org.apache.beam.sdk.runners.PTransformOverrideFactory;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.construction.ReplacementOutputs;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Lets a local streaming run (DirectRunner) close its windows while the subscription is quiet.
 *
 * <p>Two things kept every window open during a lull, so that no RESOLVED and no volume row came
 * until entries flowed again:
 *
 * <ul>
 *   <li>The DirectRunner finalizes a reader's checkpoint (for PubsubIO: acknowledges the messages
 *       it covers) only when a later read returns messages. The messages of the last bundle before
 *       a lull stayed unacknowledged, came back after two minutes, were held again, and each time
 *       held PubsubIO's watermark at their old timestamps.
 *   <li>PubsubIO advances an idle reader's watermark to the current time a minute after its last
 *       message — but only for a reader that has received one. It splits a subscription into four
 *       readers per worker thread, and the runner now and then replaces a reader by a new one after
 *       a read; a reader that got nothing stays at its start, and the job's watermark is the lowest
 *       of them.
 * </ul>
 *
 * <p>So each Pub/Sub read is wrapped: its reader finalizes the checkpoint it last gave out when the
 * runner next asks it for input — safe, because the runner asks again only through the residual of
 * the bundle that checkpoint closed, after committing it (the runner's own later call does nothing:
 * a checkpoint finalizes once) — and a reader that has had no message for a minute reports the
 * current time, as PubsubIO's reader does once it has received something.
 *
 * <p>And an idle job was busy: the runner asks an idle reader again at once, and PubsubIO pulls
 * each time it is asked — 65 pull requests a second against a local endpoint, each billed by
 * Pub/Sub as at least 1 KB. A reader whose read found nothing now pauses (50 ms, doubling up to a
 * second) and meanwhile answers "nothing" after {@value #PAUSED_ANSWER_MILLIS} ms, and there is one
 * reader per worker thread instead of four. Measured against a local endpoint: 2 pull requests a
 * second when idle (65 before); 2,000 messages read in 21–28 s (35 s before). The first message
 * after a lull waits at most a second more. An idle job does use more CPU than before once its
 * watermark moves — 40–56 % of a core 90 s after the start, against 20 % when nothing moved — as
 * its timers now fire while the clock passes.
 *
 * <p>And Pub/Sub not answering for a few minutes ended the job: the runner fails the job on a
 * reader's exception. A reader now takes a call that failed for a passing reason ({@link
 * PubsubOutage}) as nothing read, asks again after a pause, and holds its watermark meanwhile. A
 * call that has not returned after {@link #STALL} (the client repeating it) is said at once, not
 * three minutes later when the client gives up.
 *
 * <p>Dataflow runs its own Pub/Sub source; {@code LogAlertsPipeline.run} applies this on the
 * DirectRunner only.
 */
public final class QuietSubscriptions {
  /** PubsubIO's own: a reader with no message for a minute has caught up with its subscription. */
  static final Duration IDLE = Duration.standardMinutes(1);

  /** A call to Pub/Sub not returned after this is an outage (see {@link PubsubOutage}). */
  static final Duration STALL = Duration.standardSeconds(15);

  /** The pause after a read that found nothing, doubling while reads find nothing, up to MAX. */
  private static final long MIN_PAUSE_MILLIS = 50;

  private static final long MAX_PAUSE_MILLIS = 1_000;

  /**
   * How long a paused reader takes to answer. The runner's every answer costs it a round of
   * watermark bookkeeping: answering at once cost 68 % of a core, this 11 % (50 s after the start,
   * before the idle watermark moves).
   */
  private static final long PAUSED_ANSWER_MILLIS = 100;

  /**
   * Messages read by this JVM's readers and not yet acknowledged: what a run stopped now leaves to
   * Pub/Sub to deliver again (once their ack deadline passes), told when the run stops.
   */
  private static final AtomicLong UNACKNOWLEDGED = new AtomicLong();

  /**
   * Checkpoints being finalized: their acknowledgement is on its way to Pub/Sub, which may have it
   * already while the call has not returned.
   */
  private static final AtomicInteger FINALIZING = new AtomicInteger();

  /** How long {@link #unacknowledged} waits for acknowledgements on their way. */
  static final long FINALIZING_WAIT_MILLIS = 2_000;

  private QuietSubscriptions() {}

  /**
   * Messages read and not yet acknowledged, over every reader of this JVM, once the
   * acknowledgements already sent have returned (up to {@link #FINALIZING_WAIT_MILLIS}): a run
   * stopped right after Pub/Sub took its acknowledgement must not say those messages come again.
   */
  public static long unacknowledged() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FINALIZING_WAIT_MILLIS);
    while (FINALIZING.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Math.max(0, UNACKNOWLEDGED.get());
  }

  /** Wraps every Pub/Sub read of {@code pipeline}; call before {@code run}. */
  public static void apply(Pipeline pipeline) {
    apply(pipeline, source -> source.getClass().getEnclosingClass() == PubsubUnboundedSource.class);
  }

  /** Wraps the unbounded reads of {@code sources}. */
  static void apply(Pipeline pipeline, Predicate<UnboundedSource<?, ?>> sources) {
    pipeline.replaceAll(
        List.of(
            PTransformOverride.of(
                application ->
                    application.getTransform() instanceof Read.Unbounded<?> read
                        && !(read.getSource() instanceof Wrapped<?, ?>)
                        && read.getSource().getCheckpointMarkCoder() != null
                        && sources.test(read.getSource()),
                new WrapRead<>())));
  }

  /** Replaces {@code Read.from(source)} by {@code Read.from(new Wrapped(source))}. */
  private static final class WrapRead<T>
      implements PTransformOverrideFactory<PBegin, PCollection<T>, Read.Unbounded<T>> {
    @Override
    public PTransformReplacement<PBegin, PCollection<T>> getReplacementTransform(
        AppliedPTransform<PBegin, PCollection<T>, Read.Unbounded<T>> transform) {
      return PTransformReplacement.of(
          transform.getPipeline().begin(),
          Read.from(new Wrapped<>(transform.getTransform().getSource(), IDLE, STALL)));
    }

    @Override
    public Map<PCollection<?>, ReplacementOutput> mapOutputs(
        Map<TupleTag<?>, PCollection<?>> outputs, PCollection<T> newOutput) {
      return ReplacementOutputs.singleton(outputs, newOutput);
    }
  }

  /**
   * The source, as it is, with readers that finalize their last checkpoint when asked again and
   * move their watermark on when idle.
   */
  static final class Wrapped<T, M extends UnboundedSource.CheckpointMark>
      extends UnboundedSource<T, Once<M>> {
    private final UnboundedSource<T, M> source;

    private final Duration idle;

    private final Duration stall;

    Wrapped(UnboundedSource<T, M> source, Duration idle) {
      this(source, idle, STALL);
    }

    Wrapped(UnboundedSource<T, M> source, Duration idle, Duration stall) {
      this.source = source;
      this.idle = idle;
      this.stall = stall;
    }

    @Override
    public List<Wrapped<T, M>> split(int desiredNumSplits, PipelineOptions options)
        throws Exception {
      // PubsubIO makes four identical readers per split asked for; one per worker thread keeps
      // the threads busy without idle readers taking turns.
      return source.split(desiredNumSplits, options).stream()
          .limit(Math.max(1, desiredNumSplits))
          .map(s -> new Wrapped<T, M>(s, idle, stall))
          .collect(Collectors.toList());
    }

    @Override
    public UnboundedReader<T> createReader(PipelineOptions options, @Nullable Once<M> mark)
        throws IOException {
      return new IdleAckingReader<>(
          this,
          source.createReader(options, mark == null ? null : mark.mark),
          mark == null ? null : mark.original);
    }

    @Override
    public Coder<Once<M>> getCheckpointMarkCoder() {
      return new OnceCoder<>(source.getCheckpointMarkCoder());
    }

    @Override
    public boolean requiresDeduping() {
      return source.requiresDeduping();
    }

    @Override
    public Coder<T> getOutputCoder() {
      return source.getOutputCoder();
    }

    @Override
    public void validate() {
      source.validate();
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      source.populateDisplayData(builder);
    }
  }

  private static final class IdleAckingReader<T, M extends UnboundedSource.CheckpointMark>
      extends UnboundedSource.UnboundedReader<T> {
    private final Wrapped<T, M> source;
    private final UnboundedSource.UnboundedReader<T> reader;

    /** The checkpoint given out last (or the one this reader resumes from), not yet finalized. */
    private @Nullable Once<?> given;

    /** Messages given since the last checkpoint given out: what the next one acknowledges. */
    private long sinceCheckpoint;

    /** When this reader was created or last gave a message. */
    private long lastMessageMillis = System.currentTimeMillis();

    /** After a read that found nothing: how long not to ask again, and until when. */
    private long pauseMillis;

    private long pausedUntilMillis;

    /** Whether the reader's own start succeeded; until then each read starts it again. */
    private boolean started;

    /** Pub/Sub not answering this reader, and the watermark it reported before. */
    private final PubsubOutage outage;

    private Instant reported = BoundedWindow.TIMESTAMP_MIN_VALUE;

    IdleAckingReader(
        Wrapped<T, M> source,
        UnboundedSource.UnboundedReader<T> reader,
        @Nullable Once<?> resumedFrom) {
      this.source = source;
      this.reader = reader;
      this.given = resumedFrom;
      this.outage = new PubsubOutage(source.stall.getMillis());
    }

    @Override
    public boolean start() throws IOException {
      finalizeGiven();
      return read();
    }

    @Override
    public boolean advance() throws IOException {
      finalizeGiven();
      // Paused after a read found nothing (see the class comment): no pull.
      if (System.currentTimeMillis() < pausedUntilMillis) {
        sleep(PAUSED_ANSWER_MILLIS);
        return false;
      }
      return read();
    }

    /**
     * Reads through the reader; a call Pub/Sub failed for a while (see {@link PubsubOutage}) is
     * nothing read yet, asked again after a pause. The reader's state is as before the call: a pull
     * that failed took no message, a deadline not extended is extended on the next call.
     */
    private boolean read() throws IOException {
      boolean message;
      outage.calling();
      try {
        message = started ? reader.advance() : reader.start();
      } catch (IOException e) {
        outage.failed(e);
        return gave(false);
      } finally {
        outage.returned();
      }
      started = true;
      if (outage.ongoing()) {
        // What waited during the outage comes now: not idle before a minute without it.
        lastMessageMillis = System.currentTimeMillis();
      }
      // Any reader's answer ends the job's outage, also one that saw none of it.
      outage.answered();
      return gave(message);
    }

    private static void sleep(long millis) throws IOException {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    private boolean gave(boolean message) {
      long now = System.currentTimeMillis();
      if (message) {
        sinceCheckpoint++;
        UNACKNOWLEDGED.incrementAndGet();
        lastMessageMillis = now;
        pauseMillis = 0;
      } else {
        pauseMillis = Math.min(Math.max(2 * pauseMillis, MIN_PAUSE_MILLIS), MAX_PAUSE_MILLIS);
        pausedUntilMillis = now + pauseMillis;
      }
      return message;
    }

    /**
     * The runner calls the reader again (or starts one where it closed this one) only with the
     * residual of the bundle that checkpoint closed, after committing that bundle.
     */
    private void finalizeGiven() throws IOException {
      if (given != null) {
        Once<?> committed = given;
        given = null;
        outage.calling();
        try {
          committed.finalizeCheckpoint();
        } catch (IOException e) {
          // Not acknowledged: the messages come again once this reader is replaced, and are then
          // dropped as redeliveries (same message id, same insertId).
          outage.failed(e);
        } finally {
          outage.returned();
        }
      }
    }

    @Override
    @SuppressWarnings("unchecked") // the reader of an UnboundedSource<T, M> gives out Ms
    public UnboundedSource.CheckpointMark getCheckpointMark() {
      given = new Once<>((M) reader.getCheckpointMark(), sinceCheckpoint);
      sinceCheckpoint = 0;
      return given;
    }

    @Override
    public T getCurrent() throws NoSuchElementException {
      return reader.getCurrent();
    }

    @Override
    public Instant getCurrentTimestamp() throws NoSuchElementException {
      return reader.getCurrentTimestamp();
    }

    @Override
    public byte[] getCurrentRecordId() throws NoSuchElementException {
      return reader.getCurrentRecordId();
    }

    @Override
    public Instant getWatermark() {
      if (outage.ongoing()) {
        // Messages may be waiting unread: the watermark waits for them, not for the clock.
        return reported;
      }
      Instant watermark = reader.getWatermark();
      long now = System.currentTimeMillis();
      reported =
          now - lastMessageMillis > source.idle.getMillis() && watermark.isBefore(new Instant(now))
              ? new Instant(now)
              : watermark;
      return reported;
    }

    @Override
    public long getSplitBacklogBytes() {
      return reader.getSplitBacklogBytes();
    }

    @Override
    public long getTotalBacklogBytes() {
      return reader.getTotalBacklogBytes();
    }

    @Override
    public UnboundedSource<T, ?> getCurrentSource() {
      return source;
    }

    @Override
    public void close() throws IOException {
      outage.close();
      reader.close();
    }
  }

  /**
   * A checkpoint that finalizes its source's checkpoint at most once. A decoded copy — the runner
   * decodes one to start a new reader where it closed the old one — keeps the checkpoint it was
   * copied from, which nothing else would finalize during a lull.
   */
  static final class Once<M extends UnboundedSource.CheckpointMark>
      implements UnboundedSource.CheckpointMark {
    /**
     * Encoded and not yet decoded or finalized, by id: what a decoded copy finds its original in.
     */
    private static final Map<Long, Once<?>> ENCODED = new ConcurrentHashMap<>();

    private static final AtomicLong IDS = new AtomicLong();

    final M mark;
    final long id = IDS.incrementAndGet();
    final @Nullable Once<?> original;
    private boolean finalized;

    /** The messages this checkpoint acknowledges (held by the original, 0 in a decoded copy). */
    private final long messages;

    private final AtomicBoolean released = new AtomicBoolean();

    Once(M mark) {
      this(mark, 0);
    }

    Once(M mark, long messages) {
      this(mark, null, messages);
    }

    private Once(M mark, @Nullable Once<?> original, long messages) {
      this.mark = mark;
      this.original = original;
      this.messages = messages;
    }

    @Override
    public synchronized void finalizeCheckpoint() throws IOException {
      if (!finalized) {
        finalized = true;
        ENCODED.remove(id);
        FINALIZING.incrementAndGet();
        try {
          mark.finalizeCheckpoint();
          // Acknowledged. When that failed they stay counted: Pub/Sub delivers them again, so the
          // count may then exceed what is left, never fall short of it.
          release();
          if (original != null) {
            original.release();
          }
        } finally {
          FINALIZING.decrementAndGet();
        }
      }
    }

    private void release() {
      if (released.compareAndSet(false, true)) {
        UNACKNOWLEDGED.addAndGet(-messages);
      }
    }
  }

  /** Encodes the source's checkpoint and, for this JVM, which checkpoint it is. */
  private static final class OnceCoder<M extends UnboundedSource.CheckpointMark>
      extends CustomCoder<Once<M>> {
    private final Coder<M> coder;

    OnceCoder(Coder<M> coder) {
      this.coder = coder;
    }

    @Override
    public void encode(Once<M> value, OutputStream out) throws IOException {
      Once.ENCODED.put(value.id, value);
      VarLongCoder.of().encode(value.id, out);
      coder.encode(value.mark, out);
    }

    @Override
    public Once<M> decode(InputStream in) throws IOException {
      Once<?> original = Once.ENCODED.remove(VarLongCoder.of().decode(in));
      return new Once<>(coder.decode(in), original, 0);
    }
  }
}
