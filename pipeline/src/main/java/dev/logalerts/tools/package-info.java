/** Command-line utilities around the pipeline (rules validation, ...). */
package dev.logalerts.tools;
