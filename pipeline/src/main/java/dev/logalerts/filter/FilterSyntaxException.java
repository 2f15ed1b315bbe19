package dev.logalerts.filter;

/**
 * A malformed filter, with the 1-based character position where parsing failed. The message reads
 * {@code "<what is wrong> at position N"}, optionally followed by {@code "; <hint>"} (for example
 * the list of known fields after an unknown one).
 */
public class FilterSyntaxException extends IllegalArgumentException {
  private final int position;
  private final String description;

  public FilterSyntaxException(String message, int position) {
    super(message + " at position " + position);
    this.position = position;
    this.description = message;
  }

  /** Same as {@link #FilterSyntaxException(String, int)} with a hint after the position. */
  public FilterSyntaxException(String message, int position, String hint) {
    super(message + " at position " + position + (hint.isEmpty() ? "" : "; " + hint));
    this.position = position;
    this.description = message;
  }

  /** 1-based character position in the filter text. */
  public int position() {
    return position;
  }

  /** What is wrong, without the position or hint (e.g. {@code "unknown field 'resourse.type'"}). */
  public String description() {
    return description;
  }
}
