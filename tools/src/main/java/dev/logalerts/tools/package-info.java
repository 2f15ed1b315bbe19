/**
 * Command-line tools beside the job: rules validation, the template miner, log generation and the
 * benchmark baseline pipeline. Not in the Flex Template jar.
 */
package dev.logalerts.tools;
