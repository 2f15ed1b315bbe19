package dev.logalerts.tools;

import dev.logalerts.model.EditDistance;
import dev.logalerts.tools.LogGenerator.Config;
import dev.logalerts.tools.LogGenerator.Incident;
import java.io.PrintStream;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The command line of {@link LogGenerator} ({@code scripts/generate-logs.sh}). */
final class GeneratorArgs {
  private GeneratorArgs() {}

  private static final List<String> OPTIONS =
      List.of("--entries", "--seed", "--start", "--duration", "--incidents", "--truth");

  /** " (did you mean --x?)" for a near miss of an option, else "". */
  private static String hint(String name) {
    String best = EditDistance.nearMiss(name, OPTIONS);
    return best != null ? " (did you mean " + best + "?)" : "";
  }

  /**
   * Parses {@code --entries N [--seed S] [--start RFC3339] [--duration 24h] [--incidents
   * all|none|a,b] [--truth FILE]} ({@code --name=value} or {@code --name value}); the truth path,
   * if given, goes to {@code truthPath[0]}.
   */
  static Config parse(String[] args, String[] truthPath) {
    Config c = new Config();
    boolean sawEntries = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value;
      int eq = a.indexOf('=');
      String name = eq > 0 ? a.substring(0, eq) : a;
      // The name first: "--bogus 5" is an unknown option, not "--bogus needs a value".
      if (!name.startsWith("--")) {
        throw new IllegalArgumentException(
            "unexpected argument '" + a + "' (options are --name VALUE or --name=VALUE)");
      }
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("unknown option " + name + hint(name));
      }
      if (eq > 0) {
        value = a.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
      try {
        sawEntries |= apply(c, name, value, truthPath);
      } catch (NumberFormatException | java.time.DateTimeException e) {
        throw new BadValue(name + " must be " + expected(name) + ", got '" + value + "'");
      }
    }
    if (!sawEntries) {
      throw new IllegalArgumentException("--entries N is required");
    }
    return c;
  }

  /**
   * A value outside what its option accepts: said as estimate-cost says it ({@code --NAME must be
   * RANGE, got 'VALUE'}), without the usage line, which does not tell the range.
   */
  static final class BadValue extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadValue(String message) {
      super(message);
    }
  }

  /** Applies one option; true when it was {@code --entries}. */
  private static boolean apply(Config c, String name, String value, String[] truthPath) {
    switch (name) {
      case "--entries":
        long n = Long.parseLong(value);
        if (n < 1 || n > LogGenerator.MAX_ENTRIES) {
          throw new NumberFormatException(value); // said with the range, as a non-number is
        }
        c.entries(n);
        return true;
      case "--seed":
        c.seed(Long.parseLong(value));
        return false;
      case "--start":
        c.start(Instant.parse(value));
        return false;
      case "--duration":
        java.time.Duration d = parseDuration(value);
        if (d.compareTo(LogGenerator.MIN_DURATION) < 0) {
          throw new NumberFormatException(value); // said with the range, as a non-duration is
        }
        c.duration(d);
        return false;
      case "--incidents":
        if (value.equals("all")) {
          c.allIncidents();
        } else if (value.isEmpty() || value.equals("none")) {
          c.incidents(EnumSet.noneOf(Incident.class));
        } else {
          Set<Incident> set = EnumSet.noneOf(Incident.class);
          for (String s : value.split(",")) {
            set.add(Incident.fromCliName(s));
          }
          c.incidents(set);
        }
        return false;
      case "--truth":
        if (value.isEmpty()) {
          throw new IllegalArgumentException("--truth needs a value: --truth=FILE");
        }
        truthPath[0] = value;
        return false;
      default:
        throw new IllegalArgumentException("unknown option " + name);
    }
  }

  /** What a value of option {@code name} looks like, for an error message. */
  private static String expected(String name) {
    switch (name) {
      case "--entries":
        return "a whole number from 1 to " + LogGenerator.MAX_ENTRIES;
      case "--seed":
        return "a whole number";
      case "--duration":
        return "a duration of at least 10m, like 30m, 6h, 2d or PT6H";
      case "--start":
        return "an RFC 3339 time like 2026-11-20T00:00:00Z";
      default:
        return "a valid value";
    }
  }

  /** {@code 90s}, {@code 30m}, {@code 6h}, {@code 2d}, or ISO-8601 ({@code PT6H}). */
  static java.time.Duration parseDuration(String s) {
    if (s.length() < 2) {
      throw new NumberFormatException(s);
    }
    if (s.startsWith("P") || s.startsWith("p")) {
      return java.time.Duration.parse(s);
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    switch (s.charAt(s.length() - 1)) {
      case 's':
        return java.time.Duration.ofSeconds(n);
      case 'm':
        return java.time.Duration.ofMinutes(n);
      case 'h':
        return java.time.Duration.ofHours(n);
      case 'd':
        return java.time.Duration.ofDays(n);
      default:
        throw new IllegalArgumentException("bad duration '" + s + "' (use 30m, 6h, 2d)");
    }
  }

  /**
   * What a run generated, for the person who ran it: the range and each incident as it lies in the
   * range (cut at its end, with the entries a short range leaves of it, or not there at all).
   */
  static void describe(LogGenerator gen, PrintStream err) {
    LogGenerator.Config config = gen.config;
    err.println(
        "generated "
            + config.entries
            + " entries from "
            + dev.logalerts.model.Timestamps.format(config.startNanos, 0)
            + " over "
            + java.time.Duration.ofNanos(config.durationNanos)
            + " (seed "
            + config.seed
            + ")");
    long end = config.startNanos + config.durationNanos;
    for (LogGenerator.IncidentWindow w : gen.incidentWindows()) {
      Integer n = gen.planted.get(w.incident);
      if (w.incident == LogGenerator.Incident.BATCH_FAIL && n != null && n == 0) {
        err.println(
            "  incident batch-fail: not in this range (the task fails 9-16 minutes into its"
                + " run: it needs a --duration of 20m or more)");
        continue;
      }
      String clipped = w.endNanos > end ? w.toString(end) : w.toString();
      err.println(
          "  incident "
              + clipped
              + (n != null && w.incident != LogGenerator.Incident.BATCH_FAIL
                  ? " [" + n + (n == 1 ? " entry" : " entries") + " in this range]"
                  : ""));
    }
    if (gen.on(LogGenerator.Incident.BATCH_LATE)
        && gen.window(LogGenerator.Incident.BATCH_LATE) == null) {
      err.println(
          "  incident batch-late: not in this range (the billing job runs hourly: it needs a"
              + " --duration of 3h or more)");
    }
  }
}
