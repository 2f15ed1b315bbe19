package dev.logalerts.templates;

import java.io.Serializable;

/**
 * Replaces secrets in text with typed markers before anything is stored or published: tokens,
 * passwords, keys, emails, card numbers, private keys, cloud credentials.
 */
public final class Redactor implements Serializable {

  /** Returns the text with every secret replaced by a typed marker such as {@code [REDACTED:jwt]}. */
  public String redact(String text) {
    throw new UnsupportedOperationException("redaction not implemented yet");
  }
}
