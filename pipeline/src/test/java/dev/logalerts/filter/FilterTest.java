package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.FieldValues;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.model.Severity;
import dev.logalerts.model.Timestamps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Semantics of the filter language: every operator on every field kind, precedence, quoting. */
@RunWith(JUnit4.class)
public class FilterTest {

  private static final long T0 = Timestamps.parse("2026-11-20T10:00:00Z");

  /** A k8s checkout ERROR entry with an HTTP request and a JSON payload. */
  private static LogEvent checkout() {
    Map<String, String> resourceLabels = new TreeMap<>();
    resourceLabels.put("namespace_name", "shop");
    resourceLabels.put("container_name", "checkout");
    Map<String, String> labels = new TreeMap<>();
    labels.put("k8s-pod/app", "checkout-v2");
    labels.put("env.name", "prod");
    FieldValues payload =
        FieldValues.builder()
            .add(FieldValues.key("jsonPayload", "message"), "Payment TIMEOUT after 30s")
            .add(FieldValues.key("jsonPayload", "user", "id"), "u-42")
            .add(FieldValues.key("jsonPayload", "attempts"), "3")
            .add(FieldValues.key("jsonPayload", "ratio"), "0.25")
            .add(FieldValues.key("jsonPayload", "tags"), "payments")
            .add(FieldValues.key("jsonPayload", "tags"), "critical-path")
            .add(FieldValues.key("jsonPayload", "a.b"), "dotted")
            .add(FieldValues.key("jsonPayload", "nothing"), "")
            .add(FieldValues.key("jsonPayload", "gone"), FieldValues.NULL)
            .add(FieldValues.key("jsonPayload", "codes"), "404")
            .add(FieldValues.key("jsonPayload", "codes"), "503")
            .build();
    return LogEvent.builder()
        .setInsertId("abc123")
        .setTimestampNanos(T0)
        .setReceiveTimestampNanos(T0 + 1_000_000L)
        .setSeverity(Severity.ERROR)
        .setLogName("projects/p1/logs/stderr")
        .setLogId("stderr")
        .setProjectId("p1")
        .setResourceType("k8s_container")
        .setResourceLabels(resourceLabels)
        .setLabels(labels)
        .setService("shop/checkout")
        .setMessage("Payment TIMEOUT after 30s")
        .setPayloadKind(PayloadKind.JSON)
        .setHttpRequest(
            HttpRequest.builder()
                .setRequestMethod("POST")
                .setRequestUrl("https://shop.example.com/api/pay?x=1")
                .setStatus(503)
                .setResponseSize(1200)
                .setLatencyNanos(1_500_000_000L)
                .setCacheHit(false)
                .build())
        .setPayload(payload)
        .build();
  }

  /** A bare INFO text entry: no labels, no httpRequest, no payload. */
  private static LogEvent plain() {
    return LogEvent.builder()
        .setTimestampNanos(T0)
        .setSeverity(Severity.INFO)
        .setLogName("projects/p1/logs/cloudaudit.googleapis.com%2Factivity")
        .setLogId("cloudaudit.googleapis.com/activity")
        .setResourceType("gce_instance")
        .setMessage("all good")
        .setPayloadKind(PayloadKind.TEXT)
        .build();
  }

  private static boolean matches(String filter, LogEvent e) {
    return Filter.compile(filter).test(e);
  }

  private static void assertMatches(String filter, LogEvent e) {
    assertWithMessage(filter).that(matches(filter, e)).isTrue();
  }

  private static void assertNoMatch(String filter, LogEvent e) {
    assertWithMessage(filter).that(matches(filter, e)).isFalse();
  }

  private static String canonical(String filter) {
    return Filter.compile(filter).toString();
  }

  @Test
  public void emptyAndBlankMatchEverything() {
    assertMatches("", checkout());
    assertMatches("  \n\t ", plain());
    assertThat(Filter.compile("   ").text()).isEqualTo("   ");
    assertThat(canonical("")).isEmpty();
  }

  @Test
  public void stringEqualityIsCaseInsensitive() {
    LogEvent e = checkout();
    assertMatches("resource.type=\"k8s_container\"", e);
    assertMatches("resource.type = K8S_CONTAINER", e);
    assertNoMatch("resource.type=\"k8s\"", e);
    assertMatches("resource.labels.namespace_name=shop", e);
    assertMatches("logName=\"projects/p1/logs/stderr\"", e);
    assertMatches("insertId=ABC123", e);
    assertMatches("service=\"shop/checkout\"", e);
    assertMatches("message=\"payment timeout after 30s\"", e);
    assertMatches("textPayload=\"all good\"", plain());
    assertNoMatch("textPayload:good", e); // jsonPayload entry has no textPayload
    assertMatches("projectId=P1", e);
    assertMatches("httpRequest.requestMethod=post", e);
  }

  @Test
  public void logNameAliasIsLogName() {
    // Cloud Logging stores sink filters written with log_name (the proto name) and they match.
    LogEvent e = checkout();
    assertMatches("log_name=\"projects/p1/logs/stderr\"", e);
    assertMatches("log_name:stderr", e);
    assertNoMatch("log_name=\"projects/p1/logs/stdout\"", e);
    assertThat(canonical("log_name=\"projects/p1/logs/stderr\""))
        .isEqualTo(canonical("logName=\"projects/p1/logs/stderr\""));
    // The other BigQuery column names are still refused with a hint.
    FilterSyntaxException refused =
        org.junit.Assert.assertThrows(
            FilterSyntaxException.class, () -> Filter.compile("insert_id=\"x\""));
    assertThat(refused).hasMessageThat().contains("did you mean 'insertId'?");
  }

  @Test
  public void stringNotEqual() {
    LogEvent e = checkout();
    assertMatches("resource.type!=gce_instance", e);
    assertNoMatch("resource.type!=K8S_CONTAINER", e);
  }

  @Test
  public void hasIsCaseInsensitiveSubstring() {
    LogEvent e = checkout();
    assertMatches("message:timeout", e);
    assertMatches("message:\"TIMEOUT AFTER\"", e);
    assertNoMatch("message:refused", e);
    assertMatches("httpRequest.requestUrl:\"/api/PAY\"", e);
    assertMatches("logName:stderr", e);
  }

  @Test
  public void stringOrderingIsLexicographicIgnoringCase() {
    LogEvent e = checkout();
    assertMatches("resource.type > \"J\"", e);
    assertMatches("resource.type >= \"k8s_container\"", e);
    assertMatches("resource.type <= \"K8S_CONTAINER\"", e);
    assertNoMatch("resource.type < \"k8s_container\"", e);
    assertMatches("resource.type < \"l\"", e);
  }

  @Test
  public void regexIsRe2SearchAndCaseSensitive() {
    LogEvent e = checkout();
    assertMatches("message=~\"TIMEOUT\"", e);
    assertNoMatch("message=~\"timeout\"", e);
    assertMatches("message=~\"(?i)timeout\"", e);
    assertMatches("message=~\"after \\d+s$\"", e); // unknown escape \d is kept for the regex
    assertMatches("message=~\"after \\\\d+s$\"", e); // and so is an escaped backslash
    assertNoMatch("message=~\"^TIMEOUT\"", e);
    assertMatches("message!~\"^TIMEOUT\"", e);
    assertNoMatch("message!~\"TIMEOUT\"", e);
    assertMatches("labels.\"k8s-pod/app\"=~\"-v[0-9]$\"", e);
    assertMatches("httpRequest.status=~\"^5\"", e);
    assertMatches("severity=~\"ERR\"", e);
    assertMatches("jsonPayload.tags=~\"^crit\"", e); // any array element
    assertNoMatch("jsonPayload.missing=~\".*\"", e);
    assertNoMatch("jsonPayload.missing!~\"x\"", e); // missing: !~ is false too
  }

  @Test
  public void pathologicalRegexRunsInLinearTime() {
    String longInput = "a".repeat(20_000);
    LogEvent e = plain().toBuilder().setMessage(longInput).build();
    // Exponential for backtracking engines; RE2J is linear, so this returns promptly.
    assertNoMatch("message=~\"(a*)*b\"", e);
    assertNoMatch("message=~\"^(a|aa)+$b\"", e);
    assertMatches("message=~\"(a*)*$\"", e);
  }

  @Test
  public void quotedPathSegments() {
    LogEvent e = checkout();
    assertMatches("labels.\"k8s-pod/app\"=\"checkout-v2\"", e);
    assertMatches("labels.\"env.name\"=prod", e);
    assertMatches("labels.env.name=prod", e); // label keys may contain dots
    assertMatches("jsonPayload.\"a.b\"=dotted", e);
    assertNoMatch("jsonPayload.a.b=dotted", e); // an unquoted dot is a path separator
    assertMatches("\"jsonPayload\".user.id=\"u-42\"", e);
    assertMatches("jsonPayload.user.\"id\"=\"U-42\"", e);
  }

  @Test
  public void valueEscapes() {
    LogEvent e = plain().toBuilder().setMessage("say \"hi\"\tto C:\\temp\nnow").build();
    assertMatches("message=\"say \\\"hi\\\"\\tto C:\\\\temp\\nnow\"", e);
    assertMatches("message:\"\\u0022hi\\u0022\"", e);
    assertMatches("message:\"\\\"hi\\\"\"", e);
  }

  @Test
  public void quoteRoundTrips() {
    String nasty = "a \"quoted\" \\ back\\slash\ttab\nnew\r\u0001 end";
    assertThat(Filter.quote("plain")).isEqualTo("\"plain\"");
    assertThat(Filter.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(Filter.quote("x\ny")).isEqualTo("\"x\\ny\"");
    LogEvent e = plain().toBuilder().setMessage(nasty).build();
    assertMatches("message=" + Filter.quote(nasty), e);
    assertNoMatch("message=" + Filter.quote(nasty + "x"), e);
    assertMatches("jsonPayload.x:* OR " + Filter.quote("back\\slash"), e);
  }

  @Test
  public void severityComparesInSeverityOrder() {
    LogEvent e = checkout(); // ERROR
    assertMatches("severity>=ERROR", e);
    assertMatches("severity>=warning", e);
    assertMatches("severity=error", e);
    assertMatches("severity=\"ERROR\"", e);
    assertMatches("severity>=500", e);
    assertMatches("severity=500", e);
    assertMatches("severity<CRITICAL", e);
    assertMatches("severity<=ERROR", e);
    assertMatches("severity>450", e);
    assertNoMatch("severity>ERROR", e);
    assertNoMatch("severity>=CRITICAL", e);
    assertNoMatch("severity<ERROR", e);
    assertMatches("severity!=INFO", e);
    assertNoMatch("severity!=ERROR", e);
    assertMatches("severity:ERROR", e);
    assertMatches("severity>=WARN", e); // alias
    assertNoMatch("severity>=ERROR", plain()); // INFO
    // DEFAULT (missing severity) is the lowest.
    LogEvent d = plain().toBuilder().setSeverity(Severity.DEFAULT).build();
    assertMatches("severity<DEBUG", d);
    assertMatches("severity=DEFAULT", d);
  }

  @Test
  public void numbersCompareNumerically() {
    LogEvent e = checkout(); // status 503, responseSize 1200
    assertMatches("httpRequest.status=503", e);
    assertMatches("httpRequest.status=\"503\"", e);
    assertMatches("httpRequest.status>=500", e);
    assertMatches("httpRequest.status<600", e);
    assertMatches("httpRequest.status>99.5", e);
    assertNoMatch("httpRequest.status>503", e);
    assertMatches("httpRequest.status<=503", e);
    assertMatches("httpRequest.status!=200", e);
    assertNoMatch("httpRequest.status!=503", e);
    assertMatches("httpRequest.status:503", e);
    assertMatches("httpRequest.responseSize>1000", e); // 1200 > 1000, though "1200" < "1000"? no
    assertMatches("httpRequest.responseSize>999", e); // numeric, not lexicographic
    assertMatches("httpRequest.status > -1", e);
    // An absent size is defaulted: Cloud Logging compares it as 0.
    assertMatches("httpRequest.requestSize>=0", e);
    assertNoMatch("httpRequest.requestSize>0", e);
  }

  @Test
  public void durationsCompareAsSeconds() {
    LogEvent e = checkout(); // 1.5s
    assertMatches("httpRequest.latency>=\"1s\"", e);
    assertMatches("httpRequest.latency>1.2", e);
    assertMatches("httpRequest.latency>\"500ms\"", e);
    assertMatches("httpRequest.latency=\"1.5s\"", e);
    assertMatches("httpRequest.latency=1500ms", e);
    assertMatches("httpRequest.latency<2s", e);
    assertNoMatch("httpRequest.latency<\"1.5s\"", e);
    assertNoMatch("httpRequest.latency>\"1m\"", e);
    assertMatches("httpRequest.latency<\"1m\"", e);
    // No httpRequest: the latency is defaulted, compared as 0s.
    assertMatches("httpRequest.latency>=0", plain());
    assertNoMatch("httpRequest.latency>0", plain());
    assertMatches("httpRequest.latency=~\"^1\\\\.5s$\"", e);
  }

  @Test
  public void booleans() {
    LogEvent e = checkout();
    assertMatches("httpRequest.cacheHit=false", e);
    assertMatches("httpRequest.cacheHit!=TRUE", e);
    assertNoMatch("httpRequest.cacheHit=true", e);
    LogEvent op = plain().toBuilder().setOperationId("op1").setOperationLast(true).build();
    assertMatches("operation.last=true", op);
    assertMatches("operation.first=false", op);
    assertMatches("operation.id=op1", op);
    assertNoMatch("operation.last=true", plain()); // no operation at all
    assertMatches("operation:*", op);
    assertNoMatch("operation:*", plain());
  }

  @Test
  public void dynamicPayloadLeaves() {
    LogEvent e = checkout();
    assertMatches("jsonPayload.attempts=3", e);
    assertMatches("jsonPayload.attempts=3.0", e); // numeric when both sides are numbers
    assertMatches("jsonPayload.attempts>2", e);
    assertMatches("jsonPayload.attempts<10", e); // numeric: "3" < "10" lexicographically false
    assertNoMatch("jsonPayload.attempts>=10", e);
    assertMatches("jsonPayload.ratio<0.5", e);
    assertMatches("jsonPayload.ratio>-1", e);
    assertMatches("jsonPayload.user.id=\"U-42\"", e); // string, case-insensitive
    assertMatches("jsonPayload.user.id>\"u-1\"", e); // lexicographic
    assertMatches("jsonPayload.user.id:\"-4\"", e);
    assertMatches("jsonPayload.attempts!=4", e);
    assertNoMatch("jsonPayload.attempts!=3", e);
    assertNoMatch("jsonPayload.nothing=NULL_VALUE", e); // "" is not null
    assertMatches("jsonPayload.nothing=\"\"", e);
    assertMatches("jsonPayload.gone=NULL_VALUE", e);
    assertNoMatch("jsonPayload.gone=\"\"", e);
    assertMatches("jsonPayload.gone:*", e);
    assertNoMatch("jsonPayload.user.id=NULL_VALUE", e);
  }

  @Test
  public void auditLogProtoPayload() {
    LogEvent audit =
        plain().toBuilder()
            .setPayloadKind(PayloadKind.PROTO)
            .setPayload(
                FieldValues.builder()
                    .add(
                        FieldValues.key("protoPayload", "@type"),
                        "type.googleapis.com/google.cloud.audit.AuditLog")
                    .add(FieldValues.key("protoPayload", "methodName"), "storage.buckets.delete")
                    .add(FieldValues.key("protoPayload", "status", "code"), "7")
                    .add(
                        FieldValues.key("protoPayload", "authenticationInfo", "principalEmail"),
                        "Alice@Example.com")
                    .build())
            .build();
    assertMatches("protoPayload.@type=\"type.googleapis.com/google.cloud.audit.AuditLog\"", audit);
    assertMatches("protoPayload.\"@type\":AuditLog", audit);
    assertMatches("protoPayload.methodName:delete protoPayload.status.code>0", audit);
    assertMatches("protoPayload.authenticationInfo.principalEmail=\"alice@example.com\"", audit);
    assertMatches("protoPayload.status:*", audit);
    assertNoMatch("protoPayload.status.message:*", audit);
    assertMatches("\"AND\"", plain().toBuilder().setMessage("this AND that").build());
  }

  @Test
  public void payloadArraysMatchWhenAnyElementMatches() {
    LogEvent e = checkout(); // tags [payments, critical-path], codes [404, 503]
    assertMatches("jsonPayload.tags=payments", e);
    assertMatches("jsonPayload.tags=\"CRITICAL-PATH\"", e);
    assertMatches("jsonPayload.codes>=500", e);
    assertMatches("jsonPayload.codes<500", e);
    assertNoMatch("jsonPayload.codes>600", e);
    // != compares each element too, the results joined with OR (Google's page: "each member of
    // the array is compared to [VALUE] and the results are joined together using the OR
    // operator"): critical-path differs from payments. NOT ... = excludes arrays holding it.
    assertMatches("jsonPayload.tags!=payments", e);
    assertNoMatch("NOT jsonPayload.tags=payments", e);
    assertMatches("jsonPayload.tags!=billing", e);
  }

  @Test
  public void hasOnAnObjectSearchesEveryLeafBelowIt() {
    LogEvent e = checkout();
    assertMatches("jsonPayload:\"u-42\"", e);
    assertMatches("jsonPayload.user:\"42\"", e);
    assertNoMatch("jsonPayload.user:\"payments\"", e);
    assertNoMatch("protoPayload:\"u-42\"", e);
  }

  @Test
  public void presence() {
    LogEvent e = checkout();
    assertMatches("jsonPayload.user:*", e); // an object
    assertMatches("jsonPayload.user.id:*", e);
    assertMatches("jsonPayload.nothing:*", e); // present with an empty value
    assertNoMatch("jsonPayload.error:*", e);
    assertMatches("NOT jsonPayload.error:*", e);
    assertMatches("httpRequest:*", e);
    assertNoMatch("httpRequest:*", plain());
    assertMatches("labels:*", e);
    assertNoMatch("labels:*", plain());
    assertMatches("labels.\"k8s-pod/app\":*", e);
    assertNoMatch("labels.version:*", e);
    assertMatches("severity:*", plain()); // severity always has a value (DEFAULT)
    assertMatches(
        "jsonPayload.tags:\"*\"",
        e.toBuilder()
            .setPayload(
                FieldValues.builder().add(FieldValues.key("jsonPayload", "tags"), "a*b").build())
            .build());
  }

  @Test
  public void missingFields() {
    LogEvent e = plain(); // no labels, no httpRequest, no payload
    assertNoMatch("labels.app=\"x\"", e);
    assertMatches("NOT labels.app=\"x\"", e);
    assertMatches("-labels.app=\"x\"", e);
    // != on a missing field (payload, labels) is false: it asserts that the field exists with
    // another value.
    assertNoMatch("labels.app!=\"x\"", e);
    assertMatches("NOT httpRequest.status=200", e);
    assertNoMatch("jsonPayload.x!=1", e);
    assertNoMatch("jsonPayload.x<1", e);
    assertNoMatch("jsonPayload.x:\"\"", e);
    assertNoMatch("receiveTimestamp>=\"2000-01-01T00:00:00Z\"", e);
    // A LogEntry field the entry lacks is defaulted: compared as "", 0 or false.
    assertMatches("httpRequest.status!=200", e);
    assertNoMatch("httpRequest.status>=200", e);
    assertMatches("httpRequest.latency<1", e);
    assertMatches("insertId=\"\"", e);
    assertNoMatch("insertId:*", e); // presence still asks for an explicit value
  }

  @Test
  public void precedenceOrBindsTighterThanAnd() {
    // a OR NOT b AND NOT c OR d  ==  (a OR (NOT b)) AND ((NOT c) OR d)
    String f = "a OR NOT b AND NOT c OR d";
    assertThat(canonical(f)).isEqualTo("((\"a\" OR (NOT \"b\")) AND ((NOT \"c\") OR \"d\"))");
    // Truth table over messages holding subsets of {a,b,c,d}, against the reference reading.
    for (int mask = 0; mask < 16; mask++) {
      boolean a = (mask & 1) != 0;
      boolean b = (mask & 2) != 0;
      boolean c = (mask & 4) != 0;
      boolean d = (mask & 8) != 0;
      String msg =
          (a ? "a" : "") + " " + (b ? "b" : "") + " " + (c ? "c" : "") + " " + (d ? "d" : "");
      LogEvent e = plain().toBuilder().setMessage(msg).setLogName("").setResourceType("").build();
      boolean expected = (a || !b) && (!c || d);
      assertWithMessage(f + " on '" + msg + "'").that(matches(f, e)).isEqualTo(expected);
    }
  }

  @Test
  public void morePrecedence() {
    assertThat(canonical("NOT a OR b")).isEqualTo("((NOT \"a\") OR \"b\")");
    assertThat(canonical("a OR b c OR d")).isEqualTo("((\"a\" OR \"b\") AND (\"c\" OR \"d\"))");
    assertThat(canonical("a AND b AND c")).isEqualTo("(\"a\" AND \"b\" AND \"c\")");
    assertThat(canonical("a OR (b AND c)")).isEqualTo("(\"a\" OR (\"b\" AND \"c\"))");
    assertThat(canonical("-a OR -b")).isEqualTo("((NOT \"a\") OR (NOT \"b\"))");
    assertThat(canonical("NOT (a OR b) c")).isEqualTo("((NOT (\"a\" OR \"b\")) AND \"c\")");
    LogEvent e = plain().toBuilder().setMessage("b c").setLogName("").setResourceType("").build();
    assertMatches("a OR b c OR d", e); // (a OR b) AND (c OR d)
    assertNoMatch("(a OR b c) OR d".replace("b c", "b") + " x", e); // ((a OR b) OR d) AND x
    assertMatches("NOT a OR b", e);
    assertNoMatch("NOT (b OR a)", e);
    // Severity and resource combined the way rules are written.
    LogEvent c = checkout();
    assertMatches("severity>=ERROR OR severity=DEBUG resource.type=k8s_container", c);
    assertNoMatch("severity<ERROR OR resource.type=gce_instance severity>=ERROR", c);
  }

  @Test
  public void commentsAndWhitespace() {
    assertMatches("-- only a comment", plain());
    assertThat(canonical("-- only a comment")).isEmpty();
    assertMatches("severity>=ERROR -- errors only\n  resource.type=k8s_container", checkout());
    assertMatches("severity >= ERROR AND\n\tresource.type = \"k8s_container\"", checkout());
  }

  @Test
  public void moreCanonicalForms() {
    assertThat(canonical("severity>=ERROR resource.type=k8s_container"))
        .isEqualTo("(severity>=\"ERROR\" AND resource.type=\"k8s_container\")");
    assertThat(canonical("severity>=warn severity<=500"))
        .isEqualTo("(severity>=\"WARNING\" AND severity<=\"500\")");
    assertThat(canonical("a AND b OR c")).isEqualTo("(\"a\" AND (\"b\" OR \"c\"))");
    assertThat(canonical("(a AND b) OR c")).isEqualTo("((\"a\" AND \"b\") OR \"c\")");
    assertThat(canonical("-a")).isEqualTo("(NOT \"a\")");
    assertThat(canonical("NOT NOT a")).isEqualTo("(NOT (NOT \"a\"))");
    assertThat(canonical("labels.\"k8s-pod/app\":*")).isEqualTo("labels.\"k8s-pod/app\":*");
    assertThat(canonical("resource.type = (\"gae_app\" OR \"gce_instance\")"))
        .isEqualTo("(resource.type=\"gae_app\" OR resource.type=\"gce_instance\")");
    assertThat(canonical("log_id(\"stderr\")")).isEqualTo("log_id(\"stderr\")");
    assertThat(canonical("timestamp>=\"2026-11-20T00:00:00+01:00\""))
        .isEqualTo("timestamp>=\"2026-11-19T23:00:00Z\"");
    assertThat(canonical("sample(insertId, 0.25)")).isEqualTo("sample(insertId, 0.25)");
    assertThat(canonical("x:\"a\\\"b\"".replace("x", "message"))).isEqualTo("message:\"a\\\"b\"");
  }

  @Test
  public void canonicalFormRecompilesToItself() {
    String[] filters = {
      "a OR NOT b AND NOT c OR d",
      "resource.type=(\"a\" OR NOT b) severity>=WARNING",
      "labels.\"k8s-pod/app\"=~\"^check\" -jsonPayload.user:*",
      "message:(\"a\" AND \"b\")",
      "httpRequest.status>=500 OR httpRequest.latency>\"2s\"",
      "jsonPayload.\"a.b\"=\"x\\ny\" log_id(\"std\\\"err\")",
    };
    for (String f : filters) {
      String c = canonical(f);
      assertWithMessage(f).that(canonical(c)).isEqualTo(c);
    }
  }

  @Test
  public void notAndMinus() {
    LogEvent e = checkout();
    assertNoMatch("NOT severity>=ERROR", e);
    assertNoMatch("-severity>=ERROR", e);
    assertMatches("NOT NOT severity>=ERROR", e);
    assertMatches("- resource.type=gce_instance", e);
    assertMatches("-(resource.type=gce_instance OR severity<ERROR)", e);
    assertNoMatch("severity>=ERROR -resource.type=k8s_container", e);
    // "-" inside a word is not NOT.
    assertMatches("labels.\"k8s-pod/app\"=checkout-v2", e);
  }

  @Test
  public void juxtapositionIsAnd() {
    LogEvent e = checkout();
    assertMatches("severity>=ERROR resource.type=k8s_container", e);
    assertNoMatch("severity>=ERROR resource.type=gce_instance", e);
    assertMatches(
        "severity>=ERROR\nresource.type=k8s_container\n-- a comment line\nmessage:pay", e);
    // Juxtaposition binds like AND, looser than OR.
    assertThat(canonical("a b OR c")).isEqualTo("(\"a\" AND (\"b\" OR \"c\"))");
  }

  @Test
  public void keywordsAreUppercaseOnly() {
    LogEvent e = plain().toBuilder().setMessage("x and y").build();
    // lowercase "and" / "or" are bare words (global restrictions), as in Cloud Logging.
    assertThat(canonical("x and y")).isEqualTo("(\"x\" AND \"and\" AND \"y\")");
    assertMatches("x and y", e);
    assertNoMatch("x or z", e); // "or" must appear too
    assertMatches("x OR z", e);
    assertThat(canonical("not x")).isEqualTo("(\"not\" AND \"x\")");
    assertNoMatch("not x", e); // "not" does not occur in "x and y"
  }

  @Test
  public void operatorLikeWordsAreFoundForTheNote() {
    assertThat(Filter.operatorLikeWords("x and y Or NOT z"))
        .containsExactly("'and' at position 3", "'Or' at position 9");
    assertThat(Filter.operatorLikeWords("textPayload:(timeout and retry) -- and more"))
        .containsExactly("'and' at position 22");
    // Quoted, a path segment, a function's argument, the operators themselves: nothing.
    assertThat(
            Filter.operatorLikeWords(
                "\"and\" AND jsonPayload.or:* OR NOT SEARCH(\"not\") AND labels.not=\"a\""))
        .isEmpty();
  }

  /**
   * Google's logging-query-language page, "Values and conversions": an enum value is "the name of
   * an enumeration type literal, case-insensitive", and "if an attempted conversion fails, then the
   * comparison fails"; so WARN, ERR, FATAL, CRIT and TRACE, which mean their level here, match
   * nothing in Cloud Logging. Names in any case and numbers are no note; neither is a payload field
   * called severity (text).
   * https://cloud.google.com/logging/docs/view/logging-query-language#values_conversions
   */
  @Test
  public void severityAliasesAreFoundForTheNote() {
    assertThat(Filter.valueNotes("severity>=WARN").severityAliases())
        .containsExactly("'WARN' at position 11 (read as WARNING)");
    assertThat(
            Filter.valueNotes("severity=(err OR FATAL OR ERROR) severity:Trace").severityAliases())
        .containsExactly(
            "'err' at position 11 (read as ERROR)",
            "'FATAL' at position 18 (read as CRITICAL)",
            "'Trace' at position 43 (read as DEBUG)");
    assertThat(
            Filter.valueNotes(
                    "severity>=warning severity<=\"Error\" severity!=500 jsonPayload.severity=WARN"
                        + " cast(severity, STRING)=\"WARN\" severity=~\"WARN\"")
                .severityAliases())
        .isEmpty();
    // An App Engine request log line's severity is the same enum (its ':' stays a substring test).
    assertThat(Filter.valueNotes("protoPayload.line.severity>=Warn").severityAliases())
        .containsExactly("'Warn' at position 29 (read as WARNING)");
    assertThat(Filter.valueNotes("protoPayload.line.severity:WARN").severityAliases()).isEmpty();
    // The alias still means its level here: the note says so, the match is unchanged.
    assertMatches("severity>=WARN", checkout());
  }

  /**
   * A streaming rule compares a fixed time with entries as they arrive: once the time has passed, a
   * lower bound lets everything through and an upper bound nothing. Google's page shows both forms
   * (a range, and "timestamp > \"2016-11-29\"" as a shortcut).
   */
  @Test
  public void fixedTimesAreFoundForTheNote() {
    assertThat(
            Filter.valueNotes(
                    "timestamp >= \"2016-11-29T23:00:00Z\" timestamp <= \"2016-11-29T23:30:00Z\"")
                .fixedTimes())
        .containsExactly(
            "timestamp>=\"2016-11-29T23:00:00Z\" at position 14",
            "timestamp<=\"2016-11-29T23:30:00Z\" at position 50");
    assertThat(Filter.valueNotes("receiveTimestamp<2016-11-29").fixedTimes())
        .containsExactly("receiveTimestamp<\"2016-11-29\" at position 18");
    // Text tests of the time are not a bound.
    assertThat(
            Filter.valueNotes(
                    "timestamp:\"2016-11\" cast(timestamp, STRING) =~ \"T23:\""
                        + " jsonPayload.timestamp > \"2016\"")
                .fixedTimes())
        .isEmpty();
  }

  @Test
  public void notEqualOverAnOrListIsFoundForTheNote() {
    // kiwicom/terraform-google-stackdriver-logs-exclusion main.tf: meant as "neither namespace"
    // https://github.com/kiwicom/terraform-google-stackdriver-logs-exclusion
    String exclusion =
        "resource.type=\"k8s_container\"\nresource.labels.namespace_name!=(kube-system OR system)";
    assertThat(Filter.notEqualOrLists(exclusion)).containsExactly("'!=' at position 61");
    // Google: "the field name and the comparison operator are applied to each element"
    LogEvent e = checkout(); // labels."env.name" = "prod"
    assertMatches("labels.\"env.name\" != (prod OR test)", e);
    assertNoMatch("NOT labels.\"env.name\" = (prod OR test)", e);
    // AND lists, = lists, != of one value, NOT and an OR inside a nested group: nothing.
    assertThat(
            Filter.notEqualOrLists(
                "labels.env != (prod AND test) labels.env = (a OR b) labels.env != a"
                    + " NOT labels.env = (a OR b) labels.env != (a AND (b OR c))"))
        .isEmpty();
  }

  @Test
  public void valueLists() {
    LogEvent e = checkout();
    assertMatches("resource.type = (\"gae_app\" OR \"k8s_container\")", e);
    assertNoMatch("resource.type = (\"gae_app\" OR \"gce_instance\")", e);
    assertMatches("message:(\"payment\" AND \"timeout\")", e);
    assertNoMatch("message:(\"payment\" AND \"refused\")", e);
    assertMatches("message:(payment timeout)", e); // juxtaposition inside a list is AND
    assertMatches("resource.type=(NOT gce_instance)", e);
    assertMatches("message:(payment AND NOT refused)", e);
    assertMatches("message:(payment AND -refused)", e);
    assertMatches("httpRequest.status=(200 OR 503)", e);
    assertMatches("severity=(WARNING OR ERROR)", e);
    assertMatches("message:((refused OR timeout) AND payment)", e);
    assertMatches("jsonPayload.ratio>(-1 AND 0.1)", e); // "-1" is a number, not NOT 1
    assertThat(canonical("message:(a -b)")).isEqualTo("(message:\"a\" AND (NOT message:\"b\"))");
    assertThat(canonical("message:-b")).isEqualTo("message:\"-b\"");
  }

  @Test
  public void bareWordsAreGlobalRestrictions() {
    LogEvent e = checkout();
    assertMatches("timeout", e); // message, case-insensitive
    assertMatches("\"payment timeout\"", e);
    assertMatches("checkout-v2", e); // label value
    assertMatches("shop", e); // resource label value
    assertMatches("stderr", e); // logName
    assertMatches("k8s_container", e); // resource.type
    assertMatches("critical-path", e); // payload leaf
    assertMatches("U-42", e);
    assertNoMatch("refused", e);
    assertNoMatch("NOT timeout", e);
    assertMatches("activity", plain()); // logName (URL-encoded form is searched)
  }

  @Test
  public void logIdFunction() {
    assertMatches("log_id(\"stderr\")", checkout());
    assertMatches("log_id(stderr)", checkout());
    assertNoMatch("log_id(\"stdout\")", checkout());
    assertMatches("log_id(\"cloudaudit.googleapis.com/activity\")", plain());
    assertNoMatch("log_id(\"cloudaudit.googleapis.com\")", plain());
    assertMatches("NOT log_id(\"stdout\") severity>=ERROR", checkout());
    assertMatches("logId=stderr", checkout());
    assertMatches("log_id=stderr", checkout());
  }

  @Test
  public void timestampsCompareAsInstants() {
    LogEvent e = checkout(); // 2026-11-20T10:00:00Z
    assertMatches("timestamp>=\"2026-11-20T00:00:00Z\"", e);
    assertMatches("timestamp>=\"2026-11-20T10:00:00.000000000Z\"", e);
    assertMatches("timestamp=\"2026-11-20T11:00:00+01:00\"", e);
    assertNoMatch("timestamp>\"2026-11-20T10:00:00Z\"", e);
    assertMatches("timestamp<\"2026-11-20T10:00:00.000000001Z\"", e);
    assertMatches("receiveTimestamp>\"2026-11-20T10:00:00Z\"", e);
    assertMatches("timestamp:\"2026-11-20\"", e);
  }

  @Test
  public void sampleIsDeterministicAndRoughlyProportional() {
    CompiledFilter f = Filter.compile("sample(insertId, 0.25)");
    int kept = 0;
    for (int i = 0; i < 4000; i++) {
      LogEvent e = plain().toBuilder().setInsertId("id-" + i).build();
      boolean v = f.test(e);
      assertThat(f.test(e)).isEqualTo(v);
      kept += v ? 1 : 0;
    }
    assertThat(kept).isIn(com.google.common.collect.Range.closed(800, 1200));
    assertThat(Filter.compile("sample(insertId, 0)").test(checkout())).isFalse();
    assertThat(Filter.compile("sample(insertId, 1)").test(checkout())).isTrue();
    // No insertId: a defaulted field samples its default ""; a missing payload field is never in.
    assertThat(Filter.compile("sample(insertId, 1)").test(plain())).isTrue();
    assertThat(Filter.compile("sample(jsonPayload.x, 1)").test(plain())).isFalse();
  }

  @Test
  public void realisticRuleFilters() {
    LogEvent e = checkout();
    assertMatches("resource.type=\"k8s_container\" AND severity>=ERROR", e);
    assertMatches(
        "resource.type=\"k8s_container\"\n"
            + "resource.labels.namespace_name=\"shop\"\n"
            + "(httpRequest.status>=500 OR jsonPayload.message:\"timeout\")",
        e);
    assertMatches("protoPayload.methodName:\"delete\" OR log_id(\"stderr\")", e);
    assertNoMatch("resource.type=\"http_load_balancer\" httpRequest.status>=500", e);
  }

  @Test
  public void compiledFilterIsSerializable() throws Exception {
    CompiledFilter f =
        Filter.compile(
            "message=~\"(?i)timeout\" severity>=ERROR labels.\"k8s-pod/app\":*"
                + " jsonPayload.codes>500");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    CompiledFilter copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (CompiledFilter) in.readObject();
    }
    assertThat(copy.test(checkout())).isTrue();
    assertThat(copy.test(plain())).isFalse();
    assertThat(copy.text()).isEqualTo(f.text());
    assertThat(copy.toString()).isEqualTo(f.toString());
  }
}
