package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.RawEntry;
import dev.logalerts.parse.LogEntryParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A file holding a JSON array of entries (what {@code gcloud logging read --format=json} prints) is
 * read one element at a time, each element's bytes as they are in the file.
 */
@RunWith(JUnit4.class)
public class JsonDocumentReaderTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Each element as offset:size:text. */
  private static List<String> elements(byte[] input, int max) throws Exception {
    BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(input));
    assertThat(FileShape.of(in)).isEqualTo(FileShape.JSON_TEXT);
    List<String> out = new ArrayList<>();
    OffsetRangeTracker tracker = new OffsetRangeTracker(new OffsetRange(0, Long.MAX_VALUE));
    JsonDocumentReader.read(
        in,
        tracker,
        max,
        (b, o, s) -> out.add(o + ":" + s + ":" + new String(b, StandardCharsets.UTF_8)));
    tracker.checkDone();
    return out;
  }

  /** The entries of JSON text, as handed on. */
  private static List<byte[]> entryBytes(byte[] file) throws Exception {
    List<byte[]> read = new ArrayList<>();
    BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(file));
    assertThat(FileShape.of(in)).isEqualTo(FileShape.JSON_TEXT);
    JsonDocumentReader.read(
        in,
        new OffsetRangeTracker(new OffsetRange(0, Long.MAX_VALUE)),
        1 << 20,
        (b, o, s) -> read.add(b));
    return read;
  }

  @Test
  public void everyElementIsHandedOnCompact() throws Exception {
    String first = "{\"a\": \"x ]}{[\\\"\", \"b\": [1, {\"c\": \"\\\\\"}], \"é\": \"ü \"}";
    String firstCompact = "{\"a\":\"x ]}{[\\\"\",\"b\":[1,{\"c\":\"\\\\\"}],\"é\":\"ü \"}";
    String second = "{\n    \"insertId\": \"2\",\n    \"labels\": {}\n  }";
    String input = "[\n  " + first + ",\n  " + second + ",\n  17, \"text\", null, [1,[2]] ,{}]\n";
    int at1 = input.indexOf(first.charAt(0));
    int at2 = input.indexOf(second);
    assertThat(elements(utf8(input), 1 << 20))
        .containsExactly(
            at1 + ":" + utf8(firstCompact).length + ":" + firstCompact,
            // offsets count bytes: "é" and "ü" take two each
            (at2 + 2) + ":28:{\"insertId\":\"2\",\"labels\":{}}",
            (input.indexOf("17") + 2) + ":2:17",
            (input.indexOf("\"text\"") + 2) + ":6:\"text\"",
            (input.indexOf("null") + 2) + ":4:null",
            (input.indexOf("[1,[2]]") + 2) + ":7:[1,[2]]",
            (input.indexOf("{}]") + 2) + ":2:{}")
        .inOrder();
  }

  @Test
  public void nothingIsLostFromABrokenOrUnusualFile() throws Exception {
    // A truncated last element reaches the parser (then the dead letters) as it is.
    assertThat(elements(utf8("[{\"a\":1},\n{\"b\": \"cut"), 1 << 20))
        .containsExactly("1:7:{\"a\":1}", "10:9:{\"b\":\"cut")
        .inOrder();
    // What follows the array is kept whole, but a second array is read as one.
    assertThat(elements(utf8("[{\"a\":1}] trailing text\n\n"), 1 << 20))
        .containsExactly("1:7:{\"a\":1}", "10:13:trailing text")
        .inOrder();
    assertThat(elements(utf8("[{\"a\":1}]\n[{\"b\":2}]\n"), 1 << 20))
        .containsExactly("1:7:{\"a\":1}", "11:7:{\"b\":2}")
        .inOrder();
    // Elements without a comma between them are still two; a stray closer is one bad element.
    assertThat(elements(utf8("[{\"a\":1} {\"b\":2}, }]"), 1 << 20))
        .containsExactly("1:7:{\"a\":1}", "9:7:{\"b\":2}", "18:1:}")
        .inOrder();
    assertThat(elements(utf8("\uFEFF \n[ ]"), 1 << 20)).isEmpty();
  }

  @Test
  public void anApiResponseGivesItsEntriesNotItsPaging() throws Exception {
    String page =
        "{\n  \"entries\" : [\n    {\"insertId\": \"a\"},\n    {\"insertId\": \"b\"}\n  ],\n"
            + "  \"nextPageToken\": \"tok]}\\\"en\"\n}\n";
    assertThat(elements(utf8(page + page), 1 << 20))
        .containsExactly(
            "22:16:{\"insertId\":\"a\"}",
            "45:16:{\"insertId\":\"b\"}",
            (page.length() + 22) + ":16:{\"insertId\":\"a\"}",
            (page.length() + 45) + ":16:{\"insertId\":\"b\"}")
        .inOrder();
    // An entry whose first key is not "entries" (or holds no array) is an entry.
    assertThat(elements(utf8("{\n \"entries\": 3}\n{\n \"insertId\": \"c\"}"), 1 << 20))
        .containsExactly("0:13:{\"entries\":3}", "17:16:{\"insertId\":\"c\"}")
        .inOrder();
  }

  @Test
  public void aRealApiResponseAsGcpdiagRecordedIt() throws Exception {
    byte[] file =
        Files.readAllBytes(Paths.get("src/test/resources/exports/gcpdiag-entries-list.json"));
    List<byte[]> read = entryBytes(file);
    assertThat(read).hasSize(2);
    LogEntryParser parser = new LogEntryParser();
    // The GKE event has no timestamp in the recording: a dead letter, named as such.
    assertThat(
            org.junit.Assert.assertThrows(
                    dev.logalerts.parse.InvalidEntryException.class,
                    () -> parser.parse(read.get(0)))
                .code())
        .isEqualTo("missing_timestamp");
    LogEvent audit = parser.parse(read.get(1));
    assertThat(audit.insertId()).isEqualTo("-4pqrg9dartq");
    assertThat(audit.resourceType()).isEqualTo("gce_instance_group_manager");
    assertThat(audit.message()).contains("beta.compute.instanceGroupManagers.insert");
  }

  @Test
  public void anOversizedElementIsCutButItsSizeKept() throws Exception {
    String big = "{\"m\":\"" + "x".repeat(100) + "\"}";
    assertThat(elements(utf8("[" + big + ",{}]"), 10))
        .containsExactly(
            "1:" + big.length() + ":" + big.substring(0, 10), (big.length() + 2) + ":2:{}")
        .inOrder();
  }

  @Test
  public void objectsOneAfterAnotherAreEntriesToo() throws Exception {
    // jq '.[]' over gcloud's array, or one entry copied from the Logs Explorer.
    String a = "{\n  \"insertId\": \"a\",\n  \"labels\": {\n    \"k\": \"}\"\n  }\n}";
    String b = "{\n  \"insertId\": \"b\"\n}";
    assertThat(elements(utf8(a + "\n" + b + "\n"), 1 << 20))
        .containsExactly(
            "0:35:{\"insertId\":\"a\",\"labels\":{\"k\":\"}\"}}",
            (a.length() + 1) + ":16:{\"insertId\":\"b\"}")
        .inOrder();
    // What is neither an array nor an object ends the entries: kept, with all after it.
    assertThat(elements(utf8(b + "\noops {\"insertId\": \"c\"}\n"), 1 << 20))
        .containsExactly(
            "0:16:{\"insertId\":\"b\"}", (b.length() + 1) + ":22:oops {\"insertId\": \"c\"}")
        .inOrder();
  }

  /**
   * The log-family fixtures (real entries, and entries in Google's documented formats), to be
   * written as gcloud prints them: indented, keys sorted.
   */
  private static List<JsonNode> familyFixtures(ObjectMapper mapper) throws Exception {
    Path root = Paths.get("src/test/resources/families");
    List<JsonNode> entries = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f :
          (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
        entries.add(mapper.readTree(f.toFile()));
      }
    }
    assertThat(entries.size()).isAtLeast(80);
    return entries;
  }

  @Test
  public void familyFixturesPrintedByGcloudAreTheirOwnLines() throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    List<JsonNode> entries = familyFixtures(mapper);
    ArrayNode array = mapper.createArrayNode().addAll(entries);
    byte[] file =
        mapper
            .copy()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writer(new DefaultPrettyPrinter())
            .writeValueAsBytes(mapper.readTree(mapper.writeValueAsBytes(array)));
    List<byte[]> read = entryBytes(file);
    assertThat(read).hasSize(entries.size());
    LogEntryParser parser = new LogEntryParser();
    for (int i = 0; i < entries.size(); i++) {
      // The entry's line in a sink export, byte for byte, so the same event, size included.
      byte[] line = mapper.writeValueAsBytes(entries.get(i));
      assertThat(new String(read.get(i), StandardCharsets.UTF_8))
          .isEqualTo(new String(line, StandardCharsets.UTF_8));
      LogEvent fromArray = parser.parse(read.get(i));
      assertThat(fromArray).isEqualTo(parser.parse(line));
    }
  }

  @Test
  public void aFileCutAnywhereLosesNothingBeforeTheCut() throws Exception {
    // gcloud killed mid-write, a partial download: every whole entry before the cut is read as it
    // was, the cut one is handed on (to be dead-lettered), and the reader never fails.
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> entries = familyFixtures(mapper).subList(0, 12);
    byte[] file =
        mapper
            .writerWithDefaultPrettyPrinter()
            .writeValueAsBytes(mapper.createArrayNode().addAll(entries));
    List<String> whole = new ArrayList<>();
    for (JsonNode e : entries) {
      whole.add(mapper.writeValueAsString(e));
    }
    List<Long> starts = new ArrayList<>();
    JsonDocumentReader.read(
        new ByteArrayInputStream(file),
        new OffsetRangeTracker(new OffsetRange(0, Long.MAX_VALUE)),
        1 << 20,
        (b, o, size) -> starts.add(o));
    assertThat(starts).hasSize(12);
    for (int cut = 0; cut <= file.length; cut += 7) {
      List<String> read = new ArrayList<>();
      OffsetRangeTracker tracker = new OffsetRangeTracker(new OffsetRange(0, Long.MAX_VALUE));
      JsonDocumentReader.read(
          new ByteArrayInputStream(file, 0, cut),
          tracker,
          1 << 20,
          (b, o, size) -> read.add(new String(b, StandardCharsets.UTF_8)));
      tracker.checkDone();
      int complete = 0;
      while (complete < read.size()
          && complete < whole.size()
          && read.get(complete).equals(whole.get(complete))) {
        complete++;
      }
      int before = 0; // entries whose successor starts before the cut: wholly in the file
      while (before < starts.size() - 1 && starts.get(before + 1) <= cut) {
        before++;
      }
      assertThat(complete).isAtLeast(before);
      assertThat(read.size() - complete)
          .isAtMost(1); // at most the cut entry, whatever is left of it
      if (complete < read.size()) {
        // A prefix of the indented text compacts to a prefix of the entry's line.
        assertThat(whole.get(complete)).startsWith(read.get(complete));
      }
    }
  }

  @Test
  public void arraysPlainOrGzipBesideLineFilesInOnePattern() throws Exception {
    StringBuilder big = new StringBuilder("[\n");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String e = "{\n    \"insertId\": \"" + i + "\",\n    \"textPayload\": \"[ " + i + "]\"\n  }";
      big.append(i == 0 ? "  " : ",\n  ");
      String compact = "{\"insertId\":\"" + i + "\",\"textPayload\":\"[ " + i + "]\"}";
      expected.add(FileLogSourceTest.expected("big.json", big.length(), utf8(compact)));
      big.append(e);
    }
    big.append("\n]\n");
    // Larger than the 1,000-byte chunks below: an array is read whole all the same.
    Files.write(tmp.getRoot().toPath().resolve("big.json"), utf8(big.toString()));
    try (OutputStream o =
        new GZIPOutputStream(new FileOutputStream(tmp.newFile("small.json.gz")))) {
      o.write(utf8("[{\"y\":2}]"));
    }
    expected.add(FileLogSourceTest.expected("small.json.gz", 1, utf8("{\"y\":2}")));
    Files.write(tmp.getRoot().toPath().resolve("lines.jsonl"), utf8("{\"z\":3}\n"));
    expected.add(FileLogSourceTest.expected("lines.jsonl", 0, utf8("{\"z\":3}")));
    PCollection<RawEntry> entries =
        pipeline.apply(new FileLogSource(tmp.getRoot().getPath() + "/*", 1 << 20, 1000, 300));
    PAssert.that(FileLogSourceTest.describe(entries)).containsInAnyOrder(expected);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(PipelineCounters.get(result, "lines_read")).isEqualTo(202L);
    // All of each file, indentation too (the gzip file's decompressed), for the progress line.
    assertThat(PipelineCounters.get(result, FileLogSource.BYTES_READ_COUNTER))
        .isEqualTo(utf8(big.toString()).length + "[{\"y\":2}]".length() + "{\"z\":3}\n".length());
  }
}
