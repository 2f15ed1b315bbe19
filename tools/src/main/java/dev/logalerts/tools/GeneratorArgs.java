package dev.logalerts.tools;

import dev.logalerts.tools.LogGenerator.Config;
import dev.logalerts.tools.LogGenerator.Incident;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** The command line of {@link LogGenerator} ({@code scripts/generate-logs.sh}). */
final class GeneratorArgs {
  private GeneratorArgs() {}

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
      if (eq > 0) {
        value = a.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
      switch (name) {
        case "--entries":
          c.entries(Long.parseLong(value));
          sawEntries = true;
          break;
        case "--seed":
          c.seed(Long.parseLong(value));
          break;
        case "--start":
          c.start(Instant.parse(value));
          break;
        case "--duration":
          c.duration(parseDuration(value));
          break;
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
          break;
        case "--truth":
          truthPath[0] = value;
          break;
        default:
          throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (!sawEntries) {
      throw new IllegalArgumentException("--entries N is required");
    }
    return c;
  }

  /** {@code 90s}, {@code 30m}, {@code 6h}, {@code 2d}, or ISO-8601 ({@code PT6H}). */
  static java.time.Duration parseDuration(String s) {
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
}
