package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Database errors as their users pasted them: the values of the failing row in PostgreSQL's DETAIL
 * lines, and the error classes of drivers and bridges whose module has a digit (psycopg2, py4j).
 * The values were kept word by word, one row per key; the classes were masked, so a unique and a
 * foreign-key violation were one row (the source of every line is named where it is used).
 */
@RunWith(JUnit4.class)
public class DatabaseErrorLinesTest {
  private final TemplateMiner miner = new TemplateMiner();
  private final TextLineKeys keys = new TextLineKeys();
  private final LogEntryParser parser = new LogEntryParser();

  /** A Cloud SQL for PostgreSQL postgres.log entry, as Cloud SQL writes it. */
  private LogEvent cloudSqlEntry(String textPayload, String severity) throws Exception {
    String json =
        "{\"logName\":\"projects/shop-prod/logs/cloudsql.googleapis.com%2Fpostgres.log\","
            + "\"resource\":{\"type\":\"cloudsql_database\",\"labels\":{\"database_id\":"
            + "\"shop-prod:orders-pg\",\"project_id\":\"shop-prod\",\"region\":\"us-central1\"}},"
            + "\"textPayload\":"
            + SuggestedExclusion.quote(textPayload)
            + ",\"timestamp\":\"2026-11-30T09:12:44Z\",\"severity\":\""
            + severity
            + "\"}";
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * "duplicate key value violates unique constraint" and its DETAIL, from one Nextcloud server's
   * log (https://github.com/nextcloud/server/issues/366): the key's values (user, app, setting)
   * made one row per user and setting.
   */
  @Test
  public void uniqueKeyValuesAreOnePlaceholder() throws Exception {
    String login =
        "2026-11-30 09:12:44.123 UTC [4242]: [2-1] db=nextcloud,user=nextcloud DETAIL:  Key"
            + " (userid, appid, configkey)=(nextcloud_admin, login, lastLogin) already exists.";
    String timezone =
        "2026-11-30 09:12:45.456 UTC [4243]: [2-1] db=nextcloud,user=nextcloud DETAIL:  Key"
            + " (userid, appid, configkey)=(nextcloud_admin, core, timezone) already exists.";
    KV<NoisyKey, NoisyEntry> a = keys.row(cloudSqlEntry(login, "ERROR"));
    KV<NoisyKey, NoisyEntry> b = keys.row(cloudSqlEntry(timezone, "ERROR"));
    assertThat(a.getValue().template())
        .isEqualTo(
            "<*> [<*>]: [<*>] db=<*>,user=<*> DETAIL: Key (userid, appid, configkey)=(<*>)"
                + " already exists.");
    assertThat(b.getKey()).isEqualTo(a.getKey());
    assertThat(a.getKey().service()).isEqualTo("shop-prod:orders-pg");
    // A value with a slash, which was kept: https://github.com/nextcloud/server/issues/366.
    assertThat(miner.templateOf("DETAIL:  Key (mimetype)=(image/png) already exists."))
        .isEqualTo("DETAIL: Key (mimetype)=(<*>) already exists.");
    // Another constraint's DETAIL is another row, and this row's exclusion leaves it alone
    // (https://github.com/mapswipe/python-mapswipe-workers/issues/151).
    LogEvent foreign =
        cloudSqlEntry(
            "2026-11-30 09:12:46.789 UTC [4244]: [2-1] db=mapswipe,user=mapswipe DETAIL:  Key"
                + " (user_id)=(xxx) is not present in table \"users\".",
            "ERROR");
    KV<NoisyKey, NoisyEntry> c = keys.row(foreign);
    assertThat(c.getValue().template())
        .endsWith("DETAIL: Key (user_id)=(<*>) is not present in table \"<*>\".");
    assertThat(Filter.compile(TextLineKeys.exclusion(a)).test(foreign)).isFalse();
  }

  /**
   * "Failing row contains" after a not-null or check violation: one program's two inserts
   * (https://github.com/grafana/intro-to-mltp/issues/76), a row with a query in it
   * (https://github.com/ankane/pghero/issues/249), and one whose user agent PostgreSQL cut at
   * "(KH..." (https://github.com/codeigniter4/shield/issues/329).
   */
  @Test
  public void failingRowIsOnePlaceholder() throws Exception {
    String illithid = "2024-02-29 15:20:13.081 UTC [67] DETAIL:  Failing row contains (726, null).";
    String owlbear = "2024-02-29 15:20:16.259 UTC [70] DETAIL:  Failing row contains (753, null).";
    String pghero =
        "DETAIL:  Failing row contains (null, primary, postgres, SELECT"
            + " \"locations\".\"country_name\" FROM \"locations\" WHERE \"locati..., 2911505934,"
            + " 873.354, 8, 2018-12-14 09:20:08.343423).";
    assertThat(miner.templateOf(illithid))
        .isEqualTo("<*> [<*>] DETAIL: Failing row contains (<*>).");
    assertThat(miner.mine(owlbear).templateId()).isEqualTo(miner.mine(illithid).templateId());
    assertThat(miner.templateOf(pghero)).isEqualTo("DETAIL: Failing row contains (<*>).");
    assertThat(
            miner.templateOf(
                "pg_query(): Query failed: ERROR:  null value in column &quot;id&quot; violates"
                    + " not-null constraint DETAIL:  Failing row contains (null, xxxxxxx,"
                    + " Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KH...,"
                    + " email_password, xxxx@gmail.com, null, 2022-07-29 18:42:28, 0)."))
        .endsWith("violates not-null constraint DETAIL: Failing row contains (<*>).");
    // Parentheses elsewhere are templated as before.
    assertThat(miner.templateOf("ERROR:  null value in column \"id\" violates not-null constraint"))
        .isEqualTo("ERROR: null value in column \"<*>\" violates not-null constraint");
  }

  /**
   * psycopg2's error classes name the violation: a foreign key
   * (https://github.com/mapswipe/python-mapswipe-workers/issues/151) and a not-null column, bare
   * and wrapped by SQLAlchemy (https://github.com/home-assistant/core/issues/112519). They were
   * masked for the digit in "psycopg2", so the two violations were one row.
   */
  @Test
  public void psycopg2ErrorClassesAreKept() throws Exception {
    String foreign =
        "psycopg2.errors.ForeignKeyViolation: insert or update on table \"results\" violates"
            + " foreign key constraint \"results_user_id_fkey\"";
    String notNull =
        "psycopg2.errors.NotNullViolation: null value in column \"state_id\" of relation"
            + " \"states\" violates not-null constraint";
    KV<NoisyKey, NoisyEntry> f = keys.row(keys.entry(foreign));
    KV<NoisyKey, NoisyEntry> n = keys.row(keys.entry(notNull));
    assertThat(f.getValue().template())
        .isEqualTo(
            "psycopg2.errors.ForeignKeyViolation: insert or update on table \"<*>\" violates"
                + " foreign key constraint \"<*>\"");
    assertThat(n.getValue().template())
        .isEqualTo(
            "psycopg2.errors.NotNullViolation: null value in column \"<*>\" of relation \"<*>\""
                + " violates not-null constraint");
    assertThat(Filter.compile(TextLineKeys.exclusion(f)).test(keys.entry(notNull))).isFalse();
    assertThat(
            miner.templateOf(
                "sqlalchemy.exc.IntegrityError: (psycopg2.errors.NotNullViolation) null value in"
                    + " column \"state_id\" of relation \"states\" violates not-null constraint"))
        .startsWith("sqlalchemy.exc.IntegrityError: (psycopg2.errors.NotNullViolation) null value");
  }

  /**
   * PySpark's driver error on Dataproc (https://github.com/dagster-io/dagster/issues/2432;
   * undotted, https://github.com/neo4j/neo4j-spark-connector/issues/414): the type stays, the py4j
   * object it was calling is data.
   */
  @Test
  public void py4jErrorTypeIsKept() {
    String o130 = "py4j.protocol.Py4JJavaError: An error occurred while calling o130.jdbc.";
    assertThat(miner.templateOf(o130))
        .isEqualTo("py4j.protocol.Py4JJavaError: An error occurred while calling <*>.");
    assertThat(miner.templateOf("Py4JJavaError: An error occurred while calling o46.load"))
        .isEqualTo("Py4JJavaError: An error occurred while calling <*>");
    // Names with digits that are not types stay masked: a host before a colon, a py4j object.
    assertThat(
            miner.templateOf(
                "15/10/26 16:13:40 ERROR cluster.YarnClusterScheduler: Lost executor 4 on"
                    + " ip-172-31-11-158.ec2.internal: remote Rpc client disassociated"))
        .isEqualTo(
            "<*> ERROR cluster.YarnClusterScheduler: Lost executor <*> on <*>: remote Rpc client"
                + " disassociated");
  }

  /**
   * BigQuery's job errors as apps log them name the missing table, dataset or column: a table
   * without a digit (https://github.com/google/starthinker/issues/50) was kept, one row per table,
   * as were a dataset (https://github.com/googleapis/google-cloud-python/issues/15691) and a column
   * (https://github.com/googleapis/python-bigquery/issues/104); with a digit
   * (https://github.com/mozilla/bigquery-etl/issues/1698) it was already masked.
   */
  @Test
  public void bigQueryMissingObjectNamesArePlaceholders() throws Exception {
    String table =
        "Not found: Table"
            + " sc-amea-usr-starthin-natstavn:Create_IO_Preview___Nate_Training.SHEET_Rules was not"
            + " found in location US";
    String numbered =
        "google.api_core.exceptions.NotFound: 404 Not found: Table"
            + " moz-fx-data-shared-prod:telemetry_derived.scalar_percentiles_v1 was not found in"
            + " location US";
    String dataset = "Not found: Dataset my-dataset:my_table was not found in location US.";
    String column = "google.api_core.exceptions.BadRequest: 400 Unrecognized name: ffff at [1:155]";
    KV<NoisyKey, NoisyEntry> t = keys.row(keys.entry(table));
    assertThat(t.getValue().template())
        .isEqualTo("Not found: Table <*> was not found in location US");
    assertThat(miner.templateOf(numbered))
        .endsWith("Not found: Table <*> was not found in location US");
    KV<NoisyKey, NoisyEntry> d = keys.row(keys.entry(dataset));
    assertThat(d.getValue().template())
        .isEqualTo("Not found: Dataset <*> was not found in location US.");
    assertThat(Filter.compile(TextLineKeys.exclusion(t)).test(keys.entry(dataset))).isFalse();
    assertThat(keys.row(keys.entry(column)).getValue().template())
        .isEqualTo("google.api_core.exceptions.BadRequest: <*> Unrecognized name: <*> at [<*>]");
    // Other words after "Not found:" stay.
    assertThat(miner.templateOf("Not found: Job my-project:US.bquxjob_1"))
        .startsWith("Not found: Job");
  }

  /**
   * SQL Server's error line before its message, as Cloud SQL for SQL Server's sqlserver.err holds
   * it: the error number and state say why a login failed (state 38, a database that could not be
   * opened: https://github.com/tediousjs/tedious/issues/1080; state 62, a contained database:
   * https://github.com/MicrosoftDocs/sql-docs/pull/10023). All three numbers were masked, so every
   * error of the server was one row and its exclusion dropped them all.
   */
  @Test
  public void sqlServerErrorNumberAndStateAreKept() throws Exception {
    LogEvent database = sqlServerEntry("Error: 18456, Severity: 14, State: 38.");
    LogEvent contained = sqlServerEntry("Error: 18456, Severity: 14, State: 62.");
    KV<NoisyKey, NoisyEntry> d = keys.row(database);
    assertThat(d.getValue().template())
        .isEqualTo("<*> Logon Error: 18456, Severity: 14, State: 38.");
    assertThat(keys.row(contained).getKey()).isNotEqualTo(d.getKey());
    assertThat(Filter.compile(TextLineKeys.exclusion(d)).test(contained)).isFalse();
    // The message line after it is templated as before.
    assertThat(
            keys.row(
                    sqlServerEntry(
                        "Login failed for user 'tcom'. Reason: Failed to open the explicitly"
                            + " specified database 'tcom'."))
                .getValue()
                .template())
        .startsWith("<*> Logon Login failed for user '<*>'. Reason: Failed to open the explicitly");
    // Numbers after "Error:" elsewhere are still data.
    assertThat(miner.templateOf("Error: 4 DEADLINE_EXCEEDED: Deadline Exceeded"))
        .isEqualTo("Error: <*> DEADLINE_EXCEEDED: Deadline Exceeded");
  }

  private LogEvent sqlServerEntry(String message) throws Exception {
    String json =
        "{\"logName\":\"projects/shop-prod/logs/cloudsql.googleapis.com%2Fsqlserver.err\","
            + "\"resource\":{\"type\":\"cloudsql_database\",\"labels\":{\"database_id\":"
            + "\"shop-prod:orders-mssql\",\"project_id\":\"shop-prod\",\"region\":\"us-central1\"}},"
            + "\"textPayload\":"
            + SuggestedExclusion.quote("2026-11-28 10:16:02.41 Logon       " + message)
            + ",\"timestamp\":\"2026-11-28T10:16:02.41Z\",\"severity\":\"ERROR\"}";
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Spark on YARN (Dataproc's driver output) names the exit status of a lost executor's container:
   * 143 a container killed by YARN (https://github.com/TalkingData/Fregata/issues/12), 1 a launch
   * that failed (https://github.com/broadinstitute/gatk/issues/4112). The status was masked, so a
   * crash and a kill were one row; exit codes after "code" were already kept.
   */
  @Test
  public void yarnContainerExitStatusIsKept() throws Exception {
    String killed =
        "17/01/01 23:03:32 ERROR YarnScheduler: Lost executor 598 on bigdata-serv2122.mycorp.com:"
            + " Container marked as failed: container_e50_1481285758114_1471903_01_000599 on host:"
            + " bigdata-serv2122.mycorp.com. Exit status: 143. Diagnostics: Container killed on"
            + " request. Exit code is 143";
    String launch =
        "18/01/09 18:31:18 WARN cluster.YarnSchedulerBackend$YarnSchedulerEndpoint: Container"
            + " marked as failed: container_1515493209401_0001_01_000007 on host: tele-2. Exit"
            + " status: 1. Diagnostics: Exception from container-launch.";
    KV<NoisyKey, NoisyEntry> k = keys.row(keys.entry(killed));
    assertThat(k.getValue().template())
        .isEqualTo(
            "<*> ERROR YarnScheduler: Lost executor <*> on <*>: Container marked as failed: <*> on"
                + " host: <*>. Exit status: 143. Diagnostics: Container killed on request. Exit"
                + " code is <*>");
    assertThat(keys.row(keys.entry(launch)).getValue().template())
        .contains("Exit status: 1. Diagnostics: Exception from container-launch.");
    // A status after other words is data as before (Loghub's "status: 200 len: 1893").
    assertThat(miner.templateOf("status: 200 len: 1893")).isEqualTo("status: <*> len: <*>");
  }

  /**
   * BigQuery's "Access Denied" names the table or project twice: a table without a digit
   * (https://github.com/basedosdados/sdk/issues/505), the Spark BigQuery connector's on Dataproc
   * (https://github.com/GoogleCloudDataproc/spark-bigquery-connector/issues/478) and a project
   * (https://github.com/kubernetes/k8s.io/issues/2729) were kept, one row per table or project.
   */
  @Test
  public void bigQueryDeniedObjectNamesArePlaceholders() throws Exception {
    String caged =
        "Access Denied: Table basedosdados:br_me_caged.microdados_antigos: Permission"
            + " bigquery.tables.get denied on table basedosdados:br_me_caged.microdados_antigos (or"
            + " it may not exist).";
    String connector =
        "Exception in thread \"main\" com.google.cloud.spark.bigquery.repackaged.com.google.cloud"
            + ".bigquery.BigQueryException: Access Denied: Table project.dataset.table: Permission"
            + " bigquery.tables.get denied on table project.dataset.table (or it may not exist).";
    String project =
        "Access Denied: Project kubernetes-public: User does not have bigquery.jobs.create"
            + " permission in project kubernetes-public.";
    KV<NoisyKey, NoisyEntry> c = keys.row(keys.entry(caged));
    assertThat(c.getValue().template())
        .isEqualTo(
            "Access Denied: Table <*>: Permission bigquery.tables.get denied on table <*> (or it"
                + " may not exist).");
    assertThat(miner.templateOf(connector))
        .endsWith(
            "BigQueryException: Access Denied: Table <*>: Permission bigquery.tables.get denied on"
                + " table <*> (or it may not exist).");
    KV<NoisyKey, NoisyEntry> p = keys.row(keys.entry(project));
    assertThat(p.getValue().template())
        .isEqualTo(
            "Access Denied: Project <*>: User does not have bigquery.jobs.create permission in"
                + " project <*>.");
    assertThat(Filter.compile(TextLineKeys.exclusion(c)).test(keys.entry(project))).isFalse();
  }
}
