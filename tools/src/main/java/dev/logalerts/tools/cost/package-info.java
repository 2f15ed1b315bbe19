/**
 * The cost model behind {@code scripts/estimate-cost.sh}: {@link dev.logalerts.tools.cost.Param}
 * (every input with its default), {@link dev.logalerts.tools.cost.CostModel} (the arithmetic),
 * {@link dev.logalerts.tools.cost.MeasureInputs} (measures the job's inputs to it) and {@link
 * dev.logalerts.tools.cost.EstimateCostCli}. Formula, inputs and prices: docs/cost.md.
 */
package dev.logalerts.tools.cost;
