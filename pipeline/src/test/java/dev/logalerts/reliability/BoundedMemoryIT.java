package dev.logalerts.reliability;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The run's memory stays bounded (huge lines must not blow the heap; docs/reliability.md): the
 * batch job runs in a child JVM capped at {@value #HEAP_MB} MB over a gzip file holding a {@value
 * #HUGE_MB} MB line (compressed to well under a megabyte), next to 600 KB lines and ordinary
 * entries. A source that held whole lines would need more than the whole heap for that one line and
 * die with OutOfMemoryError; ours cuts it at {@code maxEntryBytes} while reading, dead-letters it
 * as {@code too_large} with its first MiB and its original size, and parses the rest. Not
 * timing-based: the child either completes or fails.
 */
@RunWith(JUnit4.class)
public class BoundedMemoryIT {
  static final int HEAP_MB = 128;
  static final int HUGE_MB = 200;

  private static final String HUGE_PREFIX =
      "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"textPayload\":\"";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aLineLargerThanTheHeapIsCutAndDeadLetteredNotFatal() throws Exception {
    CorpusGenerator corpus = CorpusGenerator.generate(MutatedCorpusIT.SEED, 60);
    List<CorpusGenerator.Line> valid = new ArrayList<>();
    for (CorpusGenerator.Line l : corpus.lines()) {
      if (l.mutation == CorpusGenerator.Mutation.VALID
          || l.mutation == CorpusGenerator.Mutation.LARGE) {
        valid.add(l);
      }
    }
    Path input = tmp.getRoot().toPath().resolve("huge.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(input), 1 << 16)) {
      for (CorpusGenerator.Line l : valid) {
        out.write(l.bytes);
        out.write('\n');
      }
      out.write(HUGE_PREFIX.getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'x');
      for (int i = 0; i < HUGE_MB; i++) {
        out.write(chunk);
      }
      out.write("\"}\n".getBytes(StandardCharsets.US_ASCII));
      for (CorpusGenerator.Line l : valid.subList(0, 3)) {
        out.write(l.bytes);
        out.write('\n');
      }
    }
    assertThat(Files.size(input)).isLessThan(4L << 20);

    Path outDir = tmp.newFolder("out").toPath();
    Map<String, Long> child = runChild(input, outDir);

    assertThat(child.get("max_heap")).isAtMost((long) HEAP_MB << 20);
    long lines = valid.size() + 1 + 3;
    assertThat(child.get("entries_read")).isEqualTo(lines);
    assertThat(child.get("entries_parsed")).isEqualTo(lines - 1);
    assertThat(child.get("deadletter_too_large")).isEqualTo(1L);
    assertThat(child.get("lines_oversized")).isEqualTo(1L);
    String row =
        PipelineRuns.rows(outDir.resolve("deadletter")).get(0).path("errorMessage").asText();
    assertThat(row)
        .startsWith(
            "[too_large] entry is "
                + (HUGE_PREFIX.length() + ((long) HUGE_MB << 20) + 2)
                + " bytes");
    System.out.printf(
        "Bounded memory: %d MB line in a -Xmx%dm JVM: read %d, parsed %d, %s%n",
        HUGE_MB, HEAP_MB, child.get("entries_read"), child.get("entries_parsed"), row);
  }

  private Map<String, Long> runChild(Path input, Path outDir) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isEmpty()) {
      classpath = System.getProperty("java.class.path");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = tmp.newFile("child.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx" + HEAP_MB + "m",
                "-XX:+UseSerialGC",
                "-cp",
                classpath,
                BoundedMemoryMain.class.getName(),
                input.toString(),
                outDir.toString())
            .redirectErrorStream(true)
            .redirectOutput(log);
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          "timed out after 120 s waiting for the child JVM's batch job; its output:\n"
              + tail(Files.readString(log.toPath(), StandardCharsets.UTF_8)));
    }
    String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
    assertWithMessage("child JVM failed:%n%s", tail(output)).that(p.exitValue()).isEqualTo(0);
    Map<String, Long> values = new HashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).matches("[a-z_0-9]+")) {
        try {
          values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
        } catch (NumberFormatException ignored) {
          // a log line, not ours
        }
      }
    }
    return values;
  }

  private static String tail(String s) throws IOException {
    return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
  }
}
