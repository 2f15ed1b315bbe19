/**
 * The local runner: runs the job on the DirectRunner over exported files, then prints the run
 * summary and writes the HTML report. Not in the Flex Template jar.
 */
package dev.logalerts.local;
