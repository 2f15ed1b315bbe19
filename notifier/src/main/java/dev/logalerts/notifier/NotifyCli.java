package dev.logalerts.notifier;

import dev.logalerts.model.EditDistance;
import dev.logalerts.notifier.Notifier.Attempt;
import dev.logalerts.notifier.Notifier.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code scripts/notify.sh}: previews (or, with {@code --send}, delivers) the notifications for
 * alert JSON lines, e.g. the local run's {@code out/alerts/}. Per request it prints the receiver,
 * the URL with secrets masked, extra headers and the JSON body (secrets masked); with {@code
 * --send} also the response status. It uses the same routing, stale/duplicate handling, payloads
 * and delivery code as the Cloud Run service.
 *
 * <p>Exit status: 0 all delivered (or previewed), 1 a delivery failed (permanent, retries
 * exhausted, or a malformed alert line), 2 invalid config or command line.
 */
public final class NotifyCli {
  static final String USAGE =
      "usage: scripts/notify.sh --config=FILE --alerts=DIR|FILE [--send] [--dead-letter=FILE]";

  /** What an unset {@code ${NAME}} becomes in a preview, followed by NAME. */
  static final String UNSET_PLACEHOLDER = "https://unset.invalid/";

  private NotifyCli() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(args, System.out, System.err);
    } catch (RuntimeException e) {
      System.err.println("error: " + e);
      code = 1;
    }
    System.exit(code);
  }

  private static final List<String> OPTIONS =
      List.of("--config=", "--alerts=", "--dead-letter=", "--send", "--help");

  /**
   * What is wrong with an argument no option took: a value option without '=' ("--config FILE"), a
   * value given to --send, or an unknown option, with the closest one when it is a near miss.
   */
  static String argumentProblem(String arg) {
    if (!arg.startsWith("-")) {
      return "unexpected argument '" + arg + "' (" + USAGE + ")";
    }
    String name = arg.split("=", 2)[0];
    if (OPTIONS.contains(name + "=")) {
      return name + " needs a value: " + name + "=VALUE (options are written --name=value)";
    }
    if (OPTIONS.contains(name)) {
      return name + " takes no value, got '" + arg + "'";
    }
    List<String> names = new ArrayList<>();
    for (String o : OPTIONS) {
      names.add(o.endsWith("=") ? o.substring(0, o.length() - 1) : o);
    }
    String best = EditDistance.nearMiss(name, names);
    return "unknown option "
        + name
        + (best != null ? " (did you mean " + best + "?)" : " (" + USAGE + ")");
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String config = null;
    String alerts = null;
    String deadLetterFile = null;
    boolean send = false;
    for (String a : args) {
      if (a.startsWith("--config=")) {
        config = a.substring("--config=".length());
      } else if (a.startsWith("--alerts=")) {
        alerts = a.substring("--alerts=".length());
      } else if (a.startsWith("--dead-letter=")) {
        deadLetterFile = a.substring("--dead-letter=".length());
      } else if (a.equals("--send")) {
        send = true;
      } else if (a.equals("--help") || a.equals("-h")) {
        out.println(USAGE);
        return 0;
      } else {
        err.println("error: " + argumentProblem(a));
        return 2;
      }
    }
    if (config == null || alerts == null || config.isEmpty() || alerts.isEmpty()) {
      err.println("error: --config and --alerts are required (" + USAGE + ")");
      return 2;
    }
    if (config.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      // The service reads its config from a mounted secret, this command from a file here.
      err.println(
          "error: --config="
              + config
              + ": the notifier config is read from a local path; copy it here first (gcloud"
              + " storage cp "
              + config
              + " .)");
      return 2;
    }
    if (!Files.exists(Path.of(config))) {
      err.println("error: --config=" + config + ": no such file");
      return 2;
    }
    NotifierConfig cfg;
    // A preview sends nothing, so it needs no secrets: an unset ${NAME} becomes a placeholder URL
    // (valid wherever a URL or a key is expected, and masked like a secret) and one note line.
    Set<String> unset = new TreeSet<>();
    Function<String, String> env =
        send
            ? System::getenv
            : name -> {
              String value = System.getenv(name);
              if (value == null || value.isEmpty()) {
                unset.add(name);
                return UNSET_PLACEHOLDER + name;
              }
              return value;
            };
    try {
      cfg = ConfigLoader.load(Path.of(config), env);
    } catch (ConfigException e) {
      for (String line : e.errors()) {
        err.println("error: " + line);
      }
      return 2;
    }
    if (!unset.isEmpty()) {
      err.println(
          "note: "
              + String.join(", ", unset)
              + (unset.size() == 1 ? " is" : " are")
              + " not set; previewing with "
              + UNSET_PLACEHOLDER
              + "NAME in their place (--send needs them set)");
    }
    Map<Path, List<String>> lines = new java.util.LinkedHashMap<>();
    try {
      for (Path file : alertFiles(Path.of(alerts))) {
        try {
          lines.put(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
          err.println("error: cannot read " + file + ": " + e.getMessage());
          return 2;
        }
      }
    } catch (IOException e) {
      err.println("error: cannot read alerts " + alerts + ": " + e.getMessage());
      return 2;
    }
    String notAlerts = notAlerts(lines);
    if (notAlerts != null) {
      err.println("error: --alerts=" + alerts + " " + notAlerts);
      return 2;
    }
    Redactor redactor = new Redactor(cfg.secrets());
    Log log = new Log(err, redactor);
    DeadLetters deadLetters =
        deadLetterFile == null
            ? (body, attributes) ->
                out.println("dead-letter " + redactor.redact(attributes.toString()))
            : new DeadLetters.File(Path.of(deadLetterFile));
    Notifier notifier =
        new Notifier(
            cfg,
            send ? new Delivery(cfg.delivery(), redactor, log) : null,
            deadLetters,
            log,
            false);
    int failures = 0;
    int messages = 0;
    int requests = 0;
    for (List<String> fileLines : lines.values()) {
      for (String line : fileLines) {
        if (line.isBlank()) {
          continue;
        }
        messages++;
        Report report = notifier.handle(line, Map.of());
        failures += print(report, send, redactor, out);
        requests += report.attempts().size();
      }
    }
    out.println(
        "# "
            + messages
            + " alerts, "
            + requests
            + " requests"
            + (send ? ", " + failures + " failed" : " (preview; --send posts them)"));
    return failures > 0 ? 1 : 0;
  }

  private static int print(Report report, boolean send, Redactor redactor, PrintStream out) {
    AlertMessage a = report.alert();
    String id =
        a == null
            ? ""
            : " alertId="
                + a.alertId()
                + " rule="
                + a.rule()
                + " state="
                + a.state()
                + (a.sequence() == null ? "" : " sequence=" + a.sequence());
    if (report.dropped() != null) {
      out.println("# skipped" + id + ": " + report.dropped());
      return report.dropped().startsWith("malformed") ? 1 : 0;
    }
    int failures = 0;
    for (Attempt at : report.attempts()) {
      OutboundRequest r = at.request();
      if (r == null) {
        out.println("=== receiver=" + at.receiver() + id);
        out.println("# not sent: " + at.result().detail());
        failures++;
        continue;
      }
      out.println("=== receiver=" + r.receiver() + id);
      if (at.skipped() != null) {
        out.println("# not sent: " + at.skipped());
        continue;
      }
      out.println("POST " + r.maskedUrl());
      r.headers().forEach((k, v) -> out.println(k + ": " + redactor.redact(v)));
      out.println(redactor.redact(r.body()));
      if (send && at.result() != null) {
        var res = at.result();
        out.println(
            "status="
                + res.status()
                + " outcome="
                + res.outcome()
                + " attempts="
                + res.attempts()
                + (res.detail().isEmpty() ? "" : " detail=" + res.detail()));
        if (res.outcome() != Delivery.Outcome.SENT) {
          failures++;
        }
      }
    }
    return failures;
  }

  /**
   * Why the files hold nothing to notify about (lines, none of them an alert message: a log file
   * given by mistake, say), or null when at least one line is one, or there is none. A stream with
   * a few bad lines is read: those are dead-lettered as the service would.
   */
  static String notAlerts(Map<Path, List<String>> lines) {
    String first = null;
    for (Map.Entry<Path, List<String>> f : lines.entrySet()) {
      int n = 0;
      for (String line : f.getValue()) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          AlertMessage.parse(line);
          return null;
        } catch (IllegalArgumentException e) {
          if (first == null) {
            boolean logEntry = line.contains("\"logName\"") || line.contains("\"insertId\"");
            first =
                "holds no alert message: "
                    + f.getKey()
                    + " line "
                    + n
                    + ": "
                    + e.getMessage()
                    + (logEntry
                        ? " (it is a log entry: give the job's output, e.g. out/alerts)"
                        : " (give the alert files the job writes, e.g. out/alerts)");
          }
        }
      }
    }
    return first; // null too when there is no line at all: a run that fired nothing
  }

  /** The regular, non-hidden files of a directory tree (sorted), or the one file given. */
  static List<Path> alertFiles(Path p) throws IOException {
    if (Files.isRegularFile(p)) {
      return List.of(p);
    }
    if (!Files.isDirectory(p)) {
      throw new IOException("no such file or directory");
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(p)) {
      s.filter(Files::isRegularFile)
          .filter(f -> !hidden(p.relativize(f)))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  private static boolean hidden(Path rel) {
    for (Path part : rel) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
