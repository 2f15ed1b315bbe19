/**
 * Windowed evaluation of each rule kind per (rule, group), and the alert lifecycle state machine.
 */
package dev.logalerts.alerting;
