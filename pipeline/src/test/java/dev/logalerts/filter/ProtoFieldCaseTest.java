package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assert.assertThrows;

import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * protoPayload's proto field names in any case, as Cloud Logging reads them; JSON keys below a
 * Struct ({@code request}, {@code metadata}) as written.
 */
@RunWith(JUnit4.class)
public class ProtoFieldCaseTest {
  private static final LogEvent AUDIT;

  static {
    try {
      AUDIT =
          new LogEntryParser()
              .parse(
                  ("{\"timestamp\":\"2026-12-04T06:00:00Z\","
                       + "\"logName\":\"projects/p/logs/cloudaudit.googleapis.com%2Factivity\","
                       + "\"resource\":{\"type\":\"project\",\"labels\":{}},"
                       + "\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
                       + "\"methodName\":\"SetIamPolicy\",\"serviceName\":\"cloudresourcemanager.googleapis.com\","
                       + "\"authenticationInfo\":{\"principalEmail\":\"alice@example.com\"},"
                       + "\"request\":{\"Policy\":{\"etag\":\"BwX\"}}}}")
                      .getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static boolean test(String filter) {
    return Filter.compile(filter).test(AUDIT);
  }

  @Test
  public void protoFieldNamesMatchInAnyCase() {
    for (String f :
        new String[] {
          "protoPayload.methodName=\"SetIamPolicy\"",
          "protoPayload.methodname=\"SetIamPolicy\"",
          "protoPayload.METHODNAME=\"SetIamPolicy\"",
          "protoPayload.authenticationinfo.principalemail=\"alice@example.com\"",
          "protoPayload.AuthenticationInfo.PrincipalEmail:\"alice\"",
        }) {
      assertWithMessage(f).that(test(f)).isTrue();
    }
    assertThat(test("protoPayload.methodname=\"GetIamPolicy\"")).isFalse();
  }

  @Test
  public void keysBelowAStructKeepTheirCase() {
    assertThat(test("protoPayload.REQUEST.Policy.etag=\"BwX\"")).isTrue();
    assertThat(test("protoPayload.request.policy.etag=\"BwX\"")).isFalse();
  }

  @Test
  public void theBigQueryColumnHintGivesTheProtoName() {
    FilterSyntaxException e =
        assertThrows(
            FilterSyntaxException.class,
            () -> Filter.compile("protopayload_auditlog.methodname=\"SetIamPolicy\""));
    assertThat(e.getMessage()).contains("did you mean 'protoPayload.methodName'");
  }
}
