/** Noisy-log dedupe: message template mining, secret redaction and the windowed volume account. */
package dev.logalerts.templates;
