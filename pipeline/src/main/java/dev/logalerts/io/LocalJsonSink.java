package dev.logalerts.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Writes JSON rows as newline-delimited files under {@code DIR/<name>/}: the local run's stand-in
 * for a BigQuery table or Pub/Sub topic. Each line is exactly the row or message the cloud sink
 * receives. An empty input still leaves one empty file, so the directory always exists.
 *
 * <p>In streaming (an unbounded input) the rows are written as they come: every {@link
 * #STREAMING_FLUSH} of processing time after the first unwritten row, a new file per pane ({@code
 * part-GlobalWindow-pane-N-...json}), so an alert is on disk seconds after it fires, not at the end
 * of a window.
 *
 * <p>A bounded input on the DirectRunner is written one file per bundle ({@code part-<uuid>.json},
 * renamed into place when complete), and {@link #compact} joins them into one file after the run.
 * The DirectRunner emits one bundle per key after a GroupByKey, and a single-file TextIO write then
 * funnels thousands of bundles through one key whose whole state it copies for each bundle
 * (quadratic: most of a 1M-entry local run); runner-chosen sharding instead re-runs its shard step
 * per row until the shard count is known. Other runners get TextIO with the runner's sharding.
 */
public class LocalJsonSink<T> extends PTransform<PCollection<T>, PDone> {
  /** Streaming: how long rows wait before their file is written. */
  public static final Duration STREAMING_FLUSH = Duration.standardSeconds(2);

  /** Subdirectories of {@code outputDirectory}, one per output table or topic. */
  public static final String ALERT_FILES = "alerts";

  public static final String SILENCED_ALERT_FILES = "alerts_silenced";
  public static final String NOISY_LOG_FILES = "noisy_logs";
  public static final String DEAD_LETTER_FILES = "deadletter";

  /** Every subdirectory a run with {@code outputDirectory} writes. */
  public static final List<String> OUTPUT_FILES =
      List.of(ALERT_FILES, SILENCED_ALERT_FILES, NOISY_LOG_FILES, DEAD_LETTER_FILES);

  /** Name of the one file {@link #compact} leaves in each output directory. */
  public static final String COMPACTED = "part-00000-of-00001.json";

  private final String outputDirectory;
  private final String name;
  private final SerializableFunction<T, String> toJson;

  private LocalJsonSink(
      String outputDirectory, String name, SerializableFunction<T, String> toJson) {
    this.outputDirectory = outputDirectory;
    this.name = name;
    this.toJson = toJson;
  }

  /** Writes lines that already are JSON. */
  public static LocalJsonSink<String> lines(String outputDirectory, String name) {
    return new LocalJsonSink<>(outputDirectory, name, line -> line);
  }

  /**
   * Writes each element as the JSON line {@code toJson} makes of it. On the DirectRunner the file
   * step formats the rows itself: it runs once per bundle, and after a GroupByKey that is once per
   * key, so a separate formatting step would double that per-bundle cost.
   */
  public static <T> LocalJsonSink<T> of(
      String outputDirectory, String name, SerializableFunction<T, String> toJson) {
    return new LocalJsonSink<>(outputDirectory, name, toJson);
  }

  @Override
  public PDone expand(PCollection<T> elements) {
    ResourceId dir =
        FileSystems.matchNewResource(outputDirectory, true)
            .resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY);
    TextIO.Write write =
        TextIO.write()
            .to(dir.resolve("part", StandardResolveOptions.RESOLVE_FILE).toString())
            .withSuffix(".json");
    boolean bounded = elements.isBounded() == PCollection.IsBounded.BOUNDED;
    if (bounded && DirectRunner.class.equals(elements.getPipeline().getOptions().getRunner())) {
      elements.apply("WriteJsonLines", ParDo.of(new FilePerBundleFn<>(dir.toString(), toJson)));
      // An empty input still leaves a (empty) file, so the directory always exists.
      elements
          .getPipeline()
          .apply("OutputDirectory", Create.of(dir.toString()))
          .apply("EmptyFile", ParDo.of(new EmptyFileFn()));
      return PDone.in(elements.getPipeline());
    }
    PCollection<String> rows =
        elements.apply("ToJson", MapElements.into(TypeDescriptors.strings()).via(toJson));
    if (bounded) {
      return rows.apply("WriteJsonLines", write);
    }
    return rows.apply(
            "FlushEverySeconds",
            Window.<String>into(new GlobalWindows())
                .triggering(
                    Repeatedly.forever(
                        AfterProcessingTime.pastFirstElementInPane().plusDelayOf(STREAMING_FLUSH)))
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .apply("WriteJsonLines", write.withWindowedWrites().withNumShards(1));
  }

  /** Buffers a bundle's JSON lines and writes them to a new file when the bundle ends. */
  static final class FilePerBundleFn<T> extends DoFn<T, Void> {
    private final String directory;
    private final SerializableFunction<T, String> toJson;
    private transient @Nullable StringBuilder lines;

    FilePerBundleFn(String directory, SerializableFunction<T, String> toJson) {
      this.directory = directory;
      this.toJson = toJson;
    }

    @StartBundle
    public void startBundle() {
      lines = new StringBuilder();
    }

    @ProcessElement
    public void process(@Element T element) {
      lines().append(toJson.apply(element)).append('\n');
    }

    @FinishBundle
    public void finishBundle() throws IOException {
      StringBuilder text = lines();
      if (text.length() == 0) {
        return;
      }
      writeNewFile(directory, text.toString());
      text.setLength(0);
    }

    private StringBuilder lines() {
      StringBuilder b = lines;
      if (b == null) {
        b = new StringBuilder();
        lines = b;
      }
      return b;
    }
  }

  /** Creates the directory with one empty row file. */
  static final class EmptyFileFn extends DoFn<String, Void> {
    @ProcessElement
    public void process(@Element String directory) throws IOException {
      writeNewFile(directory, "");
    }
  }

  /** Writes {@code text} to a new {@code part-<uuid>.json} in the directory, renamed when done. */
  static void writeNewFile(String directory, String text) throws IOException {
    ResourceId dir = FileSystems.matchNewResource(directory, true);
    String id = UUID.randomUUID().toString();
    ResourceId temp = dir.resolve(".tmp-" + id, StandardResolveOptions.RESOLVE_FILE);
    ResourceId done = dir.resolve("part-" + id + ".json", StandardResolveOptions.RESOLVE_FILE);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(temp, MimeTypes.TEXT))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    FileSystems.rename(List.of(temp), List.of(done), StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /**
   * Before a local run: removes the row files a previous run left in the named subdirectories of
   * {@code outputDirectory}, so that readers see only this run's rows.
   */
  public static void clearOutputs(Path outputDirectory, List<String> names) throws IOException {
    for (String name : names) {
      Path dir = outputDirectory.resolve(name);
      if (Files.isDirectory(dir)) {
        for (Path f : rowFiles(dir)) {
          Files.delete(f);
        }
      }
    }
  }

  /**
   * After a local run: joins each subdirectory's row files into one {@value #COMPACTED} (an empty
   * one where the run wrote none), the layout a reader of a finished run expects.
   */
  public static void compact(Path outputDirectory, List<String> names) throws IOException {
    for (String name : names) {
      Path dir = outputDirectory.resolve(name);
      Files.createDirectories(dir);
      List<Path> parts = rowFiles(dir);
      Path target = dir.resolve(COMPACTED);
      if (parts.size() == 1 && parts.get(0).equals(target)) {
        continue;
      }
      Path joined = dir.resolve(".tmp-compacted");
      try (OutputStream out = Files.newOutputStream(joined)) {
        for (Path p : parts) {
          Files.copy(p, out);
        }
      }
      for (Path p : parts) {
        Files.delete(p);
      }
      Files.move(joined, target);
    }
  }

  private static List<Path> rowFiles(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(
              p -> {
                String n = p.getFileName().toString();
                return (n.startsWith("part-") && n.endsWith(".json")) || n.startsWith(".tmp-");
              })
          .sorted()
          .forEach(out::add);
    }
    return out;
  }
}
