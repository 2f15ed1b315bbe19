package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.RawEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class FileLogSourceTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private static final class Line {
    final String text;
    final long number;
    final long size;

    Line(byte[] bytes, long number, long size) {
      this.text = new String(bytes, StandardCharsets.ISO_8859_1);
      this.number = number;
      this.size = size;
    }
  }

  private static List<Line> split(byte[] input, int max) throws Exception {
    List<Line> lines = new ArrayList<>();
    FileLogSource.splitLines(
        new ByteArrayInputStream(input), max, (b, n, s) -> lines.add(new Line(b, n, s)));
    return lines;
  }

  @Test
  public void splitsOnNewlinesDropsCarriageReturnsAndBlankLines() throws Exception {
    List<Line> lines = split("a\r\n\n  \nbb\ncc".getBytes(StandardCharsets.UTF_8), 100);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).text).isEqualTo("a");
    assertThat(lines.get(0).number).isEqualTo(1);
    assertThat(lines.get(1).text).isEqualTo("bb");
    assertThat(lines.get(1).number).isEqualTo(4);
    assertThat(lines.get(2).text).isEqualTo("cc");
    assertThat(lines.get(2).number).isEqualTo(5);
  }

  @Test
  public void cutsOversizedLinesButKeepsTheirSize() throws Exception {
    byte[] big = new byte[200_000];
    java.util.Arrays.fill(big, (byte) 'x');
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.write(big);
    in.write('\n');
    in.write("ok".getBytes(StandardCharsets.UTF_8));
    List<Line> lines = split(in.toByteArray(), 1000);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).text).hasLength(1000);
    assertThat(lines.get(0).size).isEqualTo(200_000);
    assertThat(lines.get(1).text).isEqualTo("ok");
    assertThat(lines.get(1).size).isEqualTo(2);
  }

  @Test
  public void readsPlainAndGzipFilesKeepingBytesExactly() throws Exception {
    File plain = tmp.newFile("a.jsonl");
    byte[] invalidUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
    try (OutputStream o = new FileOutputStream(plain)) {
      o.write("{\"x\":1}\n".getBytes(StandardCharsets.UTF_8));
      o.write(invalidUtf8);
      o.write('\n');
    }
    File gz = tmp.newFile("b.jsonl.gz");
    try (OutputStream o = new GZIPOutputStream(new FileOutputStream(gz))) {
      o.write("{\"y\":2}\n".getBytes(StandardCharsets.UTF_8));
    }
    PCollection<RawEntry> entries =
        pipeline.apply(new FileLogSource(tmp.getRoot().getPath() + "/*", 1 << 20));
    PCollection<String> described =
        entries.apply(
            MapElements.into(TypeDescriptors.strings())
                .via(
                    r ->
                        new File(r.attributes().get(FileLogSource.SOURCE_ATTRIBUTE)).getName()
                            + ":"
                            + r.attributes().get(FileLogSource.LINE_ATTRIBUTE)
                            + ":"
                            + java.util.HexFormat.of().formatHex(r.payload())));
    PAssert.that(described)
        .containsInAnyOrder(
            "a.jsonl:1:" + java.util.HexFormat.of().formatHex("{\"x\":1}".getBytes(StandardCharsets.UTF_8)),
            "a.jsonl:2:" + java.util.HexFormat.of().formatHex(invalidUtf8),
            "b.jsonl.gz:1:" + java.util.HexFormat.of().formatHex("{\"y\":2}".getBytes(StandardCharsets.UTF_8)));
    pipeline.run().waitUntilFinish();
    assertThat(Files.exists(plain.toPath())).isTrue();
  }
}
