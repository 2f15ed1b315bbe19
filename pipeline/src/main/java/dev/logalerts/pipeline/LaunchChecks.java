package dev.logalerts.pipeline;

import com.google.auth.Credentials;
import dev.logalerts.model.LocalPaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;

/**
 * Checks made at launch, before the pipeline is built, so that a mistake ends in one line naming
 * what is wrong instead of a stack trace or endless retries: Cloud Storage paths without
 * credentials, an input pattern that matches no file, a BigQuery dataset that cannot be reached.
 */
public final class LaunchChecks {
  /** How long the BigQuery reachability check may take in all. */
  static final long BIGQUERY_DEADLINE_SECONDS = 30;

  /** How long the Pub/Sub check of a local streaming run may take in all. */
  public static final long PUBSUB_DEADLINE_SECONDS = 30;

  private static final String DEFAULT_BIGQUERY_ROOT = "https://bigquery.googleapis.com";

  private LaunchChecks() {}

  /** Runs every check; throws {@link LaunchException} with the first problem found. */
  public static void check(LogAlertsOptions options) {
    FileSystems.setDefaultPipelineOptions(options);
    checkLocalRules(options.getRulesPath());
    checkCredentials(options);
    checkInput(options);
    checkBigQuery(options, BIGQUERY_DEADLINE_SECONDS);
  }

  /** A local rules file must exist and be a readable file. */
  static void checkLocalRules(String path) {
    if (path == null || path.isEmpty() || path.contains("://")) {
      return;
    }
    Path file = Paths.get(path);
    if (!Files.exists(file)) {
      throw new LaunchException("rules file not found: " + path);
    }
    if (Files.isDirectory(file)) {
      throw new LaunchException("cannot read rules file " + path + ": it is a directory");
    }
    if (!Files.isReadable(file)) {
      throw new LaunchException("cannot read rules file " + path + ": permission denied");
    }
  }

  /** A {@code gs://} path needs Google Cloud credentials: say so before any request retries. */
  static void checkCredentials(LogAlertsOptions options) {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("rules file", options.getRulesPath());
    paths.put("input", options.getInputFilePattern());
    paths.put("output directory", options.getOutputDirectory());
    for (Map.Entry<String, String> p : paths.entrySet()) {
      String path = p.getValue();
      if (path != null && path.startsWith("gs://") && credentials(options) == null) {
        throw new LaunchException(
            p.getKey()
                + " "
                + p.getValue()
                + " needs Google Cloud credentials and none were found (run 'gcloud auth"
                + " application-default login' or set GOOGLE_APPLICATION_CREDENTIALS)");
      }
    }
  }

  /** Held so the level set on it sticks (loggers are weakly referenced). */
  private static final java.util.logging.Logger CREDENTIALS_LOGGER =
      java.util.logging.Logger.getLogger("org.apache.beam.sdk.extensions.gcp.auth");

  /**
   * The command-line tools' check of a {@code gs://} path ({@code what}: "--input", "rules file"):
   * without credentials Beam logs a stack trace and retries for minutes, so say so first. The
   * lookup's own warning is silenced: this exception says the same in one line.
   */
  public static void requireCredentials(String what, String path) {
    if (path == null || !path.startsWith("gs://")) {
      return;
    }
    java.util.logging.Level level = CREDENTIALS_LOGGER.getLevel();
    CREDENTIALS_LOGGER.setLevel(java.util.logging.Level.SEVERE);
    try {
      if (credentials(org.apache.beam.sdk.options.PipelineOptionsFactory.as(LogAlertsOptions.class))
          == null) {
        throw new LaunchException(
            what
                + " "
                + path
                + " needs Google Cloud credentials and none were found (run 'gcloud auth"
                + " application-default login' or set GOOGLE_APPLICATION_CREDENTIALS)");
      }
    } finally {
      CREDENTIALS_LOGGER.setLevel(level);
    }
  }

  private static Credentials credentials(LogAlertsOptions options) {
    try {
      return options.as(GcpOptions.class).getGcpCredential();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A batch input pattern must match at least one file. */
  static void checkInput(LogAlertsOptions options) {
    String pattern = options.getInputFilePattern();
    if (pattern == null) {
      return;
    }
    if (LocalPaths.namesMissingLocalFile(pattern)) {
      throw new LaunchException("input pattern matches no file: " + pattern);
    }
    MatchResult match;
    try {
      match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    } catch (IOException | IllegalArgumentException e) {
      throw new LaunchException("cannot list input " + pattern + ": " + e.getMessage(), e);
    }
    try {
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new LaunchException("input pattern matches no file: " + pattern);
      }
    } catch (IOException e) {
      throw new LaunchException("input pattern matches no file: " + pattern, e);
    }
  }

  /**
   * Total size in bytes of the files {@code pattern} matches, or -1 when unknown or when a file is
   * compressed (its size says nothing about the lines in it).
   */
  public static long inputBytes(String pattern) {
    try {
      long total = 0;
      for (MatchResult.Metadata m :
          FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata()) {
        if (Compression.detect(m.resourceId().getFilename()) != Compression.UNCOMPRESSED) {
          return -1;
        }
        total += m.sizeBytes();
      }
      return total;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** How many files {@code pattern} matches; 0 when it cannot be said. */
  public static int inputFiles(String pattern) {
    try {
      return FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata().size();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Every configured BigQuery table's dataset must answer within {@code deadlineSeconds}; Beam's
   * own checks retry an unreachable service without end.
   */
  static void checkBigQuery(LogAlertsOptions options, long deadlineSeconds) {
    Map<String, String> datasets = new LinkedHashMap<>();
    addDataset(datasets, "--alertTable", options.getAlertTable(), options);
    addDataset(datasets, "--noisyLogTable", options.getNoisyLogTable(), options);
    addDataset(datasets, "--deadLetterTable", options.getDeadLetterTable(), options);
    if (datasets.isEmpty()) {
      return;
    }
    String root = options.as(BigQueryOptions.class).getBigQueryEndpoint();
    String base = root == null || root.isEmpty() ? DEFAULT_BIGQUERY_ROOT : root;
    ExecutorService pool = daemonThread("bigquery-launch-check");
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds);
      for (Map.Entry<String, String> d : datasets.entrySet()) {
        String dataset = d.getKey();
        Object problem =
            answerBy(
                pool,
                () -> probe(options, base, dataset),
                deadline,
                "no answer from " + base + " within " + deadlineSeconds + " s");
        String why = problem instanceof NoAnswer no ? no.why() : (String) problem;
        if (why != null) {
          throw new LaunchException(
              "BigQuery dataset " + dataset + " (" + d.getValue() + ") cannot be reached: " + why);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Why a look-up gave no answer: it failed, timed out or was interrupted. */
  private record NoAnswer(String why) {}

  /**
   * What {@code call}, run on {@code pool}, returns by {@code deadline} ({@link System#nanoTime}),
   * or {@link NoAnswer} ({@code late} when the deadline passed first).
   */
  private static Object answerBy(
      ExecutorService pool, Callable<?> call, long deadline, String late) {
    Future<?> answer = pool.submit(call);
    try {
      return answer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return new NoAnswer(late);
    } catch (ExecutionException e) {
      return new NoAnswer(String.valueOf(e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new NoAnswer("interrupted");
    }
  }

  /**
   * The subscription, and the alert topic when given, must exist at the Pub/Sub endpoint ({@code
   * --pubsubRootUrl}) within {@code deadlineSeconds}: Beam's reader otherwise fails the running job
   * with a stack trace on a missing subscription, and pulls from an endpoint that does not answer
   * without end. A denied look-up (a role that may consume or publish but not view) is no reason to
   * stop; the job then says what is wrong itself.
   */
  public static void checkPubsub(LogAlertsOptions options, long deadlineSeconds) {
    Map<String, String> resources = new LinkedHashMap<>();
    if (options.getInputSubscription() != null) {
      resources.put(options.getInputSubscription(), "subscription");
    }
    if (options.getAlertTopic() != null) {
      resources.put(options.getAlertTopic(), "topic");
    }
    if (resources.isEmpty()) {
      return;
    }
    String base = options.as(PubsubOptions.class).getPubsubRootUrl().replaceAll("/+$", "");
    ExecutorService pool = daemonThread("pubsub-launch-check");
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds);
      for (Map.Entry<String, String> r : resources.entrySet()) {
        URI uri = URI.create(base + "/v1/" + r.getKey());
        Object status =
            answerBy(
                pool,
                () -> get(options, uri, false),
                deadline,
                "no answer within " + deadlineSeconds + " s");
        if (status instanceof NoAnswer no) {
          status = no.why();
        }
        if (status instanceof String why) {
          throw new LaunchException(
              "Pub/Sub at "
                  + base
                  + " cannot be reached: "
                  + why
                  + " (is the emulator running? the endpoint is --pubsubRootUrl, else"
                  + " http://$PUBSUB_EMULATOR_HOST)");
        }
        if ((Integer) status == 404) {
          throw new LaunchException(
              "Pub/Sub "
                  + r.getValue()
                  + " "
                  + r.getKey()
                  + " does not exist at "
                  + base
                  + " (HTTP 404); create it first");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One daemon thread: a check that hangs past its deadline must not keep the JVM alive. */
  private static ExecutorService daemonThread(String name) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  private static void addDataset(
      Map<String, String> datasets, String option, String table, LogAlertsOptions options) {
    if (table == null || table.isEmpty()) {
      return;
    }
    String dataset = datasetOf(table, options.as(GcpOptions.class).getProject());
    if (dataset == null) {
      throw new LaunchException(
          "bad value for " + option + ": '" + table + "' is not PROJECT:DATASET.TABLE");
    }
    datasets.merge(dataset, option, (a, b) -> a + ", " + b);
  }

  /** {@code PROJECT:DATASET.TABLE} or {@code PROJECT.DATASET.TABLE} → {@code PROJECT:DATASET}. */
  static String datasetOf(String table, String defaultProject) {
    String project;
    String rest;
    int colon = table.indexOf(':');
    if (colon > 0) {
      project = table.substring(0, colon);
      rest = table.substring(colon + 1);
    } else {
      String[] parts = table.split("\\.");
      if (parts.length == 3) {
        project = parts[0];
        rest = parts[1] + "." + parts[2];
      } else {
        project = defaultProject;
        rest = table;
      }
    }
    String[] parts = rest.split("\\.");
    if (project == null
        || project.isEmpty()
        || parts.length != 2
        || parts[0].isEmpty()
        || parts[1].isEmpty()) {
      return null;
    }
    return project + ":" + parts[0];
  }

  /** Null when the dataset answers; else why not. */
  private static String probe(LogAlertsOptions options, String base, String dataset)
      throws Exception {
    if (credentials(options) == null) {
      return "no Google Cloud credentials found (run 'gcloud auth application-default login'"
          + " or set GOOGLE_APPLICATION_CREDENTIALS)";
    }
    String[] pd = dataset.split(":", 2);
    URI uri =
        URI.create(
            base.replaceAll("/+$", "") + "/bigquery/v2/projects/" + pd[0] + "/datasets/" + pd[1]);
    Object answer = get(options, uri, true);
    if (answer instanceof String why) {
      return why;
    }
    int status = (Integer) answer;
    if (status == 200) {
      return null;
    }
    if (status == 404) {
      return "it does not exist (HTTP 404)";
    }
    return "HTTP " + status + (status == 401 || status == 403 ? " (permission denied)" : "");
  }

  /**
   * GET {@code uri} with the job's credentials (none for an emulator): the HTTP status, or why
   * there was none (a String). {@code needsCredentials}: a missing credential is an answer, not a
   * reason to send the request bare.
   */
  private static Object get(LogAlertsOptions options, URI uri, boolean needsCredentials)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(20)).GET();
    Credentials credentials = credentials(options);
    if (credentials == null && needsCredentials) {
      return "no Google Cloud credentials found";
    }
    Map<String, List<String>> headers =
        credentials == null ? null : credentials.getRequestMetadata(uri);
    if (headers != null) {
      for (Map.Entry<String, List<String>> h : headers.entrySet()) {
        for (String v : new ArrayList<>(h.getValue())) {
          request.header(h.getKey(), v);
        }
      }
    }
    HttpClient client =
        HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.net.ConnectException e) {
      // Its message is often empty; the class name is no sentence for a user.
      return "connection refused";
    } catch (IOException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
