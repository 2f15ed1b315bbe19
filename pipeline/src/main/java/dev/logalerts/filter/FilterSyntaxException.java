package dev.logalerts.filter;

/** A malformed filter, with the 1-based character position where parsing failed. */
public class FilterSyntaxException extends IllegalArgumentException {
  private final int position;

  public FilterSyntaxException(String message, int position) {
    super(message + " at position " + position);
    this.position = position;
  }

  /** 1-based character position in the filter text. */
  public int position() {
    return position;
  }
}
