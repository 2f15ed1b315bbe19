package dev.logalerts.rules;

import java.util.List;

/**
 * A rules file that cannot be used, with every problem found (not just the first), one per line:
 * {@code SOURCE:LINE:COLUMN: rule 'NAME': key 'KEY': what is wrong}. Thrown at launch, before the
 * pipeline is built, and by {@code scripts/validate-rules.sh}.
 */
public class RulesValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final List<String> errors;

  public RulesValidationException(String source, List<String> errors) {
    super(render(source, errors));
    this.source = source;
    this.errors = List.copyOf(errors);
  }

  /** The file (or name) the rules came from. */
  public String source() {
    return source;
  }

  /** Each problem, in file order, formatted like the lines of {@link #getMessage()}. */
  public List<String> errors() {
    return errors;
  }

  private static String render(String source, List<String> errors) {
    StringBuilder sb = new StringBuilder();
    sb.append("invalid rules file ")
        .append(source)
        .append(": ")
        .append(errors.size())
        .append(errors.size() == 1 ? " error" : " errors");
    for (String e : errors) {
      sb.append('\n').append(e);
    }
    return sb.toString();
  }
}
