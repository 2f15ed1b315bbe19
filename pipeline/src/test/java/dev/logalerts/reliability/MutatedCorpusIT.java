package dev.logalerts.reliability;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logalerts.io.DeadLetterRows;
import dev.logalerts.io.FileLogSource;
import dev.logalerts.io.LocalJsonSink;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.RawEntry;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.ParseLogEntries;
import dev.logalerts.reliability.CorpusGenerator.Line;
import dev.logalerts.reliability.CorpusGenerator.Mutation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The accounting invariant (docs/reliability.md): a generated corpus of 10,000 lines, about half
 * mutated, runs through the real batch job ({@code LogAlertsPipeline.run} on the DirectRunner)
 * without failing; {@code entries_read == entries_parsed + entries_deadlettered} exactly; every
 * non-blank line is read; and each line's fate is checked individually: dead-letter rows are
 * matched to their line (the source's {@code line} attribute), carry the exact input bytes and a
 * specific {@code [code] ...} reason naming a field or a position, and each mutation class ends in
 * its expected outcome(s). The corpus figures are printed for the reliability note.
 */
@RunWith(JUnit4.class)
public class MutatedCorpusIT {
  static final long SEED = 20261128L;
  static final int LINES = 10_000;

  /**
   * Every mutation class and every LARGE size, small enough for the whole job on the DirectRunner.
   */
  static final int SMALL_LINES = 400;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** What makes a reason "specific": the code's message names a field or a position. */
  static final Map<String, Pattern> SPECIFIC =
      Map.of(
          "invalid_json",
          Pattern.compile(
              "^\\[invalid_json\\] (invalid JSON|trailing content).* at line \\d+, column \\d+"),
          "invalid_utf8",
          Pattern.compile(
              "^\\[invalid_utf8\\] (NUL byte|invalid UTF-8 sequence) at byte offset \\d+"),
          "wrong_type",
          Pattern.compile("^\\[wrong_type\\] [A-Za-z][A-Za-z.]*(\\.\"[^\"]+\")?: \\S"),
          "invalid_timestamp",
          Pattern.compile("^\\[invalid_timestamp\\] .*\\b(timestamp|receiveTimestamp)\\b"),
          "missing_timestamp",
          Pattern.compile("^\\[missing_timestamp\\] .*timestamp"),
          "too_deep",
          Pattern.compile(
              "^\\[too_deep\\] JSON nested deeper than \\d+ levels at line \\d+, column \\d+"),
          "too_large",
          Pattern.compile("^\\[too_large\\] entry is \\d+ bytes, more than "),
          "not_an_object",
          Pattern.compile("^\\[not_an_object\\] expected a JSON object, got \\S"),
          "empty",
          Pattern.compile("^\\[empty\\] "));

  private static final Pattern CODE = Pattern.compile("^\\[([a-z_0-9]+)\\] ");

  /**
   * The full 10,000-line corpus through the parse stage exactly as the job applies it ({@link
   * ParseLogEntries} with the job's parser limits, dead letters written by the same {@link
   * LocalJsonSink} as the job's). The lines are handed over as the file source would (one {@link
   * RawEntry} per non-blank line, {@code line} attribute, CRLF stripped): the DirectRunner makes
   * one bundle per key after the source's {@code Reshuffle.viaRandomKey()}, which costs minutes for
   * 10,000 lines on a loaded machine, so the whole job runs on the smaller corpora below.
   */
  @Test
  public void tenThousandLinesThroughTheParseStageAreAllAccountedWithSpecificReasons()
      throws Exception {
    CorpusGenerator corpus = CorpusGenerator.generate(SEED, LINES);
    assertThat(corpus.lines()).hasSize(LINES);
    assertThat((double) corpus.mutatedCount() / LINES).isWithin(0.05).of(0.5);
    int limit = LogEntryParser.DEFAULT_MAX_ENTRY_BYTES;
    Map<String, Long> counters =
        check(
            corpus,
            limit,
            "parse stage, default maxEntryBytes (1 MiB)",
            SEED,
            out -> {
              List<RawEntry> raw = new ArrayList<>();
              for (Line l : corpus.lines()) {
                raw.add(
                    RawEntry.of(
                        l.bytes, Map.of(FileLogSource.OFFSET_ATTRIBUTE, Long.toString(l.offset))));
              }
              Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
              p.apply("Lines", Create.of(raw).withCoder(RawEntry.Coder.of()))
                  .apply(
                      "ParseLogEntries",
                      ParseLogEntries.using(
                          new LogEntryParser(limit, LogEntryParser.DEFAULT_MAX_DEPTH)))
                  .get(ParseLogEntries.DEAD_LETTER)
                  .apply(
                      "WriteDeadLetters",
                      LocalJsonSink.of(out.toString(), "deadletter", DeadLetterRows::toJson));
              PipelineResult result = p.run();
              return PipelineCounters.all(
                  PipelineRuns.finish(result, "the parse stage over the corpus"));
            });
    // Under the default limit every LARGE line (up to 600 KB) is parsed: 256 KB is Cloud
    // Logging's write limit, not ours.
    assertThat(counters.getOrDefault("deadletter_too_large", 0L)).isEqualTo(0L);
  }

  /** The whole batch job (file source included) over a smaller corpus with every mutation. */
  @Test
  public void batchJobAccountsForEveryLineOfAMutatedFile() throws Exception {
    long seed = SEED + 2;
    CorpusGenerator corpus = CorpusGenerator.generate(seed, SMALL_LINES);
    Map<String, Long> counters =
        check(
            corpus,
            LogEntryParser.DEFAULT_MAX_ENTRY_BYTES,
            "LogAlertsPipeline.run, default maxEntryBytes (1 MiB)",
            seed,
            out -> PipelineRuns.run(corpus.writeTo(tmp.newFile().toPath()), out));
    assertThat(counters.getOrDefault("deadletter_too_large", 0L)).isEqualTo(0L);
    assertThat(counters.getOrDefault("lines_oversized", 0L)).isEqualTo(0L);
  }

  @Test
  public void smallMaxEntryBytesDeadLettersLargeLinesAsTooLarge() throws Exception {
    long seed = SEED + 1;
    CorpusGenerator corpus = CorpusGenerator.generate(seed, SMALL_LINES);
    int limit = 256 * 1024;
    Map<String, Long> counters =
        check(
            corpus,
            limit,
            "LogAlertsPipeline.run, --maxEntryBytes=" + limit,
            seed,
            out ->
                PipelineRuns.run(
                    corpus.writeTo(tmp.newFile().toPath()), out, "--maxEntryBytes=" + limit));
    long expectedTooLarge =
        corpus.lines().stream().filter(l -> l.expected(limit).equals(Set.of("too_large"))).count();
    assertThat(expectedTooLarge).isAtLeast(3L);
    assertThat(counters.get("deadletter_too_large")).isEqualTo(expectedTooLarge);
    // The source cut those lines while reading (bounded memory): counted as oversized lines.
    assertThat(counters.get("lines_oversized")).isEqualTo(expectedTooLarge);
  }

  /** Runs something that writes DIR/deadletter and returns the counters. */
  interface Run {
    Map<String, Long> run(Path outputDirectory) throws Exception;
  }

  /** Runs the job over the corpus and checks every line; returns the counters. */
  private Map<String, Long> check(
      CorpusGenerator corpus, int maxEntryBytes, String label, long seed, Run run)
      throws Exception {
    Path out = tmp.newFolder().toPath();
    Map<String, Long> counters = run.run(out);

    long read = counters.getOrDefault("entries_read", 0L);
    long parsed = counters.getOrDefault("entries_parsed", 0L);
    long dead = counters.getOrDefault("entries_deadlettered", 0L);
    assertThat(read).isEqualTo((long) corpus.lines().size()); // = non-blank lines
    assertThat(parsed + dead).isEqualTo(read);
    assertThat(counters.getOrDefault("deadletter_internal_error", 0L)).isEqualTo(0L);

    Map<Long, JsonNode> byLine = new HashMap<>();
    List<JsonNode> rows = PipelineRuns.rows(out.resolve("deadletter"));
    assertThat((long) rows.size()).isEqualTo(dead);
    for (JsonNode row : rows) {
      long offset = Long.parseLong(PipelineRuns.attribute(row, FileLogSource.OFFSET_ATTRIBUTE));
      assertWithMessage("two dead letters for offset %s", offset)
          .that(byLine.put(offset, row))
          .isNull();
    }

    Map<String, Long> reasonCounts = new TreeMap<>();
    Map<String, String> samples = new TreeMap<>();
    Map<Mutation, Map<String, Integer>> outcomes = new EnumMap<>(Mutation.class);
    for (Line l : corpus.lines()) {
      JsonNode row = byLine.get(l.offset);
      String outcome;
      if (row == null) {
        outcome = CorpusGenerator.PARSED;
      } else {
        String message = row.path("errorMessage").asText();
        Matcher m = CODE.matcher(message);
        assertWithMessage("line %s (%s): unspecific reason %s", l.lineNumber, l.mutation, message)
            .that(m.find())
            .isTrue();
        outcome = m.group(1);
        Pattern specific = SPECIFIC.get(outcome);
        assertWithMessage(
                "line %s (%s): unknown reason code in %s", l.lineNumber, l.mutation, message)
            .that(specific)
            .isNotNull();
        assertWithMessage("line %s (%s): reason not specific", l.lineNumber, l.mutation)
            .that(message)
            .containsMatch(specific);
        assertThat(row.path("stacktrace").asText()).isEmpty();
        byte[] kept = Base64.getDecoder().decode(row.path("payloadBytes").asText());
        byte[] content = l.bytes; // as the source hands it over (a BOM stays part of line 1)
        byte[] expectedKept =
            content.length > maxEntryBytes ? Arrays.copyOf(content, maxEntryBytes) : content;
        assertWithMessage("line %s: dead letter keeps the exact input", l.lineNumber)
            .that(kept)
            .isEqualTo(expectedKept);
        reasonCounts.merge(outcome, 1L, Long::sum);
        samples.putIfAbsent(outcome, abbreviate(message));
      }
      Set<String> expected = l.expected(maxEntryBytes);
      if (!expected.isEmpty()) {
        assertWithMessage(
                "line %s (%s, %s bytes): outcome", l.lineNumber, l.mutation, l.bytes.length)
            .that(expected)
            .contains(outcome);
      }
      outcomes.computeIfAbsent(l.mutation, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
    }
    for (Map.Entry<String, Long> e : reasonCounts.entrySet()) {
      assertWithMessage("counter deadletter_%s", e.getKey())
          .that(counters.get("deadletter_" + e.getKey()))
          .isEqualTo(e.getValue());
    }
    // Every mutation class that must be dead-lettered was seen at least once.
    for (Mutation m : Mutation.values()) {
      assertWithMessage("mutation %s generated", m).that(outcomes).containsKey(m);
    }

    System.out.printf(
        "%nCorpus (%s): seed %d, %,d non-blank lines (%,d blank), %,d mutated, %,d bytes%n",
        label,
        seed,
        corpus.lines().size(),
        corpus.lines().get(corpus.lines().size() - 1).lineNumber - corpus.lines().size(),
        corpus.mutatedCount(),
        corpus.fileBytes().length);
    System.out.printf("  entries_read %,d = parsed %,d + dead-lettered %,d%n", read, parsed, dead);
    System.out.println("  dead-lettered by reason: " + reasonCounts);
    System.out.println("  outcome by mutation:");
    for (Map.Entry<Mutation, Map<String, Integer>> e : outcomes.entrySet()) {
      System.out.printf("    %-22s %s%n", e.getKey(), e.getValue());
    }
    System.out.println("  sample reason per code:");
    samples.forEach((k, v) -> System.out.printf("    %-18s %s%n", k, v));
    return counters;
  }

  private static String abbreviate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 157) + "...";
  }
}
