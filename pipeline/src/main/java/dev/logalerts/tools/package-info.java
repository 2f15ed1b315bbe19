/** Command-line utilities for trying pipeline stages on local data (e.g. the template miner). */
package dev.logalerts.tools;
