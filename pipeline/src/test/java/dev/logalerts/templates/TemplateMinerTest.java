package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.MessageTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class TemplateMinerTest {
  private final TemplateMiner miner = new TemplateMiner();

  private String t(String message) {
    return miner.mine(message).template();
  }

  private void assertSameTemplate(String a, String b) {
    assertWithMessage("%s\n%s", a, b).that(miner.mine(a)).isEqualTo(miner.mine(b));
  }

  private void assertDifferentTemplate(String a, String b) {
    assertWithMessage("%s\n%s", a, b)
        .that(miner.mine(a).templateId())
        .isNotEqualTo(miner.mine(b).templateId());
  }

  // --- Reported codes: an exit code or HTTP status tells success from failure ----------------

  @Test
  public void exitAndReturnCodesKeepTheirValue() {
    assertThat(t("Container called exit(3).")).isEqualTo("Container called exit(3).");
    assertDifferentTemplate("Container called exit(0).", "Container called exit(1).");
    assertThat(t("Task exited with return code 1")).isEqualTo("Task exited with return code 1");
    assertThat(t("Process exited with code 137")).isEqualTo("Process exited with code 137");
    // Ids are not codes: long numbers after "code" stay placeholders.
    assertThat(t("error code 12345 from upstream")).isEqualTo("error code <*> from upstream");
  }

  @Test
  public void databaseErrorCodesAreKept() {
    // Cloud SQL for MySQL's error log, Oracle, Entra ID: the code names the error.
    assertThat(
            t(
                "2026-11-28T10:15:22.123456Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld:"
                    + " ready for connections."))
        .isEqualTo("<*> [System] [MY-010931] [Server] <*>: ready for connections.");
    assertThat(t("ORA-00942: table or view does not exist"))
        .isEqualTo("ORA-00942: table or view does not exist");
    assertThat(t("Sign-in failed: AADSTS50126 Error validating credentials"))
        .isEqualTo("Sign-in failed: AADSTS50126 Error validating credentials");
    assertDifferentTemplate(
        "2026-11-28T10:15:22Z 8 [Note] [MY-010914] [Server] Aborted connection 8",
        "2026-11-28T10:15:22Z 8 [Note] [MY-013360] [Server] Aborted connection 8");
    // Tickets and orders of that look are values.
    assertThat(t("closing ticket JIRA-1234")).isEqualTo("closing ticket <*>");
    assertThat(t("shipped MY-12345")).isEqualTo("shipped <*>");
  }

  @Test
  public void anHttpStatusCodeKeepsItsClass() {
    assertThat(t("Function execution took 945 ms. Finished with status code: 500"))
        .isEqualTo("Function execution took <*>. Finished with status code: 5xx");
    assertSameTemplate(
        "request failed with status code 503", "request failed with status code 502");
    assertDifferentTemplate(
        "Function execution took 945 ms. Finished with status code: 200",
        "Function execution took 12 ms. Finished with status code: 500");
    // "status" alone stays a placeholder, as in access lines ("status: 200 len: 1893").
    assertThat(t("status: 200 len: 1893")).isEqualTo("status: <*> len: <*>");
  }

  // --- Constant words stay ------------------------------------------------------------------

  @Test
  public void oneDifferentKeywordKeepsEventsApart() {
    assertDifferentTemplate("Cache hit for key user:42", "Cache miss for key user:42");
    assertDifferentTemplate("VM started", "VM paused");
    assertDifferentTemplate(
        "[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)",
        "[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Paused (Lifecycle Event)");
    assertDifferentTemplate(
        "attempt_1445144423722_0020_m_000002_0 TaskAttempt Transitioned from NEW to UNASSIGNED",
        "attempt_1445144423722_0020_m_000002_0 TaskAttempt Transitioned from UNASSIGNED to"
            + " ASSIGNED");
    assertDifferentTemplate(
        "makeExpandedInvisible: mExpandedVisible=false",
        "makeExpandedInvisible: mExpandedVisible=true");
    assertDifferentTemplate("AirPort: Link Up on awdl0", "AirPort: Link Up on en0");
    assertDifferentTemplate(
        "data store interrupt caused by dcbf.........0",
        "data store interrupt caused by icbi.........0");
    assertThat(t("Cache miss for key user:42")).isEqualTo("Cache miss for key user:<*>");
    assertThat(t("VM paused")).isEqualTo("VM paused");
  }

  @Test
  public void plainWordsAreNeverMasked() {
    String m = "Scavenge: Completed, the TrustedInstaller main loop is Ending normally";
    assertThat(t(m)).isEqualTo(m);
    assertThat(t("Registered signal handlers for [TERM, HUP, INT]"))
        .isEqualTo("Registered signal handlers for [TERM, HUP, INT]");
    assertThat(t("ciod: LOGIN chdir(/p/gb2/x) failed: Input/output error"))
        .isEqualTo("ciod: LOGIN chdir(<*>) failed: Input/output error");
  }

  // --- Variables become <*> ------------------------------------------------------------------

  @Test
  public void numbersSizesDurationsHexAndPercentages() {
    assertThat(t("Allocated 12KB in 3.5ms (45% of budget), offset -17, flags 0x1f"))
        .isEqualTo("Allocated <*> in <*> (<*> of budget), offset <*>, flags <*>");
    assertThat(
            t(
                "Block broadcast_0 stored as values in memory (estimated size 12.3 KB, free 317.4"
                    + " MB)"))
        .isEqualTo("Block <*> stored as values in memory (estimated size <*>, free <*>)");
    assertThat(t("Request took 250 ms and used 1.5 GB")).isEqualTo("Request took <*> and used <*>");
    assertThat(t("hash deadbeefcafebabe ok")).isEqualTo("hash <*> ok");
  }

  @Test
  public void idsUuidsAndMixedTokens() {
    assertThat(
            t(
                "Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest:"
                    + " /10.250.19.102:50010"))
        .isEqualTo("Receiving block <*> src: <*> dest: <*>");
    assertThat(t("user42 logged in, pod frontend-7d9f8c6b5-xk2lp req-7f3a"))
        .isEqualTo("<*> logged in, pod <*>");
    assertThat(t("Request 123e4567-e89b-12d3-a456-426614174000 done"))
        .isEqualTo("Request <*> done");
    assertThat(t("Worker started on host-12 (pid 4242) with 8 threads"))
        .isEqualTo("Worker started on <*> (pid <*>) with <*> threads");
  }

  @Test
  public void addressesHostsEmailsUrlsAndPaths() {
    assertThat(t("from fe80::1ff:fe23:4567:890a and [2001:db8::1]:8080 and 10.0.0.1:443"))
        .isEqualTo("from <*> and <*>"); // "and <*>" repeated is written once
    // A bracketed IPv6 address with its port is one value, as an IPv4 one is: a dual-stack
    // cluster's "dial tcp" errors are one template, not one per address family.
    assertSameTemplate(
        "dial tcp [fd00:10:96::a]:443: connect: connection refused",
        "dial tcp 10.96.0.10:443: connect: connection refused");
    assertSameTemplate("Now listening on: http://[::]:8080", "Now listening on: http://0.0.0.0:80");
    assertSameTemplate("ssh from [fe80::1%eth0]:22 closed", "ssh from 192.168.0.2:22 closed");
    assertSameTemplate("peer [::ffff:10.0.0.1] left", "peer 10.0.0.1 left");
    // Brackets around other things stay as they were.
    assertThat(t("slice [::] of rows")).isEqualTo("slice [::] of rows");
    assertThat(t("matrix [a:b] done")).isEqualTo("matrix [a:b] done");
    assertThat(t("tags [prod] [eu]")).isEqualTo("tags [prod] [eu]");
    assertThat(t("DHCPACK on 10.100.4.251 to ce:ab:fa:de:be:ef via eth1"))
        .isEqualTo("DHCPACK on <*> to <*> via eth1");
    assertThat(
            t(
                "chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy www.google.com:443"
                    + " HTTPS"))
        .isEqualTo("<*> - <*> open through proxy <*> HTTPS");
    assertThat(
            t("Sent mail to alice.smith@example.com via https://smtp.example.com:465/send?id=42"))
        .isEqualTo("Sent mail to <*> via <*>");
    assertThat(t("Opened /var/lib/app/segment.log and C:\\Program Files\\App\\app.exe"))
        .isEqualTo("Opened <*> and <*>");
    assertSameTemplate("Opened /var/lib/app/a.log now", "Opened /tmp/b now");
    assertSameTemplate(
        "Fetching https://a.example.com/x?y=1 took 3ms",
        "Fetching http://10.0.0.7:8080/ took 12.5s");
    // Any RFC 3986 scheme, including dotted app schemes, makes a URL (masked whole).
    assertThat(t("Cloning git+ssh://git@example.com/org/repo.git")).isEqualTo("Cloning <*>");
    assertSameTemplate(
        "com.apple.ical.sync.x-coredata://DB05755C-483D/CalDAVPrincipal/p11: told me to run",
        "com.apple.icloud.fmfd.heartbeat: told me to run");
  }

  @Test
  public void timestampsInCommonFormats() {
    assertThat(t("At 2024-03-05T10:15:30.123Z it happened")).isEqualTo("At <*> it happened");
    assertSameTemplate(
        "connection from 1.2.3.4 () at Sun Jul 10 03:55:15 2005 ok",
        "connection from 5.6.7.8 () at Mon Dec  1 13:05:59 2024 ok");
    assertSameTemplate(
        "backup at 2024-03-05 10:15:30,123 done", "backup at 2025-12-31 23:59:59,999 done");
    assertSameTemplate("[05/Mar/2024:10:15:30 +0000] GET", "[31/Dec/2025:23:59:59 -0700] GET");
    assertSameTemplate("Mar  5 10:15:30 host booted", "Oct 15 01:02:03 host booted");
  }

  @Test
  public void quotedAndKeyValueValues() {
    assertThat(
            t(
                "acquire lock=233570404, flags=0x1, tag=\"View Lock\", name=com.android.systemui,"
                    + " ws=null"))
        .isEqualTo("acquire lock=<*>, flags=<*>, tag=\"<*>\", name=<*>, ws=<*>");
    assertThat(t("Loaded config name='prod-3' path=\"/etc/app.yaml\" label='blue green'"))
        .isEqualTo("Loaded config name='<*>' path=\"<*>\" label='<*>'");
    assertThat(t("Cocoa scripting error for '0x00000001': four character codes"))
        .isEqualTo("Cocoa scripting error for '<*>': four character codes");
    // logfmt: the message value is the event text, so it is templated, not masked; an HTTP
    // status keeps its class.
    assertThat(t("level=info msg=\"request completed in 12ms\" status=200"))
        .isEqualTo("level=info msg=\"request completed in <*>\" status=2xx");
    assertThat(t("level=info msg=\"queue drained\" status=42 statusText=99"))
        .isEqualTo("level=info msg=\"queue drained\" status=<*> statusText=<*>");
    assertThat(t("method=GET http_status_code=404 upstream.status=502"))
        .isEqualTo("method=GET http_status_code=4xx upstream.status=5xx");
    // kube-apiserver's request lines: the verb (quoted) and the status class (resp=) tell a
    // failing LIST from the GETs that succeed, which made one row with them.
    assertThat(
            t(
                "\"HTTP\" verb=\"LIST\" URI=\"/apis/metrics.k8s.io/v1beta1/pods\""
                    + " latency=\"556.708µs\" srcIP=\"10.128.0.7:60528\" resp=404"))
        .isEqualTo("\"HTTP\" verb=\"LIST\" URI=\"<*>\" latency=\"<*>\" srcIP=\"<*>\" resp=4xx");
    assertDifferentTemplate(
        "\"HTTP\" verb=\"GET\" URI=\"/healthz\" resp=200",
        "\"HTTP\" verb=\"GET\" URI=\"/healthz\" resp=500");
    assertDifferentTemplate(
        "\"HTTP\" verb=\"GET\" URI=\"/healthz\" resp=200",
        "\"HTTP\" verb=\"PATCH\" URI=\"/healthz\" resp=200");
    // Other quoted values after "=" are data, capitals too.
    assertThat(t("pod=\"shop/checkout\" phase=\"PENDING\"")).isEqualTo("pod=\"<*>\" phase=\"<*>\"");
    assertThat(t("container exited exit_status=137")).isEqualTo("container exited exit_status=<*>");
    assertThat(t("child done process_exit_status=143"))
        .isEqualTo("child done process_exit_status=<*>");
    // After the word HTTP, a status is a class too; "status" alone stays a placeholder (Loghub).
    assertThat(t("upstream responded with HTTP 502")).isEqualTo("upstream responded with HTTP 5xx");
    assertThat(t("returned HTTP status 404 for GET /api/x"))
        .isEqualTo("returned HTTP status 4xx for GET <*>");
    assertThat(t("response status 502 from upstream"))
        .isEqualTo("response status <*> from upstream");
    assertDifferentTemplate(
        "level=info msg=\"request completed\"", "level=info msg=\"request failed\"");
    // "key = value" with spaces, and "key:value" without.
    assertThat(t("wtoken = AppWindowToken{9f4ef63}, startingMoved =  7, CurrentState:112"))
        .isEqualTo("wtoken = AppWindowToken{<*>}, startingMoved = <*>, CurrentState:<*>");
    assertThat(t("Server environment:java.version=1.7.0_79")).isEqualTo("Server environment:<*>");
    assertSameTemplate("Server environment:os.name=Linux", "Server environment:user.dir=/opt/zk");
  }

  @Test
  public void escapedQuotesInsideAQuotedValue() {
    // containerd on GKE nodes: the quoted id is masked, the escaped quotes stay.
    assertThat(
            t(
                "time=\"2022-06-01T14:01:35.371006269Z\" level=info msg=\"StopContainer for"
                    + " \\\"4c2b21624d4488ea8305bec91bb58135e840ab50b779da3db19ddf87864a760e\\\""
                    + " with timeout 30 (s)\""))
        .isEqualTo(
            "time=\"<*>\" level=info msg=\"StopContainer for \\\"<*>\\\" with timeout <*> (s)\"");
    // kubelet: a constant quoted inside the error keeps its name.
    assertThat(
            t(
                "E0601 14:02:01.123456    1478 pod_workers.go:951] \"Error syncing pod, skipping\""
                    + " err=\"failed to \\\"StartContainer\\\" for \\\"app\\\" with"
                    + " CrashLoopBackOff\" pod=\"default/web-7d9f-xyz12\""))
        .isEqualTo(
            "<*> pod_workers.go:<*>] \"Error syncing pod, skipping\" err=\"failed to"
                + " \\\"StartContainer\\\" for"
                + " \\\"app\\\" with CrashLoopBackOff\" pod=\"<*>\"");
    // An escaped backslash before a quote does not escape it.
    assertThat(t("path=\"C:\\\\temp\\\\\" done")).isEqualTo("path=\"<*>\" done");
    // A lone escaped quote is kept as written.
    assertThat(t("unterminated \\\"quote here")).isEqualTo("unterminated \\\"quote here");
  }

  @Test
  public void jsonValues() {
    assertThat(
            t(
                "{\"user\": \"u123\", \"count\": 42, \"ok\": true, \"msg\": \"Cache miss for key"
                    + " 42\"}"))
        .isEqualTo(
            "{\"user\": \"<*>\", \"count\": <*>, \"ok\": true, \"msg\": \"Cache miss for key"
                + " <*>\"}");
  }

  /** Program names that end in a digit are names, as those without one are. */
  @Test
  public void programNamesWithADigitStay() {
    assertThat(t("Killed process 4242 (python3) total-vm:812345kB"))
        .isEqualTo("Killed process <*> (python3) total-vm:<*>");
    assertDifferentTemplate(
        "Killed process 4242 (python3) total-vm:812345kB",
        "Killed process 4242 (java) total-vm:812345kB");
  }

  /** A source location keeps its file (the call site) and masks its line (it moves per release). */
  @Test
  public void sourceLocationsKeepTheFile() {
    assertThat(t("node:internal/process/promises:288"))
        .isEqualTo("node:internal/process/promises:<*>");
    assertSameTemplate("node:internal/process/promises:288", "node:internal/process/promises:391");
    assertDifferentTemplate(
        "node:internal/process/promises:288", "node:internal/modules/cjs/loader:1080");
    assertSameTemplate(
        "E0412 09:12:33.123456 1 reflector.go:138] watch of *v1.Pod ended",
        "E0413 10:00:01.000001 7 reflector.go:141] watch of *v1.Pod ended");
    assertThat(t("I0412 09:12:33.123456 1 reflector.go:138] watch of *v1.Pod ended"))
        .contains("reflector.go:<*>]");
    // Host names and addresses with a port are not source files.
    assertSameTemplate(
        "connect to db-7.internal:5432 failed", "connect to db-9.internal:5432 failed");
  }

  @Test
  public void userNamesAfterUser() {
    assertSameTemplate(
        "session opened for user root by (uid=0)", "session opened for user cyrus by (uid=0)");
    assertSameTemplate("Invalid user admin from 1.2.3.4", "Invalid user user1 from 5.6.7.8");
    assertThat(t("Failed password for invalid user oracle from 1.2.3.4 port 22 ssh2"))
        .isEqualTo("Failed password for invalid user <*> from <*> port <*> ssh2");
    assertThat(t("user not found")).isEqualTo("user not found");
  }

  @Test
  public void aParticipleAfterUserQualifiesTheNextNounAndStays() {
    // Cloud Run's system log: "disabled" is a constant, not a user name.
    assertThat(t("Shutting down user disabled instance"))
        .isEqualTo("Shutting down user disabled instance");
    assertThat(t("calling user defined function")).isEqualTo("calling user defined function");
    // Names that end in "ed" stay masked where a name stands.
    assertSameTemplate("Invalid user ted from 1.2.3.4", "Invalid user bob from 1.2.3.4");
    assertSameTemplate("Invalid user alfred from 1.2.3.4", "Invalid user bob from 1.2.3.4");
    assertSameTemplate("user mohammed logged in", "user bob logged in");
    assertSameTemplate(
        "session opened for user mildred by (uid=0)", "session opened for user bob by (uid=0)");
    assertSameTemplate("user mohammed has been locked", "user bob has been locked");
  }

  @Test
  public void userNamesBetweenForAndFrom() {
    assertSameTemplate(
        "Failed password for root from 1.2.3.4 port 22 ssh2",
        "Failed password for git from 5.6.7.8 port 2222 ssh2");
    // User names with '_' or '-' (OS Login: alice_example_com; service accounts: svc-deploy).
    assertSameTemplate(
        "Accepted publickey for carol from 10.0.0.5 port 52311 ssh2: RSA SHA256:abc",
        "Accepted publickey for alice_example_com from 10.0.0.6 port 52312 ssh2: RSA SHA256:abc");
    assertSameTemplate(
        "Accepted publickey for dave_ops from 10.0.0.5 port 52311 ssh2: RSA SHA256:abc",
        "Accepted publickey for svc-deploy from 10.0.0.6 port 52312 ssh2: RSA SHA256:abc");
    assertDifferentTemplate(
        "Too many authentication failures for root [preauth]",
        "Too many authentication failures for admin [preauth]");
  }

  @Test
  public void optionalUnitAnnotationsAndComparisons() {
    assertSameTemplate(
        "chrome.exe - www.google.com:443 close, 403 bytes sent, 3012 bytes (2.94 KB) received,"
            + " lifetime <1 sec",
        "chrome.exe - www.google.com:443 close, 1403 bytes (1.37 KB) sent, 312 bytes received,"
            + " lifetime 00:02");
    assertThat(t("close, 403 bytes (0.39 KB) sent, lifetime <1 sec"))
        .isEqualTo("close, <*> bytes sent, lifetime <*>");
    // A parenthesised value after something other than "<number> <word>" stays.
    assertThat(t("connection from 1.2.3.4 (host1.example.com) at 10:00:00"))
        .isEqualTo("connection from <*> (<*>) at <*>");
  }

  // --- Variables of different token counts do not split templates (Drain3#66) -----------------

  @Test
  public void placeholderRunsCollapse() {
    assertSameTemplate(
        "BLOCK* ask 10.250.14.224:50010 to delete  blk_-6521 blk_7765 blk_1234",
        "BLOCK* ask 10.250.14.224:50010 to delete  blk_-6521");
    assertSameTemplate("Fan speeds ( 3552 3534 3375 3515 3479 3534 )", "Fan speeds ( 1 2 )");
    assertDifferentTemplate(
        "Fan speeds ( 3552 3534 3375 **** 3515 3479 )",
        "Fan speeds ( 3552 3534 3375 3515 3479 3534 )");
    assertThat(t("deleted 1, 2, 3 and 4")).isEqualTo("deleted <*> and <*>");
  }

  @Test
  public void listsOfValueWordPairsCollapse() {
    assertThat(t("inconsistent nodesets node-31 0x1fe <ok> node-0 0xfe <ok> node-1 0xfe <ok>"))
        .isEqualTo("inconsistent nodesets <*> <ok>");
    assertSameTemplate("nodes node-1 up node-2 up", "nodes node-7 up");
    assertDifferentTemplate("nodes node-1 up node-2 down", "nodes node-1 up");
    // The repeated word needs a letter: punctuation between values stays.
    assertThat(t("range 1 - 2 - 3")).isEqualTo("range <*> - <*> - <*>");
  }

  @Test
  public void numberedInstancesTimeZonesAndHostPorts() {
    // An upper-case name with a number in parentheses stands where other lines name a host.
    assertSameTemplate(
        "synchronized to LOCAL(0), stratum 10", "synchronized to 10.100.20.250, stratum 3");
    assertThat(t("Sandbox: deny(1) network-outbound /private/var/run/mDNSResponder"))
        .isEqualTo("Sandbox: deny(<*>) network-outbound <*>");
    // A time zone after a time is part of the timestamp.
    assertSameTemplate(
        "#39# (Release Date: Mon Sep 27 22:15:07 EDT 2004)",
        "#38#-rh1 (Release Date: Fri Dec 10 19:02:14 EST 2004)");
    assertThat(t("built on 06/10/2013 17:26 GMT")).isEqualTo("built on <*>");
    // A dotted host with any top-level label, then a port.
    assertSameTemplate(
        "bx.optimix.asia:443 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS",
        "www.google.com:443 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS");
    assertThat(t("[ib_sm_sweep.c:1831]: No topology change"))
        .isEqualTo("[ib_sm_sweep.c:<*>]: No topology change");
  }

  // --- Multi-line and long messages ----------------------------------------------------------

  @Test
  public void javaStackTraceUsesFirstLineAndExceptionType() {
    String a =
        "Failed to process message 42\n"
            + "java.lang.IllegalStateException: Unexpected state 7\n"
            + "\tat com.example.Worker.handle(Worker.java:10)\n"
            + "Caused by: java.net.SocketTimeoutException: Read timed out\n"
            + "\tat java.net.SocketInputStream.read(SocketInputStream.java:99)";
    String b =
        "Failed to process message 9000\n"
            + "java.lang.IllegalStateException: Unexpected state 1\n"
            + "\tat com.example.Other.run(Other.java:77)\n"
            + "\tat java.lang.Thread.run(Thread.java:1)";
    String c =
        "Failed to process message 9000\n"
            + "java.lang.NullPointerException\n"
            + "\tat com.example.Other.run(Other.java:77)";
    assertThat(t(a)).isEqualTo("Failed to process message <*> | java.lang.IllegalStateException");
    assertSameTemplate(a, b);
    assertDifferentTemplate(b, c);
    assertThat(t("Error\nCaused by: java.io.IOException: x\n\tat a.B(B.java:1)"))
        .isEqualTo("Error | java.io.IOException");
    assertThat(
            t(
                "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"
                    + "\tat x.Y(Y.java:1)"))
        .isEqualTo("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
  }

  @Test
  public void pythonTracebackAndGoPanic() {
    String py =
        "Traceback (most recent call last):\n"
            + "  File \"/app/worker.py\", line 8, in run\n"
            + "    value = int(raw)\n"
            + "ValueError: invalid literal for int() with base 10: 'abc'";
    String py2 =
        "Traceback (most recent call last):\n"
            + "  File \"/app/worker.py\", line 9, in run\n"
            + "    data = payload['items']\n"
            + "KeyError: 'items'";
    // The exception line, not the header every traceback shares (PythonTracebackTemplatesTest).
    assertThat(t(py)).isEqualTo("ValueError: invalid literal for int() with base <*>: 'abc'");
    assertDifferentTemplate(py, py2);
    String go =
        "panic: runtime error: index out of range [5] with length 3\n\n"
            + "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:12 +0x1d";
    assertThat(t(go)).isEqualTo("panic: runtime error: index out of range [<*>] with length <*>");
    assertThat(t("\n\n   \nsecond line is the head\nthird")).isEqualTo("second line is the head");
  }

  @Test
  public void pythonChainedTracebackNamesTheExceptionRaisedLast() {
    String handled =
        "order 84213 failed\n"
            + "Traceback (most recent call last):\n"
            + "  File \"/app/orders.py\", line 42, in handle\n"
            + "    price = item['price']\n"
            + "KeyError: 'price'\n"
            + "\n"
            + "During handling of the above exception, another exception occurred:\n"
            + "\n"
            + "Traceback (most recent call last):\n"
            + "  File \"/app/orders.py\", line 44, in handle\n"
            + "    raise PricingError(order_id)\n"
            + "orders.PricingError: 84213";
    assertThat(t(handled)).isEqualTo("order <*> failed | orders.PricingError");
    String cause =
        "Traceback (most recent call last):\n"
            + "  File \"/app/db.py\", line 7, in connect\n"
            + "ConnectionRefusedError: [Errno 111] Connection refused\n"
            + "\n"
            + "The above exception was the direct cause of the following exception:\n"
            + "\n"
            + "Traceback (most recent call last):\n"
            + "  File \"/app/main.py\", line 3, in <module>\n"
            + "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection failed";
    // The driver's error class SQLAlchemy wraps is kept, as pymysql.err.OperationalError is.
    assertThat(t(cause))
        .isEqualTo(
            "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection failed");
  }

  @Test
  public void longMessagesAreBounded() {
    StringBuilder sb = new StringBuilder("Payload dump:");
    Random r = new Random(1);
    while (sb.length() < 200_000) {
      sb.append(" field").append(r.nextInt(1000)).append(" word");
    }
    String huge = sb.toString();
    String head = huge.substring(0, TemplateScanner.MAX_HEAD_CHARS);
    assertThat(t(huge).length()).isAtMost(TemplateScanner.MAX_HEAD_CHARS);
    assertThat(t(huge)).isEqualTo(t(head));
  }

  @Test
  public void arbitraryInputNeverThrowsAndIsDeterministic() {
    // A DoFn must never fail on a message: random mixes of the characters the rules look at.
    String alphabet = "aZ09 _-.:/\\=\"'()[]{}<>,;|@#%*+?!\n\r\t\u00e9\u20ac\uD83D\uDE00\uD800x";
    Random r = new Random(42);
    TemplateMiner other = new TemplateMiner();
    for (int i = 0; i < 20_000; i++) {
      int n = r.nextInt(i % 100 == 0 ? 5000 : 80);
      StringBuilder sb = new StringBuilder(n);
      for (int k = 0; k < n; k++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String m = sb.toString();
      MessageTemplate a = miner.mine(m);
      assertThat(other.mine(m)).isEqualTo(a);
      assertThat(a.template().length())
          .isAtMost(3 * TemplateScanner.MAX_HEAD_CHARS + 3 + TemplateScanner.MAX_TRACE_SCAN_CHARS);
    }
  }

  @Test
  public void nullValueIsAPlaceholderSoAbsentAndPresentValuesShareATemplate() {
    assertThat(t("acquire ws=null, uid=1000")).isEqualTo("acquire ws=<*>, uid=<*>");
    assertThat(t("acquire ws=None, uid=1000")).isEqualTo(t("acquire ws=NULL, uid=7"));
    // Other plain words stay: flags and states tell events apart.
    assertThat(t("acquire ws=shared, uid=1000")).isEqualTo("acquire ws=shared, uid=<*>");
    assertThat(t("value null returned")).isEqualTo("value null returned");
  }

  @Test
  public void emptyAndNull() {
    assertThat(t("")).isEmpty();
    assertThat(t("   ")).isEmpty();
    assertThat(miner.mine(null)).isEqualTo(miner.mine(""));
  }

  // --- Determinism and stable ids ------------------------------------------------------------

  private static List<String> corpus() throws IOException {
    List<String> messages = new ArrayList<>();
    for (String system : new String[] {"HDFS", "Android", "Mac", "CloudApps", "OpenStack"}) {
      for (String[] row : TemplateBenchmarkTest.load(system)) {
        messages.add(row[1]);
      }
    }
    return messages;
  }

  @Test
  public void idsDoNotDependOnArrivalOrderOrInstance() throws IOException {
    List<String> messages = corpus();
    Map<String, MessageTemplate> first = new HashMap<>();
    TemplateMiner a = new TemplateMiner();
    for (String m : messages) {
      first.put(m, a.mine(m));
    }
    List<String> shuffled = new ArrayList<>(messages);
    Collections.shuffle(shuffled, new Random(7));
    TemplateMiner b = new TemplateMiner(); // independently constructed
    for (String m : shuffled) {
      assertThat(b.mine(m)).isEqualTo(first.get(m));
    }
    Collections.reverse(shuffled);
    for (String m : shuffled) {
      assertThat(a.mine(m)).isEqualTo(first.get(m));
    }
  }

  @Test
  public void idsSurviveSerializationRoundTrip() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(miner);
    }
    TemplateMiner copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (TemplateMiner) in.readObject();
    }
    for (String m : corpus()) {
      assertThat(copy.mine(m)).isEqualTo(miner.mine(m));
    }
  }

  @Test
  public void idsAreSameFromManyThreads() throws Exception {
    List<String> messages = corpus();
    List<MessageTemplate> expected = new ArrayList<>();
    for (String m : messages) {
      expected.add(miner.mine(m));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<MessageTemplate>>> futures = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        futures.add(
            pool.submit(
                () -> {
                  List<MessageTemplate> got = new ArrayList<>();
                  for (String m : messages) {
                    got.add(miner.mine(m));
                  }
                  return got;
                }));
      }
      for (Future<List<MessageTemplate>> f : futures) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void emptyParenthesesAreTheEmptyValueOfASlot() {
    // Linux ftpd, 909 of 2,000 lines of the real file: one event with and without a host name.
    assertThat(t("connection from 24.54.76.216 () at Mon Jun 17 19:43:51 2005"))
        .isEqualTo("connection from <*> (<*>) at <*>");
    assertThat(t("connection from 24.54.76.216 (host.example.com) at Mon Jun 17 19:43:51 2005"))
        .isEqualTo("connection from <*> (<*>) at <*>");
    assertThat(t("jk2_init() Found child 6725 in scoreboard slot 10"))
        .isEqualTo("jk2_init() Found child <*> in scoreboard slot <*>");
  }

  @Test
  public void reverseDnsClassAndBundleNamesAreData() {
    assertThat(
            t(
                "Registering class org.apache.hadoop.mapreduce.jobhistory.EventType for class"
                    + " org.apache.hadoop.mapreduce.jobhistory.JobHistoryEventHandler"))
        .isEqualTo("Registering class <*> for class <*>");
    assertThat(t("com.apple.CacheDelete.daily: scheduler told me to run in 12 seconds."))
        .isEqualTo("<*>: scheduler told me to run in <*> seconds.");
    // Constants and exception types name what happened: kept.
    assertThat(t("onReceive action: android.intent.action.SCREEN_ON"))
        .isEqualTo("onReceive action: android.intent.action.SCREEN_ON");
    assertThat(t("Caused by java.net.ConnectException: Connection refused"))
        .isEqualTo("Caused by java.net.ConnectException: Connection refused");
    // Two segments or no package root: not a class name.
    assertThat(t("visible is system.charge.show")).isEqualTo("visible is system.charge.show");
  }

  @Test
  public void digitFreeHexAndObjectDumpValuesAreData() {
    assertThat(t("setSystemUiVisibility vis=0 mask=ffffffff oldVal=40000500"))
        .isEqualTo("setSystemUiVisibility vis=<*> mask=<*> oldVal=<*>");
    // ws=null and ws=WorkSource{10113 com.x} are one slot, empty or present.
    assertThat(t("acquire lock=1, ws=WorkSource{10113 com.x}, uid=1000"))
        .isEqualTo("acquire lock=<*>, ws=<*>, uid=<*>");
    assertThat(t("acquire lock=1, ws=null, uid=1000"))
        .isEqualTo("acquire lock=<*>, ws=<*>, uid=<*>");
    assertThat(t("force=false state=RUNNING")).isEqualTo("force=false state=RUNNING");
  }

  @Test
  public void hostAndProgramKeysHoldDataEvenAsPlainWords() {
    assertThat(t("acquire lock=1, flags=0x1, tag=\"x\", name=android, uid=1000"))
        .isEqualTo(t("acquire lock=2, flags=0x1, tag=\"y\", name=com.android.phone, uid=1001"));
    assertThat(t("audit: comm=sshd exe=sshd res=failed"))
        .isEqualTo("audit: comm=<*> exe=<*> res=failed");
    // Enumerations stay apart; an account after user= is data (a brute force tries thousands).
    assertThat(t("job 7 state=RUNNING")).isNotEqualTo(t("job 7 state=FAILED"));
    assertThat(t("authentication failure; rhost=gw user=root"))
        .isEqualTo("authentication failure; rhost=<*> user=<*>");
  }

  @Test
  public void userNamesAfterAUserKeyAreOneTemplate() {
    // Loghub-2k Linux (E18/E17 of the original labels, one event in the corrected ones).
    assertSameTemplate(
        "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser="
            + " rhost=220-135-151-1.hinet-ip.hinet.net  user=root",
        "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser="
            + " rhost=211.46.224.253  user=guest");
    // Loghub-2k OpenSSH (E20).
    assertThat(
            t(
                "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser="
                    + " rhost=5.36.59.76.dynamic-dsl-ip.omantel.net.om  user=root"))
        .isEqualTo(
            t(
                "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser="
                    + " rhost=5.188.10.180  user=ftp"));
    // The empty ruser= and logname= stay as they are; quoted, JSON and key:value forms too.
    assertThat(t("authentication failure; logname= ruser= rhost=gw user=git"))
        .isEqualTo("authentication failure; logname= ruser= rhost=<*> user=<*>");
    assertSameTemplate("login failed {\"user\": \"bob\"}", "login failed {\"user\": \"root\"}");
    assertSameTemplate("login failed {\"user\":\"bob\"}", "login failed {\"user\":\"root\"}");
    assertSameTemplate("login failed user:bob", "login failed user:alice");
    assertSameTemplate("login failed username=bob", "login failed username=alice");
    // sudo's PAM line names the invoking account three times.
    assertThat(
            t(
                "pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0"
                    + " tty=/dev/pts/0 ruser=alice rhost=  user=alice"))
        .isEqualTo(
            "pam_unix(sudo:auth): authentication failure; logname=<*> uid=<*> euid=<*> tty=<*>"
                + " ruser=<*> rhost= user=<*>");
  }

  @Test
  public void idIsAFixedHashOfTheTemplateText() {
    // Golden values: ids are stored in BigQuery and joined across days and releases; a change
    // here silently breaks every analyst query that follows a template over time.
    assertThat(TemplateMiner.idOf("Receiving block <*> src: <*> dest: <*>"))
        .isEqualTo(
            miner.mine("Receiving block blk_1 src: /1.2.3.4:5 dest: /1.2.3.4:6").templateId());
    assertThat(TemplateMiner.idOf("")).isEqualTo(GOLDEN_EMPTY);
    assertThat(TemplateMiner.idOf("VM paused")).isEqualTo(GOLDEN_VM_PAUSED);
    assertThat(TemplateMiner.idOf("caf\u00e9 \u20ac \uD83D\uDE00")).isEqualTo(GOLDEN_UNICODE);
    assertThat(miner.mine("x 1").templateId()).matches("[0-9a-f]{16}");
  }

  private static final String GOLDEN_EMPTY = "efd01f60ba992926";
  private static final String GOLDEN_VM_PAUSED = "7c6ffb5f872bf89c";
  private static final String GOLDEN_UNICODE = "72d0734fe6e33bcb";
}
