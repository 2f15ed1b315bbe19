/**
 * LogEntry JSON to {@link dev.logalerts.model.LogEvent}: streaming parse, service derivation, dead
 * letters ({@link dev.logalerts.parse.ParseLogEntries}).
 */
package dev.logalerts.parse;
