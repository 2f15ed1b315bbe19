package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A structured logger's JSON line that reached Cloud Logging behind the text a forwarder put in
 * front of it (syslog's header, {@code docker compose logs}' service column, the CRI log file's
 * time, stream and tag): its message is the one inside the JSON, as for a bare JSON line, and the
 * row's suggested exclusion still matches the entry. Lines as their users pasted them in public
 * issues (each named where it is used).
 */
@RunWith(JUnit4.class)
public class PrefixedJsonLinesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final LogEntryParser parser = new LogEntryParser();
  private final TextLineKeys keys = new TextLineKeys();

  private LogEvent vmEntry(String field, String line) throws Exception {
    String payload =
        field.equals("textPayload")
            ? "\"textPayload\":" + JSON.writeValueAsString(line)
            : "\"jsonPayload\":{\"" + field + "\":" + JSON.writeValueAsString(line) + "}";
    String json =
        "{\"insertId\":\"p1\",\"logName\":\"projects/my-project/logs/syslog\",\"resource\":{\"type\":"
            + "\"gce_instance\",\"labels\":{\"instance_id\":\"4820198374650192837\",\"zone\":"
            + "\"us-central1-a\",\"project_id\":\"my-project\"}},\"labels\":{"
            + "\"compute.googleapis.com/resource_name\":\"caddysrv\"},\"severity\":\"INFO\","
            + "\"timestamp\":\"2024-06-14T15:38:02Z\","
            + payload
            + "}";
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The row of {@code e}: its template, and that its suggested exclusion matches {@code e}. */
  private String template(LogEvent e) {
    return keys.row(e).getValue().template();
  }

  // Caddy under systemd, as /var/log/syslog has it (host, program[pid]):
  // https://github.com/takwerx/infra-TAK/issues/59
  private static final String SYSLOG_STAPLING_A =
      "Aug 16 15:20:34 SITE1_SERVER caddy[3177999]: {\"level\":\"warn\",\"ts\":1786908034.1829476,"
          + "\"logger\":\"tls\",\"msg\":\"stapling OCSP\",\"error\":\"no OCSP stapling for"
          + " [infratak.site1.example.com]: no OCSP server specified in certificate\","
          + "\"identifiers\":[\"infratak.site1.example.com\"]}";
  private static final String SYSLOG_STAPLING_B =
      "Aug 16 15:20:34 SITE1_SERVER caddy[3177999]: {\"level\":\"warn\",\"ts\":1786908034.183163,"
          + "\"logger\":\"tls\",\"msg\":\"stapling OCSP\",\"error\":\"no OCSP stapling for"
          + " [tracker.site1.example.com]: no OCSP server specified in certificate\","
          + "\"identifiers\":[\"tracker.site1.example.com\"]}";
  private static final String SYSLOG_SERVING =
      "Aug 16 14:48:09 SITE1_SERVER caddy[3166305]: {\"level\":\"info\",\"ts\":1786906089.4652667,"
          + "\"msg\":\"serving initial configuration\"}";
  // journalctl's short output without the host:
  // https://github.com/mcguirepr89/BirdNET-Pi/issues/673
  private static final String JOURNALCTL_SERVED =
      "Dec 15 09:53:30 caddy[423143]: {\"level\":\"info\",\"ts\":1671119610.4793615,\"logger\":"
          + "\"tls\",\"msg\":\"served key authentication certificate\",\"server_name\":"
          + "\"hendrixhabitat.ddns.net\",\"challenge\":\"tls-alpn-01\",\"remote\":"
          + "\"18.119.125.148:10838\",\"distributed\":false}";

  @Test
  public void syslogHeaderBeforeJson() throws Exception {
    LogEvent a = vmEntry("textPayload", SYSLOG_STAPLING_A);
    assertThat(a.message()).isEqualTo("stapling OCSP");
    assertThat(template(a)).isEqualTo("stapling OCSP");
    LogEvent b = vmEntry("textPayload", SYSLOG_STAPLING_B);
    assertThat(keys.row(b).getKey()).isEqualTo(keys.row(a).getKey());
    assertThat(template(vmEntry("textPayload", SYSLOG_SERVING)))
        .isEqualTo("serving initial configuration");
    LogEvent served = vmEntry("textPayload", JOURNALCTL_SERVED);
    assertThat(served.message()).isEqualTo("served key authentication certificate");
    assertThat(template(served)).isEqualTo("served key authentication certificate");
    // rsyslog's RSYSLOG_FileFormat time (RFC 3339, what Ubuntu 24.04 writes to /var/log/syslog:
    // https://www.rsyslog.com/doc/configuration/templates.html) before the same line.
    assertThat(
            vmEntry(
                    "textPayload",
                    SYSLOG_SERVING.replace("Aug 16 14:48:09", "2026-08-16T14:48:09.465266+00:00"))
                .message())
        .isEqualTo("serving initial configuration");
    // The entry keeps its own severity and service: the prefix and the JSON's level change neither.
    assertThat(a.severity()).isEqualTo(Severity.INFO);
    assertThat(a.service()).isEqualTo("caddysrv");
  }

  // docker compose logs' service column:
  // https://github.com/williamjacksn/docker-caddy-route53/issues/97
  private static final String COMPOSE_RETRY =
      "caddy-1       | {\"level\":\"error\",\"ts\":1718379482.8281736,\"logger\":\"tls.obtain\","
          + "\"msg\":\"will retry\",\"error\":\"[api.site2.example.com] Obtain:"
          + " [api.site2.example.com] solving challenges: presenting for challenge: adding"
          + " temporary record for zone \\\"example.com.\\\": not found, ResolveEndpointV2"
          + " (order=https://acme-v02.api.letsencrypt.org/acme/order/1782215137/278352309287)"
          + " (ca=https://acme-v02.api.letsencrypt.org/directory)\",\"attempt\":1,"
          + "\"retrying_in\":60,\"elapsed\":1.442567232,\"max_duration\":2592000}";
  private static final String COMPOSE_ISSUER =
      "caddy-1       | {\"level\":\"error\",\"ts\":1718379482.897798,\"logger\":\"tls.obtain\","
          + "\"msg\":\"could not get certificate from issuer\",\"identifier\":"
          + "\"api.site1.example.com\",\"issuer\":\"acme-v02.api.letsencrypt.org-directory\","
          + "\"error\":\"[api.site1.example.com] solving challenges: presenting for challenge:"
          + " adding temporary record for zone \\\"example.com.\\\": not found,"
          + " ResolveEndpointV2"
          + " (order=https://acme-v02.api.letsencrypt.org/acme/order/1782215137/278352309477)"
          + " (ca=https://acme-v02.api.letsencrypt.org/directory)\"}";
  // One space before the bar: https://github.com/pluja/blogo/issues/25
  private static final String COMPOSE_SHUTDOWN =
      "caddy  | {\"level\":\"info\",\"ts\":1725727224.054927,\"msg\":\"shutdown complete\","
          + "\"signal\":\"SIGTERM\",\"exit_code\":0}";

  @Test
  public void composeServiceColumnBeforeJson() throws Exception {
    LogEvent retry = vmEntry("textPayload", COMPOSE_RETRY);
    assertThat(retry.message()).isEqualTo("will retry");
    assertThat(template(retry)).isEqualTo("will retry");
    assertThat(template(vmEntry("textPayload", COMPOSE_ISSUER)))
        .isEqualTo("could not get certificate from issuer");
    assertThat(template(vmEntry("textPayload", COMPOSE_SHUTDOWN))).isEqualTo("shutdown complete");
    // An agent that wrote the line under jsonPayload.message (the Ops Agent without parse_json).
    assertThat(vmEntry("message", COMPOSE_RETRY).message()).isEqualTo("will retry");
  }

  // A CRI log file's line (time, stream, tag:
  // https://github.com/kubernetes/kubernetes/issues/70539)
  // forwarded without its CRI parser (https://github.com/grafana/helm-charts/issues/1547,
  // https://github.com/canonical/microk8s/issues/803), around logstash-logback-encoder's line of
  // https://github.com/kubernetes/kubernetes/issues/15795 and Serilog's compact JSON of
  // https://github.com/kube-logging/logging-operator/issues/782 (its rendered message under
  // MessageTemplate, which names a message).
  private static final String CRI_LOGSTASH =
      "2022-06-28T13:53:00.899883344Z stdout F {\"@timestamp\":\"2015-10-21T07:02:42.508+00:00\","
          + "\"@version\":1,\"message\":\"logs initialized\",\"logger_name\":"
          + "\"com.brimarx.servicebox.EmbededServer\",\"thread_name\":\"main\",\"level\":\"INFO\","
          + "\"level_value\":20000,\"HOSTNAME\":\"3e5be690cb9f\"}";

  @Test
  public void criTimeStreamAndTagBeforeJson() throws Exception {
    // Fluent Bit's stackdriver output writes the record's log key as jsonPayload.log.
    LogEvent e = vmEntry("log", CRI_LOGSTASH);
    assertThat(e.message()).isEqualTo("logs initialized");
    assertThat(template(e)).isEqualTo("logs initialized");
    LogEvent text = vmEntry("textPayload", CRI_LOGSTASH.replace(" stdout F ", " stderr F "));
    assertThat(text.message()).isEqualTo("logs initialized");
    assertThat(template(text)).isEqualTo("logs initialized");
  }

  // rsyslog's "@cee:" cookie (the JSON message mmjsonparse reads) after the syslog header, as
  // the README of a Ruby syslog logger shows its output; the same line through an agent that
  // wrote the message part only.
  private static final String CEE_LAZY =
      "Nov  2 13:57:11 hostname my_subapp[21861]: @cee: {\"msg\":\"Some lazily computed message\","
          + "\"severity\":\"INFO\"}";
  private static final String CEE_TAGGED =
      "Nov  2 13:57:11 hostname my_app[21860]: @cee: {\"tagname\":\"abc123\",\"msg\":\"this is a"
          + " message\",\"severity\":\"INFO\"}";

  @Test
  public void rsyslogCeeCookieBeforeJson() throws Exception {
    LogEvent lazy = vmEntry("textPayload", CEE_LAZY);
    assertThat(lazy.message()).isEqualTo("Some lazily computed message");
    assertThat(template(lazy)).isEqualTo("Some lazily computed message");
    assertThat(vmEntry("message", CEE_TAGGED).message()).isEqualTo("this is a message");
    assertThat(vmEntry("textPayload", CEE_TAGGED.substring(CEE_TAGGED.indexOf("@cee"))).message())
        .isEqualTo("this is a message");
    // The cookie after text that is no syslog header is the application's text.
    String note = "note @cee: {\"msg\":\"x\"}";
    assertThat(vmEntry("textPayload", "request failed: " + note).message())
        .isEqualTo("request failed: " + note);
  }

  /** A message that quotes JSON after text of its own is the application's text: kept whole. */
  @Test
  public void textBeforeJsonThatIsNoForwarderPrefixStaysWhole() throws Exception {
    String[] kept = {
      "failed to decode body: {\"msg\":\"hello\",\"level\":\"info\"}",
      "request | {\"msg\":\"hello\"} trailing}",
      "caddy-1 | {\"level\":\"info\",\"status\":200}", // no message key inside
      "Aug 16 15:20:34 SITE1_SERVER caddy[3177999]: note {\"msg\":\"x y\"}",
      "2022-06-28T13:53:00Z stdout F {\"msg\":\"a\"} {\"msg\":\"b\"}",
      "Aug 16 15:20:34 a b c: {\"msg\":\"hello\"}",
    };
    for (String line : kept) {
      assertThat(vmEntry("textPayload", line).message()).isEqualTo(line);
    }
  }
}
