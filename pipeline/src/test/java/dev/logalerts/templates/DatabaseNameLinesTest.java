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
 * Database and account names made only of letters, in the lines of PostgreSQL (Cloud SQL, AlloyDB),
 * MySQL and Keycloak as their users pasted them: each name was kept as a constant word, so one log
 * call was one noisy-log row per database, role or user (the source of every line is named where it
 * is used).
 */
@RunWith(JUnit4.class)
public class DatabaseNameLinesTest {
  private final TemplateMiner miner = new TemplateMiner();
  private final LogEntryParser parser = new LogEntryParser();
  private final NoisyLogs.TemplateKeyFn keyFn =
      new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());

  /**
   * AlloyDB's postgres.log entries, whose textPayload starts with Cloud SQL's {@code
   * log_line_prefix} {@code %m [%p]: [%l-1] db=%d,user=%u}: the test data of
   * https://github.com/IBM/universal-connectors/blob/main/filter-plugin/logstash-filter-alloydb-guardium/src/test/java/com/ibm/guardium/alloydb/ParserTest.java
   * (the entries' other fields trimmed, a multi-line statement to its first line).
   */
  private static String alloyDbEntry(String textPayload) {
    return "{\"textPayload\":\""
        + textPayload.replace("\"", "\\\"")
        + "\",\"resource\":{\"type\":\"alloydb.googleapis.com/Instance\",\"labels\":"
        + "{\"cluster_id\":\"alloydb-test\",\"instance_id\":\"alloydb-test-primary\","
        + "\"location\":\"us-central1\"}},\"timestamp\":\"2025-06-19T16:40:44.091178Z\","
        + "\"severity\":\"ALERT\",\"logName\":\"projects/project-name/logs/"
        + "alloydb.googleapis.com%2Fpostgres.log\"}";
  }

  private KV<NoisyKey, NoisyEntry> row(String json) throws Exception {
    LogEvent e = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    return keyFn.apply(MatchedEvent.of(e, "test", List.of()));
  }

  private NoisyEntry entry(String json) throws Exception {
    return row(json).getValue();
  }

  private static String exclusion(KV<NoisyKey, NoisyEntry> kv) {
    NoisyEntry e = kv.getValue();
    return SuggestedExclusion.build(kv.getKey(), e.template(), e.messageField(), e.message());
  }

  @Test
  public void cloudSqlPrefixDatabaseAndUserArePlaceholders() throws Exception {
    NoisyEntry failed =
        entry(
            alloyDbEntry(
                "2025-06-19 16:40:44.090 UTC [324511]: [1-1] db=postgres,user=postgres"
                    + " FATAL:[auth.c:372] password authentication failed for user \"postgres\""));
    assertThat(failed.template())
        .isEqualTo(
            "<*> [<*>]: [<*>] db=<*>,user=<*> FATAL:[auth.c:<*>] password authentication failed"
                + " for user \"<*>\"");
    // Statements in two databases (guestbook, postgres), each payload's first line: the database
    // name was part of the template.
    NoisyEntry guestbook =
        entry(
            alloyDbEntry(
                "2025-10-16 04:22:05.937 UTC [328339]: [1-1] db=guestbook,user=postgres LOG: "
                    + " [postgres.c:1214]  statement: CREATE TABLE PANY(ID INT PRIMARY KEY NOT"
                    + " NULL,NAME TEXT NOT NULL,AGE INT NOT NULL,ADDRESS CHAR(50),SALARY REAL);"));
    NoisyEntry postgres =
        entry(
            alloyDbEntry(
                "2025-10-16 09:39:40.843 UTC [408063]: [1-1] db=postgres,user=postgres LOG: "
                    + " [postgres.c:1214]  statement: CREATE TABLE employees ("));
    String prefix =
        "<*> [<*>]: [<*>] db=<*>,user=<*> LOG: [postgres.c:<*>] statement: CREATE TABLE";
    assertThat(guestbook.template()).startsWith(prefix);
    assertThat(postgres.template()).startsWith(prefix);
    // The row's suggested exclusion still matches the entry it was built from.
    String failedJson =
        alloyDbEntry(
            "2025-06-19 16:40:44.090 UTC [324511]: [1-1] db=postgres,user=postgres"
                + " FATAL:[auth.c:372] password authentication failed for user \"postgres\"");
    assertThat(
            Filter.compile(exclusion(row(failedJson)))
                .test(parser.parse(failedJson.getBytes(StandardCharsets.UTF_8))))
        .isTrue();
  }

  /**
   * pgBadger's {@code user=%u,db=%d,...} prefix (https://github.com/darold/pgbadger/issues/340):
   * the user before a database key is its account; an empty prefix stays as it is.
   */
  @Test
  public void userBesideADatabaseKeyIsAPlaceholder() {
    assertThat(
            miner.templateOf(
                "user=postgres,db=bench,time=2017-04-11 11:49:12 CEST LOG:  duration: 0.132 ms "
                    + " statement: END;"))
        .isEqualTo("user=<*>,db=<*>,time=<*> LOG: duration: <*> statement: END;");
    assertThat(
            miner.templateOf(
                "user=,db=,time=2017-04-11 11:49:28 CEST LOG:  automatic analyze of table"
                    + " \"bench.public.pgbench_accounts\" system usage: CPU 0.01s/0.08u sec elapsed"
                    + " 0.25 sec"))
        .startsWith("user=,db=,time=<*> LOG: automatic analyze of table");
  }

  /**
   * PostgreSQL 17's {@code connection authorized: user=%s database=%s} of two accounts, as pasted
   * in the comments of https://github.com/kmoppel/pgweasel/blob/main/internal/pglog/pglog.go
   * (ConnsAggregator.AddEvent), with its {@code %m [%p] %u@%d} prefix.
   */
  @Test
  public void connectionAuthorizedUserAndDatabaseArePlaceholders() {
    String krl =
        "2025-08-27 17:13:21.772 EEST [257839] krl@postgres LOG:  connection authorized: user=krl"
            + " database=postgres application_name=psql";
    String monitor =
        "2025-08-27 17:13:25.440 EEST [257861] monitor@bench LOG:  connection authorized:"
            + " user=monitor database=bench SSL enabled (protocol=TLSv1.3,"
            + " cipher=TLS_AES_256_GCM_SHA384, bits=256)";
    assertThat(miner.templateOf(krl))
        .isEqualTo(
            "<*> [<*>] <*> LOG: connection authorized: user=<*> database=<*>"
                + " application_name=<*>");
    assertThat(miner.templateOf(monitor))
        .isEqualTo(
            "<*> [<*>] <*> LOG: connection authorized: user=<*> database=<*> SSL enabled"
                + " (protocol=<*>, cipher=<*>, bits=<*>)");
  }

  /**
   * PAM's {@code user=} is data too, with no database key beside it: a brute force tries thousands
   * of accounts through one log call (the corrected Loghub-2k labels make it one event).
   */
  @Test
  public void pamUserIsData() {
    assertThat(
            miner.templateOf(
                "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser="
                    + " rhost=211.46.224.253  user=guest"))
        .endsWith("rhost=<*> user=<*>");
  }

  /**
   * "role ... does not exist" from four projects' Postgres containers: directus
   * (https://github.com/directus/directus/issues/23753), postgres
   * (https://github.com/hyperledger-labs/fabric-smart-client/issues/777), udagram
   * (https://github.com/scarrupt/udagram/issues/27, with its DETAIL line).
   */
  @Test
  public void quotedRoleIsAPlaceholder() {
    String directus = "2024-09-27 13:40:00.833 UTC [277] FATAL:  role \"directus\" does not exist";
    String postgres = "I2025-03-18 12:12:48.929 UTC [104] FATAL:  role \"postgres\" does not exist";
    String udagram = "2021-05-10 09:20:57.529 UTC [40] FATAL:  role \"udagram\" does not exist";
    assertThat(miner.templateOf(directus))
        .isEqualTo("<*> [<*>] FATAL: role \"<*>\" does not exist");
    assertThat(miner.mine(postgres).templateId()).isEqualTo(miner.mine(directus).templateId());
    assertThat(miner.mine(udagram).templateId()).isEqualTo(miner.mine(directus).templateId());
    assertThat(miner.templateOf("DETAIL:  Role \"udagram\" does not exist."))
        .isEqualTo("DETAIL: Role \"<*>\" does not exist.");
  }

  /**
   * "password authentication failed for user" for udagram
   * (https://github.com/scarrupt/udagram/issues/27, its line and then its message part) and root
   * (https://github.com/HazyResearch/deepdive/issues/681).
   */
  @Test
  public void quotedUserIsAPlaceholder() {
    assertThat(
            miner.templateOf(
                "2021-05-10 09:21:05.036 UTC [41] FATAL:  password authentication failed for user"
                    + " \"udagram\""))
        .isEqualTo("<*> [<*>] FATAL: password authentication failed for user \"<*>\"");
    assertThat(miner.mine("FATAL:  password authentication failed for user \"root\"").templateId())
        .isEqualTo(
            miner.mine("FATAL:  password authentication failed for user \"udagram\"").templateId());
  }

  /**
   * Database objects' names: {@code relation "cars5"} from the AlloyDB test data above, a database
   * from https://github.com/autobase-tech/autobase/issues/246.
   */
  @Test
  public void quotedDatabaseObjectsArePlaceholders() {
    assertThat(
            miner.templateOf(
                "2025-05-05 16:38:52.621 UTC [32230]: [1-1] db=alloydb_postgresql,user=postgres"
                    + " ERROR:[parse_relation.c:1395]relation \"cars5\" does not exist at character"
                    + " 15"))
        .isEqualTo(
            "<*> [<*>]: [<*>] db=<*>,user=<*> ERROR:[parse_relation.c:<*>]relation \"<*>\" does"
                + " not exist at character <*>");
    assertThat(
            miner.templateOf(
                "2023-01-25 11:47:36 UTC [1629-1] 172.16.105.4(42384) test3@test3 FATAL:  database"
                    + " \"test3\" does not exist"))
        .endsWith("FATAL: database \"<*>\" does not exist");
    // Quoted text after other words is still templated word by word.
    assertThat(miner.templateOf("ERROR:  syntax error at or near \"SELECT\""))
        .isEqualTo("ERROR: syntax error at or near \"SELECT\"");
  }

  /**
   * MySQL's failed login, user and host quoted: root at localhost
   * (https://github.com/siteserver/cms/issues/2394; without a password,
   * https://github.com/xpf0000/FlyEnv/issues/632), jh at localhost
   * (https://github.com/dbcli/mycli/issues/759), and the error log line of MySQL 8 with a host name
   * (https://github.com/SumoLogic/sumologic-documentation/blob/main/docs/integrations/databases/opentelemetry/mysql-opentelemetry.md).
   */
  @Test
  public void mysqlAccountIsOnePlaceholderPair() {
    String root = "Access denied for user 'root'@'localhost' (using password: YES)";
    String jh = "Access denied for user 'jh'@'localhost' (using password: YES)";
    assertThat(miner.templateOf(root))
        .isEqualTo("Access denied for user '<*>'@'<*>' (using password: YES)");
    assertThat(miner.mine(jh).templateId()).isEqualTo(miner.mine(root).templateId());
    assertThat(
            miner.templateOf(
                "2022-10-14T09:16:02.430542Z 63707 [Note] [MY-010926] [Server] Access denied for"
                    + " user 'root'@'ip-10-0-16-79' (using password: YES)"))
        .isEqualTo(
            "<*> [Note] [MY-010926] [Server] Access denied for user '<*>'@'<*>' (using password:"
                + " YES)");
    // Whether a password was given stays: YES and NO are two events.
    String noPassword = "Access denied for user 'root'@'localhost' (using password: NO)";
    assertThat(miner.mine(noPassword).templateId()).isNotEqualTo(miner.mine(root).templateId());
  }

  /**
   * Keycloak's event line with unquoted values
   * (https://github.com/flytreeleft/nexus3-keycloak-plugin/issues/41): the realm and client were
   * kept as words, so each realm's failed logins were a row of their own.
   */
  @Test
  public void keycloakRealmAndClientArePlaceholders() {
    String nexus =
        "10:28:42,779 WARN  [org.keycloak.events] (default task-83) type=LOGIN_ERROR,"
            + " realmId=nwse, clientId=nexus, userId=693a7ee3-4755-4ea2-90a9-083369856b3e,"
            + " ipAddress=127.0.0.1, error=invalid_user_credentials, auth_method=openid-connect,"
            + " grant_type=password, client_auth_method=client-secret, username=luckyhk.lee";
    assertThat(miner.templateOf(nexus))
        .isEqualTo(
            "<*> WARN [org.keycloak.events] (default <*>) type=LOGIN_ERROR, realmId=<*>,"
                + " clientId=<*>, userId=<*>, ipAddress=<*>, error=invalid_user_credentials,"
                + " auth_method=<*>, grant_type=password, client_auth_method=<*>, username=<*>");
  }

  /**
   * PostgreSQL's {@code permission denied for relation %s} names the object unquoted: one server's
   * log held it for four tables (https://github.com/Unidata/awips2/issues/274), four rows until
   * now; the newer "for table" form from https://github.com/TFNS/CTFNote/issues/226 and, after
   * pg_dump's prefix, https://github.com/prodrigestivill/docker-postgres-backup-local/issues/49.
   */
  @Test
  public void objectNameAfterPermissionDeniedIsAPlaceholder() {
    String mzcntys =
        "2018-12-24 07:05:50 UTC 0 ncep : 127.0.0.1 : ERROR:  permission denied for relation"
            + " mzcntys";
    String statebnds =
        "2018-12-26 07:31:14 UTC 0 ncep : 127.0.0.1 : ERROR:  permission denied for relation"
            + " statebnds";
    assertThat(miner.templateOf(mzcntys))
        .isEqualTo("<*> ncep : <*> : ERROR: permission denied for relation <*>");
    assertThat(miner.mine(statebnds).templateId()).isEqualTo(miner.mine(mzcntys).templateId());
    assertThat(
            miner.templateOf(
                "2023-08-16 14:43:45.519 UTC [100] ERROR:  permission denied for table settings"))
        .isEqualTo("<*> [<*>] ERROR: permission denied for table <*>");
    assertThat(
            miner.templateOf(
                "pg_dump: error: query failed: ERROR:  permission denied for table core_store"))
        .isEqualTo("pg_dump: error: query failed: ERROR: permission denied for table <*>");
  }

  /**
   * MySQL's aborted connection names its database, user and host after labels: one server's log
   * (https://github.com/celguar/spp-classics-cmangos/issues/5) held it for three databases,
   * classiccharacters, classicmangos and classicplayerbots, three rows until now; the host is an
   * address in https://github.com/docker-library/mysql/issues/124.
   */
  @Test
  public void mysqlAbortedConnectionLabelsArePlaceholders() {
    String characters =
        "2021-10-06T10:05:41.309643Z 29 [Note] Aborted connection 29 to db: 'classiccharacters'"
            + " user: 'root' host: 'localhost' (Got an error reading communication packets)";
    String mangos =
        "2021-10-06T10:05:41.322037Z 8 [Note] Aborted connection 8 to db: 'classicmangos' user:"
            + " 'root' host: 'localhost' (Got an error reading communication packets)";
    String rocket =
        "2015-11-28T02:50:01.238745Z 3 [Note] Aborted connection 3 to db: 'text_rocket' user:"
            + " 'text_rocket' host: '172.17.0.4' (Got an error reading communication packets)";
    assertThat(miner.templateOf(characters))
        .isEqualTo(
            "<*> [Note] Aborted connection <*> to db: '<*>' user: '<*>' host: '<*>' (Got an error"
                + " reading communication packets)");
    assertThat(miner.mine(mangos).templateId()).isEqualTo(miner.mine(characters).templateId());
    assertThat(miner.mine(rocket).templateId()).isEqualTo(miner.mine(characters).templateId());
  }
}
