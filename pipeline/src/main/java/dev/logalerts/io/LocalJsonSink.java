package dev.logalerts.io;

import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes JSON rows as newline-delimited files under {@code DIR/<name>/}: the local run's stand-in
 * for a BigQuery table or Pub/Sub topic. Each line is exactly the row or message the cloud sink
 * receives. An empty input still leaves one empty file, so the directory always exists.
 */
public class LocalJsonSink extends PTransform<PCollection<String>, PDone> {
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
    return rows.apply(
        "WriteJsonLines",
        TextIO.write().to(dir.resolve("part", StandardResolveOptions.RESOLVE_FILE).toString())
            .withSuffix(".json"));
  }
}
