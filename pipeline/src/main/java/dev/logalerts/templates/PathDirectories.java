package dev.logalerts.templates;

import static dev.logalerts.templates.TemplateChars.isSpace;

/**
 * The template of a line of values only, which the scanner wrote as one placeholder: the
 * directories of its absolute paths stay. A row of Airflow's DAG file processing stats ({@code
 * /home/airflow/gcs/dags/etl.py 19517 0.08s 1 0}, one line per DAG file in Cloud Composer's {@code
 * dag-processor-manager} log) or a listing of files is then its directory's template, {@code
 * /home/airflow/gcs/dags/<*>}, not the {@code <*>} that every line of values in the log shares and
 * no exclusion can tell apart. Whatever the number of values after the path (the stats leave the
 * pid and run time out between runs), the row is one template. A directory with a digit is masked
 * ({@code /proc/<*>/<*>}); a line without an absolute path stays {@code <*>}.
 */
final class PathDirectories {
  private PathDirectories() {}

  /** Rewrites {@code out} from the head {@code s[0, headLen)} if it has an absolute path. */
  static void write(char[] s, int headLen, TemplateOutput out) {
    boolean path = false;
    for (int i = 0; i < headLen && !path; i++) {
      path =
          s[i] == '/'
              && (i == 0 || isSpace(s[i - 1]))
              && lastSlash(s, i, wordEnd(s, i, headLen)) > i;
    }
    if (!path) {
      return;
    }
    out.reset();
    int i = 0;
    while (i < headLen) {
      if (isSpace(s[i])) {
        if (out.olen > 0 && out.o[out.olen - 1] != ' ') {
          out.append(' ');
        }
        i++;
        continue;
      }
      int j = wordEnd(s, i, headLen);
      int last = s[i] == '/' ? lastSlash(s, i, j) : -1;
      if (last <= i) {
        out.placeholder(); // a value: absorbed into the placeholder before it
      } else {
        for (int d = i; d < last; ) {
          int next = d + 1;
          while (s[next] != '/') {
            next++;
          }
          out.append('/');
          if (TemplateWords.hasDigit(s, d + 1, next)) {
            out.placeholder();
          } else {
            out.append(s, d + 1, next - d - 1);
          }
          d = next;
        }
        out.append('/');
        if (last + 1 < j) {
          out.placeholder(); // the file
        }
      }
      i = j;
    }
    out.trimTrailingSpace();
  }

  /** The end of the blank-separated word at {@code i}. */
  private static int wordEnd(char[] s, int i, int to) {
    while (i < to && !isSpace(s[i])) {
      i++;
    }
    return i;
  }

  /** The last '/' in {@code s[from, to)}, or -1. */
  private static int lastSlash(char[] s, int from, int to) {
    for (int k = to - 1; k >= from; k--) {
      if (s[k] == '/') {
        return k;
      }
    }
    return -1;
  }
}
