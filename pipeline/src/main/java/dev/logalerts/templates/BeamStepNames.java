package dev.logalerts.templates;

import static dev.logalerts.templates.TemplateChars.isSpace;

/**
 * The steps of a fused Dataflow stage as its job messages name them: {@code Executing operation
 * ReadAllFromText/ReadAllFiles/Reshard/AddRandomKeys+…/Map(reify_timestamps)}, {@code Finished
 * operation PAssert$49/GroupGlobally/Create.Values/Read(CreateSource)/…}. The chain is the stage, a
 * value like a path; split at its parentheses, every stage whose steps end differently was a
 * template (and a noisy-log row) of its own.
 */
final class BeamStepNames {
  private BeamStepNames() {}

  /**
   * At the token {@code s[a, j)} that a {@code (} ends, itself holding a {@code /}: if the run of
   * non-blank chars from {@code a} (parenthesised groups included, blanks inside them too: {@code
   * Map(<lambda at x.py:9>)}) has balanced parentheses, returns the index after the run; else -1.
   * Not a Java stack frame after {@code at} ({@code at java.base/java.lang.Thread.run(Thread.java:
   * 829)} keeps its file as other frames do).
   */
  static int end(char[] s, int a, int j, int to, TemplateOutput out) {
    if (j >= to || s[j] != '(' || out.endsWith("at ")) {
      return -1;
    }
    boolean slash = false;
    for (int k = a; k < j && !slash; k++) {
      slash = s[k] == '/';
    }
    if (!slash) {
      return -1; // code's "f(x)" is no step path: only a path glued to '(' is read further
    }
    int depth = 0;
    int i = a;
    for (; i < to; i++) {
      char c = s[i];
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth < 0) {
          return -1;
        }
      } else if (depth == 0) {
        if (isSpace(c)) {
          break;
        }
        if (c == '=' || c == '"') {
          return -1; // a key=value's or a quoted value: masked by their own rules
        }
      } else if (c == '\n' || c == '\r') {
        return -1;
      }
    }
    return depth == 0 ? i : -1;
  }
}
