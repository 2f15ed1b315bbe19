package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** A file's shape is told from its start, and telling it consumes nothing. */
@RunWith(JUnit4.class)
public class FileShapeTest {
  private static FileShape shapeOf(String content) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(bytes));
    FileShape shape = FileShape.of(in);
    assertThat(in.readAllBytes()).isEqualTo(bytes); // nothing consumed
    return shape;
  }

  @Test
  public void linesJsonTextAndYamlAreToldApart() throws Exception {
    Map<String, FileShape> cases =
        Map.ofEntries(
            // a sink's lines, and what is neither (read as lines: each its own dead letter)
            Map.entry("{\"a\":1}\n", FileShape.LINES),
            Map.entry("", FileShape.LINES),
            Map.entry(" {\"a\":1}\r\n{", FileShape.LINES),
            Map.entry("x[", FileShape.LINES),
            Map.entry("\uFEFF{}", FileShape.LINES),
            Map.entry("{ \"a\": 1 }\n", FileShape.LINES),
            Map.entry("ERROR: disk full\nERROR: disk full\n", FileShape.LINES),
            Map.entry("2026-11-20 10:00:00 insertId: x\n", FileShape.LINES),
            Map.entry("message: hello\n", FileShape.LINES),
            // JSON text
            Map.entry("[]", FileShape.JSON_TEXT),
            Map.entry("\n [{\"a\":1}]", FileShape.JSON_TEXT),
            Map.entry("{\n  \"a\": 1\n}\n", FileShape.JSON_TEXT),
            Map.entry("\uFEFF{  \r\n}", FileShape.JSON_TEXT),
            Map.entry("  \n{", FileShape.JSON_TEXT),
            // entries.list responses, one per line (a paging loop's >>, jq -c)
            Map.entry("{\"entries\":[{\"a\":1}],\"nextPageToken\":\"t\"}\n", FileShape.JSON_TEXT),
            Map.entry("{ \"entries\" : [\n", FileShape.JSON_TEXT),
            Map.entry("{\"entries\":3}\n", FileShape.LINES),
            // gcloud logging read's default output, or a document of it
            Map.entry("---\ninsertId: 1a2b\n", FileShape.YAML),
            Map.entry("\n--- \ninsertId: 1a2b\n", FileShape.YAML),
            Map.entry("httpRequest:\n  status: 200\n", FileShape.YAML),
            // an entry read back from storage: Error Reporting's groups sort first
            Map.entry("errorGroups:\n- id: CNSgkpnz4uxPGw\ninsertId: 1a2b\n", FileShape.YAML),
            Map.entry("insertId: 1a2b\nlogName: projects/p/logs/x\n", FileShape.YAML),
            Map.entry("# exported – é\n\n---\ninsertId: 1a2b\n", FileShape.YAML),
            Map.entry("#Fields: date time\n2026-11-20 10:00:00\n", FileShape.LINES));
    for (Map.Entry<String, FileShape> c : cases.entrySet()) {
      assertWithMessage(c.getKey()).that(shapeOf(c.getKey())).isEqualTo(c.getValue());
    }
  }
}
