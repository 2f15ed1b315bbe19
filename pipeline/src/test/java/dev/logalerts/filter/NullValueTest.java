package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.parse.LogEntryParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A JSON null stays apart from {@code ""} from the parser through the coder to {@code NULL_VALUE},
 * while every other reader of the payload still sees an empty string.
 */
@RunWith(JUnit4.class)
public class NullValueTest {
  private static final String KEY_NULL = FieldValues.key("jsonPayload", "a");
  private static final String KEY_EMPTY = FieldValues.key("jsonPayload", "b");

  private static LogEvent parse() throws Exception {
    String json =
        "{\"timestamp\":\"2023-11-29T00:00:00Z\",\"logName\":\"projects/p/logs/x\","
            + "\"jsonPayload\":{\"a\":null,\"b\":\"\",\"message\":null}}";
    return new LogEntryParser().parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void parserKeepsNullApartFromEmpty() throws Exception {
    LogEvent e = parse();
    assertThat(FieldValues.isNull(e.payload().first(KEY_NULL))).isTrue();
    assertThat(FieldValues.isNull(e.payload().first(KEY_EMPTY))).isFalse();
    // Other readers see the same empty string as before.
    assertThat(e.payload().first(KEY_NULL)).isEqualTo("");
    assertThat(e.message()).isEmpty();
  }

  @Test
  public void coderRoundTripKeepsNull() throws Exception {
    LogEvent e = parse();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogEventCoder.of().encode(e, out);
    LogEvent back = LogEventCoder.of().decode(new ByteArrayInputStream(out.toByteArray()));
    assertThat(FieldValues.isNull(back.payload().first(KEY_NULL))).isTrue();
    assertThat(FieldValues.isNull(back.payload().first(KEY_EMPTY))).isFalse();
    assertThat(back).isEqualTo(e);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    LogEventCoder.of().encode(back, again);
    assertThat(again.toByteArray()).isEqualTo(out.toByteArray()); // deterministic
  }

  @Test
  public void equalityTellsNullFromEmpty() {
    FieldValues a = FieldValues.builder().add(KEY_NULL, FieldValues.NULL).build();
    FieldValues b = FieldValues.builder().add(KEY_NULL, "").build();
    assertThat(a).isNotEqualTo(b);
    assertThat(a).isEqualTo(FieldValues.builder().add(KEY_NULL, FieldValues.NULL).build());
  }

  @Test
  public void nullValueMatchesNullOnly() throws Exception {
    LogEvent e = parse();
    assertThat(Filter.compile("jsonPayload.a = NULL_VALUE").test(e)).isTrue();
    assertThat(Filter.compile("jsonPayload.b = NULL_VALUE").test(e)).isFalse();
    assertThat(Filter.compile("jsonPayload.a = \"\"").test(e)).isFalse();
    assertThat(Filter.compile("jsonPayload.b = \"\"").test(e)).isTrue();
    assertThat(Filter.compile("jsonPayload.message = NULL_VALUE").test(e)).isTrue();
  }
}
