package dev.logalerts.templates;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Grouping accuracy (Zhu et al., "Tools and Benchmarks for Automated Log Parsing", ICSE-SEIP 2019):
 * a message counts as right when the set of messages sharing its predicted template equals the set
 * of messages sharing its true event.
 */
final class GroupingAccuracy {
  private GroupingAccuracy() {}

  /** {@code truth.get(i)} and {@code predicted.get(i)} are message i's event and template. */
  static double of(List<String> truth, List<String> predicted) {
    if (truth.size() != predicted.size()) {
      throw new IllegalArgumentException("sizes differ");
    }
    if (truth.isEmpty()) {
      return 1.0;
    }
    Map<String, List<Integer>> byTemplate = new HashMap<>();
    Map<String, Integer> eventSize = new HashMap<>();
    for (int i = 0; i < truth.size(); i++) {
      byTemplate.computeIfAbsent(predicted.get(i), k -> new ArrayList<>()).add(i);
      eventSize.merge(truth.get(i), 1, Integer::sum);
    }
    long correct = 0;
    for (List<Integer> group : byTemplate.values()) {
      String event = truth.get(group.get(0));
      boolean pure = true;
      for (int i : group) {
        if (!truth.get(i).equals(event)) {
          pure = false;
          break;
        }
      }
      // Pure and complete: the template's messages are exactly the event's messages.
      if (pure && eventSize.get(event) == group.size()) {
        correct += group.size();
      }
    }
    return (double) correct / truth.size();
  }
}
