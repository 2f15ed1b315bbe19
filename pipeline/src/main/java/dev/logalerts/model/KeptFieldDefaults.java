package dev.logalerts.model;

import java.util.Map;

/**
 * Proto defaults of the LogEntry fields the parser keeps with the payload leaves (sourceLocation,
 * split, traceSampled, the Cloud CDN fields of httpRequest), by {@link FieldValues} key: Cloud
 * Logging compares such a field an entry lacks as its default, as it does the other LogEntry fields
 * ({@link FieldPath#defaultValue}).
 */
final class KeptFieldDefaults {
  private KeptFieldDefaults() {}

  private static final Map<String, String> DEFAULTS =
      Map.of(
          FieldValues.key("sourceLocation", "file"), "",
          FieldValues.key("sourceLocation", "line"), "0",
          FieldValues.key("sourceLocation", "function"), "",
          FieldValues.key("split", "uid"), "",
          FieldValues.key("split", "index"), "0",
          FieldValues.key("split", "totalSplits"), "0",
          FieldValues.key("traceSampled"), "false",
          FieldValues.key("httpRequest", "cacheLookup"), "false",
          FieldValues.key("httpRequest", "cacheFillBytes"), "0",
          FieldValues.key("httpRequest", "cacheValidatedWithOriginServer"), "false");

  /** The default of the kept LogEntry field at this payload key, or null for payload leaves. */
  static String of(String key) {
    return DEFAULTS.get(key);
  }
}
