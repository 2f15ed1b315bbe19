/**
 * Value types that flow between stages: {@link dev.logalerts.model.LogEvent}, severity, alert and
 * noisy-log rows, and their coders.
 */
package dev.logalerts.model;
