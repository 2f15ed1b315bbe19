package dev.logalerts.io;

import com.google.api.services.dataflow.model.DataflowPackage;
import com.google.api.services.dataflow.model.Job;
import com.google.api.services.dataflow.model.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.dataflow.util.PackageUtil;
import org.apache.beam.runners.dataflow.util.Stager;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator;
import org.apache.beam.sdk.extensions.gcp.util.Transport;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Translates a pipeline into a Dataflow job spec offline: the real {@link DataflowRunner} runs with
 * its transform overrides, validations and translator, but with fake credentials, no path
 * validation, a stager that uploads nothing, and {@code templateLocation} set to a local file so
 * that the runner writes the job instead of submitting it (what classic templates do). Whatever
 * Dataflow would refuse at submission on the client side (unsupported DoFn features in streaming or
 * batch, non-deterministic key coders, untranslatable transforms) throws here.
 *
 * <p>Usage: build the pipeline on options from {@link #options(boolean)} (or any options; {@link
 * #translate} replaces project, region and locations with offline fakes), then {@code Job job =
 * translate(pipeline)}.
 */
public final class DataflowTranslation {
  private DataflowTranslation() {}

  /** Options ready for offline translation, streaming or batch. */
  public static DataflowPipelineOptions options(boolean streaming) {
    DataflowPipelineOptions options =
        org.apache.beam.sdk.options.PipelineOptionsFactory.create()
            .as(DataflowPipelineOptions.class);
    options.setStreaming(streaming);
    prepare(options);
    return options;
  }

  /** Runs the Dataflow runner over {@code pipeline} up to the job spec and returns it. */
  public static Job translate(Pipeline pipeline) {
    DataflowPipelineOptions options = pipeline.getOptions().as(DataflowPipelineOptions.class);
    prepare(options);
    try {
      Path template = Files.createTempFile("dataflow-job", ".json");
      options.setTemplateLocation(template.toAbsolutePath().toString());
      DataflowRunner.fromOptions(options).run(pipeline);
      String json = Files.readString(template, StandardCharsets.UTF_8);
      Files.deleteIfExists(template);
      return Transport.getJsonFactory().fromString(json, Job.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names of the job's steps as Dataflow shows them ({@code user_name}). */
  public static List<String> stepNames(Job job) {
    List<String> names = new ArrayList<>();
    if (job.getSteps() != null) {
      for (Step s : job.getSteps()) {
        Object name = s.getProperties() == null ? null : s.getProperties().get("user_name");
        if (name instanceof java.util.Map<?, ?> m && m.get("value") != null) {
          name = m.get("value"); // CloudObject form {"@type": ..., "value": ...}
        }
        names.add(name == null ? s.getName() : name.toString());
      }
    }
    return names;
  }

  private static void prepare(DataflowPipelineOptions options) {
    // Always the fakes: reading a default here would ask gcloud / the metadata server.
    options.setRunner(DataflowRunner.class);
    options.setProject("offline-project");
    options.setRegion("us-central1");
    options.setTempLocation("gs://offline-bucket/tmp");
    options.setGcpTempLocation("gs://offline-bucket/tmp");
    options.setStagingLocation("gs://offline-bucket/staging");
    options.setFilesToStage(new ArrayList<>());
    options.setCredentialFactoryClass(NoopCredentialFactory.class);
    try {
      options.setGcpCredential(NoopCredentialFactory.fromOptions(options).getCredential());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    options.setPathValidatorClass(NoopPathValidator.class);
    options.setStager(new NoopStager());
  }

  /** Stages nothing; pretends every file is in the staging bucket. */
  static final class NoopStager implements Stager {
    @Override
    public List<DataflowPackage> stageFiles(List<PackageUtil.StagedFile> files) {
      List<DataflowPackage> packages = new ArrayList<>();
      for (PackageUtil.StagedFile f : files) {
        packages.add(
            new DataflowPackage()
                .setName(f.getDestination())
                .setLocation("gs://offline-bucket/staging/" + f.getDestination()));
      }
      return packages;
    }

    @Override
    public DataflowPackage stageToFile(byte[] bytes, String baseName) {
      return new DataflowPackage()
          .setName(baseName)
          .setLocation("gs://offline-bucket/staging/" + baseName);
    }
  }

  /** Convenience for options built elsewhere. */
  public static DataflowPipelineOptions asDataflow(PipelineOptions options) {
    DataflowPipelineOptions o = options.as(DataflowPipelineOptions.class);
    prepare(o);
    return o;
  }
}
