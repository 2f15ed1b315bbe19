/** Pipeline assembly: options, {@code main}, and the composite transform that wires the stages. */
package dev.logalerts.pipeline;
