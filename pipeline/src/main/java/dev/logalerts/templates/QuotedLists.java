package dev.logalerts.templates;

/**
 * A list of quoted strings as Python's repr and JSON write it ({@code ['Name', 'DRP ID']}, {@code
 * ["orders", "users"]}): the values of one slot, masked whole as one placeholder. pandas raises
 * {@code KeyError: "The following id_vars or value_vars are not present in the DataFrame:
 * ['employee_name']"} with the columns a call missed; word by word, each set of columns (and each
 * count of them) made a noisy-log row of its own for one line of code.
 */
final class QuotedLists {
  private QuotedLists() {}

  /**
   * At {@code s[i] == '['}, a list of one or more quoted strings separated by commas on this line:
   * appends the '[' and returns the index of the closing ']'. Else -1, nothing appended.
   */
  static int end(char[] s, int i, int to, TemplateOutput out) {
    if (s[i] != '[') {
      return -1;
    }
    int j = i + 1;
    while (true) {
      while (j < to && s[j] == ' ') {
        j++;
      }
      if (j >= to || (s[j] != '\'' && s[j] != '"')) {
        return -1;
      }
      char q = s[j];
      int k = j + 1;
      while (k < to && s[k] != q && s[k] != '\n') {
        k += s[k] == '\\' ? 2 : 1;
      }
      if (k >= to || s[k] != q) {
        return -1;
      }
      j = k + 1;
      while (j < to && s[j] == ' ') {
        j++;
      }
      if (j < to && s[j] == ']') {
        out.append('[');
        return j;
      }
      if (j >= to || s[j] != ',') {
        return -1;
      }
      j++;
    }
  }
}
