package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.FieldValues;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The policy an audit log's denial names, and the reason of a resource's Ready condition, which its
 * noisy-log template keeps.
 */
@RunWith(JUnit4.class)
public class AuditFamilyTest {
  @Test
  public void aDenialNamesItsPolicy() {
    assertThat(
            AuditFamily.policyIn(
                "Constraint constraints/compute.trustedImageProjects violated for project"
                    + " shop-prod. Use of images from project debian-cloud is prohibited."))
        .isEqualTo("constraints/compute.trustedImageProjects");
    assertThat(
            AuditFamily.policyIn(
                "admission webhook \"warden-validating.common-webhooks.networking.gke.io\" denied"
                    + " the request: GKE Warden rejected the request because it violates one or"
                    + " more constraints.\nViolations details: {\"[denied by"
                    + " autogke-disallow-privilege]\":[\"container agent is privileged\"]}"))
        .isEqualTo("denied by autogke-disallow-privilege");
    // A Pod Security Standard's level, not the list of what the pod got wrong (a Qwiklabs GKE
    // lab's entry, families/exports/k8s-podsecurity-restricted-denied.json).
    assertThat(
            AuditFamily.policyIn(
                "pods \"nginx\" is forbidden: violates PodSecurity \"restricted:latest\":"
                    + " privileged (container \"nginx\" must not set"
                    + " securityContext.privileged=true)"))
        .isEqualTo("violates PodSecurity \"restricted:latest\"");
    assertThat(
            AuditFamily.policyIn(
                "pods \"x\" is forbidden: User \"system:anonymous\" cannot create resource"
                    + " \"pods\" in API group \"\" in the namespace \"default\""))
        .isEmpty();
    assertThat(AuditFamily.policyIn("Permission denied by the owner of the bucket")).isEmpty();
    assertThat(AuditFamily.policyIn("quota exceeded")).isEmpty();
    // The quota Dataproc's refusal names, not the amounts (gcpdiag's dataproc2 test data,
    // families/gcpdiag/audit-dataproc-create-cluster-gpu-quota.json).
    assertThat(
            AuditFamily.policyIn(
                "Insufficient 'NVIDIA_A100_80GB_GPUS' quota. Requested 5.0, available 0.0. Your"
                    + " resource request exceeds your available quota."))
        .isEqualTo("Insufficient 'NVIDIA_A100_80GB_GPUS' quota");
    assertThat(AuditFamily.policyIn("Insufficient permissions to create the cluster")).isEmpty();
  }

  private static final String TYPE =
      FieldValues.key("protoPayload", "response", "status", "conditions", "type");
  private static final String REASON =
      FieldValues.key("protoPayload", "response", "status", "conditions", "reason");

  /** Conditions as the payload holds them: type, reason pairs in document order ("" for none). */
  private static String readyReason(String... typeReason) {
    FieldValues.Builder b = FieldValues.builder();
    for (int i = 0; i < typeReason.length; i += 2) {
      b.add(TYPE, typeReason[i]);
      if (!typeReason[i + 1].isEmpty()) {
        b.add(REASON, typeReason[i + 1]);
      }
    }
    return FamilyFields.readyReason(b.build());
  }

  @Test
  public void theReadyConditionsReasonIsFoundBesideTheOthers() {
    // A real failed Service's conditions (pipecd's test of `gcloud run services describe`): the
    // image is missing under ConfigurationsReady, Ready says the revision failed.
    assertThat(
            readyReason(
                "Ready", "RevisionFailed",
                "ConfigurationsReady", "ContainerMissing",
                "RoutesReady", "RevisionFailed"))
        .isEqualTo("RevisionFailed");
    // Knative sorts conditions by type, so Ready is not always first (an OpenShift revision's
    // order; its two reasons, both ContainerMissing there, told apart here).
    assertThat(readyReason("ContainerHealthy", "ContainerMissing", "Ready", "NotReady"))
        .isEqualTo("NotReady");
    // The Cloud Run Revision of the audit log holds Ready alone.
    assertThat(readyReason("Ready", "HealthCheckContainerError"))
        .isEqualTo("HealthCheckContainerError");
    // A condition without a reason breaks the pairing: one reason present is still Ready's when
    // it is the only value, and unknown when another differs.
    assertThat(readyReason("Active", "", "Ready", "SecretsAccessCheckFailed"))
        .isEqualTo("SecretsAccessCheckFailed");
    assertThat(readyReason("Active", "", "Ready", "RevisionFailed", "RoutesReady", "Other"))
        .isEmpty();
    assertThat(readyReason("ConfigurationsReady", "ContainerMissing")).isEmpty();
    assertThat(FamilyFields.readyReason(FieldValues.EMPTY)).isEmpty();
  }
}
