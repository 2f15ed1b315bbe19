package dev.logalerts.templates;

/**
 * HAProxy's HTTP log (option httplog) writes its five timers as one word right before the HTTP
 * status: {@code 10/0/30/69/109 200} ({@code TR/Tw/Tc/Tr/Ta}, {@code Tq/Tw/Tc/Tr/Tt} before 1.9;
 * {@code -1} for a step not reached, a {@code +} before the total with {@code option logasap}). The
 * status after them keeps its class, so a backend's 5xx row is not its 2xx one. The TCP log has
 * three timers and the byte count after them, so it is not taken.
 */
final class HaproxyTimers {
  private HaproxyTimers() {}

  /** Whether {@code s[a, e)} is five {@code /}-separated timers. */
  static boolean at(char[] s, int a, int e) {
    int parts = 1;
    int digits = 0;
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '/' && digits > 0) {
        parts++;
        digits = 0;
      } else if (!((c == '-' || c == '+') && digits == 0 && (i == a || s[i - 1] == '/'))) {
        return false;
      }
    }
    return parts == 5 && digits > 0;
  }
}
