package dev.logalerts.templates;

/**
 * Cloud Build's prefix of a build step's output line, {@code Step #5 - "frontend": …}, and of its
 * own {@code Starting Step #5 - "frontend"} and {@code Finished Step #5 - "frontend"} lines: the
 * quoted text is the step's {@code id} from the build config, a name, so the lines a tool writes in
 * every step ({@code Already have image (with digest): …}, {@code Step 1/14 : FROM …}) are one
 * template, as they are for steps without an id ({@code Step #5: …}), not one per step.
 */
final class CloudBuildSteps {
  private CloudBuildSteps() {}

  private static final char[] STEP = {'S', 't', 'e', 'p', ' ', '#'};

  /**
   * Whether the line {@code s} up to the opening quote at {@code open} is {@code Step #N - }, alone
   * or after {@code Starting } or {@code Finished } (read in the line: the step's number is masked
   * in the template). Only a quote after {@code " - "} is looked at further.
   */
  static boolean stepIdAt(char[] s, int open) {
    int e = open;
    if (e < 10 || s[e - 1] != ' ' || s[e - 2] != '-' || s[e - 3] != ' ') {
      return false;
    }
    int d = e - 3;
    int a = d;
    while (a > 0 && s[a - 1] >= '0' && s[a - 1] <= '9' && d - a < 4) {
      a--;
    }
    if (a == d || a < STEP.length) {
      return false;
    }
    int start = a - STEP.length;
    for (int i = 0; i < STEP.length; i++) {
      if (s[start + i] != STEP[i]) {
        return false;
      }
    }
    return lineStart(s, start)
        || (start >= 9
            && lineStart(s, start - 9)
            && (TemplateWords.equalsIgnoreCaseAt(s, start - 9, start, "Starting ")
                || TemplateWords.equalsIgnoreCaseAt(s, start - 9, start, "Finished ")));
  }

  private static boolean lineStart(char[] s, int i) {
    return i == 0 || s[i - 1] == '\n';
  }
}
