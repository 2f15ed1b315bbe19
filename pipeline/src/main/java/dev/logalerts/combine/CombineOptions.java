package dev.logalerts.combine;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.PValue;

/** How the steps that combine before a shuffle ({@link CombineInBundle}) hold their partials. */
public interface CombineOptions extends PipelineOptions {
  /**
   * Measurement only (hidden, so no template parameter): the partial aggregates one bundle holds;
   * past that an element goes out on its own. 0 holds none, so every input goes out as a partial of
   * one: what a shuffle receives when bundles hold one entry (the cost model's upper bound).
   */
  @Hidden
  @Description("Measurement only: partial aggregates held per bundle (0: none).")
  @Default.Integer(CombineInBundle.MAX_PARTIALS)
  Integer getMaxPartialsPerBundle();

  void setMaxPartialsPerBundle(Integer value);

  /** The bound of {@code input}'s pipeline. */
  static int maxPartialsPerBundle(PValue input) {
    return maxPartialsPerBundle(input.getPipeline());
  }

  static int maxPartialsPerBundle(Pipeline pipeline) {
    return pipeline.getOptions().as(CombineOptions.class).getMaxPartialsPerBundle();
  }
}
