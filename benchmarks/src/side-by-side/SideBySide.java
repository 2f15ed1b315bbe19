import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Old and new code in one JVM (scripts/bench.sh --against=REV): each build's own classes and jars
 * in its own class loader over the shared third-party classpath, the same loops
 * (dev.logalerts.benchmarks.SideBySidePass) run alternately, timed by thread CPU. One JVM and
 * alternation cancel most of what makes separate runs on a shared machine incomparable.
 *
 * <p>Arguments: OLD_CLASSPATH NEW_CLASSPATH PASS_CLASSES_DIR ROUNDS WORKLOAD...
 */
public class SideBySide {
  public static void main(String[] a) throws Exception {
    Object[] side = new Object[2];
    Method[] run = new Method[2];
    for (int s = 0; s < 2; s++) {
      List<URL> urls = new ArrayList<>();
      for (String p : a[s].split(":")) {
        urls.add(new File(p).toURI().toURL());
      }
      urls.add(new File(a[2]).toURI().toURL());
      ClassLoader cl =
          new URLClassLoader(urls.toArray(new URL[0]), SideBySide.class.getClassLoader());
      Class<?> c = cl.loadClass("dev.logalerts.benchmarks.SideBySidePass");
      side[s] = c.getConstructor().newInstance();
      run[s] = c.getMethod("run", String.class);
      if (!(Boolean) c.getMethod("jobTemplateStep").invoke(side[s])) {
        System.out.println(
            "note: the "
                + (s == 0 ? "old" : "new")
                + " build's fullPath mines every message (it predates NoisyLogs.entryKeys,"
                + " the job's template step)");
      }
    }
    int rounds = Integer.parseInt(a[3]);
    String[] work = Arrays.copyOfRange(a, 4, a.length);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    List<List<List<Long>>> times = new ArrayList<>();
    int[] perPass = new int[work.length];
    for (String w : work) {
      times.add(List.of(new ArrayList<>(), new ArrayList<>()));
    }
    for (int r = 0; r < rounds; r++) {
      for (int w = 0; w < work.length; w++) {
        for (int k = 0; k < 2; k++) {
          int s = (r + k) % 2; // each side goes first every other round
          long t0 = threads.getCurrentThreadCpuTime();
          long[] out = (long[]) run[s].invoke(side[s], work[w]);
          long dt = threads.getCurrentThreadCpuTime() - t0;
          sink += out[0];
          perPass[w] = (int) out[1];
          if (r >= rounds / 3) { // the first third is warm-up
            times.get(w).get(s).add(dt);
          }
        }
      }
    }
    System.out.printf("%-11s %14s %14s %9s%n", "workload", "old ns/item", "new ns/item", "new/old");
    for (int w = 0; w < work.length; w++) {
      long[] median = new long[2];
      for (int s = 0; s < 2; s++) {
        List<Long> t = times.get(w).get(s);
        Collections.sort(t);
        median[s] = t.get(t.size() / 2) / perPass[w];
      }
      System.out.printf(
          "%-11s %14d %14d %9.3f%n", work[w], median[0], median[1], (double) median[1] / median[0]);
    }
    System.out.println(
        "(median thread CPU per item of the last two thirds of "
            + rounds
            + " alternating passes; checksum "
            + sink
            + ")");
  }
}
