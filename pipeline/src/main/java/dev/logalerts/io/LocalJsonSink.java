package dev.logalerts.io;

import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
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
 */
public class LocalJsonSink extends PTransform<PCollection<String>, PDone> {
  /** Streaming: how long rows wait before their file is written. */
  public static final Duration STREAMING_FLUSH = Duration.standardSeconds(2);

  private final String outputDirectory;
  private final String name;

  public LocalJsonSink(String outputDirectory, String name) {
    this.outputDirectory = outputDirectory;
    this.name = name;
  }

  @Override
  public PDone expand(PCollection<String> rows) {
    ResourceId dir =
        FileSystems.matchNewResource(outputDirectory, true)
            .resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY);
    TextIO.Write write =
        TextIO.write()
            .to(dir.resolve("part", StandardResolveOptions.RESOLVE_FILE).toString())
            .withSuffix(".json");
    if (rows.isBounded() == PCollection.IsBounded.BOUNDED) {
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
}
