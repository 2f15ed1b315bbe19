package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Real lines that one log call writes in several forms (a value quoted by one release and bare in
 * another, an account in angle brackets, a name the kind word before it announces): each call is
 * one noisy-log row, whose exclusion takes every form and not another call's lines. Each line's
 * source is named where it is used.
 */
@RunWith(JUnit4.class)
public class OneCallFormsTest {
  private final TextLineKeys lines = new TextLineKeys();

  /** Every line's row is the first line's, and that row's exclusion takes every line. */
  private KV<NoisyKey, NoisyEntry> oneRow(LogEvent... entries) {
    KV<NoisyKey, NoisyEntry> first = lines.row(entries[0]);
    for (LogEvent e : entries) {
      KV<NoisyKey, NoisyEntry> row = lines.row(e);
      assertThat(row.getKey()).isEqualTo(first.getKey());
      CompiledFilter exclusion = Filter.compile(TextLineKeys.exclusion(row));
      for (LogEvent other : entries) {
        assertThat(exclusion.test(other)).isTrue();
      }
    }
    return first;
  }

  private LogEvent[] entries(String... text) throws Exception {
    LogEvent[] out = new LogEvent[text.length];
    for (int i = 0; i < text.length; i++) {
      out[i] = lines.entry(text[i]);
    }
    return out;
  }

  /**
   * kubelet's {@code "Error syncing pod, skipping"} of two releases, one writing {@code podUID="…"}
   * and the other {@code podUID=…} (journalctl output in public notes, stored-code index files
   * 35051385566 and 35155157866; fixtures {@code nodelines/kubelet-crashloop-kube-apiserver*}): one
   * row, not two whose bare one's exclusion took the quoted one's entries.
   */
  @Test
  public void aValueQuotedByOneReleaseAndBareInAnotherIsOneRow() throws Exception {
    LogEvent quoted =
        lines.parse(
            TextLineKeys.resource("/families/nodelines/kubelet-crashloop-kube-apiserver.json"));
    LogEvent bare =
        lines.parse(
            TextLineKeys.resource(
                "/families/nodelines/kubelet-crashloop-kube-apiserver-uid-unquoted.json"));
    KV<NoisyKey, NoisyEntry> row = oneRow(quoted, bare);
    assertThat(row.getValue().template()).endsWith("\" pod=<*> podUID=<*>");
    // Another error of the same call is another row still (fixture kubelet-cni-not-initialized).
    LogEvent cni =
        lines.parse(TextLineKeys.resource("/families/nodelines/kubelet-cni-not-initialized.json"));
    assertThat(lines.row(cni).getKey()).isNotEqualTo(row.getKey());
    assertThat(Filter.compile(TextLineKeys.exclusion(row)).test(cni)).isFalse();
    // A quoted value with text of its own keeps its quotes.
    assertThat(
            lines.template(
                "\"Unable to attach or mount volumes\" err=\"timed out waiting\" pod=\"a/b\""))
        .isEqualTo("\"Unable to attach or mount volumes\" err=\"timed out waiting\" pod=<*>");
  }

  /**
   * Dovecot's login line names the account in angle brackets, {@code user=<kimchen>} (lines in
   * public notes and tests, index files 17713301953, 3549059202, 48486556989, 14260155805): the
   * account is data, as after {@code user=} without brackets, and the session id is one value
   * whether it starts with a digit or a letter (before, {@code session=<*>} and {@code
   * session=<<*>>} split the call in two).
   */
  @Test
  public void dovecotsBracketedAccountIsData() throws Exception {
    KV<NoisyKey, NoisyEntry> row =
        oneRow(
            entries(
                "dovecot: imap-login: Login: user=<kimchen>, method=PLAIN, rip=10.0.3.82,"
                    + " lip=10.0.3.126, mpid=7889, TLS, session=<6ETuFBMWxtYKAANS>",
                "dovecot: imap-login: Login: user=<danny.jarvis>, method=PLAIN, rip=172.21.131.50,"
                    + " lip=172.21.131.50, mpid=7889, TLS, session=<RvV0BITVsNqsFYMy>",
                "dovecot: imap-login: Login: user=<user3>, method=PLAIN, rip=10.1.2.3,"
                    + " lip=10.2.3.3, mpid=51689, TLS, session=<tyio4fp/vgBVHf60>"));
    assertThat(row.getValue().template())
        .isEqualTo(
            "dovecot: imap-login: Login: user=<*>, method=PLAIN, rip=<*>, lip=<*>, mpid=<*>, TLS,"
                + " session=<*>");
    assertThat(
            lines.template(
                "Feb 26 14:39:56 49157 dovecot[834]: imap-login: Login:"
                    + " user=<nguyen3@project2.nguyenhv.id.vn>, method=PLAIN, rip=127.0.0.1,"
                    + " lip=127.0.0.1, mpid=836, secured, session=<e5MLrgYvcMZ/AAAB>"))
        .isEqualTo(
            "<*> dovecot[<*>]: imap-login: Login: user=<*>, method=PLAIN, rip=<*>, lip=<*>,"
                + " mpid=<*>, secured, session=<*>");
    // A bracketed word that is no name and holds no data stays.
    assertThat(lines.template("Relay access denied; proto=ESMTP helo=<zzz>"))
        .isEqualTo("Relay access denied; proto=ESMTP helo=<zzz>");
  }

  /**
   * Postfix's {@code sasl_username=}: an account, as {@code user=} is (a Go test's reject line,
   * index file 61064501667; a relay's line in a parser's tests, index file 68499929538).
   */
  @Test
  public void postfixSaslUsernameIsData() throws Exception {
    assertThat(
            lines.template(
                "RCPT from relay51.example[203.0.113.51]: 554 5.7.1 <x@y.example>: Relay access"
                    + " denied; from=<a@b.example> to=<x@y.example> proto=ESMTP helo=<zzz>,"
                    + " sasl_username=admin"))
        .endsWith(" helo=<zzz>, sasl_username=<*>");
    assertThat(
            lines.template(
                "Sep 14 10:00:00 relay postfix/smtpd[123]: 4XYZ123456: client=unknown[172.20.0.1],"
                    + " sasl_method=PLAIN, sasl_username=printer-service"))
        .endsWith(", sasl_method=PLAIN, sasl_username=<*>");
  }

  /**
   * shadow-utils' {@code user X added by root to group netdev}, as a VM's guest agent adds a new
   * account to each of its groups (a VM's syslog in public notes, index file 59098860344; fixtures
   * {@code vmlines/gpasswd-*}): one row for the call, not one per group.
   */
  @Test
  public void theGroupAMemberJoinsIsData() throws Exception {
    LogEvent netdev =
        lines.parse(TextLineKeys.resource("/families/vmlines/gpasswd-added-to-group-netdev.json"));
    LogEvent sudoers =
        lines.parse(
            TextLineKeys.resource("/families/vmlines/gpasswd-added-to-group-google-sudoers.json"));
    KV<NoisyKey, NoisyEntry> row = oneRow(netdev, sudoers);
    assertThat(row.getValue().template())
        .isEqualTo("<*> gpasswd[<*>]: user <*> added by root to group <*>");
    // "group" elsewhere is text.
    assertThat(lines.template("Starting group sync")).isEqualTo("Starting group sync");
  }

  /**
   * Cloud Run's startup probe line names the container in quotes after its kind, {@code for
   * container "worker"} (every Cloud Functions gen2 function's) and {@code "hello-1"} (fixtures
   * {@code cloudrun/startup-probe-*}, lines in public notes): a name, as {@code hello-1} was
   * already.
   */
  @Test
  public void aQuotedNameAfterContainerIsData() throws Exception {
    LogEvent worker =
        lines.parse(
            TextLineKeys.resource("/families/cloudrun/startup-probe-succeeded-worker.json"));
    assertThat(lines.row(worker).getValue().template())
        .isEqualTo(
            "Default STARTUP TCP probe succeeded after <*> attempts for container \"<*>\" on port"
                + " <*>.");
  }
}
