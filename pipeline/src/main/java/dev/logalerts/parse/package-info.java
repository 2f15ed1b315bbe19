/** LogEntry JSON to {@link dev.logalerts.model.LogEvent}: streaming parse, service derivation, dead-letter reasons. */
package dev.logalerts.parse;
