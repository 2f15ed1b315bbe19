package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.pipeline.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Every LogEntry document in the repository (the parser's test resources, many of them real Cloud
 * Logging exports, and the samples' NDJSON files, bad lines included) parsed by the fast path and
 * by the Jackson path, with several parser configurations: the same events or the same errors, and
 * the fast path really taken for every entry Jackson accepts.
 */
@RunWith(JUnit4.class)
public class FastPathDifferentialTest {

  static final List<LogEntryParser> PARSERS =
      List.of(
          new LogEntryParser(),
          new LogEntryParser(1 << 20, 16, 50),
          new LogEntryParser(1 << 20, 5, 3),
          new LogEntryParser(1 << 20, Integer.MAX_VALUE),
          new LogEntryParser()
              .withPayloadPaths(
                  List.of(
                      List.of("jsonPayload", "message"),
                      List.of("protoPayload", "status"),
                      List.of("httpRequest", "cacheLookup"),
                      List.of("traceSampled"))),
          new LogEntryParser(1 << 20, 64, 2)
              .alwaysKeeping(List.of(List.of("jsonPayload"), List.of("protoPayload", "request"))));

  /** The JSON and NDJSON files under the test resources and samples, sorted. */
  static List<Path> documentFiles() {
    Path root = RepoRoot.get();
    List<Path> files = new ArrayList<>();
    for (String dir :
        List.of(
            "pipeline/src/test/resources",
            "samples",
            "local/src/test/resources",
            "tools/src/test/resources")) {
      Path d = root.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(d)) {
        files.addAll(
            s.filter(Files::isRegularFile)
                .filter(
                    f -> {
                      String n = f.getFileName().toString();
                      return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson");
                    })
                .collect(Collectors.toList()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    files.sort(null);
    return files;
  }

  /** A .json file is one document; an NDJSON file one per non-empty line. */
  static List<byte[]> documents(Path file) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (file.toString().endsWith(".json")) {
      return List.of(all);
    }
    List<byte[]> lines = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= all.length; i++) {
      if (i == all.length || all[i] == '\n') {
        if (i > from) {
          lines.add(Arrays.copyOfRange(all, from, i));
        }
        from = i + 1;
      }
    }
    return lines;
  }

  @Test
  public void everyRepositoryDocumentParsesTheSameOnBothPaths() {
    List<Path> files = documentFiles();
    assertThat(files.size()).isGreaterThan(80);
    FastPathCheck check = new FastPathCheck();
    int documents = 0;
    for (Path file : files) {
      for (byte[] doc : documents(file)) {
        documents++;
        for (int k = 0; k < PARSERS.size(); k++) {
          LogEntryParser parser = PARSERS.get(k);
          int acceptedBefore = check.accepted;
          boolean fast = check.check(parser, doc, file + " parser " + k);
          if (check.accepted > acceptedBefore) {
            assertWithMessage(
                    "fast path bailed on an entry Jackson accepts: %s, parser %s: %s",
                    file, k, FastPathCheck.printable(doc))
                .that(fast)
                .isTrue();
          }
        }
      }
    }
    assertThat(documents).isGreaterThan(11_000);
    assertThat(check.fast).isGreaterThan(50_000);
    assertThat(check.rejected).isGreaterThan(100); // bad lines and garbage are in there
  }

  @Test
  public void fastPathIsTakenForValidEntries() {
    long before = LogEntryParser.fastPathBails();
    LogEntryParser parser = new LogEntryParser();
    for (Path file : documentFiles()) {
      if (file.toString().contains("bad-lines") || file.toString().contains("garbage")) {
        continue;
      }
      for (byte[] doc : documents(file)) {
        try {
          parser.parse(doc);
        } catch (InvalidEntryException e) {
          // a fixture of an invalid entry: its bail-out is expected
          before++;
        }
      }
    }
    assertThat(LogEntryParser.fastPathBails()).isAtMost(before);
  }
}
