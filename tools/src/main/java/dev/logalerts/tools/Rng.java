package dev.logalerts.tools;

/**
 * SplitMix64: a tiny, fully specified pseudo-random generator. Used instead of {@link
 * java.util.SplittableRandom} so that the generator's output is byte-identical for a seed on every
 * JDK (the JDK documents the algorithm of neither its bounded draws nor its doubles).
 */
final class Rng {
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    return (int) ((nextLong() >>> 33) % bound);
  }

  /** Uniform in [lo, hi] inclusive. */
  int between(int lo, int hi) {
    return lo + nextInt(hi - lo + 1);
  }

  long betweenLong(long lo, long hi) {
    return lo + Long.remainderUnsigned(nextLong(), hi - lo + 1);
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  <T> T pick(T[] items) {
    return items[nextInt(items.length)];
  }

  /** Log-normal with the given median; sigma is the shape (0.5 = moderate spread). */
  double logNormal(double median, double sigma) {
    // Box-Muller with StrictMath so results do not depend on the platform's intrinsics.
    double u1 = 1.0 - nextDouble();
    double u2 = nextDouble();
    double gauss =
        StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    return median * StrictMath.exp(sigma * gauss);
  }

  private static final char[] ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] B64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
  private static final char[] UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  String alnum(int n) {
    return draw(ALNUM, n);
  }

  String hex(int n) {
    return draw(HEX, n);
  }

  String base64Url(int n) {
    return draw(B64URL, n);
  }

  String upper(int n) {
    return draw(UPPER_DIGITS, n);
  }

  String digits(int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = (char) ('0' + (i == 0 ? 1 + nextInt(9) : nextInt(10)));
    }
    return new String(c);
  }

  String uuid() {
    return hex(8)
        + "-"
        + hex(4)
        + "-4"
        + hex(3)
        + "-"
        + pick(new String[] {"8", "9", "a", "b"})
        + hex(3)
        + "-"
        + hex(12);
  }

  private String draw(char[] alphabet, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = alphabet[nextInt(alphabet.length)];
    }
    return new String(c);
  }
}
