package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Real lines of platforms and runtimes (Docker pulls, App Engine flexible's process tags, Rails'
 * request summaries, GKE's Pod Security admission) that made one row per value or rows that took
 * each other's entries. Each line's source is named where it is used.
 */
@RunWith(JUnit4.class)
public class PlatformLinesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final TextLineKeys lines = new TextLineKeys();

  /**
   * Docker's {@code <tag>: Pulling from <repository>} (pasted {@code docker pull}, {@code docker
   * build} and {@code docker-compose pull} output in public notes, stored-code index ids
   * 42560123982, 30420814182, 12835482, 12539134302, 71057901642, 36965342598): the repository is
   * data, so a build's or startup script's pulls are one row, not one per Docker Hub image (a
   * registry's longer paths were masked already).
   */
  @Test
  public void aPulledRepositoryIsData() throws Exception {
    String[] pulls = {
      "latest: Pulling from library/centos",
      "16.04: Pulling from library/ubuntu",
      "latest: Pulling from library/alpine",
      "latest: Pulling from library/postgres",
      "3.11-alpine: Pulling from library/python",
      "1.14.5: Pulling from gcr.io/google_containers/k8s-dns-kube-dns-amd64",
    };
    KV<NoisyKey, NoisyEntry> first = lines.row(lines.entry(pulls[0]));
    assertThat(first.getValue().template()).isEqualTo("latest: Pulling from <*>");
    CompiledFilter exclusion = Filter.compile(TextLineKeys.exclusion(first));
    for (String pull : pulls) {
      LogEvent e = lines.entry(pull);
      // The tag is the miner's as before: "latest" a word, a version masked.
      if (pull.startsWith("latest:")) {
        assertThat(lines.row(e).getKey()).isEqualTo(first.getKey());
        assertThat(exclusion.test(e)).isTrue();
      } else {
        assertThat(lines.row(e).getValue().template()).isEqualTo("<*>: Pulling from <*>");
      }
    }
    assertThat(exclusion.test(lines.entry("a46f95c56b32: Pull complete"))).isFalse();
    // "from" elsewhere is still text.
    assertThat(lines.template("Pulling fs layer")).isEqualTo("Pulling fs layer");
    assertThat(lines.template("Reading settings from config"))
        .isEqualTo("Reading settings from config");
  }

  /**
   * App Engine flexible's process tags ({@code [pid1-nginx]}, {@code [pid1-app]}) name where a line
   * comes from, as {@code [pid1]} does (families/posts/gae-init-nginx-connected-*.json): kept, so
   * nginx's and the app's lines are rows of their own; a zone or a pod name is still data.
   */
  @Test
  public void appEngineFlexibleProcessTagsAreKept() throws Exception {
    assertThat(lines.template("[pid1-nginx] Successfully connected to localhost:8081 after 546ms"))
        .isEqualTo("[pid1-nginx] Successfully connected to <*> after <*>");
    assertThat(lines.template("[pid1-app] Starting app")).isEqualTo("[pid1-app] Starting app");
    assertThat(lines.template("[pid1] Starting app")).isEqualTo("[pid1] Starting app");
    assertThat(lines.template("zone us-east1-b is ready")).isEqualTo("zone <*> is ready");
    assertThat(lines.template("pid12345-x started")).isEqualTo("<*> started");
    assertThat(lines.template("pid1-Nginx started")).isEqualTo("<*> started");
  }

  /**
   * Rails' request summary with the runtime breakdown of what the request ran (the Rails lines of
   * the previous audit: a Stack Overflow question's Heroku log, GitLab's docs, a Rails 6 app's log;
   * families/apploggers/rails-completed-500.json): one log call, one row, whose exclusion takes
   * every breakdown (it took 5 of the other rows' entries as four rows) and still not the same call
   * written through Logger::Formatter, nor another status.
   */
  @Test
  public void railsRuntimeBreakdownsAreOneRow() throws Exception {
    String[] completed = {
      "Completed 500 Internal Server Error in 49ms (ActiveRecord: 0.0ms)",
      "Completed 500 Internal Server Error in 15ms (ActiveRecord: 3.2ms | Allocations: 6057)",
      "Completed 500 Internal Server Error in 62ms (ActiveRecord: 4.7ms | Elasticsearch: 0.0ms"
          + " | Allocations: 14583)",
      "Completed 500 Internal Server Error in 30ms (Views: 20.0ms | ActiveRecord: 3.2ms)",
    };
    KV<NoisyKey, NoisyEntry> first = lines.row(lines.entry(completed[0]));
    assertThat(first.getValue().template())
        .isEqualTo("Completed 5xx Internal Server Error in <*> (<*>)");
    CompiledFilter exclusion = Filter.compile(TextLineKeys.exclusion(first));
    for (String line : completed) {
      LogEvent e = lines.entry(line);
      assertThat(lines.row(e).getKey()).isEqualTo(first.getKey());
      assertThat(exclusion.test(e)).isTrue();
    }
    assertThat(
            exclusion.test(
                lines.entry("I, [2016-05-31T18:03:17.288726 #18053]  INFO -- : " + completed[0])))
        .isFalse();
    assertThat(exclusion.test(lines.entry("Completed 200 OK in 5ms (ActiveRecord: 0.4ms)")))
        .isFalse();
    // Parentheses that are not a breakdown of masked values stay as they are.
    assertThat(lines.template("Retried in 5s (attempt 3 of 5)"))
        .isEqualTo("Retried in <*> (attempt <*> of <*>)");
    assertThat(lines.template("Completed 200 OK in 5ms (cached)"))
        .isEqualTo("Completed 2xx OK in <*> (cached)");
  }

  /**
   * Rails 7.2 and later count the queries after ActiveRecord's runtime and add GC's (real lines of
   * public repositories' notes and logs): still one row for the call, whichever parts a request
   * ran, one query or many, and its exclusion takes them all.
   */
  @Test
  public void railsQueryCountsAreInTheFoldedBreakdown() throws Exception {
    String[] completed = {
      "Completed 200 OK in 11ms (Views: 0.3ms | ActiveRecord: 0.0ms (0 queries, 0 cached)"
          + " | GC: 0.3ms)",
      "Completed 200 OK in 1ms (ActiveRecord: 0.4ms (3 queries, 0 cached) | GC: 0.0ms)",
      "Completed 200 OK in 331ms (Views: 3.4ms | ActiveRecord: 7.0ms (372 queries, 90 cached)"
          + " | GC: 47.4ms)",
      "Completed 200 OK in 5ms (ActiveRecord: 0.2ms (1 query, 0 cached) | GC: 0.0ms)",
    };
    KV<NoisyKey, NoisyEntry> first = lines.row(lines.entry(completed[0]));
    assertThat(first.getValue().template()).isEqualTo("Completed 2xx OK in <*> (<*>)");
    CompiledFilter exclusion = Filter.compile(TextLineKeys.exclusion(first));
    for (String line : completed) {
      LogEvent e = lines.entry(line);
      assertThat(lines.row(e).getKey()).isEqualTo(first.getKey());
      assertThat(exclusion.test(e)).isTrue();
    }
    // A group that does not close before the next one opens is no breakdown.
    assertThat(lines.template("Completed 200 OK in 5ms (ActiveRecord: 0.2ms (a (b) c))"))
        .doesNotContain("(<*>)");
  }

  /**
   * GKE's Pod Security admission refusing a pod (a Qwiklabs lab's entry,
   * families/exports/k8s-podsecurity-restricted-denied.json): the enforced level is part of the
   * row, so its exclusion does not take the same method's other denials (RBAC's {@code cannot
   * create resource}) nor another level's.
   */
  @Test
  public void aPodSecurityDenialIsARowOfItsLevel() throws Exception {
    String json = TextLineKeys.resource("/families/exports/k8s-podsecurity-restricted-denied.json");
    LogEvent denied = lines.parse(json);
    KV<NoisyKey, NoisyEntry> row = lines.row(denied);
    assertThat(row.getValue().template())
        .isEqualTo(
            "io.k8s.core.v1.pods.create: PERMISSION_DENIED violates PodSecurity"
                + " \"restricted:latest\"");
    CompiledFilter exclusion = Filter.compile(TextLineKeys.exclusion(row));
    ObjectNode entry = (ObjectNode) JSON.readTree(json);
    ((ObjectNode) entry.path("protoPayload").path("status"))
        .put(
            "message",
            "pods \"nginx\" is forbidden: User \"student\" cannot create resource \"pods\" in"
                + " API group \"\" in the namespace \"restricted-ns\"");
    String withRbac = JSON.writeValueAsString(entry);
    LogEvent rbacDenied = lines.parse(withRbac);
    assertThat(rbacDenied.message()).contains("cannot create resource");
    assertThat(exclusion.test(rbacDenied)).isFalse();
    LogEvent baseline = lines.parse(json.replace("restricted:latest", "baseline:latest"));
    assertThat(exclusion.test(baseline)).isFalse();
    assertThat(lines.row(baseline).getKey()).isNotEqualTo(row.getKey());
  }
}
