package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.LogEvent;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Shapes of real entries, written here in their own shape (the entries they were seen in have no
 * licence to copy): the guest and OS Config agents' VM label, an Org Policy lookup of a constraint
 * that does not exist, a print() line's trailing line break.
 */
@RunWith(JUnit4.class)
public class RealEntryShapesTest {
  private final LogEntryParser parser = new LogEntryParser();

  private LogEvent parse(String json) throws Exception {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void theGuestAgentsVmIsNamedByItsInstanceNameLabel() throws Exception {
    LogEvent e =
        parse(
            "{\"timestamp\":\"2023-09-28T08:45:35Z\",\"severity\":\"ERROR\","
                + "\"logName\":\"projects/p/logs/OSConfigAgent\","
                + "\"resource\":{\"type\":\"gce_instance\",\"labels\":{\"zone\":\"europe-west2-a\"}},"
                + "\"labels\":{\"instance_name\":\"rproxy-b0bd8e4b\",\"agent_version\":\"20230403.00\"},\"jsonPayload\":{\"message\":\"Error"
                + " running LookupEffectiveGuestPolicies\"}}");
    assertThat(e.service()).isEqualTo("rproxy-b0bd8e4b");
  }

  private static final String ORG_POLICY =
      "{\"timestamp\":\"2025-07-11T08:21:34Z\",\"severity\":\"ERROR\","
          + "\"logName\":\"projects/p/logs/cloudaudit.googleapis.com%2Fdata_access\","
          + "\"resource\":{\"type\":\"audited_resource\",\"labels\":{\"service\":"
          + "\"orgpolicy.googleapis.com\",\"method\":\"GetEffectivePolicy\"}},"
          + "\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
          + "\"serviceName\":\"orgpolicy.googleapis.com\","
          + "\"methodName\":\"google.cloud.orgpolicy.v2.OrgPolicy.GetEffectivePolicy\","
          + "\"status\":{\"code\":CODE,\"message\":\"MESSAGE constraints/gcp.NAME.\"}}}";

  private String template(String code, String message, String name) throws Exception {
    LogEvent e =
        parse(ORG_POLICY.replace("CODE", code).replace("MESSAGE", message).replace("NAME", name));
    return LogFamilies.structural(e).template();
  }

  @Test
  public void aLookupOfAMissingConstraintIsOneRowAndADenialNamesItsPolicy() throws Exception {
    // The console looks up every constraint: NOT_FOUND is not a denial, and one row serves all.
    String missing = "generic::NOT_FOUND: No constraint found with name";
    assertThat(template("5", missing, "requiresPhysicalZoneSeparation"))
        .isEqualTo("google.cloud.orgpolicy.v2.OrgPolicy.GetEffectivePolicy: NOT_FOUND");
    assertThat(template("5", missing, "resourceLocations"))
        .isEqualTo(template("5", missing, "requiresPhysicalZoneSeparation"));
    assertThat(template("9", "Constraint violated:", "resourceLocations"))
        .isEqualTo(
            "google.cloud.orgpolicy.v2.OrgPolicy.GetEffectivePolicy: FAILED_PRECONDITION"
                + " constraints/gcp.resourceLocations");
  }

  @Test
  public void aPrintedLinesLineBreakIsNotPartOfItsMessage() throws Exception {
    String entry =
        "{\"timestamp\":\"2023-05-18T12:22:14Z\",\"logName\":\"projects/p/logs/stdout\","
            + "\"resource\":{\"type\":\"cloud_run_revision\",\"labels\":{\"service_name\":\"api\"}},"
            + "\"textPayload\":\"TEXT\"}";
    assertThat(parse(entry.replace("TEXT", "Listening on port 8080\\r\\n")).message())
        .isEqualTo("Listening on port 8080");
    assertThat(parse(entry.replace("TEXT", "Traceback:\\n  File x\\n")).message())
        .isEqualTo("Traceback:\n  File x");
    assertThat(parse(entry.replace("TEXT", "two trailing blanks  ")).message())
        .isEqualTo("two trailing blanks  ");
  }
}
