package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.InvalidEntryException;
import dev.logalerts.parse.LogEntryParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** What {@code gcloud logging read} prints by default is read as the entries it shows. */
@RunWith(JUnit4.class)
public class YamlDocumentReaderTest {
  private static final LogEntryParser PARSER = new LogEntryParser();

  /** Each entry as offset:size:text, or offset:(why):text when it is not YAML. */
  private static List<String> entries(String yaml, int max) throws Exception {
    BufferedInputStream in =
        new BufferedInputStream(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    assertThat(FileShape.of(in)).isEqualTo(FileShape.YAML);
    List<String> out = new ArrayList<>();
    OffsetRangeTracker tracker = new OffsetRangeTracker(new OffsetRange(0, Long.MAX_VALUE));
    FileLogSource.LineConsumer record =
        new FileLogSource.LineConsumer() {
          @Override
          public void accept(byte[] b, long o, long s) {
            out.add(o + ":" + s + ":" + new String(b, StandardCharsets.UTF_8));
          }

          @Override
          public void acceptUnreadable(byte[] b, long o, String why) {
            out.add(o + ":(" + why + "):" + new String(b, StandardCharsets.UTF_8));
          }
        };
    long read = YamlDocumentReader.read(in, tracker, max, record);
    tracker.checkDone();
    assertThat(read).isEqualTo(yaml.getBytes(StandardCharsets.UTF_8).length);
    return out;
  }

  /** gcloud's layout: "---" first, keys sorted, timestamps and numeric strings quoted. */
  private static final String GCLOUD =
      "---\n"
          + "insertId: xgabnev0vbyita61e\n"
          + "labels:\n"
          + "  compute.googleapis.com/resource_name: nginx-instance\n"
          + "logName: projects/p/logs/nginx-404\n"
          + "receiveTimestamp: '2021-08-16T14:12:52.379729762Z'\n"
          + "resource:\n"
          + "  labels:\n"
          + "    instance_id: '3275058625369336762'\n"
          + "    project_id: p\n"
          + "    zone: europe-central2-a\n"
          + "  type: gce_instance\n"
          + "textPayload: 10.0.0.1 - - [16/Aug/2021:14:12:46 +0000] \"GET /missing HTTP/1.1\"\n"
          + "  404 199 \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
          + " (KHTML,\n"
          + "  like Gecko)\"\n"
          + "timestamp: '2021-08-16T14:12:46.307321164Z'\n"
          + "---\n"
          + "insertId: 2ih8j7dkbg1\n"
          + "jsonPayload:\n"
          + "  key: value\n"
          + "logName: projects/p/logs/my-log\n"
          + "resource:\n"
          + "  labels:\n"
          + "    project_id: p\n"
          + "  type: global\n"
          + "severity: CRITICAL\n"
          + "timestamp: '2023-03-24T01:30:41.959958913Z'\n";

  @Test
  public void gcloudsDefaultOutputIsItsEntries() throws Exception {
    List<String> read = entries(GCLOUD, 1 << 20);
    assertThat(read).hasSize(2);
    assertThat(read.get(0)).startsWith("4:");
    assertThat(read.get(1)).startsWith(GCLOUD.indexOf("insertId: 2ih8") + ":");
    LogEvent nginx = PARSER.parse(read.get(0).split(":", 3)[2].getBytes(StandardCharsets.UTF_8));
    assertThat(nginx.insertId()).isEqualTo("xgabnev0vbyita61e");
    assertThat(nginx.resourceLabels()).containsEntry("instance_id", "3275058625369336762");
    // A plain scalar folded over lines is one line again, as gcloud wrote it from.
    assertThat(nginx.message())
        .isEqualTo(
            "10.0.0.1 - - [16/Aug/2021:14:12:46 +0000] \"GET /missing HTTP/1.1\" 404 199 \"-\""
                + " \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
                + " Gecko)\"");
    LogEvent global = PARSER.parse(read.get(1).split(":", 3)[2].getBytes(StandardCharsets.UTF_8));
    assertThat(global.severity().name()).isEqualTo("CRITICAL");
  }

  @Test
  public void familyFixturesAsYamlAreTheirOwnLines() throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    YAMLMapper yaml = new YAMLMapper();
    yaml.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    List<JsonNode> fixtures = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Paths.get("src/test/resources/families"))) {
      files
          .filter(p -> p.toString().endsWith(".json"))
          .sorted()
          .forEach(
              p -> {
                try {
                  fixtures.add(json.readTree(p.toFile()));
                } catch (java.io.IOException e) {
                  throw new AssertionError(e);
                }
              });
    }
    StringBuilder file = new StringBuilder();
    for (JsonNode f : fixtures) {
      file.append(yaml.writeValueAsString(f)); // each starts with "---"
    }
    List<String> read = entries(file.toString(), 1 << 20);
    assertThat(read).hasSize(fixtures.size());
    for (int i = 0; i < fixtures.size(); i++) {
      byte[] line = json.writeValueAsBytes(fixtures.get(i));
      byte[] entry = read.get(i).split(":", 3)[2].getBytes(StandardCharsets.UTF_8);
      assertThat(parseOrReason(entry)).isEqualTo(parseOrReason(line));
    }
  }

  private static Object parseOrReason(byte[] json) {
    try {
      return PARSER.parse(json);
    } catch (InvalidEntryException e) {
      return e.code();
    }
  }

  @Test
  public void documentsThatAreNotUtf8AreRefusedAsSuchWithTheOffset() throws Exception {
    byte[] yaml =
        ("---\ninsertId: a\ntextPayload: pay?ment\ntimestamp: '2026-12-05T01:00:00Z'\n"
                + "---\ninsertId: b\ntextPayload: pay?ment\ntimestamp: '2026-12-05T01:00:00Z'\n"
                + "---\ninsertId: c\ntextPayload: caf\u00e9\ntimestamp: '2026-12-05T01:00:00Z'\n")
            .getBytes(StandardCharsets.UTF_8);
    int first = indexOf(yaml, (byte) '?', 0);
    yaml[first] = (byte) 0xFF;
    yaml[indexOf(yaml, (byte) '?', first + 1)] = 0;
    List<String> reasons = new ArrayList<>();
    FileLogSource.LineConsumer parse =
        new FileLogSource.LineConsumer() {
          @Override
          public void accept(byte[] b, long o, long s) {
            try {
              reasons.add(o + ":" + PARSER.parse(b).insertId());
            } catch (InvalidEntryException e) {
              reasons.add(o + ":[" + e.code() + "] " + e.getMessage());
            }
          }

          @Override
          public void acceptUnreadable(byte[] b, long o, String why) {
            reasons.add(o + ":(" + why + ")");
          }
        };
    YamlDocumentReader.read(
        new ByteArrayInputStream(yaml),
        new OffsetRangeTracker(new OffsetRange(0, Long.MAX_VALUE)),
        1 << 20,
        parse);
    assertThat(reasons)
        .containsExactly(
            "4:[invalid_utf8] invalid UTF-8 sequence at byte offset 28 (byte 0xff)",
            "76:[invalid_utf8] NUL byte at byte offset 28",
            "148:c")
        .inOrder();
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  @Test
  public void aBrokenDocumentIsPlacedInTheFile() throws Exception {
    // The document starts on its marker's line, the file's second: columns count the marker.
    assertThat(entries("--- insertId: a\n--- insertId: b: c\n", 1000))
        .containsExactly(
            "4:16:{\"insertId\":\"a\"}",
            "20:(invalid YAML at line 2, column 16: mapping values are not allowed here):"
                + "insertId: b: c\n")
        .inOrder();
    // Further down a document, lines count from the file's first.
    assertThat(entries("---\ninsertId: a\ntextPayload: 'no end\n", 1000))
        .containsExactly(
            "4:(invalid YAML at line 4, column 1: found unexpected end of stream"
                + " (while scanning a quoted scalar at line 3, column 14)):"
                + "insertId: a\ntextPayload: 'no end\n");
  }

  @Test
  public void brokenOrHugeDocumentsAreHandedOnNotLost() throws Exception {
    String broken = "insertId: a\nlabels: [unclosed\n";
    String fine = "insertId: b\n";
    String big = "insertId: c\ntextPayload: " + "x".repeat(100) + "\n";
    List<String> read =
        entries(
            "# exported\n" + broken + "---\n" + fine + "...\n---\n" + big + "--- insertId: d\n",
            40);
    assertThat(read)
        .containsExactly(
            "11:(invalid YAML at line 4, column 1: expected ',' or ']', but got <stream end>"
                + " (while parsing a flow sequence at line 3, column 9)):"
                + broken,
            (11 + broken.length() + 4) + ":16:{\"insertId\":\"b\"}",
            (11 + broken.length() + 4 + fine.length() + 8)
                + ":"
                + big.length()
                + ":"
                + big.substring(0, 40),
            (11 + broken.length() + 4 + fine.length() + 8 + big.length() + 4)
                + ":16:{\"insertId\":\"d\"}")
        .inOrder();
  }
}
