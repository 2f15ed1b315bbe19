package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.FieldPath;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The fields a filter reads ({@link Filter#fieldsRead}). */
@RunWith(JUnit4.class)
public class FieldsReadTest {
  private static List<String> read(String filter) {
    return Filter.fieldsRead(Filter.compile(filter)).stream()
        .map(FieldPath::toString)
        .collect(Collectors.toList());
  }

  @Test
  public void everyConstructNamesTheFieldsItReads() {
    assertThat(read("")).isEmpty();
    assertThat(
            read(
                "(protoPayload.serviceName=\"cloudresourcemanager.googleapis.com\") AND"
                    + " (ProjectOwnership OR projectOwnerInvitee) OR"
                    + " (protoPayload.serviceData.policyDelta.bindingDeltas.action=\"REMOVE\" AND"
                    + " protoPayload.serviceData.policyDelta.bindingDeltas.role=\"roles/owner\")"))
        .containsExactly(
            "protoPayload.serviceName",
            "protoPayload.serviceData.policyDelta.bindingDeltas.action",
            "protoPayload.serviceData.policyDelta.bindingDeltas.role")
        .inOrder();
    assertThat(
            read(
                "severity>=ERROR NOT jsonPayload.a:* -jsonPayload.b=1 jsonPayload.c=~\"x\""
                    + " jsonPayload.d=NULL_VALUE httpRequest.status>=500 jsonPayload.a!=2"
                    + " timestamp>=\"2026-01-01\" receiveTimestamp<\"2027-01-01\""))
        .containsExactly(
            "severity",
            "jsonPayload.a",
            "jsonPayload.b",
            "jsonPayload.c",
            "jsonPayload.d",
            "httpRequest.status",
            "timestamp",
            "receiveTimestamp")
        .inOrder();
    assertThat(
            read(
                "log_id(\"stdout\") source(projects/p) sample(jsonPayload.user, 0.5)"
                    + " ip_in_net(jsonPayload.ip, \"10.0.0.0/8\") SEARCH(protoPayload.request,"
                    + " \"x\") regexp_extract(jsonPayload.message, \"took (\\\\d+)ms\") > 500"
                    + " cast(split.uid, STRING) = \"u\""))
        .containsExactly(
            "logId",
            "logName",
            "jsonPayload.user",
            "jsonPayload.ip",
            "protoPayload.request",
            "jsonPayload.message",
            "split.uid")
        .inOrder();
    // Global restrictions and SEARCH without a field read whatever the entry holds: no path.
    assertThat(read("timeout OR \"disk full\" SEARCH(\"a `b c`\")")).isEmpty();
  }
}
