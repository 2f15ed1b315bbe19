/** JMH benchmarks of the per-entry path: parse, rule filters, template miner, coder. */
package dev.logalerts.benchmarks;
