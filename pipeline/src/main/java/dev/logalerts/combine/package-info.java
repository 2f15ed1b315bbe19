/**
 * Combining before the shuffle: {@link dev.logalerts.combine.CombineInBundle} folds a bundle's
 * elements into one partial aggregate per key and window, so what reaches a GroupByKey is one
 * element per key per bundle, not one per log entry. Used by the noisy-log account and by the
 * per-rule bucket aggregates.
 */
package dev.logalerts.combine;
