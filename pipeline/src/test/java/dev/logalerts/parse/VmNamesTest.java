package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The {@code gce_instance} row for a managed instance group's VMs (docs/service-table.md): the
 * group the agents label them with or an audit log names, else a generated name's base name.
 */
@RunWith(JUnit4.class)
public class VmNamesTest {

  private static String service(String type, String resourceLabels, String labels, String extra)
      throws InvalidEntryException {
    return ServiceDeriverTest.service(type, resourceLabels, labels, extra);
  }

  private static final String MIG_LABELS =
      "{\"compute.googleapis.com/resource_name\":\"%s\","
          + "\"compute.googleapis.com/instance_group_manager/name\":\"%s\","
          + "\"compute.googleapis.com/instance_group_manager/zone\":\"us-central1-a\"}";

  /**
   * The Ops Agent labels a managed instance group's VM's entries with its group (ops-agent
   * confgenerator/resourcedetector/gce_detector.go ExtraLogLabels; the golden
   * confgenerator/testdata/goldens/logging-receiver_redis_custom's "test-mig"), as the guest agent
   * does its own: every VM of the group is the group, whatever its name.
   */
  @Test
  public void aManagedInstanceGroupsLabelNamesItsVms() throws Exception {
    String vm = "{\"instance_id\":\"1\",\"zone\":\"us-central1-a\"}";
    // An all-letter suffix, which the name alone leaves (a GKE node's,
    // kubernetes/kubernetes#32522).
    assertThat(
            service(
                "gce_instance",
                vm,
                String.format(MIG_LABELS, "web-frontend-erra", "web-frontend"),
                ""))
        .isEqualTo("web-frontend");
    // A stateful group's VM with a name of its own, and a group named apart from its base name.
    assertThat(service("gce_instance", vm, String.format(MIG_LABELS, "db-primary", "db"), ""))
        .isEqualTo("db");
    assertThat(
            service(
                "gce_instance",
                vm,
                String.format(
                    MIG_LABELS, "serverpod-production-bs82", "serverpod-production-group"),
                ""))
        .isEqualTo("serverpod-production-group");
    // A GKE node pool's group is the pool, as its nodes' names are.
    assertThat(
            service(
                "gce_instance",
                vm,
                String.format(
                    MIG_LABELS,
                    "gke-shop-default-pool-a6ea5e55-h1ms",
                    "gke-shop-default-pool-a6ea5e55-grp"),
                ""))
        .isEqualTo("gke-shop-default-pool");
    // Without the label, the name.
    assertThat(
            service(
                "gce_instance",
                vm,
                "{\"compute.googleapis.com/resource_name\":\"web-frontend-erra\"}",
                ""))
        .isEqualTo("web-frontend-erra");
  }

  /**
   * A group's operation on its VM, in Compute Engine's audit log: the group from {@code
   * metadata.instance_group_manager_name}, else from the status message (its whole path in
   * serverpod/serverpod#1060, its name in the OpenTelemetry Collector's system_event.json).
   */
  @Test
  public void aManagedInstanceGroupsAuditLogNamesTheGroup() throws Exception {
    String audit =
        ",\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
            + "\"status\":{\"message\":\"%s\"},\"serviceName\":\"compute.googleapis.com\","
            + "\"methodName\":\"compute.instances.repair.recreateInstance\","
            + "\"resourceName\":\"projects/p/zones/z/instances/web-frontend-erra\"%s}";
    String vm = "{\"instance_id\":\"8714996479343591426\"}";
    String byPath =
        "Instance Group Manager 'projects/69/zones/z/instanceGroupManagers/web-mig' initiated"
            + " recreateInstance on instance 'projects/69/zones/z/instances/web-frontend-erra'.";
    assertThat(service("gce_instance", vm, "{}", String.format(audit, byPath, "")))
        .isEqualTo("web-mig");
    String byName = "Instance Group Manager 'web-mig' initiated recreateInstance on instance 'x'.";
    assertThat(service("gce_instance", vm, "{}", String.format(audit, byName, "")))
        .isEqualTo("web-mig");
    String metadata = ",\"metadata\":{\"instance_group_manager_name\":\"web-group\"}";
    assertThat(service("gce_instance", vm, "{}", String.format(audit, byPath, metadata)))
        .isEqualTo("web-group");
    // Another operation names the VM; a status that only mentions a group, too.
    assertThat(service("gce_instance", vm, "{}", String.format(audit, "Done.", "")))
        .isEqualTo("web-frontend-erra");
    assertThat(
            service(
                "gce_instance",
                vm,
                "{}",
                String.format(audit, "Instance Group Manager 'unterminated", "")))
        .isEqualTo("web-frontend-erra");
  }

  /**
   * A managed instance group names its VMs base name + "-" + 4 random lowercase letters and digits
   * (InstanceGroupManager.baseInstanceName in the Compute Engine API): the base name is the service
   * when the suffix alternates letters and digits twice (real ones: doughnut-app-group-0c2b,
   * iap-ig-1c4k, cosmos-9tw8 from instance lists in public code; GKE's t2aj, z4sx, 8v1j). Real
   * names people chose keep their last word (vm-mgmt, vpc-p-workload-01-vm01, web-server-prod,
   * gce-psa-test, among 103 real names in public code), as do a group's suffixes that look chosen
   * (kmm1, erra).
   */
  @Test
  public void aManagedInstanceIsItsBaseNameWhenItsSuffixIsGenerated() throws Exception {
    String vm = "{\"instance_id\":\"1\"}";
    String named = "{\"compute.googleapis.com/resource_name\":\"%s\"}";
    String[][] changed = {
      {"web-frontend-x7k2", "web-frontend"},
      {"web-frontend-9qb4", "web-frontend"},
      {"doughnut-app-group-0c2b", "doughnut-app-group"},
      {"iap-ig-1c4k", "iap-ig"},
      {"cosmos-9tw8", "cosmos"},
      {"webserver-s4s0", "webserver"},
      {"api-t2aj", "api"},
      {"api-w20k", "api"},
      {"api-94f1", "api"},
      {"a-1t56", "a"},
    };
    for (String[] c : changed) {
      assertWithMessage(c[0])
          .that(service("gce_instance", vm, String.format(named, c[0]), ""))
          .isEqualTo(c[1]);
    }
    String[] kept = {
      "web-prod",
      "api-main",
      "db-test",
      "app-blue",
      "vm-mgmt",
      "web-server-prod",
      "vpc-p-workload-01-vm01",
      "web-srv1",
      "ad-dc01",
      "gpu-a100",
      "data-16gb",
      "ubuntu-2204",
      "web-0001",
      "mig-kmm1",
      "web-erra",
      "web-vm-1",
      "stage-vm-t7",
      "instance-1",
      "batch-worker-default-standard-7ax9q",
      "x7k2",
      "-x7k2",
      "web--x7k2",
      "web-X7K2",
      "web-x7_2",
      "cluster-ca8b-m",
      "cluster-ca8b-w-0",
      "cluster-ca8b-sw-0",
    };
    for (String name : kept) {
      assertWithMessage(name)
          .that(service("gce_instance", vm, String.format(named, name), ""))
          .isEqualTo(name);
    }
    // The VM name from any field: the audit log's resource, journald's host.
    String audit =
        ",\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
            + "\"serviceName\":\"compute.googleapis.com\",\"methodName\":\"v1.compute.instances.delete\","
            + "\"resourceName\":\"projects/p/zones/z/instances/web-frontend-x7k2\"}";
    assertThat(service("gce_instance", vm, "{}", audit)).isEqualTo("web-frontend");
    String journal =
        ",\"jsonPayload\":{\"_HOSTNAME\":\"web-frontend-x7k2.us-central1-a.c.p.internal\","
            + "\"MESSAGE\":\"Started Daily apt upgrade.\"}";
    assertThat(service("gce_instance", vm, "{}", journal)).isEqualTo("web-frontend");
  }

  /** The scope's regular expression takes off the suffixes the deriver does, and only those. */
  @Test
  public void theManagedInstanceSuffixPatternIsTheRule() {
    Pattern suffix = Pattern.compile("^web-" + VmNames.MANAGED_INSTANCE_SUFFIX + "$");
    for (int shape = 0; shape < 16; shape++) {
      StringBuilder name = new StringBuilder("web-");
      for (int i = 3; i >= 0; i--) {
        name.append((shape >> i & 1) == 1 ? '7' : 'k');
      }
      boolean cut = VmNames.managedInstanceBase(name.toString()).equals("web");
      assertWithMessage(name.toString()).that(suffix.matcher(name).matches()).isEqualTo(cut);
    }
  }
}
