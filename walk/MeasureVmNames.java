import dev.logalerts.parse.ServiceDeriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures the gce_instance row of ServiceDeriver on real VM names (vm-names.tsv): each name as
 * the resource_name label of an entry, its service against the service a person would want.
 * Run from the clone's root after compiling the pipeline module:
 * java -cp pipeline/target/classes walk/MeasureVmNames.java walk/vm-names.tsv
 */
public class MeasureVmNames {
  public static void main(String[] args) throws Exception {
    Map<String, int[]> byKind = new TreeMap<>(); // changed right, changed wrong, kept right, kept (missed)
    int suffixes = 0;
    int recognised = 0;
    StringBuilder missed = new StringBuilder();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] c = line.split("\t");
      String name = c[0], kind = c[1], wanted = c[2];
      String got =
          ServiceDeriver.derive(
              "gce_instance",
              Map.of("instance_id", "1"),
              Map.of("compute.googleapis.com/resource_name", name),
              "syslog",
              "");
      int[] n = byKind.computeIfAbsent(kind, k -> new int[4]);
      String verdict;
      if (!got.equals(name)) {
        verdict = got.equals(wanted) ? "changed, right" : "CHANGED, WRONG";
        n[got.equals(wanted) ? 0 : 1]++;
      } else {
        verdict = got.equals(wanted) ? "kept, right" : "kept, missed";
        n[got.equals(wanted) ? 2 : 3]++;
      }
      System.out.printf("%-16s %-9s %s -> %s%n", verdict, kind, name, got);
      if (kind.equals("mig") || kind.equals("gke")) {
        // The generated suffix alone, after a base the GKE rule does not read: would the managed
        // instance rule recognise it?
        String suffix = name.substring(name.length() - 4);
        String probe = "base-" + suffix;
        suffixes++;
        if (ServiceDeriver.derive(
                "gce_instance",
                Map.of(),
                Map.of("compute.googleapis.com/resource_name", probe),
                "syslog",
                "")
            .equals("base")) {
          recognised++;
        } else {
          missed.append(' ').append(suffix);
        }
      }
    }
    System.out.println();
    System.out.printf(
        "generated suffixes (mig, gke) the managed-instance rule recognises: %d of %d; missed:%s%n",
        recognised, suffixes, missed);
    System.out.println("kind      changed-right changed-wrong kept-right kept-missed");
    for (Map.Entry<String, int[]> e : byKind.entrySet()) {
      int[] n = e.getValue();
      System.out.printf("%-9s %13d %13d %10d %11d%n", e.getKey(), n[0], n[1], n[2], n[3]);
    }
  }
}
