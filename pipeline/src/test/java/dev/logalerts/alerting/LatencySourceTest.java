package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.io.InputStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** How a latency rule's field values read as seconds. */
@RunWith(JUnit4.class)
public class LatencySourceTest {
  private static final double MS = 1e-3;

  @Test
  public void numbersAreInTheRulesUnit() {
    assertThat(LatencySource.parse("250", MS)).isWithin(1e-12).of(0.25);
    assertThat(LatencySource.parse("1.5e3", MS)).isWithin(1e-12).of(1.5);
    assertThat(LatencySource.parse(" 12.5 ", 1)).isWithin(1e-12).of(12.5);
    assertThat(LatencySource.parse("0", MS)).isEqualTo(0.0);
    assertThat(LatencySource.parse("850000", 1e-9)).isWithin(1e-12).of(0.00085);
  }

  @Test
  public void textsWithAUnitAreReadAsWrittenWhateverTheRulesUnit() {
    // Cloud Logging's and protobuf's Duration JSON, Go's time.Duration.String(), people's.
    assertThat(LatencySource.parse("0.250s", MS)).isWithin(1e-12).of(0.25);
    assertThat(LatencySource.parse("3s", MS)).isWithin(1e-12).of(3);
    assertThat(LatencySource.parse("1m2.5s", MS)).isWithin(1e-12).of(62.5);
    assertThat(LatencySource.parse("1h0m0.5s", MS)).isWithin(1e-9).of(3600.5);
    assertThat(LatencySource.parse("250ms", 1)).isWithin(1e-12).of(0.25);
    assertThat(LatencySource.parse("850µs", 1)).isWithin(1e-12).of(0.00085);
    assertThat(LatencySource.parse("850us", 1)).isWithin(1e-12).of(0.00085);
    assertThat(LatencySource.parse("120ns", 1)).isWithin(1e-15).of(1.2e-7);
    assertThat(LatencySource.parse("250 ms", 1)).isWithin(1e-12).of(0.25);
  }

  @Test
  public void anythingElseIsUnreadable() {
    for (String bad :
        new String[] {
          "", "fast", "-5", "-0.5s", "12 parsecs", "1.2.3s", "ms", "s5", "1e400", "NaN"
        }) {
      assertWithMessage(bad).that(LatencySource.parse(bad, MS)).isEqualTo(LatencySource.UNREADABLE);
    }
  }

  /** Proxies' and gateways' JSON access logs as documented: their own timing fields and units. */
  @Test
  public void documentedAccessLogFields() throws Exception {
    assertThat(seconds("istio-json-access-503.json", "jsonPayload.duration", "ms"))
        .isWithin(1e-12)
        .of(0.019);
    assertThat(seconds("traefik-json-access.json", "jsonPayload.Duration", "ns"))
        .isWithin(1e-12)
        .of(0.0456789);
    assertThat(seconds("endpoints-esp-call.json", "jsonPayload.request_latency_in_ms", "ms"))
        .isWithin(1e-12)
        .of(0.012);
    // The default reads httpRequest.latency; the ESP entry has none.
    assertThat(LatencySource.of(null, null).seconds(fixture("endpoints-esp-call.json"))).isNaN();
  }

  private static double seconds(String fixture, String field, String unit) throws Exception {
    return LatencySource.of(field, unit).seconds(fixture(fixture));
  }

  private static LogEvent fixture(String name) throws Exception {
    try (InputStream in =
        LatencySourceTest.class.getResourceAsStream("/families/documented/" + name)) {
      return new LogEntryParser().parse(in.readAllBytes());
    }
  }
}
