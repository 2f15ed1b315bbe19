package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class PayloadKeysTest {
  @Test
  public void aPathHasOneKeyAndTheRoleOfItsPosition() {
    PayloadKeys.Node json = PayloadKeys.root("jsonPayload", PayloadFlattener.R_JSON_ROOT);
    PayloadKeys.Node message = json.child("message");
    assertThat(message.key).isEqualTo(FieldValues.key("jsonPayload", "message"));
    assertThat(message.role).isEqualTo(PayloadFlattener.R_JSON_MESSAGE);
    assertThat(json.child("message")).isSameInstanceAs(message);
    assertThat(json.child("error").child("message").role)
        .isEqualTo(PayloadFlattener.R_JSON_ERROR_MESSAGE);
    assertThat(json.child("user").child("message").role).isEqualTo(PayloadFlattener.R_NONE);
  }

  @Test
  public void arrayElementsKeepTheKeyAndTakeTheElementRole() {
    PayloadKeys.Node line =
        PayloadKeys.root("protoPayload", PayloadFlattener.R_PROTO_ROOT).child("line");
    PayloadKeys.Node element = line.element();
    assertThat(element.key).isEqualTo(line.key);
    assertThat(element.role).isEqualTo(PayloadFlattener.R_PROTO_LINE_ELEM);
    assertThat(element.child("logMessage").role).isEqualTo(PayloadFlattener.R_LINE_MESSAGE);
    assertThat(element.child("logMessage").key)
        .isEqualTo(FieldValues.key("protoPayload", "line", "logMessage"));
    PayloadKeys.Node tags =
        PayloadKeys.root("jsonPayload", PayloadFlattener.R_JSON_ROOT).child("t");
    assertThat(tags.element()).isSameInstanceAs(tags); // no role: an element is its array's path
  }

  @Test
  public void entriesWithTheSamePathsShareTheirKeys() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    String json =
        "{\"timestamp\":\"2026-12-02T10:00:00Z\",\"jsonPayload\":{\"message\":\"m\","
            + "\"req\":{\"path\":\"/a\",\"tags\":[\"x\",\"y\"]}}}";
    LogEvent a = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    LogEvent b = parser.parse(json.replace("/a", "/b").getBytes(StandardCharsets.UTF_8));
    assertThat(a.message()).isEqualTo("m");
    String tags = FieldValues.key("jsonPayload", "req", "tags");
    java.util.List<String> tagValues = new java.util.ArrayList<>();
    for (int i = 0; i < b.payload().size(); i++) {
      if (b.payload().keyAt(i).equals(tags)) {
        tagValues.add(b.payload().valueAt(i));
      }
    }
    assertThat(tagValues).containsExactly("x", "y").inOrder();
    assertThat(b.payload().first(FieldValues.key("jsonPayload", "req", "path"))).isEqualTo("/b");
    assertThat(b.payload().size()).isEqualTo(a.payload().size());
    for (int i = 0; i < a.payload().size(); i++) {
      assertThat(b.payload().keyAt(i)).isSameInstanceAs(a.payload().keyAt(i));
    }
  }
}
