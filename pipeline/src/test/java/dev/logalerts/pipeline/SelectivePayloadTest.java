package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.filter.FilterSyntaxException;
import dev.logalerts.filter.TextsInEntryBytes;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoderSamplesTest;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.InvalidEntryException;
import dev.logalerts.parse.LeavesLeftOut;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RulesLoader;
import dev.logalerts.templates.NoisyEntry;
import dev.logalerts.templates.NoisyKey;
import dev.logalerts.templates.NoisyLogs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The job's parser keeps of the payload only the fields the rules and the templates read ({@link
 * LogAlertsPipeline#parser}): on real and documented entries of every log family, the sample stream
 * and Google's documented formats, what the rules, the noisy-log account and the alerts see is the
 * same as with every field kept — each real filter's verdict, the template key and row of every
 * entry, its message, service and family.
 */
@RunWith(JUnit4.class)
public class SelectivePayloadTest {
  private static final List<byte[]> ENTRIES = new ArrayList<>();

  /** The first entries of {@link #ENTRIES} are the fixtures, then the sample stream. */
  private static int FIXTURES;

  @BeforeClass
  public static void readEntries() throws Exception {
    Path resources = Paths.get(SelectivePayloadTest.class.getResource("/families").toURI());
    try (Stream<Path> files = Files.walk(resources.getParent())) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.toString();
        if (name.contains("/families/") || name.contains("/entries/")) {
          if (name.endsWith(".json")) {
            ENTRIES.add(Files.readAllBytes(p));
          } else if (name.endsWith(".jsonl")) {
            addLines(Files.readAllBytes(p));
          }
        }
      }
    }
    FIXTURES = ENTRIES.size();
    addLines(Files.readAllBytes(LogEventCoderSamplesTest.samples()));
    assertThat(ENTRIES.size()).isGreaterThan(11_000);
  }

  private static void addLines(byte[] file) {
    for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        ENTRIES.add(line.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  public void realFiltersGiveTheSameVerdictsWithOnlyTheirFieldsKept() throws Exception {
    // Each filter on a parser keeping only the fields that filter reads (filters reading the same
    // fields share one), against every field kept.
    Map<Set<List<String>>, List<CompiledFilter>> byPaths = new LinkedHashMap<>();
    try (InputStream in = getClass().getResourceAsStream("/filter/real-filters.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("accept\t")) {
          continue;
        }
        CompiledFilter f;
        try {
          f = Filter.compile(line.split("\t", 4)[3].replace("⏎", "\n"));
        } catch (FilterSyntaxException e) {
          continue; // RealFiltersTest says which
        }
        if (!Filter.textsSearchedEverywhere(f).isEmpty()) {
          continue; // the job keeps every field for these
        }
        Set<List<String>> paths = new LinkedHashSet<>();
        for (FieldPath p : Filter.fieldsRead(f)) {
          paths.add(p.segments());
        }
        byPaths.computeIfAbsent(paths, k -> new ArrayList<>()).add(f);
      }
    }
    assertThat(byPaths.values().stream().mapToInt(List::size).sum()).isAtLeast(250);
    LogEntryParser every = new LogEntryParser();
    List<LogEvent> full = new ArrayList<>();
    List<byte[]> valid = new ArrayList<>();
    int cut = 0;
    for (int i = 0; i < ENTRIES.size(); i++) {
      // Every fixture; a fifth of the (repetitive) sample stream.
      if (i >= FIXTURES && i % 5 != 0) {
        continue;
      }
      LeavesLeftOut leftOut = new LeavesLeftOut();
      try {
        LogEvent e = every.parse(ENTRIES.get(i), leftOut);
        if (leftOut.any()) {
          // Every field is more than the leaf limit: the filter's own fields are all there when
          // only they are kept (PayloadLeafLimitJobTest), so the verdicts may rightly differ.
          cut++;
          continue;
        }
        full.add(e);
        valid.add(ENTRIES.get(i));
      } catch (InvalidEntryException e) {
        // dead-lettered either way
      }
    }
    assertThat(cut).isAtLeast(1); // the 1,000-principal SetIamPolicy entry
    int matches = 0;
    for (Map.Entry<Set<List<String>>, List<CompiledFilter>> group : byPaths.entrySet()) {
      LogEntryParser selective = every.withPayloadPaths(List.copyOf(group.getKey()));
      for (int i = 0; i < valid.size(); i++) {
        LogEvent b = selective.parse(valid.get(i));
        for (CompiledFilter f : group.getValue()) {
          boolean verdict = f.test(full.get(i));
          assertWithMessage("%s on %s", f, new String(valid.get(i), StandardCharsets.UTF_8))
              .that(f.test(b))
              .isEqualTo(verdict);
          matches += verdict ? 1 : 0;
        }
      }
    }
    assertThat(valid.size()).isGreaterThan(2_000);
    assertThat(matches).isGreaterThan(5_000); // the verdicts compared are not all "no"
  }

  /**
   * A filter searching every field (bare words, SEARCH without a field) on the job's parser for it,
   * which keeps every field only of the entries whose bytes may hold a text searched for, gives the
   * verdict it gives with every field kept: on every entry, and on each entry with the text written
   * into a payload field no rule names — as it is, in other cases, behind a {@code \\u} escape, and
   * in full-width letters (which fold to it).
   */
  @Test
  public void realFiltersSearchingEveryFieldGiveTheSameVerdictsParsedWholeOnlyWhereTheTextMayBe()
      throws Exception {
    LogEntryParser every = new LogEntryParser();
    int filters = 0;
    int narrow = 0;
    int matches = 0;
    int compared = 0;
    for (CompiledFilter f : realFilters()) {
      Set<String> texts = Filter.textsSearchedEverywhere(f);
      TextsInEntryBytes check = texts.isEmpty() ? null : TextsInEntryBytes.of(texts);
      if (check == null) {
        continue;
      }
      filters++;
      List<List<String>> paths = new ArrayList<>();
      Filter.fieldsRead(f).forEach(p -> paths.add(p.segments()));
      // What the job ran for such a filter before: every field, and its own whatever the limit.
      LogEntryParser whole = every.alwaysKeeping(paths);
      LogEntryParser job = every.withPayloadPaths(paths).widenedWhen(check, whole);
      String text = texts.iterator().next();
      for (int i = 0; i < ENTRIES.size(); i++) {
        if (i >= FIXTURES && i % 50 != 0) {
          continue; // every fixture, a fiftieth of the sample stream
        }
        for (byte[] entry : withTextInAPayloadField(ENTRIES.get(i), text)) {
          LogEvent all;
          try {
            all = whole.parse(entry);
          } catch (InvalidEntryException e) {
            continue; // dead-lettered either way
          }
          LogEvent read = job.parse(entry);
          boolean verdict = f.test(all);
          assertWithMessage("%s on %s", f, new String(entry, StandardCharsets.UTF_8))
              .that(f.test(read))
              .isEqualTo(verdict);
          matches += verdict ? 1 : 0;
        }
      }
      // The entries as they are, one after the other (the variants above, mostly not plain ASCII,
      // make the thread read whole at once for a while).
      for (int i = 0; i < ENTRIES.size(); i += i >= FIXTURES ? 50 : 1) {
        try {
          narrow += job.parse(ENTRIES.get(i)).payloadLacks(check.texts().iterator().next()) ? 1 : 0;
          compared++;
        } catch (InvalidEntryException e) {
          // dead-lettered either way
        }
      }
    }
    assertThat(filters).isAtLeast(10);
    assertThat(matches).isGreaterThan(1_000); // the written texts are found
    assertThat(narrow).isGreaterThan(compared / 2); // most entries as they are: not read whole
  }

  /** The entry, and when it has a JSON payload, copies with {@code text} in a field of its own. */
  private static List<byte[]> withTextInAPayloadField(byte[] entry, String text) {
    List<byte[]> out = new ArrayList<>(List.of(entry));
    String json = new String(entry, StandardCharsets.UTF_8);
    int at = json.indexOf("\"jsonPayload\":{");
    if (at < 0 || text.isEmpty()) {
      return out;
    }
    at += "\"jsonPayload\":{".length();
    StringBuilder swapped = new StringBuilder();
    StringBuilder fullWidth = new StringBuilder();
    for (char c : text.toCharArray()) {
      swapped.append(
          Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
      char upper = Character.toUpperCase(c);
      fullWidth.append(upper >= 'A' && upper <= 'Z' ? (char) (0xFF21 + upper - 'A') : c);
    }
    String escaped = String.format("\\u%04x", (int) text.charAt(0)) + text.substring(1);
    for (String v : List.of(swapped.toString(), escaped, fullWidth.toString())) {
      String field = "\"zzUnnamed\":{\"detail\":\"seen: " + v + " (then more)\"}";
      String body = json.charAt(at) == '}' ? field : field + ",";
      out.add((json.substring(0, at) + body + json.substring(at)).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static List<CompiledFilter> realFilters() throws Exception {
    List<CompiledFilter> out = new ArrayList<>();
    try (InputStream in =
        SelectivePayloadTest.class.getResourceAsStream("/filter/real-filters.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("accept\t")) {
          try {
            out.add(Filter.compile(line.split("\t", 4)[3].replace("⏎", "\n")));
          } catch (FilterSyntaxException e) {
            // RealFiltersTest says which
          }
        }
      }
    }
    return out;
  }

  @Test
  public void theSampleRulesLeaveMostPayloadFieldsUnread() throws Exception {
    RuleSet rules = RulesLoader.load(samplesDir().resolve("rules.yaml").toString());
    LogEntryParser job = LogAlertsPipeline.batchParser(rules);
    LogEntryParser every = new LogEntryParser();
    long kept = 0;
    long all = 0;
    for (byte[] entry : ENTRIES) {
      try {
        all += every.parse(entry).payload().size();
        kept += job.parse(entry).payload().size();
      } catch (InvalidEntryException e) {
        // dead-lettered either way
      }
    }
    assertThat(kept).isLessThan(all / 2);
  }

  @Test
  public void templatesAndMessagesAreTheSameWithNoPayloadFieldKeptForRules() throws Exception {
    SerializableFunction<MatchedEvent, KV<NoisyKey, NoisyEntry>> keys = NoisyLogs.entryKeys();
    LogEntryParser every = new LogEntryParser();
    LogEntryParser selective = every.withPayloadPaths(List.of());
    int parsed = 0;
    for (byte[] entry : ENTRIES) {
      LogEvent a;
      try {
        a = every.parse(entry);
      } catch (InvalidEntryException e) {
        continue;
      }
      LogEvent b = selective.parse(entry);
      parsed++;
      String what = new String(entry, StandardCharsets.UTF_8);
      assertWithMessage(what)
          .that(b.toBuilder().setPayload(FieldValues.EMPTY).build())
          .isEqualTo(a.toBuilder().setPayload(FieldValues.EMPTY).build());
      KV<NoisyKey, NoisyEntry> ka = keys.apply(MatchedEvent.of(a, "v", List.of("r")));
      KV<NoisyKey, NoisyEntry> kb = keys.apply(MatchedEvent.of(b, "v", List.of("r")));
      assertWithMessage(what).that(kb.getKey()).isEqualTo(ka.getKey());
      assertWithMessage(what).that(kb.getValue()).isEqualTo(ka.getValue());
    }
    assertThat(parsed).isGreaterThan(11_000);
  }

  @Test
  public void theJobKeepsOnlyWhatItsRulesReadUnlessTheySearchEveryField() throws Exception {
    byte[] entry =
        ("{\"insertId\":\"1\",\"timestamp\":\"2026-12-01T10:00:00Z\",\"severity\":\"ERROR\","
                + "\"logName\":\"projects/p/logs/app\",\"resource\":{\"type\":\"k8s_container\"},"
                + "\"jsonPayload\":{\"message\":\"card declined\",\"provider\":\"stripe\","
                + "\"detail\":{\"code\":\"DEADLINE_EXCEEDED\"}}}")
            .getBytes(StandardCharsets.UTF_8);
    String provider = FieldValues.key("jsonPayload", "provider");
    String detail = FieldValues.key("jsonPayload", "detail", "code");
    String fieldRule = rules("jsonPayload.provider=\"stripe\"");
    LogEvent batch = parse(fieldRule, entry);
    assertThat(batch.payload().first(provider)).isEqualTo("stripe");
    assertThat(batch.payload().first(detail)).isNull();
    assertThat(batch.message()).isEqualTo("card declined");

    // A bare word reads every field: the detail the rule names nowhere is where it is found.
    String bareWord = rules("\"deadline_exceeded\"");
    assertThat(parse(bareWord, entry).payload().first(detail)).isEqualTo("DEADLINE_EXCEEDED");
    String search = rules("SEARCH(\"`DEADLINE_EXCEEDED`\")");
    assertThat(parse(search, entry).payload().first(detail)).isEqualTo("DEADLINE_EXCEEDED");

    // A streaming job parses for its rules too; one that reloads them says for which version.
    LogEvent reloading = parse(fieldRule, entry, "--rulesRefreshMinutes=5");
    assertThat(reloading.payload().first(detail)).isNull();
    assertThat(reloading.payload().first(provider)).isEqualTo("stripe");
    assertThat(reloading.parsedFor())
        .isEqualTo(RulesLoader.parse(fieldRule, "rules.yaml").version());
    LogEvent fixed = parse(fieldRule, entry, "--rulesRefreshMinutes=0");
    assertThat(fixed.payload().first(detail)).isNull();
    assertThat(fixed.parsedFor()).isEmpty();
    assertThat(batch.parsedFor()).isEmpty();
    assertThat(parse(bareWord, entry, "--rulesRefreshMinutes=5").parsedFor()).isEmpty();

    // An entry whose payload does not hold the word is read as for rules naming their fields.
    byte[] other =
        new String(entry, StandardCharsets.UTF_8)
            .replace("DEADLINE_EXCEEDED", "UNAVAILABLE")
            .getBytes(StandardCharsets.UTF_8);
    LogEvent without = parse(bareWord, other);
    assertThat(without.payload().first(detail)).isNull();
    assertThat(without.payloadLacks("deadline_exceeded")).isTrue();
    assertThat(parse(bareWord, entry).payloadLacks("deadline_exceeded")).isFalse();
    LogEvent withoutReloading = parse(bareWord, other, "--rulesRefreshMinutes=5");
    assertThat(withoutReloading.payload().first(detail)).isNull();
    assertThat(withoutReloading.parsedFor())
        .isEqualTo(RulesLoader.parse(bareWord, "rules.yaml").version());
    // A word that may be a number written anew is not looked for in the bytes: every field.
    assertThat(parse(rules("\"504\""), other).payload().first(detail)).isEqualTo("UNAVAILABLE");
  }

  private static String rules(String filter) {
    return "rules:\n"
        + "  - name: r\n"
        + "    type: threshold\n"
        + "    filter: '"
        + filter
        + "'\n"
        + "    threshold: 1\n"
        + "    period: 5m\n";
  }

  private static LogEvent parse(String yaml, byte[] entry, String... streaming) throws Exception {
    RuleSet rules = RulesLoader.parse(yaml, "rules.yaml");
    List<String> args = new ArrayList<>(List.of("--rulesPath=rules.yaml"));
    if (streaming.length > 0) {
      args.add("--inputSubscription=projects/p/subscriptions/s");
      args.addAll(List.of(streaming));
    } else {
      args.add("--inputFilePattern=/in/*.json");
    }
    LogAlertsOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(LogAlertsOptions.class);
    return LogAlertsPipeline.parser(options, rules).parse(entry);
  }

  private static Path samplesDir() {
    return LogEventCoderSamplesTest.samples().getParent().getParent();
  }
}
