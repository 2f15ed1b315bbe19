package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.io.DeduplicateEntries;
import dev.logalerts.io.FileLogSource;
import dev.logalerts.io.PubsubLogSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ProgressTest {
  private static Progress progress(long totalBytes) {
    return new Progress(
        Map::of,
        new PrintStream(new ByteArrayOutputStream()),
        false,
        totalBytes,
        1000,
        Progress.QUIET_MILLIS);
  }

  @Test
  public void lineWithKnownInputSize() {
    String line =
        progress(200_000_000)
            .line(
                Map.of("entries_read", 250_000L, FileLogSource.BYTES_READ_COUNTER, 50_000_000L),
                10_000);
    assertThat(line)
        .isEqualTo(
            "progress: 250,000 entries read, 50.0 MB, 25,000 entries/s, 25% of 200.0 MB (10 s)");
  }

  @Test
  public void lineWithoutInputSize() {
    assertThat(progress(-1).line(Map.of("entries_read", 40L), 4_000))
        .isEqualTo("progress: 40 entries read, 10 entries/s (4 s)");
  }

  @Test
  public void streamingTrickleShowsItsRateAndItsDeadLetters() {
    // A streaming run fed one entry every 3 s, as measured against an in-test Pub/Sub endpoint:
    // it read 44 entries in 140 s and showed "0 entries/s" all along; two bad messages of an
    // alerts-only job (dead letters kept nowhere) left no trace at all.
    Progress p = progress(-1);
    assertThat(p.line(Map.of("entries_read", 44L), 140_000))
        .isEqualTo("progress: 44 entries read, 0.31 entries/s (140 s)");
    assertThat(p.line(Map.of("entries_read", 46L, "entries_deadlettered", 2L), 146_000))
        .isEqualTo("progress: 46 entries read (2 dead-lettered), 0.32 entries/s (146 s)");
    assertThat(progress(-1).line(Map.of("entries_read", 3L), 3_600_000))
        .isEqualTo("progress: 3 entries read, 0.00083 entries/s (3600 s)");
  }

  @Test
  public void streamingShowsEntriesStampedAheadOfTheirPublishTime() {
    // A writer two hours ahead (local time read as UTC) showed nowhere but in alerts whose
    // windows lay in the future.
    Map<String, Long> c = Map.of("entries_read", 120L, PubsubLogSource.AHEAD_ON_ARRIVAL, 60L);
    assertThat(progress(-1).line(c, 60_000))
        .isEqualTo(
            "progress: 120 entries read (60 stamped over a minute ahead of their publish time),"
                + " 2 entries/s (60 s)");
  }

  @Test
  public void streamingShowsRepeatsAndEntriesTooOldForTheirWindows() {
    // Redelivered entries and entries published hours after their timestamp (a sink's backlog)
    // were read and counted nowhere the user of a streaming run sees: "8 entries read" and no
    // alert for the five that came too late, nor for the repeat.
    Progress p = progress(-1);
    Map<String, Long> c =
        Map.of(
            "entries_read",
            8L,
            DeduplicateEntries.DUPLICATES_COUNTER,
            1L,
            PubsubLogSource.LATE_ON_ARRIVAL,
            5L);
    assertThat(p.line(c, 40_000))
        .isEqualTo(
            "progress: 8 entries read (1 duplicate dropped, 5 published past the allowed lateness),"
                + " 0.20 entries/s (40 s)");
    Map<String, Long> more =
        Map.of(
            "entries_read",
            1_210L,
            "entries_deadlettered",
            1L,
            DeduplicateEntries.DUPLICATES_COUNTER,
            1_200L);
    assertThat(progress(-1).line(more, 10_000))
        .isEqualTo(
            "progress: 1,210 entries read (1 dead-lettered, 1,200 duplicates dropped),"
                + " 121 entries/s (10 s)");
  }

  @Test
  public void aBacklogBeingReadIsSaid() {
    // Thousands of messages waiting when the job starts were "2,000 entries read, 400 entries/s":
    // nothing said that the alerts coming now are for windows of the past.
    Map<String, Long> c = Map.of("entries_read", 2_000L, PubsubLogSource.FROM_BACKLOG, 1_990L);
    assertThat(progress(-1).line(c, 5_000))
        .isEqualTo(
            "progress: 2,000 entries read, 400 entries/s, 1,990 from a backlog (read over 2 min"
                + " after publish) (5 s)");
  }

  @Test
  public void finishingOnceAllInputIsRead() {
    Progress p = progress(1000);
    Map<String, Long> done = Map.of("entries_read", 10L, FileLogSource.BYTES_READ_COUNTER, 1000L);
    p.line(done, 5_000);
    // The rate stays the reading rate while the later stages finish.
    assertThat(p.line(done, 20_000))
        .isEqualTo(
            "progress: 10 entries read, 0.0 MB, 2 entries/s, all input read; evaluating windows"
                + " and writing (20 s)");
  }

  @Test
  public void terminalLinesAreRedrawnInPlaceAndCleared() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Progress p =
        new Progress(
            () -> Map.of("entries_read", 5L),
            new PrintStream(err, true),
            true,
            -1,
            1000,
            Progress.QUIET_MILLIS);
    java.lang.reflect.Field thread = Progress.class.getDeclaredField("thread");
    thread.setAccessible(true);
    ((Thread) thread.get(p)).start();
    Thread.sleep(Progress.QUIET_MILLIS + 1500);
    p.close();
    String out = err.toString(StandardCharsets.UTF_8);
    assertThat(out).startsWith("\r\033[Kprogress: 5 entries read");
    assertThat(out).doesNotContain("\n");
    assertThat(out).endsWith("\r\033[K");
  }
}
