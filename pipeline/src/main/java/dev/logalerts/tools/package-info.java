/** Command-line utilities around the pipeline: log generator, benchmark baseline, rules validation, template miner, HTML report. */
package dev.logalerts.tools;
