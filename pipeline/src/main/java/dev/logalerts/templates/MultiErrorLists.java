package dev.logalerts.templates;

/**
 * The error list of HashiCorp's go-multierror (Vault, Consul, Nomad, Terraform and the Go programs
 * using it): {@code 1 error occurred:} on the first line, then each error on a line of its own as
 * {@code \t* permission denied}. The first line says only how many; the first error says what, so
 * the template is made of both ({@code <*> error occurred: * permission denied}) rather than of the
 * count line alone, which put every such error of a service into one row.
 */
final class MultiErrorLists {
  private MultiErrorLists() {}

  /**
   * Where the first listed error starts (its {@code *}) when the line {@code [start, lineEnd)} of
   * {@code m} ends with go-multierror's {@code N error(s) occurred:} and the next non-blank line is
   * a {@code * } item; -1 otherwise.
   */
  static int firstError(String m, int start, int lineEnd) {
    int end = lineEnd;
    while (end > start && (m.charAt(end - 1) == ' ' || m.charAt(end - 1) == '\r')) {
      end--;
    }
    int words;
    if (m.startsWith(" errors occurred:", end - 17)) {
      words = end - 17;
    } else if (m.startsWith(" error occurred:", end - 16)) {
      words = end - 16;
    } else {
      return -1;
    }
    int digits = words;
    while (digits > start && m.charAt(digits - 1) >= '0' && m.charAt(digits - 1) <= '9') {
      digits--;
    }
    if (digits == words || (digits > start && m.charAt(digits - 1) != ' ')) {
      return -1;
    }
    int n = m.length();
    int i = lineEnd;
    while (i < n && Character.isWhitespace(m.charAt(i))) {
      i++; // blank lines and the item's indentation
    }
    return i + 1 < n && m.charAt(i) == '*' && m.charAt(i + 1) == ' ' ? i : -1;
  }
}
