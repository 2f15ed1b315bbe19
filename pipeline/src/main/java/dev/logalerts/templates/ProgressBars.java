package dev.logalerts.templates;

/**
 * The bar of a training or download progress line: Keras' {@code 29696/57000
 * [==============>...............] - ETA: 1s - loss: 0.0372} and tqdm's {@code Epoch 1: 43%|████▏ |
 * 430/994 [01:40<02:11, 4.29batch/s]}. The bar's fill is the progress, a value like the counts
 * around it: kept, every position of one log call was a template (and a noisy-log row) of its own.
 * The scanner masks the bar between its brackets as one placeholder; tqdm's percentage keeps its
 * sign ({@code <*>%|<*>|}).
 */
final class ProgressBars {
  private ProgressBars() {}

  /**
   * At {@code s[i]}: a Keras bar's {@code [} (its content only {@code =}, {@code >} and {@code .},
   * some {@code =} or {@code >} or more than three dots, the empty bar: a {@code [...]} ellipsis
   * stays) or tqdm's {@code |} right after the percentage (its content block elements, tqdm's ASCII
   * bar chars or blanks). Appends the opening bracket and returns the index of the closing one (the
   * scanner writes the placeholder); else -1, nothing appended.
   */
  static int end(char[] s, int i, int from, int to, TemplateOutput out) {
    char c = s[i];
    char close;
    if (c == '[' && i + 1 < to && s[i + 1] >= '0' && s[i + 1] <= '9') {
      return timesEnd(s, i, to, out);
    } else if (c == '[' && i + 1 < to && (s[i + 1] == '=' || s[i + 1] == '.')) {
      close = ']';
    } else if (c == '|' && i > from && s[i - 1] == '%') {
      close = '|';
    } else {
      return -1;
    }
    boolean filled = close == '|';
    int j = i + 1;
    for (; j < to && s[j] != close; j++) {
      char d = s[j];
      if (close == ']' ? !(d == '=' || d == '>' || d == '.') : !isTqdmBarChar(d)) {
        return -1;
      }
      filled |= d != '.';
    }
    if (j >= to || j == i + 1 || !(filled || j - i > 4)) {
      return -1;
    }
    if (close == '|' && out.endsWith(TemplateScanner.PLACEHOLDER)) {
      out.append('%'); // the percentage's sign: what tells a bar's lines from the service's others
    }
    out.append(c);
    return j;
  }

  /**
   * tqdm's times and rate after its bar and count ({@code |<*>| <*> } written so far): {@code
   * [00:09<01:06, 1.07it/s} and, before the first update, {@code [00:00<?, ?it/s}. Both are one
   * value, so the first line of a bar is its other lines' template; a postfix after them ({@code ,
   * loss=0.06]}) is templated as usual. Appends the {@code [} and returns the index after the rate,
   * or -1.
   */
  private static int timesEnd(char[] s, int i, int to, TemplateOutput out) {
    if (!out.endsWith("|<*>| <*> ")) {
      return -1;
    }
    int j = i + 1;
    while (j < to && ((s[j] >= '0' && s[j] <= '9') || s[j] == ':')) {
      j++;
    }
    if (j >= to || s[j] != '<') {
      return -1;
    }
    j++;
    while (j < to && ((s[j] >= '0' && s[j] <= '9') || s[j] == ':' || s[j] == '?')) {
      j++;
    }
    if (j >= to || s[j] != ',') {
      return -1;
    }
    j++;
    while (j < to && s[j] == ' ') {
      j++;
    }
    int rate = j;
    while (j < to && s[j] != ',' && s[j] != ']' && s[j] != ' ') {
      j++;
    }
    if (j == rate || j >= to || s[j] == ' ') {
      return -1;
    }
    out.append('[');
    return j;
  }

  /** tqdm's bar chars: the Unicode block elements, and blanks, digits and '#' of its ASCII bar. */
  private static boolean isTqdmBarChar(char d) {
    return (d >= '\u2580' && d <= '\u259f') || d == ' ' || d == '#' || (d >= '0' && d <= '9');
  }
}
