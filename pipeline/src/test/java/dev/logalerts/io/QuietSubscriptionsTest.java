package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * On the DirectRunner, every element an unbounded source emitted has its checkpoint finalized while
 * the source stays idle — for PubsubIO, every message read is acknowledged during a lull.
 */
@RunWith(JUnit4.class)
public class QuietSubscriptionsTest {
  /** How often each source's reader was asked for an element. */
  private static final Map<String, AtomicInteger> ASKED = new ConcurrentHashMap<>();

  /** Failures each source's reader throws next instead of reading. */
  private static final Map<String, java.util.Deque<IOException>> FAILURES =
      new ConcurrentHashMap<>();

  /**
   * A read of each source's reader waits for this before it answers (a client repeating a call).
   */
  private static final Map<String, java.util.concurrent.CountDownLatch> ANSWER =
      new ConcurrentHashMap<>();

  /** Elements whose checkpoint was finalized, per source (sources are serialized by the runner). */
  private static final Map<String, Set<Long>> FINALIZED = new ConcurrentHashMap<>();

  /** By source id: counted down when an acknowledgement is sent, awaited before it returns. */
  private static final Map<String, CountDownLatch[]> ACKNOWLEDGING = new ConcurrentHashMap<>();

  @Test
  public void everyElementReadBeforeALullIsFinalizedDuringIt() throws Exception {
    // 95 elements: the runner reads at most 10 per bundle, so the last bundle holds 5.
    String id = UUID.randomUUID().toString();
    FINALIZED.put(id, ConcurrentHashMap.newKeySet());
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setBlockOnRun(false);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply(Read.from(new SomeThenIdle(id, 95)));
    QuietSubscriptions.apply(pipeline, source -> source instanceof SomeThenIdle);

    PipelineResult result = pipeline.run();
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      while (FINALIZED.get(id).size() < 95 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      result.cancel();
    }
    assertThat(FINALIZED.get(id)).hasSize(95);
  }

  @Test
  public void aReaderStartedWhereTheRunnerClosedOneFinalizesTheCheckpointItResumesFrom()
      throws Exception {
    // What the DirectRunner does now and then after a read: close the reader, and start a new one
    // from a decoded copy of the checkpoint. During a lull the new reader reads nothing, so the
    // runner never finalizes the checkpoint itself.
    String id = UUID.randomUUID().toString();
    FINALIZED.put(id, ConcurrentHashMap.newKeySet());
    PipelineOptions options = PipelineOptionsFactory.create();
    QuietSubscriptions.Wrapped<Long, Covered> source =
        new QuietSubscriptions.Wrapped<>(new SomeThenIdle(id, 3), QuietSubscriptions.IDLE);
    UnboundedSource.UnboundedReader<Long> first = source.createReader(options, null);
    assertThat(first.start()).isTrue();
    assertThat(first.advance()).isTrue();
    assertThat(first.advance()).isTrue();
    UnboundedSource.CheckpointMark mark = first.getCheckpointMark();
    first.close();
    assertThat(FINALIZED.get(id)).isEmpty();

    @SuppressWarnings("unchecked")
    QuietSubscriptions.Once<Covered> copy =
        CoderUtils.clone(source.getCheckpointMarkCoder(), (QuietSubscriptions.Once<Covered>) mark);
    UnboundedSource.UnboundedReader<Long> second = source.createReader(options, copy);
    assertThat(second.start()).isFalse();
    assertThat(FINALIZED.get(id)).containsExactly(0L, 1L, 2L);

    FINALIZED.get(id).clear();
    mark.finalizeCheckpoint(); // the runner's own call, once entries flow again
    assertThat(FINALIZED.get(id)).isEmpty();
  }

  /**
   * What a stopped local run says is still to come again: messages read and not yet acknowledged,
   * counted once however the checkpoint that acknowledges them is finalized (by the reader that
   * resumes from a decoded copy, then by the runner's own call on the copy).
   */
  @Test
  public void messagesReadAreUnacknowledgedUntilTheirCheckpointIsFinalized() throws Exception {
    String id = UUID.randomUUID().toString();
    FINALIZED.put(id, ConcurrentHashMap.newKeySet());
    PipelineOptions options = PipelineOptionsFactory.create();
    QuietSubscriptions.Wrapped<Long, Covered> source =
        new QuietSubscriptions.Wrapped<>(new SomeThenIdle(id, 3), QuietSubscriptions.IDLE);
    long before = QuietSubscriptions.unacknowledged();
    UnboundedSource.UnboundedReader<Long> first = source.createReader(options, null);
    assertThat(first.start()).isTrue();
    assertThat(first.advance()).isTrue();
    assertThat(first.advance()).isTrue();
    assertThat(QuietSubscriptions.unacknowledged()).isEqualTo(before + 3);
    UnboundedSource.CheckpointMark mark = first.getCheckpointMark();
    first.close();
    assertThat(QuietSubscriptions.unacknowledged()).isEqualTo(before + 3);

    @SuppressWarnings("unchecked")
    QuietSubscriptions.Once<Covered> copy =
        CoderUtils.clone(source.getCheckpointMarkCoder(), (QuietSubscriptions.Once<Covered>) mark);
    UnboundedSource.UnboundedReader<Long> second = source.createReader(options, copy);
    assertThat(second.start()).isFalse();
    assertThat(FINALIZED.get(id)).containsExactly(0L, 1L, 2L);
    assertThat(QuietSubscriptions.unacknowledged()).isEqualTo(before);
    copy.finalizeCheckpoint();
    mark.finalizeCheckpoint();
    assertThat(QuietSubscriptions.unacknowledged()).isEqualTo(before);
    second.close();
  }

  /**
   * A run stopped while an acknowledgement is on its way (Pub/Sub has it, the call has not
   * returned) does not count those messages as coming again.
   */
  @Test
  public void theCountWaitsForAcknowledgementsOnTheirWay() throws Exception {
    String id = UUID.randomUUID().toString();
    FINALIZED.put(id, ConcurrentHashMap.newKeySet());
    CountDownLatch sent = new CountDownLatch(1);
    CountDownLatch returns = new CountDownLatch(1);
    ACKNOWLEDGING.put(id, new CountDownLatch[] {sent, returns});
    QuietSubscriptions.Wrapped<Long, Covered> source =
        new QuietSubscriptions.Wrapped<>(new SomeThenIdle(id, 3), QuietSubscriptions.IDLE);
    long before = QuietSubscriptions.unacknowledged();
    UnboundedSource.UnboundedReader<Long> reader =
        source.createReader(PipelineOptionsFactory.create(), null);
    assertThat(reader.start()).isTrue();
    assertThat(reader.advance()).isTrue();
    assertThat(reader.advance()).isTrue();
    UnboundedSource.CheckpointMark mark = reader.getCheckpointMark();
    reader.close();
    Thread runner =
        new Thread(
            () -> {
              try {
                mark.finalizeCheckpoint();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    runner.start();
    assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
    Thread answer =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              returns.countDown();
            });
    answer.start();

    assertThat(QuietSubscriptions.unacknowledged()).isEqualTo(before);
    runner.join();
    answer.join();
    assertThat(FINALIZED.get(id)).containsExactly(0L, 1L, 2L);
  }

  @Test
  public void anIdleReaderReportsTheClockAsItsWatermark() throws Exception {
    // PubsubIO's reader does so only once it has received a message; a reader the runner started
    // where it closed another, or one that never got a message, would hold the job's watermark.
    String id = UUID.randomUUID().toString();
    FINALIZED.put(id, ConcurrentHashMap.newKeySet());
    UnboundedSource.UnboundedReader<Long> reader =
        new QuietSubscriptions.Wrapped<>(new SomeThenIdle(id, 2), Duration.millis(300))
            .createReader(PipelineOptionsFactory.create(), null);
    assertThat(reader.start()).isTrue();
    assertThat(reader.advance()).isTrue();
    assertThat(reader.advance()).isFalse();
    assertThat(reader.getWatermark()).isEqualTo(new Instant(2)); // the source's own, while recent

    long before = System.currentTimeMillis();
    Thread.sleep(400);
    assertThat(reader.advance()).isFalse();
    assertThat(reader.getWatermark().getMillis()).isAtLeast(before);
  }

  @Test
  public void anIdleReaderPausesBeforeAskingItsSourceAgain() throws Exception {
    String id = UUID.randomUUID().toString();
    FINALIZED.put(id, ConcurrentHashMap.newKeySet());
    UnboundedSource.UnboundedReader<Long> reader =
        new QuietSubscriptions.Wrapped<>(new SomeThenIdle(id, 1), QuietSubscriptions.IDLE)
            .createReader(PipelineOptionsFactory.create(), null);
    assertThat(reader.start()).isTrue();
    int asked = ASKED.get(id).get();
    for (int i = 0; i < 9; i++) {
      assertThat(reader.advance()).isFalse();
    }
    // Pauses of 50, 100, 200 and 400 ms, each answered "nothing" after 100 ms: the source was
    // asked 4 or 5 times, not 9 (each time a pull request for PubsubIO).
    assertThat(ASKED.get(id).get() - asked).isAtMost(5);
  }

  @Test
  public void aReaderWhosePubsubFailsForAWhileReadsNothingHoldsItsWatermarkAndGoesOn()
      throws Exception {
    // Beam's client gives up a call after about three minutes of 503s or 429s, and the
    // DirectRunner ended the whole local job on the reader's exception.
    String id = UUID.randomUUID().toString();
    FINALIZED.put(id, ConcurrentHashMap.newKeySet());
    UnboundedSource.UnboundedReader<Long> reader =
        new QuietSubscriptions.Wrapped<>(new SomeThenIdle(id, 3), Duration.millis(300))
            .createReader(PipelineOptionsFactory.create(), null);
    assertThat(reader.start()).isTrue();
    assertThat(reader.getWatermark()).isEqualTo(new Instant(1));
    java.util.Deque<IOException> failures = new java.util.concurrent.ConcurrentLinkedDeque<>();
    failures.add(status(503));
    failures.add(status(429));
    failures.add(new java.net.ConnectException("Connection refused"));
    FAILURES.put(id, failures);

    long deadline = System.currentTimeMillis() + 10_000;
    while (!failures.isEmpty() && System.currentTimeMillis() < deadline) {
      assertThat(reader.advance()).isFalse();
    }
    assertThat(failures).isEmpty();
    // Longer without a message than the idle time, but messages may wait unread: the watermark
    // stays where it was, not the clock.
    Thread.sleep(400);
    assertThat(reader.getWatermark()).isEqualTo(new Instant(1));

    // Pub/Sub answers again: the next message is read, and the reader is not idle at once.
    while (!reader.advance()) {
      assertThat(System.currentTimeMillis()).isLessThan(deadline);
    }
    assertThat(reader.getCurrent()).isEqualTo(1L);
    assertThat(reader.getWatermark()).isEqualTo(new Instant(2));
  }

  @Test
  public void aReadThatDoesNotReturnIsSaidWhileItWaitsAndWhenItAnswers() throws Exception {
    // Beam's client repeats a pull refused with 503 or 429 for about three minutes before the
    // reader hears of it: a job started while Pub/Sub refused showed "0 entries read" and nothing
    // else for those minutes.
    String id = UUID.randomUUID().toString();
    FINALIZED.put(id, ConcurrentHashMap.newKeySet());
    UnboundedSource.UnboundedReader<Long> reader =
        new QuietSubscriptions.Wrapped<>(
                new SomeThenIdle(id, 3), QuietSubscriptions.IDLE, Duration.millis(500))
            .createReader(PipelineOptionsFactory.create(), null);
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    ANSWER.put(id, answer);
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stderr = System.err;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      java.util.concurrent.Future<Boolean> started =
          java.util.concurrent.Executors.newSingleThreadExecutor().submit(reader::start);
      long deadline = System.currentTimeMillis() + 10_000;
      while (!err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("warning:")) {
        assertThat(System.currentTimeMillis()).isLessThan(deadline);
        Thread.sleep(50);
      }
      assertThat(started.isDone()).isFalse();
      answer.countDown();
      assertThat(started.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      System.setErr(stderr);
    }
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
        .matches(
            "warning: Pub/Sub has not answered for 0 s \\(its client repeats a call refused with"
                + " 429 or 5xx, or not answered, for about three minutes before it says why\\);"
                + " waiting for it\\. Unread messages wait on the subscription, and windows stay"
                + " open meanwhile\\.\nPub/Sub answers again after [0-9] s\\.\n");
    assertThat(reader.getCurrent()).isEqualTo(0L);
  }

  @Test
  public void aReaderClosedDuringAnOutageDoesNotHideTheNextOne() throws Exception {
    // The DirectRunner closes a reader now and then; one closed while its calls failed kept the
    // job's count of failing readers above 0: the next outage and its end were never said.
    String err =
        StandardError.of(
            () -> {
              PubsubOutage closedInOutage = new PubsubOutage(60_000);
              closedInOutage.failed(status(503));
              closedInOutage.close();
              PubsubOutage next = new PubsubOutage(60_000);
              next.failed(status(429));
              next.answered();
              // The next outage, ended by a reader that saw none of it.
              next.failed(status(503));
              new PubsubOutage(60_000).answered();
              next.close();
            });
    String[] lines = err.split("\n");
    // Nothing answered between the 503 and the 429: one outage, said once.
    assertThat(lines).hasLength(4);
    assertThat(lines[0]).startsWith("warning: Pub/Sub does not answer (");
    assertThat(lines[0]).contains("503");
    assertThat(lines[1]).isEqualTo("Pub/Sub answers again after 0 s (2 failed calls).");
    assertThat(lines[2]).startsWith("warning: Pub/Sub does not answer (");
    assertThat(lines[2]).contains("503");
    assertThat(lines[3]).isEqualTo("Pub/Sub answers again after 0 s (1 failed calls).");
  }

  @Test
  public void theFirstReaderToAnswerEndsTheOutageForTheJob() throws Exception {
    // Four readers see the outage; each repeats its call in its client's backoff (growing to a
    // minute). "Answers again" waited for the last of them: 20 s after Pub/Sub answered, 9 s after
    // the alert that the waiting entries fired (StreamingDeliveryIT, four readers).
    List<PubsubOutage> readers = new java.util.ArrayList<>();
    String err =
        StandardError.of(
            () -> {
              for (int i = 0; i < 4; i++) {
                PubsubOutage reader = new PubsubOutage(60_000);
                reader.failed(status(429));
                readers.add(reader);
              }
              readers.get(2).answered();
              // Its watermark moves again; the others' stay held until they read.
              assertThat(readers.get(2).ongoing()).isFalse();
              assertThat(readers.get(0).ongoing()).isTrue();
              for (PubsubOutage reader : readers) {
                reader.answered();
                reader.close();
              }
            });
    String[] lines = err.split("\n");
    assertThat(lines).hasLength(2);
    assertThat(lines[0]).startsWith("warning: Pub/Sub does not answer (");
    assertThat(lines[1]).isEqualTo("Pub/Sub answers again after 0 s (4 failed calls).");
  }

  @Test
  public void aRefusalThatWillNotPassStillFailsTheRead() throws Exception {
    // A deleted subscription (404) or a removed permission (403) ends the job with its error.
    String id = UUID.randomUUID().toString();
    FINALIZED.put(id, ConcurrentHashMap.newKeySet());
    UnboundedSource.UnboundedReader<Long> reader =
        new QuietSubscriptions.Wrapped<>(new SomeThenIdle(id, 3), QuietSubscriptions.IDLE)
            .createReader(PipelineOptionsFactory.create(), null);
    assertThat(reader.start()).isTrue();
    FAILURES.put(id, new java.util.ArrayDeque<>(List.of(status(404))));
    IOException e = org.junit.Assert.assertThrows(IOException.class, reader::advance);
    assertThat(e.getMessage()).startsWith("404");
  }

  private static IOException status(int code) {
    return new com.google.api.client.http.HttpResponseException.Builder(
            code, "status " + code, new com.google.api.client.http.HttpHeaders())
        .setMessage(code + " status " + code + "\nPOST http://localhost/v1/x:pull")
        .build();
  }

  @Test
  public void oneReaderPerSplitAskedFor() throws Exception {
    FourPerSplit source = new FourPerSplit();
    assertThat(
            new QuietSubscriptions.Wrapped<>(source, QuietSubscriptions.IDLE)
                .split(3, PipelineOptionsFactory.create()))
        .hasSize(3);
  }

  @Test
  public void aCheckpointIsFinalizedOnce() throws Exception {
    List<String> calls = new ArrayList<>();
    QuietSubscriptions.Once<UnboundedSource.CheckpointMark> once =
        new QuietSubscriptions.Once<>(() -> calls.add("finalized"));
    once.finalizeCheckpoint();
    once.finalizeCheckpoint();
    assertThat(calls).containsExactly("finalized");
  }

  /** Emits 0..count-1, then nothing, forever; its checkpoints record what they cover. */
  private static class SomeThenIdle extends UnboundedSource<Long, Covered> {
    private final String id;
    private final long count;

    SomeThenIdle(String id, long count) {
      this.id = id;
      this.count = count;
      ASKED.putIfAbsent(id, new AtomicInteger());
    }

    @Override
    public List<SomeThenIdle> split(int desiredNumSplits, PipelineOptions options) {
      return List.of(this);
    }

    @Override
    public UnboundedReader<Long> createReader(PipelineOptions options, Covered restored) {
      return new Reader(this, restored == null ? 0 : restored.next);
    }

    @Override
    public Coder<Covered> getCheckpointMarkCoder() {
      return new CoveredCoder();
    }

    @Override
    public Coder<Long> getOutputCoder() {
      return VarLongCoder.of();
    }

    private final class Reader extends UnboundedReader<Long> {
      private final SomeThenIdle source;
      private long next;
      private long current = -1;
      private List<Long> sinceCheckpoint = new ArrayList<>();

      Reader(SomeThenIdle source, long next) {
        this.source = source;
        this.next = next;
      }

      @Override
      public boolean start() throws IOException {
        return advance();
      }

      @Override
      public boolean advance() throws IOException {
        ASKED.get(id).incrementAndGet();
        java.util.concurrent.CountDownLatch answer = ANSWER.remove(id);
        if (answer != null) {
          try {
            answer.await();
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        }
        IOException failure = FAILURES.getOrDefault(id, new java.util.ArrayDeque<>()).poll();
        if (failure != null) {
          throw failure;
        }
        if (next >= count) {
          return false;
        }
        current = next++;
        sinceCheckpoint.add(current);
        return true;
      }

      @Override
      public Long getCurrent() {
        if (current < 0) {
          throw new NoSuchElementException();
        }
        return current;
      }

      @Override
      public Instant getCurrentTimestamp() {
        return new Instant(getCurrent());
      }

      @Override
      public Instant getWatermark() {
        return new Instant(next);
      }

      @Override
      public CheckpointMark getCheckpointMark() {
        Covered mark = new Covered(id, next, sinceCheckpoint);
        sinceCheckpoint = new ArrayList<>();
        return mark;
      }

      @Override
      public UnboundedSource<Long, ?> getCurrentSource() {
        return source;
      }

      @Override
      public void close() {}
    }
  }

  /** Splits as PubsubIO does: four identical copies per split asked for. */
  private static final class FourPerSplit extends SomeThenIdle {
    FourPerSplit() {
      super(UUID.randomUUID().toString(), 0);
    }

    @Override
    public List<SomeThenIdle> split(int desiredNumSplits, PipelineOptions options) {
      return Collections.nCopies(4 * desiredNumSplits, this);
    }
  }

  /** The elements a checkpoint covers; a restored one (decoded) covers none. */
  private static final class Covered implements UnboundedSource.CheckpointMark {
    final String id;
    final long next;
    final List<Long> covered;

    Covered(String id, long next, List<Long> covered) {
      this.id = id;
      this.next = next;
      this.covered = covered;
    }

    @Override
    public void finalizeCheckpoint() throws IOException {
      CountDownLatch[] acknowledging = ACKNOWLEDGING.get(id);
      if (acknowledging != null) {
        // Pub/Sub has the acknowledgement; the call returns once the test lets it.
        acknowledging[0].countDown();
        try {
          acknowledging[1].await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }
      FINALIZED.get(id).addAll(covered);
    }
  }

  private static final class CoveredCoder extends CustomCoder<Covered> {
    @Override
    public void encode(Covered value, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(value.id, out);
      VarLongCoder.of().encode(value.next, out);
    }

    @Override
    public Covered decode(InputStream in) throws IOException {
      return new Covered(StringUtf8Coder.of().decode(in), VarLongCoder.of().decode(in), List.of());
    }
  }
}
