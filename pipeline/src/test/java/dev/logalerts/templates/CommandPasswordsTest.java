package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A command's password option in a shell trace or logged command line is redacted; the same letters
 * as other commands' options are not.
 */
@RunWith(JUnit4.class)
public class CommandPasswordsTest {
  private final Redactor redactor = new Redactor();

  private void redacts(String text, String expected) {
    assertWithMessage("redact(%s)", text).that(redactor.redact(text)).isEqualTo(expected);
    assertWithMessage("every check on %s", text)
        .that(Redactor.redactWithEveryCheck(text))
        .isEqualTo(expected);
    assertWithMessage("twice: %s", expected).that(redactor.redact(expected)).isEqualTo(expected);
  }

  @Test
  public void passwordOptionsOfTheirCommands() {
    // A startup script traced with set -x (serial port output), a Cloud Build step.
    redacts("+ mysql -uroot -pS3cretPass shop", "+ mysql -uroot -p[REDACTED:password] shop");
    redacts(
        "+ /usr/bin/mysqldump -u root -pmypass --all-databases",
        "+ /usr/bin/mysqldump -u root -p[REDACTED:password] --all-databases");
    redacts(
        "+ sshpass -p 'S3cret Pass' ssh deploy@bastion",
        "+ sshpass -p '[REDACTED:password]' ssh deploy@bastion");
    redacts(
        "+ redis-cli -h 10.0.0.3 -a S3cretPass ping",
        "+ redis-cli -h 10.0.0.3 -a [REDACTED:password] ping");
    redacts(
        "+ sudo /opt/mssql-tools/bin/sqlcmd -S db -U sa -P S3cretPass -Q \"SELECT 1\"",
        "+ sudo /opt/mssql-tools/bin/sqlcmd -S db -U sa -P [REDACTED:password] -Q \"SELECT 1\"");
    redacts(
        "Step #2: + docker login -u _json_key -p S3cretPass https://gcr.io",
        "Step #2: + docker login -u _json_key -p [REDACTED:password] https://gcr.io");
    redacts(
        "mongosh mongodb://10.0.0.6 -u admin -p S3cretPass --eval 'db.stats()'",
        "mongosh mongodb://10.0.0.6 -u admin -p [REDACTED:password] --eval 'db.stats()'");
    redacts(
        "+ openssl pkcs12 -export -passout pass:S3cretPass -out a.p12",
        "+ openssl pkcs12 -export -passout pass:[REDACTED:password] -out a.p12");
    redacts(
        "+ keytool -importcert -storepass S3cretPass -keystore a.jks",
        "+ keytool -importcert -storepass [REDACTED:password] -keystore a.jks");
    redacts(
        "+ smbclient //fs/share -U admin%S3cretPass",
        "+ smbclient //fs/share -U [REDACTED:url_credentials]");
    redacts(
        "+ cd /srv && MYSQL_HOST=db mysql -pS3cretPass -e 'show tables' | tee out",
        "+ cd /srv && MYSQL_HOST=db mysql -p[REDACTED:password] -e 'show tables' | tee out");
  }

  @Test
  public void passVariables() {
    redacts("+ export DB_PASS=S3cretPass", "+ export DB_PASS=[REDACTED:password]");
    redacts(
        "RABBITMQ_DEFAULT_USER=app RABBITMQ_DEFAULT_PASS='S3cret Pass' rabbitmq-server",
        "RABBITMQ_DEFAULT_USER=app RABBITMQ_DEFAULT_PASS='[REDACTED:password]' rabbitmq-server");
    redacts("env: SMTP_PASS: S3cretPass", "env: SMTP_PASS: [REDACTED:password]");
    String[] kept = {
      "+ export DB_PASS=$DB_PASS_FROM_SECRET",
      "cache bypass=1 first_pass=true",
      "ALL_PASS=",
      "QA_PASSED=12"
    };
    for (String text : kept) {
      assertWithMessage("kept: %s", text).that(redactor.redact(text)).isEqualTo(text);
    }
  }

  @Test
  public void otherCommandsOptionsAndPlaceholdersStay() {
    String[] kept = {
      "+ ssh -p 22 deploy@bastion",
      "+ docker run -p 8080:80 nginx",
      "+ mkdir -p /var/lib/app",
      "+ mysql -uroot -p shop",
      "+ mysql -uroot -p\"$MYSQL_PWD\" shop",
      "+ sshpass -p $SSH_PASS ssh deploy@bastion",
      "+ psql -U app -p 5432 shop",
      "+ redis-cli -p 6379 ping",
      "+ ls -a /tmp",
      "+ openssl pkcs12 -export -passout env:P12_PASS -out a.p12",
      "+ gsutil -p my-project ls",
    };
    for (String text : kept) {
      assertWithMessage("kept: %s", text).that(redactor.redact(text)).isEqualTo(text);
    }
    assertThat(Redactor.anchors("+ mkdir -p /var/lib/app")).isEqualTo(0);
  }
}
