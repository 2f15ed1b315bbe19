package dev.logalerts.templates;

import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogFamilies;

/**
 * The request templates of request logs ({@link RequestTemplates#template} plus {@link
 * LogFamilies#requestDetails}), one String per text: the text is written into a reused buffer and
 * looked up among the recent ones, so that a request log of a known template allocates no template,
 * and the template's id ({@code TemplateKeyFn}) and redaction ({@link Redactor}), remembered under
 * that String, are found by identity instead of by hashing and comparing a new copy.
 *
 * <p>Not thread-safe: one per {@code TemplateKeyFn}, as its id cache. Bounded: a direct-mapped
 * table of {@value #SLOTS} texts up to {@value #MAX_CHARS} chars, a new text replacing its slot's.
 */
final class RequestTemplateTexts {
  static final int SLOTS = 1024;
  static final int MAX_CHARS = 512;
  private static final int SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(SLOTS);

  private final StringBuilder text = new StringBuilder(128);
  private final String[] table = new String[SLOTS];

  /** {@code RequestTemplates.template(http) + LogFamilies.requestDetails(e)}. */
  String template(LogEvent e, HttpRequest http) {
    text.setLength(0);
    RequestTemplates.write(http, text);
    LogFamilies.appendRequestDetails(e, text);
    int n = text.length();
    if (n > MAX_CHARS) {
      return text.toString();
    }
    int h = n;
    for (int i = 0; i < n; i++) {
      h = 31 * h + text.charAt(i);
    }
    int slot = (h * 0x9E3779B9) >>> SHIFT;
    String known = table[slot];
    if (known != null && known.contentEquals(text)) {
      return known;
    }
    String t = text.toString();
    table[slot] = t;
    return t;
  }
}
