package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assert.assertThrows;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Malformed filters: each gets its specific message and the 1-based position of the problem. */
@RunWith(JUnit4.class)
public class FilterErrorsTest {
  private static final String RE2_HINT =
      "; regular expressions use RE2 syntax (no lookaround, no backreferences)";

  private static FilterSyntaxException error(String filter) {
    return assertThrows(FilterSyntaxException.class, () -> Filter.compile(filter));
  }

  /** Asserts the full message (which ends with, or contains, " at position N") and position. */
  private static void assertError(String filter, String message, int position) {
    FilterSyntaxException e = error(filter);
    assertWithMessage(filter).that(e.getMessage()).isEqualTo(message);
    assertWithMessage(filter).that(e.position()).isEqualTo(position);
  }

  @Test
  public void missingValues() {
    assertError(
        "severity>=", "expected a value after '>=' but found end of filter at position 11", 11);
    assertError(
        "resource.type=\"k8s_container\" AND severity>= ",
        "expected a value after '>=' but found end of filter at position 46",
        46);
    assertError("message=NOT", "expected a value after '=' but found 'NOT' at position 9", 9);
    assertError(
        "resource.type=(\"a\" OR )",
        "expected a value after 'OR' but found ')' at position 23",
        23);
    assertError("message:(a AND)", "expected a value after 'AND' but found ')' at position 15", 15);
  }

  @Test
  public void unbalancedParentheses() {
    assertError("(severity>=ERROR", "unbalanced '(' (no matching ')') at position 1", 1);
    assertError("severity>=ERROR)", "unbalanced ')' at position 16", 16);
    assertError(
        "resource.type=\"a\" AND (severity>=ERROR OR x)) AND b",
        "unbalanced ')' at position 45",
        45);
    assertError(
        "resource.type=(\"a\" OR \"b\"", "unbalanced '(' (no matching ')') at position 15", 15);
    assertError("()", "empty parentheses at position 1", 1);
    assertError("resource.type=()", "empty value list at position 15", 15);
    assertError("log_id(\"a\"", "unbalanced '(' (no matching ')') at position 7", 7);
    assertError("(a b", "unbalanced '(' (no matching ')') at position 1", 1);
  }

  @Test
  public void fieldsTheEntryDoesNotKeepAreRefusedWithTheReason() {
    FilterSyntaxException e = error("errorGroups.id=\"COShysOX0r_51QE\"");
    assertThat(e.description()).isEqualTo("field 'errorGroups.id' is not supported");
    assertThat(e.getMessage()).contains("log sinks cannot filter on it");
    e = error("severity>=ERROR AND apphub.application.id=\"shop\"");
    assertThat(e.description()).isEqualTo("field 'apphub.application.id' is not supported");
    assertThat(e.getMessage()).contains("the pipeline does not keep it");
  }

  @Test
  public void unknownFieldsNameTheFieldAndListKnownOnes() {
    FilterSyntaxException e = error("resourse.type=\"k8s_container\"");
    assertThat(e.position()).isEqualTo(1);
    assertThat(e.description()).isEqualTo("unknown field 'resourse.type'");
    assertThat(e.getMessage())
        .startsWith(
            "unknown field 'resourse.type' at position 1; did you mean 'resource.type'? known"
                + " fields: insertId, timestamp,");
    assertThat(e.getMessage()).contains("jsonPayload.PATH");

    e = error("severity>=ERROR AND Severity>=ERROR");
    assertThat(e.position()).isEqualTo(21);
    assertThat(e.getMessage())
        .startsWith("unknown field 'Severity' at position 21; did you mean 'severity'?");

    assertError(
        "resource.typ=\"k8s_container\"",
        "unknown field 'resource.typ' at position 1; did you mean 'resource.type'? known fields"
            + " of resource: type, labels.KEY",
        1);
    e = error("httpRequest.staus>=500");
    assertThat(e.getMessage())
        .startsWith(
            "unknown field 'httpRequest.staus' at position 1; did you mean 'httpRequest.status'?"
                + " known fields of httpRequest: requestMethod,");
    assertError(
        "severity.level=ERROR",
        "unknown field 'severity.level' at position 1; 'severity' has no sub-fields",
        1);
    assertError(
        "resource=\"x\"",
        "unknown field 'resource' at position 1; known fields of resource: type, labels.KEY",
        1);
    e = error("sample(bogus, 0.5)");
    assertThat(e.description()).isEqualTo("unknown field 'bogus'");
    assertThat(e.position()).isEqualTo(8);
  }

  @Test
  public void badFieldNames() {
    assertError(
        "jsonPayload..a=\"x\"", "empty segment in field name 'jsonPayload..a' at position 13", 13);
    assertError(
        "jsonPayload.a.=\"x\"", "empty segment in field name 'jsonPayload.a.' at position 15", 15);
    assertError("=ERROR", "expected a field name before '=' at position 1", 1);
    assertError(
        "\"quoted\"=\"x\"",
        "expected a field name before '=' but found the string \"quoted\" at position 1",
        1);
    assertError(
        "httpRequest=\"x\"",
        "'httpRequest' is an object and cannot be compared at"
            + " position 1; compare one of its fields, or test presence with httpRequest:*",
        1);
  }

  @Test
  public void badRegexes() {
    assertError(
        "message=~\"(unclosed\"",
        "invalid regular expression \"(unclosed\": missing closing ) at position 10" + RE2_HINT,
        10);
    assertError(
        "severity>=ERROR message!~\"a{2,1}\"",
        "invalid regular expression \"a{2,1}\": invalid repeat count at position 26" + RE2_HINT,
        26);
    assertError(
        "message=~\"(?<=x)y\"",
        "invalid regular expression \"(?<=x)y\": invalid named capture at position 10" + RE2_HINT,
        10);
  }

  @Test
  public void badStrings() {
    assertError("message:\"timeout", "unterminated string at position 9", 9);
    assertError("labels.\"k8s-pod/app=\"x\"", "unterminated string at position 23", 23);
    assertError("message=\"\\u12\"", "incomplete \\u escape at position 10", 10);
    assertError(
        "message=\"\\u12zz\"", "invalid \\u escape (expected 4 hex digits) at position 10", 10);
  }

  @Test
  public void misplacedOperatorsAndKeywords() {
    assertError(
        "AND severity>=ERROR",
        "unexpected 'AND' (expected an expression before it) at position 1",
        1);
    assertError(
        "severity>=ERROR AND",
        "expected an expression after 'AND' but found end of filter at position 20",
        20);
    assertError(
        "severity>=ERROR OR",
        "expected an expression after 'OR' but found end of filter at position 19",
        19);
    assertError(
        "severity>=ERROR AND OR x",
        "expected an expression after 'AND' but found 'OR' at position 21",
        21);
    assertError(
        "NOT", "expected an expression after 'NOT' but found end of filter at position 4", 4);
    assertError("-", "expected an expression after '-' but found end of filter at position 2", 2);
    assertError(
        "insertId = abc:def",
        "unexpected ':' at position 15; a comparison needs a field"
            + " name on its left; quote values that contain special characters",
        15);
    assertError("severity>=ERROR ! x", "unexpected '!' (use '!=', '!~' or NOT) at position 17", 17);
    assertError("message=\"a\",", "unexpected ',' at position 12", 12);
    assertError(
        "jsonPayload.x>*",
        "'*' is only allowed after ':' at position 15; write"
            + " jsonPayload.x:* to test that a field is present, or quote \"*\" to compare text",
        15);
  }

  @Test
  public void badTypedValues() {
    assertError(
        "severity>=BOGUS",
        "unknown severity \"BOGUS\" at position 11; expected DEFAULT,"
            + " DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY or a number 0-800",
        11);
    assertError(
        "httpRequest.status>abc",
        "expected a number for httpRequest.status but found \"abc\" at position 20",
        20);
    assertError(
        "httpRequest.status=(500 OR x5)",
        "expected a number for httpRequest.status but found \"x5\" at position 28",
        28);
    assertError(
        "httpRequest.latency>\"fast\"",
        "invalid duration \"fast\" at position 21;"
            + " expected a duration like \"1.5s\" or \"500ms\", or seconds",
        21);
    assertError(
        "timestamp>=\"yesterday\"",
        "invalid timestamp \"yesterday\" at position 12;"
            + " expected a date or an RFC 3339 time, like \"2026-11-20\", \"2026-11-20T10:00:00\""
            + " (UTC) or \"2026-11-20T10:00:00.5-05:00\"",
        12);
    assertError(
        "timestamp>=2023-01-01T00:00:00Z",
        "invalid timestamp \"2023-01-01T00\" at position 12; quote a time: outside quotes ':' is"
            + " the has operator; write \"2026-11-20T10:00:00Z\"",
        12);
    assertError(
        "httpRequest.cacheHit>yes",
        "expected true or false for httpRequest.cacheHit but found \"yes\" at position 22",
        22);
    assertError(
        "httpRequest.cacheHit=maybe",
        "expected true or false for httpRequest.cacheHit but found \"maybe\" at position 22",
        22);
  }

  @Test
  public void badFunctions() {
    assertError(
        "log_id()",
        "log_id() takes exactly one argument, as in log_id(\"stderr\") at position 1",
        1);
    assertError(
        "log_id(\"a\", \"b\")",
        "log_id() takes exactly one argument, as in log_id(\"stderr\") at position 1",
        1);
    assertError(
        "foo(\"x\")", "unknown function 'foo' at position 1; supported " + Functions.SUPPORTED, 1);
    assertError(
        "sample(insertId, 2)",
        "sample() fraction must be a number from 0 to 1 but is \"2\" at position 18",
        18);
    assertError(
        "sample(insertId)",
        "sample() takes exactly two arguments, as in sample(insertId, 0.1) at position 1",
        1);
    assertError(
        "sample(\"insertId\", 0.5)",
        "sample() takes a field name as its first argument,"
            + " as in sample(insertId, 0.1) at position 8",
        8);
    assertError(
        "log_id(\"a\" \"b\")",
        "expected ',' or ')' in log_id() but found '\"b\"' at position 12",
        12);
  }

  @Test
  public void castOfAFunctionValueSaysWhatWorks() {
    // Google's chained form with a numeric type: cast converts to STRING only, and dropping the
    // cast compares the extracted value as a number; the hint is the user's own call.
    assertError(
        "resource.type=\"cloud_run_revision\"\n"
            + "CAST(REGEXP_EXTRACT(jsonPayload.latency, \"([0-9.]+)\"), FLOAT64) > 5.0",
        "CAST() converts to STRING only, not 'FLOAT64' at position 91; to compare what"
            + " REGEXP_EXTRACT() extracts as a number, drop the cast: its value compares as a"
            + " number when compared with a number, as in"
            + " REGEXP_EXTRACT(jsonPayload.latency, \"([0-9.]+)\") > 5.0",
        91);
    // That hint works: the same comparison without the cast compiles and compares numbers.
    assertThat(
            Filter.compile("REGEXP_EXTRACT(jsonPayload.latency, \"([0-9.]+)\") > 5.0")
                .test(
                    dev.logalerts.model.LogEvent.builder()
                        .setTimestampNanos(0)
                        .setPayload(
                            dev.logalerts.model.FieldValues.builder()
                                .add(
                                    dev.logalerts.model.FieldValues.key("jsonPayload", "latency"),
                                    "12.5 seconds")
                                .build())
                        .build()))
        .isTrue();
    // Its field a call too (Google's reference): the hint shows the form on a field.
    FilterSyntaxException e =
        error(
            "CAST(REGEXP_EXTRACT(CAST(timestamp, STRING), \"\\\\d+:\\\\d+:\\\\d+\\\\.(\\\\d+)\"),"
                + " INT64) < 500");
    assertThat(e.description()).isEqualTo("CAST() converts to STRING only, not 'INT64'");
    assertThat(e.position()).isEqualTo(74);
    assertThat(e.getMessage())
        .endsWith(
            "drop the cast: its value compares as a number when compared with a number, as in"
                + " regexp_extract(jsonPayload.message, \"took (\\\\d+)ms\") > 500 (on a field,"
                + " not on the value of a call)");
    assertError(
        "cast(regexp_extract(textPayload, \"id=(\\\\w+)\"), STRING) = \"a1\"",
        "cast() converts a field, not the value of regexp_extract() at position 6;"
            + " regexp_extract() gives text already: drop the cast",
        6);
    assertError(
        "cast(cast(timestamp, STRING), STRING) = \"x\"",
        "cast() converts a field, not the value of cast(), as in cast(timestamp, STRING) at"
            + " position 6",
        6);
    // A field cast to a number keeps its message.
    assertError(
        "cast(jsonPayload.latency_ms, INT64) > 500",
        "cast() converts to STRING only, not 'INT64' at position 30; as in"
            + " cast(timestamp, STRING, TIME_ZONE(\"America/New_York\"))",
        30);
  }

  @Test
  public void limits() {
    String tooLong = "message:" + Filter.quote("x".repeat(Filter.MAX_LENGTH));
    assertError(tooLong, "filter is longer than 20000 characters at position 20001", 20001);
    // Exactly at the limit is fine.
    Filter.compile("a".repeat(Filter.MAX_LENGTH));

    String longRegex = "message=~" + Filter.quote("a".repeat(Filter.MAX_REGEX_LENGTH + 1));
    assertError(longRegex, "regular expression longer than 1000 characters at position 10", 10);
    Filter.compile("message=~" + Filter.quote("a".repeat(Filter.MAX_REGEX_LENGTH)));

    String deepOk = "(".repeat(100) + "a" + ")".repeat(100);
    assertThat(
            Filter.compile(deepOk)
                .test(
                    dev.logalerts.model.LogEvent.builder()
                        .setTimestampNanos(0)
                        .setMessage("a")
                        .setPayloadKind(dev.logalerts.model.PayloadKind.TEXT)
                        .build()))
        .isTrue();
    String deep = "(".repeat(101) + "a" + ")".repeat(101);
    assertError(deep, "filter nests deeper than 100 levels at position 101", 101);
    String deepNot = "NOT ".repeat(101) + "a";
    assertError(deepNot, "filter nests deeper than 100 levels at position 401", 401);
  }
}
