package dev.logalerts.filter;

/** Entry point: compiles Cloud Logging filter text into a {@link CompiledFilter}. */
public final class Filter {
  private Filter() {}

  /**
   * Compiles filter text. Empty or blank text matches every entry.
   *
   * @throws FilterSyntaxException naming the position of the first error
   */
  public static CompiledFilter compile(String text) {
    throw new UnsupportedOperationException("filter language not implemented yet");
  }
}
