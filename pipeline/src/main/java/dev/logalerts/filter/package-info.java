/** The Cloud Logging query language subset: lexer, parser and compiled predicates over {@link dev.logalerts.model.LogEvent}. */
package dev.logalerts.filter;
