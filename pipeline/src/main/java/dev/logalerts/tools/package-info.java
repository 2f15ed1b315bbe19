/** Command-line utilities around the pipeline (rules validation, template miner, HTML report). */
package dev.logalerts.tools;
