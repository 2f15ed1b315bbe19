package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** .NET's default console logger: the header names the log call, the message's values vary. */
@RunWith(JUnit4.class)
public class DotnetConsoleHeadersTest {
  private final TemplateMiner miner = new TemplateMiner();

  private String t(String message) {
    return miner.mine(message).template();
  }

  @Test
  public void theHeaderIsKeptWithItsEventIdAndTheMessageIsTemplated() {
    assertThat(t("info: Microsoft.Hosting.Lifetime[14]\n      Now listening on: http://[::]:8080"))
        .isEqualTo("info: Microsoft.Hosting.Lifetime[14] Now listening on: <*>");
    assertThat(t("info: Microsoft.Hosting.Lifetime[14]\n      Now listening on: http://[::]:5000"))
        .isEqualTo("info: Microsoft.Hosting.Lifetime[14] Now listening on: <*>");
    // Another message of the same category is another template.
    assertThat(t("info: Microsoft.Hosting.Lifetime[0]\n      Hosting environment: Production"))
        .isEqualTo("info: Microsoft.Hosting.Lifetime[0] Hosting environment: Production");
    assertThat(t("fail: MyApp.Controllers.OrdersController[0]\n      Order 1234 failed for 42"))
        .isEqualTo("fail: MyApp.Controllers.OrdersController[0] Order <*> failed for <*>");
    // Windows line ends, and SingleLine's form.
    assertThat(t("info: Microsoft.Hosting.Lifetime[14]\r\n      Now listening on: http://x:80\r\n"))
        .isEqualTo("info: Microsoft.Hosting.Lifetime[14] Now listening on: <*>");
    assertThat(t("info: Microsoft.Hosting.Lifetime[14] Now listening on: http://[::]:8080"))
        .isEqualTo("info: Microsoft.Hosting.Lifetime[14] Now listening on: <*>");
  }

  @Test
  public void scopeLinesAreSkippedAndTheExceptionTypeIsAppended() {
    assertThat(
            t(
                "info: Microsoft.AspNetCore.Hosting.Diagnostics[1]\n"
                    + "      => SpanId:1a2b, TraceId:3c4d => RequestPath:/x RequestId:0HMQ\n"
                    + "      Request starting HTTP/1.1 GET http://x/y - -"))
        .isEqualTo(
            "info: Microsoft.AspNetCore.Hosting.Diagnostics[1] Request starting HTTP/1.1 GET <*> -"
                + " -");
    assertThat(
            t(
                "fail: Microsoft.AspNetCore.Server.Kestrel[13]\n"
                    + "      Connection id \"0HMQ\": An unhandled exception was thrown.\n"
                    + "      System.InvalidOperationException: boom\n"
                    + "         at Shop.Orders.Get()"))
        .isEqualTo(
            "fail: Microsoft.AspNetCore.Server.Kestrel[13] Connection id \"<*>\": An unhandled"
                + " exception was thrown. | System.InvalidOperationException");
  }

  @Test
  public void aHeaderAloneKeepsItsEventId() {
    // Cloud Run and GKE split stdout into lines: the header is an entry of its own.
    assertThat(t("info: Microsoft.Hosting.Lifetime[14]"))
        .isEqualTo("info: Microsoft.Hosting.Lifetime[14]");
    assertThat(t("warn: Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager[35]  "))
        .isEqualTo("warn: Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager[35]");
    assertThat(t("info: Microsoft.Hosting.Lifetime[14]\nNot indented"))
        .isEqualTo("info: Microsoft.Hosting.Lifetime[14]");
  }

  @Test
  public void otherBracketedNumbersAreStillValues() {
    assertThat(t("info: job[3]")).isEqualTo("info: job[<*>]");
    assertThat(t("info: job[3] done")).isEqualTo("info: job[<*>] done");
    assertThat(t("info: Shop.Job[3]x")).isEqualTo("info: Shop.Job[<*>]x");
    assertThat(t("info: worker[12]\n      started")).isEqualTo("info: worker[12] started");
  }
}
