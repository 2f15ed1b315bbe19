/**
 * LogEntry JSON to {@link dev.logalerts.model.LogEvent}: streaming parse, service derivation, GCP
 * log families (message and structural template, {@link dev.logalerts.parse.LogFamilies}), dead
 * letters ({@link dev.logalerts.parse.ParseLogEntries}).
 */
package dev.logalerts.parse;
