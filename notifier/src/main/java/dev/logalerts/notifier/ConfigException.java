package dev.logalerts.notifier;

import java.util.List;

/**
 * An invalid notifier config: every problem found, each as {@code FILE:LINE:COL: message}, so a
 * user fixes them all in one go (the same style as the rules file's errors).
 */
public final class ConfigException extends Exception {
  private final List<String> errors;

  public ConfigException(List<String> errors) {
    super(String.join("\n", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
