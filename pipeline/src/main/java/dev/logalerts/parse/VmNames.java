package dev.logalerts.parse;

/**
 * A Compute Engine VM's service by its name ({@link ServiceDeriver}'s {@code gce_instance} row):
 * VMs that a managed instance group creates and replaces under new generated names are one service
 * rather than one per VM, since an autoscaled, repaired or updated group would otherwise start a
 * new service (and new rule groups that learn again) with each VM. A GKE node is its node pool, an
 * App Engine flexible instance its version, another group's VM its base instance name when its
 * generated suffix is recognisable; every other name is kept. The entry label the agents add on a
 * group's VMs ({@link #MIG_NAME_LABEL}) names the group without guessing.
 */
final class VmNames {
  private VmNames() {}

  /**
   * The entry label naming a VM's managed instance group ({@code instance_group_manager/zone} or
   * {@code /region} holds its location): the Ops Agent adds it to every entry it writes on a VM
   * whose {@code created-by} metadata is a group, as the guest agent does to its own.
   */
  static final String MIG_NAME_LABEL = "compute.googleapis.com/instance_group_manager/name";

  /**
   * The service of a VM by its name: a GKE node's pool, an App Engine flexible instance's version,
   * a managed instance's base name ({@link #managedInstanceBase}), else the name.
   */
  static String vmService(String name) {
    String s = appEngineFlexVersion(gkeNodePool(name));
    return s.equals(name) ? managedInstanceBase(name) : s;
  }

  /**
   * A managed instance group's VM name without the suffix the group gives it ({@code
   * web-frontend-x7k2} → {@code web-frontend}): "-" and 4 random lowercase letters and digits,
   * taken off only when it alternates between letters and digits at least twice ({@code x7k2},
   * {@code 0c2b}, {@code t2aj}), which names chosen by people rarely do. A suffix of letters
   * ({@code prod}, {@code mgmt}, also a group's {@code erra}), of digits ({@code 2024}, a group's
   * sequential {@code 0001}), or of letters then digits or digits then letters ({@code vm01},
   * {@code srv1}, {@code 16gb}, also a group's {@code kmm1}) stays: about half of a group's names
   * are recognised so (23 of 45 real ones, docs/service-table.md), and no real name chosen by a
   * person among 103 was changed.
   */
  static String managedInstanceBase(String name) {
    int n = name.length();
    if (n < 6 || name.charAt(n - 5) != '-' || name.charAt(n - 6) == '-') {
      return name;
    }
    int changes = 0;
    for (int i = n - 4; i < n; i++) {
      char c = name.charAt(i);
      boolean digit = isDigit(c);
      if (!digit && (c < 'a' || c > 'z')) {
        return name;
      }
      if (i > n - 4 && digit != isDigit(name.charAt(i - 1))) {
        changes++;
      }
    }
    return changes >= 2 ? name.substring(0, n - 5) : name;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Cloud Logging's RE2 for the suffixes {@link #managedInstanceBase} takes off (without the "-"):
   * 4 letters and digits that alternate at least twice, i.e. with a letter between digits or a
   * digit between letters, or a letter, two digits and a letter (or the reverse).
   */
  static final String MANAGED_INSTANCE_SUFFIX =
      "([a-z0-9]([a-z][0-9][a-z]|[0-9][a-z][0-9])|([a-z][0-9][a-z]|[0-9][a-z][0-9])[a-z0-9]"
          + "|[a-z][0-9]{2}[a-z]|[0-9][a-z]{2}[0-9])";

  /** How a GKE node pool's instance group's name ends. */
  static final String POOL_GROUP_SUFFIX = "-grp";

  /**
   * An App Engine flexible instance's version: {@code aef-<service>-<version>-<4 characters>}
   * without the instance suffix ({@code aef-backend-20180822t164014-b75j} → {@code
   * aef-backend-20180822t164014}): the version's instance group recreates its VMs under new
   * suffixes. Other names are kept.
   */
  static String appEngineFlexVersion(String name) {
    int n = name.length();
    return name.startsWith("aef-") && n > 4 + 6 && hasInstanceSuffix(name)
        ? name.substring(0, n - 5)
        : name;
  }

  /**
   * A GKE node's node pool: {@code gke-<cluster>-<pool>-<8 hex>-<4 characters>} (or the pool's
   * instance group, {@code gke-<cluster>-<pool>-<8 hex>-grp}) without its instance group and
   * instance suffixes ({@code gke-shop-default-pool-a6ea5e55-h1ms} → {@code
   * gke-shop-default-pool}): a node is replaced with a new name whenever the pool repairs, upgrades
   * or scales, so one incident would otherwise be one service per node. Other names are kept.
   */
  static String gkeNodePool(String name) {
    if (!name.startsWith("gke-")) {
      return name;
    }
    int n = name.length();
    int end = name.endsWith(POOL_GROUP_SUFFIX) ? n - 4 : hasInstanceSuffix(name) ? n - 5 : -1;
    int hex = end - 8;
    if (hex - 1 <= 4 || name.charAt(hex - 1) != '-') {
      return name;
    }
    for (int i = hex; i < end; i++) {
      char c = name.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return name;
      }
    }
    return name.substring(0, hex - 1);
  }

  /** Whether a VM name ends with a managed instance's suffix: "-" and 4 letters or digits. */
  private static boolean hasInstanceSuffix(String name) {
    int n = name.length();
    if (n < 5 || name.charAt(n - 5) != '-') {
      return false;
    }
    for (int i = n - 4; i < n; i++) {
      char c = name.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }
}
