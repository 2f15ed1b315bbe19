/** Command-line utilities around the pipeline (rules validation, template mining of local logs). */
package dev.logalerts.tools;
