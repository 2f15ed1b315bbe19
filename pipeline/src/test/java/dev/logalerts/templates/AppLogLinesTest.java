package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Lines of applications run on GKE as their users pasted them in public issues: message, template
 * and redaction of each (the source of every line is named where it is used).
 */
@RunWith(JUnit4.class)
public class AppLogLinesTest {
  private final TemplateMiner miner = new TemplateMiner();
  private final Redactor redactor = new Redactor();
  private final LogEntryParser parser = new LogEntryParser();
  private final NoisyLogs.TemplateKeyFn keyFn =
      new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());

  // cert-manager's controller: klog's header, then logr's text format with quoted keys.
  // https://github.com/cert-manager/cert-manager/issues/4627
  private static final String REQUEUE_ORDERS =
      "E1130 10:33:54.566739       1 controller.go:163] cert-manager/controller/orders"
          + " \"msg\"=\"re-queuing item due to error processing\" \"error\"=\"ACME client for"
          + " issuer not initialised/available\""
          + " \"key\"=\"kube-system/grafana-tls-bpzpk-419331023\" ";
  // https://github.com/cert-manager/cert-manager/issues/4956
  private static final String REQUEUE_REQUESTS =
      "E0206 17:00:20.630289       1 controller.go:163]"
          + " cert-manager/controller/certificates-request-manager \"msg\"=\"re-queuing item due to"
          + " error processing\" \"error\"=\"Internal error occurred: failed calling webhook"
          + " \\\"webhook.cert-manager.io\\\": Post"
          + " https://cert-manager-webhook.cert-manager.svc:443/validate?timeout=10s: context"
          + " deadline exceeded\" \"key\"=\"istio-system/toolhub\" ";
  // cert-manager's work-queue lines, one file, two log calls:
  // https://github.com/jenkins-x/jx/issues/6557
  private static final String SYNCING =
      "I0117 14:02:47.773967       1 controller.go:129] cert-manager/controller/ingress-shim"
          + " \"level\"=0 \"msg\"=\"syncing item\" \"key\"=\"jx-staging/test317\"";
  private static final String FINISHED =
      "I0117 14:02:47.774240       1 controller.go:135] cert-manager/controller/ingress-shim"
          + " \"level\"=0 \"msg\"=\"finished processing work item\" \"key\"=\"jx-staging/test317\"";

  @Test
  public void logrQuotedMessageKeyKeepsItsText() {
    assertThat(miner.templateOf(REQUEUE_ORDERS))
        .isEqualTo(
            "<*> controller.go:<*>] <*> \"msg\"=\"re-queuing item due to error processing\""
                + " \"error\"=\"ACME client for issuer not initialised/available\""
                + " \"key\"=\"<*>\"");
    // Two log calls of one file were one template when the quoted "msg" value was masked.
    assertThat(miner.mine(SYNCING).templateId()).isNotEqualTo(miner.mine(FINISHED).templateId());
    assertThat(miner.templateOf(SYNCING))
        .isEqualTo(
            "<*> controller.go:<*>] <*> \"level\"=<*>"
                + " \"msg\"=\"syncing item\" \"key\"=\"<*>\"");
  }

  @Test
  public void logrQuotedErrorIsTemplatedAsUnquotedErr() {
    assertThat(miner.templateOf(REQUEUE_REQUESTS))
        .isEqualTo(
            "<*> controller.go:<*>] <*> \"msg\"=\"re-queuing item due to error processing\""
                + " \"error\"=\"Internal error occurred: failed calling webhook \\\"<*>\\\": Post"
                + " <*>: context deadline exceeded\" \"key\"=\"<*>\"");
  }

  /** A quoted key that only ends like a message key is no message key: its value stays masked. */
  @Test
  public void quotedKeyMustBeWholeMessageKey() {
    assertThat(miner.templateOf("sync done \"lastmsg\"=\"abc def\""))
        .isEqualTo("sync done \"lastmsg\"=\"<*>\"");
    assertThat(miner.templateOf("sync done x\"msg\"=\"abc def\""))
        .isEqualTo("sync done x\"msg\"=\"<*>\"");
  }

  /** A controller's work-queue key names a Kubernetes object, not a secret: stored as it is. */
  @Test
  public void controllerObjectKeysAreNotRedacted() {
    assertThat(redactor.redact(REQUEUE_ORDERS)).isEqualTo(REQUEUE_ORDERS);
    assertThat(redactor.redact(REQUEUE_REQUESTS)).isEqualTo(REQUEUE_REQUESTS);
    assertThat(redactor.redact(SYNCING)).isEqualTo(SYNCING);
    // https://github.com/cert-manager/cert-manager/issues/4437
    String notFound =
        "E0907 15:18:41.422229       1 issuing_controller.go:152]"
            + " cert-manager/controller/certificates-issuing \"msg\"=\"certificate not found for"
            + " key\" \"error\"=\"certificate.cert-manager.io"
            + " \\\"mongo.develop.mydomain.com-tls\\\" not found\""
            + " \"key\"=\"app-develop/mongo.develop.mydomain.com-tls\" ";
    assertThat(redactor.redact(notFound)).isEqualTo(notFound);
  }

  /** Keys that are secrets still go: mixed case, random parts, more than one slash. */
  @Test
  public void keysThatAreSecretsAreStillRedacted() {
    assertThat(redactor.redact("key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
        .isEqualTo("key=[REDACTED:key]");
    assertThat(redactor.redact("\"key\"=\"prod/9f8e7d6c5b4a39281706f5e4d3c2b1a0\""))
        .isEqualTo("\"key\"=\"[REDACTED:key]\"");
    assertThat(redactor.redact("key=abc/def/ghi")).isEqualTo("key=[REDACTED:key]");
  }

  // Vault's file audit device on a GKE container's stdout: every request entry has an empty
  // "error". https://github.com/hashicorp/vault/issues/1764
  private static final String VAULT_REQUEST =
      "{\"insertId\":\"v1\",\"logName\":\"projects/shop-prod/logs/stdout\",\"resource\":{\"type\":"
          + "\"k8s_container\",\"labels\":{\"project_id\":\"shop-prod\",\"cluster_name\":\"prod-gke\","
          + "\"namespace_name\":\"vault\",\"pod_name\":\"vault-0\",\"container_name\":\"vault\"}},"
          + "\"severity\":\"INFO\",\"timestamp\":\"2016-08-23T09:31:45Z\",\"jsonPayload\":"
          + "{\"time\":\"2016-08-23T09:31:45Z\",\"type\":\"request\",\"auth\":{\"display_name\":"
          + "\"root\",\"policies\":[\"root\"],\"metadata\":null},\"request\":{\"operation\":\"read\","
          + "\"client_token\":\"hmac-sha256:1024397ba71fcde0b0d933c0b79c667d217043b14ffaea86f47b94"
          + "cd6326bc59\",\"path\":\"auth/token/lookup/accaadc2-7b6e-c929-d594-2d8de6d18c47\","
          + "\"data\":null,\"remote_address\":\"10.0.6.92\",\"wrap_ttl\":0},\"error\":\"\"}}";

  @Test
  public void emptyErrorIsNoMessage() throws Exception {
    LogEvent e = parser.parse(VAULT_REQUEST.getBytes(StandardCharsets.UTF_8));
    // Its "type" (request or response) heads the shape: the two records of a call are two rows.
    assertThat(e.message()).isEqualTo("type: request {auth, error, request, time, …}");
    KV<NoisyKey, NoisyEntry> kv = keyFn.apply(MatchedEvent.of(e, "test", List.of()));
    assertThat(kv.getValue().template()).isEqualTo("type: request {auth, error, request, time, …}");
    assertThat(kv.getValue().template()).isNotEqualTo(NoisyLogs.EMPTY_TEMPLATE);
    NoisyEntry entry = kv.getValue();
    String exclusion =
        SuggestedExclusion.build(
            kv.getKey(), entry.template(), entry.messageField(), entry.message());
    assertThat(Filter.compile(exclusion).test(e)).isTrue();
    String response = VAULT_REQUEST.replace("\"type\":\"request\"", "\"type\":\"response\"");
    assertThat(
            Filter.compile(exclusion).test(parser.parse(response.getBytes(StandardCharsets.UTF_8))))
        .isFalse();
    // null is no error either; a non-empty error stays the message.
    String nullError = VAULT_REQUEST.replace("\"error\":\"\"", "\"error\":null");
    assertThat(parser.parse(nullError.getBytes(StandardCharsets.UTF_8)).message())
        .isEqualTo("type: request {auth, error, request, time, …}");
    String denied = VAULT_REQUEST.replace("\"error\":\"\"", "\"error\":\"permission denied\"");
    assertThat(parser.parse(denied.getBytes(StandardCharsets.UTF_8)).message())
        .isEqualTo("permission denied");
  }

  /**
   * go-multierror's list (Vault's audit response, https://github.com/hashicorp/vault/issues/2741):
   * the count line alone was the template of every such error.
   */
  @Test
  public void multiErrorListTemplatesItsFirstError() {
    // "1 error" and "2 errors" are one call's two forms: one template (see CountedNounsTest).
    assertThat(miner.templateOf("1 error occurred:\n\n* permission denied"))
        .isEqualTo("<*> errors occurred: * permission denied");
    // The list as go-multierror writes it today: a tab before each item.
    assertThat(miner.templateOf("2 errors occurred:\n\t* permission denied\n\t* invalid path\n\n"))
        .isEqualTo("<*> errors occurred: * permission denied");
    assertThat(miner.mine("1 error occurred:\n\t* permission denied\n\n").templateId())
        .isNotEqualTo(miner.mine("1 error occurred:\n\t* invalid token\n\n").templateId());
    // After a prefix on the same line, and only with an item after it.
    assertThat(miner.templateOf("failed to renew lease: 1 error occurred:\n\t* lease not found"))
        .isEqualTo("failed to renew lease: <*> errors occurred: * lease not found");
    assertThat(miner.templateOf("1 error occurred:\nnext line")).isEqualTo("<*> errors occurred:");
  }

  /**
   * HAProxy's HTTP log (https://cnblogs.com/zhaoyangjian724/p/6199811.html): the status after the
   * five timers was masked with them, so a backend's 5xx and 2xx were one row.
   */
  @Test
  public void haproxyHttpLogKeepsItsStatusClass() {
    String ok =
        "Jun 24 13:04:49 localhost haproxy[14817]: 115.236.160.82:55729"
            + " [24/Jun/2016:13:04:49.530] http~ appserver_3000/webhost01_8001 8/0/0/6/14 200 154"
            + " - - ---- 0/0/0/0/0 0/0 \"GET /admin/api/menu HTTP/1.1\"";
    // The syslog time and host are one placeholder (SyslogLinesTest).
    assertThat(miner.templateOf(ok))
        .isEqualTo(
            "<*> haproxy[<*>]: <*> [<*>] http~ <*> 2xx <*> - - ---- <*>" + " \"GET <*> HTTP/1.1\"");
    String noServer =
        "115.236.160.82:55729 [24/Jun/2016:13:04:49.530] www www/<NOSRV> 116/-1/-1/-1/116 302"
            + " 116 - - LR-- 0/0/0/0/0 0/0 \"HEAD / HTTP/1.1\"";
    assertThat(miner.templateOf(noServer))
        .isEqualTo("<*> [<*>] www www/<NOSRV> <*> 3xx <*> - - LR-- <*> \"HEAD / HTTP/1.1\"");
    // The same request failing (the status of the line above changed): a row of its own.
    assertThat(miner.mine(ok).templateId())
        .isNotEqualTo(miner.mine(ok.replace(" 200 154 ", " 503 154 ")).templateId());
    // The TCP log (https://github.com/rancher/rancher/issues/2414): three timers, then the bytes.
    assertThat(
            miner.templateOf(
                "Nov  3 22:22:18 localhost haproxy[44]: 10.42.0.1:45202"
                    + " [03/Nov/2016:22:22:18.053] 900 900_www_abc2_com_service2_html/10.42.145.247"
                    + " 0/0/0 243 -- 1/1/0/0/0 0/0"))
        .isEqualTo("<*> haproxy[<*>]: <*> [<*>] <*> -- <*>");
  }

  /**
   * dskit's request lines (Loki's write path, https://github.com/grafana/loki/issues/11710): the
   * status in parentheses after the path was masked, so a push failing 500 was the 2xx row.
   */
  @Test
  public void dskitRequestLineKeepsItsStatusClass() {
    String failed =
        "level=warn ts=2024-01-18T15:11:31.493307637Z caller=logging.go:123 orgID=fake"
            + " msg=\"POST /loki/api/v1/push (500) 1.783945ms Response: \\\"rpc error: code ="
            + " Unimplemented desc = unknown service logproto.Pusher\\\\n\\\" ws: false;"
            + " Content-Length: 6309; Content-Type: application/x-protobuf; L5d-Client-Id:"
            + " promtail.promtail.serviceaccount.identity.linkerd.cluster.local; User-Agent:"
            + " promtail/2.9.2; \"";
    assertThat(miner.templateOf(failed)).contains("msg=\"POST <*> (5xx) <*> Response:");
    // The same request answered 204 (the status of the line above changed): a row of its own.
    assertThat(miner.mine(failed).templateId())
        .isNotEqualTo(miner.mine(failed.replace("(500)", "(204)")).templateId());
    // A number in parentheses after anything else stays masked.
    assertThat(miner.templateOf("flushed chunks (500) in 3ms"))
        .isEqualTo("flushed chunks (<*>) in <*>");
  }

  /**
   * Argo Workflows' controller logs each Kubernetes API call with its status
   * (https://github.com/argoproj/argo-workflows/issues/7214): the 404 of a missing config map was
   * the row of the 200s.
   */
  @Test
  public void kubernetesApiCallKeepsItsStatusClass() {
    assertThat(
            miner.templateOf(
                "time=\"2021-11-23T13:06:38.344Z\" level=info msg=\"Get configmaps 404\""))
        .isEqualTo("time=\"<*>\" level=info msg=\"Get configmaps 4xx\"");
    assertThat(
            miner.templateOf(
                "time=\"2021-11-23T13:06:38.330Z\" level=info msg=\"Get workflowtemplates 200\""))
        .isEqualTo("time=\"<*>\" level=info msg=\"Get workflowtemplates 2xx\"");
    // https://github.com/argoproj/argo-workflows/issues/10495
    assertThat(
            miner.templateOf(
                "time=\"2023-02-10T03:46:45.920Z\" level=info"
                    + " msg=\"DeleteCollection workflowtaskresults 200\""))
        .isEqualTo("time=\"<*>\" level=info msg=\"DeleteCollection workflowtaskresults 2xx\"");
    // A number that does not end the line, or after another word, stays masked.
    assertThat(miner.templateOf("Get items 100 from cache")).isEqualTo("Get items <*> from cache");
    assertThat(miner.templateOf("Loaded configmaps 404")).isEqualTo("Loaded configmaps <*>");
  }

  /**
   * Keycloak's event lines with quoted values (https://github.com/keycloak/keycloak/issues/35732,
   * the line up to its redirect_uri): the event type was masked as data, so every kind of event of
   * a realm's clients was one row.
   */
  @Test
  public void keycloakEventTypeIsKept() {
    String loginError =
        "2024-10-17 10:43:38,199 WARN  [org.keycloak.events] (executor-thread-26)"
            + " type=\"LOGIN_ERROR\", realmId=\"15b3a838-647e-4f17-9a00-7116f39e0b62\","
            + " realmName=\"test\", clientId=\"account-console\","
            + " userId=\"4e2fbbbc-289d-435e-9fe7-4f1719226bb0\", ipAddress=\"192.168.65.1\","
            + " error=\"invalid_user_credentials\", auth_method=\"openid-connect\","
            + " auth_type=\"code\", redirect_uri=\"http://localhost:8080/realms/test/account\"";
    assertThat(miner.templateOf(loginError))
        .isEqualTo(
            "<*> WARN [org.keycloak.events] (<*>) type=\"LOGIN_ERROR\", realmId=\"<*>\","
                + " realmName=\"<*>\", clientId=\"<*>\", userId=\"<*>\", ipAddress=\"<*>\","
                + " error=\"invalid_user_credentials\", auth_method=\"<*>\", auth_type=\"<*>\","
                + " redirect_uri=\"<*>\"");
    // Only after the whole key "type", and only an upper-case constant.
    assertThat(miner.templateOf("x auth_type=\"CODE\" phase=\"PENDING\" type=\"Refresh\""))
        .isEqualTo("x auth_type=\"<*>\" phase=\"<*>\" type=\"<*>\"");
  }

  /**
   * Node's footer after an uncaught exception, one stderr line and so one Cloud Run or Cloud
   * Functions entry of its own ("\nNode.js %s\n" with the version, printed by
   * https://github.com/nodejs/node/blob/main/src/node_errors.cc), and firebase-tools' deploy line
   * of https://github.com/firebase/firebase-tools/issues/7993: "Node.js" was masked as a file name,
   * so the footer's template was a bare {@code <*>}, shared with any all-variable line.
   */
  @Test
  public void nodeJsIsARuntimeNotAFileName() {
    assertThat(miner.templateOf("Node.js v18.17.0")).isEqualTo("Node.js <*>");
    assertThat(miner.mine("Node.js v20.11.1").templateId())
        .isEqualTo(miner.mine("Node.js v18.17.0").templateId());
    assertThat(
            miner.templateOf(
                "i  functions: creating Node.js 20 (2nd Gen) function"
                    + " helloworldworld(us-central1)..."))
        .startsWith("i functions: creating Node.js <*>");
    // Files stay masked: a lower-case node.js, any other *.js.
    assertThat(miner.templateOf("loaded node.js")).isEqualTo("loaded <*>");
    assertThat(miner.templateOf("loaded Index.js")).isEqualTo("loaded <*>");
  }

  /**
   * Spring Boot's default layout pads the thread to 15 chars ({@code [%15.15t]}) and, since 3.2,
   * may add the application's name before it and a correlation id after it: one statement is one
   * template whichever thread wrote it, traced or not. Lines from Spring Boot's logging reference
   * (https://docs.spring.io/spring-boot/reference/features/logging.html, 2.x and 3.x) and a GKE
   * app's real output (https://github.com/manthanhd/eventsmgmt-api, as run on GKE).
   */
  @Test
  public void springBootThreadColumnIsOnePlaceholderWhateverItsPadding() {
    String shipped = "c.e.OrderService                         : Order 42 shipped";
    List<String> lines =
        List.of(
            "2024-01-15T10:15:30.123Z  INFO 1 --- [nio-8080-exec-1] " + shipped,
            "2024-01-15T10:15:31.123Z  INFO 1 --- [   scheduling-1] " + shipped,
            "2024-01-15T10:15:32.123Z  INFO 1 --- [ionShutdownHook] " + shipped,
            "2024-01-15 10:15:33.123  INFO 1 --- [           main] " + shipped,
            "2024-01-15T10:15:33.123Z  INFO 1 --- [           main]"
                + " [4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7] "
                + shipped);
    for (String line : lines) {
      assertThat(miner.templateOf(line))
          .isEqualTo("<*> INFO <*> --- [<*>] c.e.OrderService : Order <*> shipped");
    }
    // Since 3.2 the application's name (spring.application.name) comes first: it is kept.
    String named = "2025-05-10T01:34:33.608Z  INFO 88909 --- [myapp] ";
    for (String line :
        List.of(
            named + "[           main] " + shipped,
            named
                + "[nio-8080-exec-7] [4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7] "
                + shipped,
            named
                + "[nio-8080-exec-7] [                                                 ] "
                + shipped)) {
      assertThat(miner.templateOf(line))
          .isEqualTo("<*> INFO <*> --- [myapp] [<*>] c.e.OrderService : Order <*> shipped");
    }
    // The logger names the statement, brackets and all; the message's own brackets stay.
    assertThat(
            miner.templateOf(
                "2014-03-05 10:57:51.253  INFO 45469 --- [ost-startStop-1]"
                    + " o.a.c.c.C.[Tomcat].[localhost].[/]       : Initializing Spring embedded"
                    + " WebApplicationContext"))
        .isEqualTo(
            "<*> INFO <*> --- [<*>] o.a.c.c.C.[Tomcat].[localhost].[/] : Initializing Spring"
                + " embedded WebApplicationContext");
    assertThat(
            miner.templateOf(
                "2023-04-27T19:52:08.040Z  INFO 2954 --- [           main]"
                    + " o.apache.catalina.core.StandardService   : Starting service [Tomcat]"))
        .isEqualTo(
            "<*> INFO <*> --- [<*>] o.apache.catalina.core.StandardService : Starting service"
                + " [Tomcat]");
    // A bracket after "---" that is not Spring Boot's column (no logger and colon) is text.
    assertThat(miner.templateOf("--- [release notes] added retries"))
        .isEqualTo("--- [release notes] added retries");
  }

  /**
   * A Java logger's name in its header names the log call, as the message does: Spring Boot's
   * console line (https://github.com/brettwooldridge/HikariCP/issues/1676,
   * https://github.com/JsonSchema-JavaUI/sf-java-ui/issues/72) and logback's default layout
   * (https://github.com/dbos-inc/dbos-transact-java/issues/163). A full name under {@code org.} or
   * {@code com.} was masked there, as a class name in a message is, so one header kept its logger
   * when abbreviated ({@code o.s.b.w.embedded.tomcat.TomcatWebServer}) and lost it when not.
   */
  @Test
  public void javaLoggerNameInItsHeaderIsKept() {
    assertThat(
            miner.templateOf(
                "2020-10-27 18:27:25.876 DEBUG 12320 --- [           main]"
                    + " com.zaxxer.hikari.HikariConfig           : HikariPool-1 - configuration:"))
        .isEqualTo("<*> DEBUG <*> --- [<*>] com.zaxxer.hikari.HikariConfig : <*> - configuration:");
    assertThat(
            miner.templateOf(
                "2024-05-08 12:02:24.911 ERROR [bootstrap,,,] 20658 --- [cat-startStop-1]"
                    + " org.apache.catalina.core.ContainerBase   : A child container failed during"
                    + " start"))
        .isEqualTo(
            "<*> ERROR [bootstrap,,,] <*> --- [<*>] org.apache.catalina.core.ContainerBase :"
                + " A child container failed during start");
    String starting =
        "14:21:52.580 [main] INFO com.zaxxer.hikari.HikariDataSource -- HikariPool-1 - Starting...";
    assertThat(miner.templateOf(starting))
        .isEqualTo("<*> [main] INFO com.zaxxer.hikari.HikariDataSource -- <*> - Starting...");
    // log4j's "%c: %m" after a level or a bracketed field, as Hadoop writes it (Loghub's
    // https://github.com/logpai/loghub/blob/master/Hadoop/Hadoop_2k.log): the logger stays, the
    // classes the message names do not.
    assertThat(
            miner.templateOf(
                "2015-10-18 18:01:50,556 INFO [main] org.apache.hadoop.yarn.event.AsyncDispatcher:"
                    + " Registering class org.apache.hadoop.mapreduce.jobhistory.EventType for"
                    + " class org.apache.hadoop.mapreduce.jobhistory.JobHistoryEventHandler"))
        .isEqualTo(
            "<*> INFO [main] org.apache.hadoop.yarn.event.AsyncDispatcher: Registering class <*>"
                + " for class <*>");
    assertThat(
            miner.templateOf(
                "2015-10-18 18:01:53,838 INFO [AsyncDispatcher event handler]"
                    + " org.apache.hadoop.yarn.util.RackResolver: Resolved"
                    + " MSRA-SA-39.fareast.corp.microsoft.com to /default-rack"))
        .isEqualTo(
            "<*> INFO [AsyncDispatcher event handler] org.apache.hadoop.yarn.util.RackResolver:"
                + " Resolved <*> to <*>");
    // A numbered package (v2) does not make the logger an id.
    assertThat(
            miner.templateOf(
                "2015-10-18 18:01:47,978 INFO [main]"
                    + " org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for"
                    + " application appattempt_1445144423722_0020_000001"))
        .isEqualTo(
            "<*> INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster"
                + " for application <*>");
    // The same message from another logger is another log call.
    assertThat(miner.mine(starting).templateId())
        .isNotEqualTo(
            miner.mine(starting.replace("HikariDataSource", "pool.HikariPool")).templateId());
    // A class name in the message stays data.
    assertThat(
            miner.templateOf(
                "14:21:52.764 [main] INFO com.zaxxer.hikari.pool.HikariPool -- HikariPool-1 -"
                    + " Added connection org.postgresql.jdbc.PgConnection@5e4c8041"))
        .isEqualTo(
            "<*> [main] INFO com.zaxxer.hikari.pool.HikariPool -- <*> - Added connection <*>");
    assertThat(
            miner.templateOf("OutputCommitter is org.apache.hadoop.mapreduce.FileOutputCommitter"))
        .isEqualTo("OutputCommitter is <*>");
    assertThat(miner.templateOf("loaded org.apache.hadoop.Foo --- done"))
        .isEqualTo("loaded <*> --- done");
    assertThat(miner.templateOf("Failed to load org.apache.hadoop.Foo: not found"))
        .isEqualTo("Failed to load <*>: not found");
    assertThat(miner.templateOf("Loaded org.apache.hadoop.mapreduce.v2.app.MRAppMaster: ok"))
        .isEqualTo("Loaded <*>: ok");
  }

  /**
   * Sidekiq's thread ids are base-36, four to nine characters, so a share of them has no digit:
   * each such thread made its own template of one log call (a Sidekiq process runs 5–10 threads).
   */
  @Test
  public void sidekiqThreadIdsAreDataEvenWithoutADigit() {
    // Sidekiq 6+ text format, as GitLab documents its sidekiq.log:
    // https://docs.gitlab.com/administration/logs/#sidekiqlog
    String start =
        "2023-05-16T16:09:06.043Z pid=82525 tid=7p7d class=ScheduleMergeRequestCleanupRefsWorker"
            + " jid=efcc73f169c09a514b06da3f INFO: start";
    // The same lines from a public Sidekiq 7 service's journal, threads dsmk and dsp8.
    String fail =
        "2025-10-08T17:13:17.780Z pid=592396 tid=dsmk class=Score::ScanUpdatePostsJob"
            + " jid=2ce0d5744728cc25d8410e6b elapsed=0.001 INFO: fail";
    String failWithDigit =
        "2025-10-08T17:13:53.634Z pid=592396 tid=dsp8 class=Score::ScanUpdatePostsJob"
            + " jid=207590100f40e0a85471c042 elapsed=0.001 INFO: fail";
    assertThat(miner.templateOf(fail))
        .isEqualTo("<*> pid=<*> tid=<*> class=<*> jid=<*> elapsed=<*> INFO: fail");
    assertThat(miner.mine(fail).templateId()).isEqualTo(miner.mine(failWithDigit).templateId());
    assertThat(miner.mine(start).templateId())
        .isEqualTo(miner.mine(start.replace("tid=7p7d", "tid=dkgc")).templateId());
    // Before Sidekiq 6: "TID-" and "JID-" prefixes (the format in Sidekiq's wiki, quoted in
    // https://github.com/sidekiq/sidekiq/issues/2022; TID-otszewf94 in
    // https://github.com/sidekiq/sidekiq/issues/2109).
    assertThat(
            miner.templateOf(
                "2012-03-02T19:40:45Z 32515 TID-oveahmcxw INFO: HardWorker"
                    + " JID-oveaivtrg start"))
        .isEqualTo("<*> INFO: HardWorker <*> start");
    assertThat(
            miner
                .mine("13176 TID-otszewf94 FooWorker JID-aca9134a8afe7d0a19344805 INFO: start")
                .templateId())
        .isEqualTo(
            miner
                .mine("13176 TID-oveahmcxw FooWorker JID-aca9134a8afe7d0a19344806 INFO: start")
                .templateId());
  }

  /** A RabbitMQ virtual host is a tenant's name: each one made its own connection templates. */
  @Test
  public void rabbitMqVirtualHostNamesAreData() {
    // https://www.rabbitmq.com/docs/troubleshooting-networking (rabbitmq-website,
    // docs/troubleshooting-networking.md): a short-lived connection in the server's log.
    String granted =
        "2018-06-17 16:23:29.853 [info] <0.634.0> connection <0.634.0> (127.0.0.1:58588 ->"
            + " 127.0.0.1:5672): user 'guest' authenticated and granted access to vhost '/'";
    String closing =
        "2018-06-17 16:23:29.855 [info] <0.634.0> closing AMQP connection <0.634.0>"
            + " (127.0.0.1:58588 -> 127.0.0.1:5672, vhost: '/', user: 'guest')";
    assertThat(miner.templateOf(granted))
        .isEqualTo(
            "<*> [info] <*> connection <*> (<*> -> <*>): user '<*>' authenticated and granted"
                + " access to vhost '<*>'");
    assertThat(miner.templateOf(closing))
        .isEqualTo(
            "<*> [info] <*> closing AMQP connection <*> (<*> -> <*>, vhost: '<*>', user: '<*>')");
    // Another tenant's connection, as a federation link logs it (vhost
    // 'rabbit.federation.test.vhost'
    // in a public docker-compose run) or an app's own (vhost 'chatbot'): the same two templates.
    assertThat(miner.mine(granted.replace("'/'", "'chatbot'")).templateId())
        .isEqualTo(miner.mine(granted).templateId());
    assertThat(miner.mine(closing.replace("'/'", "'rabbit.federation.test.vhost'")).templateId())
        .isEqualTo(miner.mine(closing).templateId());
  }

  /**
   * Controllers log the same call for every Kubernetes object: an application or namespace named by
   * a plain word ("guestbook", Argo CD's getting-started app) was kept, one template per object.
   */
  @Test
  public void kubernetesObjectNamesInLogfmtAreData() {
    // https://github.com/argoproj/argo-cd/issues/6850
    String reconciled =
        "time=\"2021-07-29T17:31:01Z\" level=info msg=\"Reconciliation completed\""
            + " application=bf060 dest-name= dest-namespace=bf060 dest-server=\"+++.io:443\"";
    String noChanges =
        "time=\"2021-07-29T17:31:01Z\" level=info msg=\"No status changes. Skipping patch\""
            + " application=bf060";
    assertThat(miner.templateOf(reconciled.replace("bf060", "guestbook")))
        .isEqualTo(
            "time=\"<*>\" level=info msg=\"Reconciliation completed\" application=<*> dest-name="
                + " dest-namespace=<*> dest-server=\"<*>\"");
    assertThat(miner.mine(reconciled.replace("bf060", "guestbook")).templateId())
        .isEqualTo(miner.mine(reconciled).templateId());
    assertThat(miner.mine(noChanges.replace("bf060", "guestbook")).templateId())
        .isEqualTo(miner.mine(noChanges).templateId());
    // Enumerations stay: the level, and a reason.
    assertThat(miner.templateOf("level=info msg=\"sync\" namespace=shop reason=OperationStarted"))
        .isEqualTo("level=info msg=\"sync\" namespace=<*> reason=OperationStarted");
  }

  /**
   * Kubernetes operators (controller-runtime with zap's console encoder) end a line with its fields
   * as JSON: the object reconciled was kept, so "Reconciling" made one template per object.
   */
  @Test
  public void zapConsoleFieldsNamingAnObjectAreData() {
    // https://projectcontour.io/docs/v1.18.0/troubleshooting/operator/ (the operator's log)
    String reconciling =
        "2020-12-01T00:10:15.341Z\tINFO\tcontrollers.Contour\treconciling"
            + "\t{\"request\": \"default/contour-sample\"}";
    String reconciled =
        "2020-12-01T00:10:15.442Z\tDEBUG\tcontroller\tSuccessfully Reconciled"
            + "\t{\"reconcilerGroup\": \"operator.projectcontour.io\", \"reconcilerKind\":"
            + " \"Contour\", \"controller\": \"contour\", \"name\": \"contour-sample\","
            + " \"namespace\": \"default\"}";
    assertThat(miner.templateOf(reconciled))
        .isEqualTo(
            "<*> DEBUG controller Successfully Reconciled {\"reconcilerGroup\": \"<*>\","
                + " \"reconcilerKind\": \"Contour\", \"controller\": \"contour\", \"name\":"
                + " \"<*>\", \"namespace\": \"<*>\"}");
    assertThat(
            miner
                .mine(reconciled.replace("contour-sample", "edge").replace("default", "shop"))
                .templateId())
        .isEqualTo(miner.mine(reconciled).templateId());
    assertThat(miner.mine(reconciling.replace("default/contour-sample", "shop/edge")).templateId())
        .isEqualTo(miner.mine(reconciling).templateId());
    // The controller's own name stays: each controller's lines are its own.
    assertThat(miner.mine(reconciled.replace("\"contour\"", "\"gateway\"")).templateId())
        .isNotEqualTo(miner.mine(reconciled).templateId());
  }

  /**
   * The Cloud SQL Auth Proxy names its instance {@code project:region:instance}: a project id
   * without a digit was kept as a key ({@code my-project:<*>}), one template per project.
   */
  @Test
  public void cloudSqlInstanceConnectionNamesAreMaskedWhole() {
    // https://github.com/GoogleCloudPlatform/cloud-sql-proxy/issues/58
    String newConnection =
        "2017/01/12 14:21:38 New connection for \"my-project:us-central1:my-db\"";
    // https://github.com/GoogleCloudPlatform/cloud-sql-proxy/issues/539
    String withDigits =
        "2020/11/12 17:10:57 New connection for \"carbon-helix-273210:asia-east2:enigma\"";
    assertThat(miner.templateOf(newConnection)).isEqualTo("<*> New connection for \"<*>\"");
    assertThat(miner.mine(newConnection).templateId())
        .isEqualTo(miner.mine(withDigits).templateId());
    // https://github.com/GoogleCloudPlatform/cloud-sql-proxy/issues/197
    assertThat(
            miner.templateOf(
                "2018/08/06 09:27:14 Instance project-id:europe-west1:prod-db closed connection"))
        .isEqualTo("<*> Instance <*> closed connection");
    // A key and a value that is no region keep the key, as before.
    assertThat(miner.templateOf("state:running2 phase:init")).startsWith("state:");
  }
}
