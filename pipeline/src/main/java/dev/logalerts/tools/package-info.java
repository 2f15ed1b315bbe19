/** Command-line utilities: the deterministic log generator, the baseline benchmark pipeline and stage tryouts (template miner). */
package dev.logalerts.tools;
