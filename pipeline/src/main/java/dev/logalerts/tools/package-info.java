/** Command-line utilities: the deterministic log generator and the baseline benchmark pipeline. */
package dev.logalerts.tools;
