package dev.logalerts.pipeline;

import dev.logalerts.alerting.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A bounded run's alerts as one block of JSON lines in the order they were sent: by window end,
 * then alertId and sequence, so each incident's FIRING, re-notifications and RESOLVED read in
 * order, as an ordered Pub/Sub subscription delivers them. File sinks do not keep element order, so
 * the local run writes this one element instead of the alerts one by one. Alerts are few (one per
 * incident change), so one element holds them all.
 */
final class AlertsInSendOrder extends PTransform<PCollection<Alert>, PCollection<String>> {
  static final Comparator<Alert> SEND_ORDER =
      Comparator.comparingLong(Alert::windowEndMillis)
          .thenComparing(Alert::alertId)
          .thenComparingLong(Alert::sequence);

  @Override
  public PCollection<String> expand(PCollection<Alert> alerts) {
    return alerts
        .apply("AllAlerts", Combine.globally(new ToList()).withoutDefaults())
        .apply(
            "ToJsonLines",
            MapElements.into(TypeDescriptors.strings())
                .via((SerializableFunction<List<Alert>, String>) AlertsInSendOrder::lines))
        .setCoder(StringUtf8Coder.of());
  }

  static String lines(List<Alert> alerts) {
    List<Alert> sorted = new ArrayList<>(alerts);
    sorted.sort(SEND_ORDER);
    StringBuilder sb = new StringBuilder();
    for (Alert a : sorted) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(a.toJson());
    }
    return sb.toString();
  }

  /** Collects every alert. */
  static final class ToList extends Combine.CombineFn<Alert, List<Alert>, List<Alert>> {
    @Override
    public List<Alert> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<Alert> addInput(List<Alert> acc, Alert a) {
      acc.add(a);
      return acc;
    }

    @Override
    public List<Alert> mergeAccumulators(Iterable<List<Alert>> accs) {
      List<Alert> all = new ArrayList<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public List<Alert> extractOutput(List<Alert> acc) {
      return acc;
    }
  }
}
