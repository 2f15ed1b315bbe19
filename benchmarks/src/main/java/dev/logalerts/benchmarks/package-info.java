/** JMH benchmarks of the per-entry path: parse, rule filters, template miner, coder (issue 6). */
package dev.logalerts.benchmarks;
