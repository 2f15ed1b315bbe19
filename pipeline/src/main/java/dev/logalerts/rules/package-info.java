/**
 * The rules file: YAML model, loading from any Beam filesystem, and validation with precise errors.
 */
package dev.logalerts.rules;
