package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Passwords in logged SQL statements are redacted; the rest of the statement stays. */
@RunWith(JUnit4.class)
public class SqlPasswordsTest {
  private final Redactor redactor = new Redactor();

  private void redacts(String text, String expected) {
    assertWithMessage("redact(%s)", text).that(redactor.redact(text)).isEqualTo(expected);
    assertWithMessage("every check on %s", text)
        .that(Redactor.redactWithEveryCheck(text))
        .isEqualTo(expected);
    assertWithMessage("redacting twice: %s", expected)
        .that(redactor.redact(expected))
        .isEqualTo(expected);
  }

  @Test
  public void postgresStatementLogs() {
    // Cloud SQL for PostgreSQL with log_statement = 'ddl': postgres.log lines.
    redacts(
        "2026-11-28 10:15:22.123 UTC [4242]: [3-1] db=shop,user=admin LOG:  statement: ALTER USER"
            + " app WITH PASSWORD 'hunter2secret'",
        "2026-11-28 10:15:22.123 UTC [4242]: [3-1] db=shop,user=admin LOG:  statement: ALTER USER"
            + " app WITH PASSWORD '[REDACTED:password]'");
    redacts(
        "LOG:  statement: CREATE ROLE report LOGIN ENCRYPTED PASSWORD 'Sup3r S3cret!' VALID UNTIL"
            + " '2027-01-01'",
        "LOG:  statement: CREATE ROLE report LOGIN ENCRYPTED PASSWORD '[REDACTED:password]' VALID"
            + " UNTIL '2027-01-01'");
    redacts(
        "STATEMENT:  alter role app password 'it''s-a-secret'",
        "STATEMENT:  alter role app password '[REDACTED:password]'");
  }

  @Test
  public void mysqlSqlServerAndOracleStatements() {
    redacts(
        "2026-11-28T10:15:22.123456Z 12 Query\tCREATE USER 'app'@'%' IDENTIFIED BY 'Sup3rS3cret!'",
        "2026-11-28T10:15:22.123456Z 12 Query\tCREATE USER 'app'@'%' IDENTIFIED BY"
            + " '[REDACTED:password]'");
    redacts(
        "Query\tALTER USER 'app'@'%' IDENTIFIED WITH mysql_native_password BY \"pw1234\"",
        "Query\tALTER USER 'app'@'%' IDENTIFIED WITH mysql_native_password BY"
            + " \"[REDACTED:password]\"");
    redacts(
        "Query\tSET PASSWORD FOR 'app'@'%' = 'n3wpass'",
        "Query\tSET PASSWORD FOR 'app'@'%' = '[REDACTED:password]'");
    assertThat(redactor.redact("Query\tSET PASSWORD = PASSWORD('oldstyle')"))
        .doesNotContain("oldstyle");
    redacts(
        "CREATE LOGIN app WITH PASSWORD = 'Xy7#kL9!q', CHECK_POLICY = OFF",
        "CREATE LOGIN app WITH PASSWORD = '[REDACTED:password]', CHECK_POLICY = OFF");
    redacts(
        "ORA-01935: missing user or role name: CREATE USER scott IDENTIFIED BY tiger",
        "ORA-01935: missing user or role name: CREATE USER scott IDENTIFIED BY"
            + " [REDACTED:password]");
  }

  @Test
  public void placeholdersAndProseStay() {
    String[] kept = {
      "ALTER ROLE app PASSWORD NULL",
      "prepared: ALTER ROLE app PASSWORD $1",
      "CREATE USER ? IDENTIFIED BY ?",
      "the caller was identified by the certificate chain",
      "user identified by token from metadata server",
      "password reset requested for user 42",
      "Password authentication failed for user \"app\"",
    };
    for (String text : kept) {
      assertWithMessage("kept: %s", text).that(redactor.redact(text)).isEqualTo(text);
    }
  }

  @Test
  public void theClauseRaisesItsBitAndProseDoesNot() {
    assertThat(Redactor.anchors("ALTER USER app PASSWORD 'x'") & RedactionAnchors.SQL_PASSWORD)
        .isNotEqualTo(0);
    assertThat(Redactor.anchors("IDENTIFIED BY 'x'") & RedactionAnchors.SQL_PASSWORD)
        .isNotEqualTo(0);
    assertThat(Redactor.anchors("password reset for user 42") & RedactionAnchors.SQL_PASSWORD)
        .isEqualTo(0);
    assertThat(Redactor.anchors("the device was identified") & RedactionAnchors.SQL_PASSWORD)
        .isEqualTo(0);
  }
}
