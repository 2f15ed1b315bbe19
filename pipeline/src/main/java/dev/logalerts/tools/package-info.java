/** Command-line tools around the pipeline: rules validation, the template miner, log generation and the HTML report. */
package dev.logalerts.tools;
