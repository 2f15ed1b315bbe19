package dev.logalerts.rules;

/**
 * A rules-file value that does not parse or is out of range; thrown by {@link ValueParser}s and
 * caught per key, so one bad key never hides the others. The message is the "what is wrong" part of
 * the error line.
 */
public final class BadValue extends Exception {
  private static final long serialVersionUID = 1L;

  public BadValue(String message) {
    super(message, null, false, false);
  }
}
