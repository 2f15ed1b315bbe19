/** Sources (files, Pub/Sub) and sinks (local JSON files, Pub/Sub, BigQuery), chosen by options. */
package dev.logalerts.io;
