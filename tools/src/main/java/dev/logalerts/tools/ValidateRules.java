package dev.logalerts.tools;

import dev.logalerts.pipeline.LocalOptionsRegistry;
import dev.logalerts.rules.PayloadPaths;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleNotes;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.RulesLoader;
import dev.logalerts.rules.RulesValidationException;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Validates one rules file alone, as users do in their CI ({@code scripts/validate-rules.sh FILE}).
 * Exit 0 with a one-line summary when valid; 1 with every error, one per line, when not; 2 on usage
 * errors and a path that names no file (one {@code error:} line).
 */
public final class ValidateRules {
  private ValidateRules() {}

  public static final int OK = 0;
  public static final int INVALID = 1;
  public static final int USAGE = 2;

  public static void main(String[] args) {
    LocalOptionsRegistry.install(); // a second and a half less start-up for a local tool
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the check; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1 || args[0].isEmpty() || args[0].startsWith("-")) {
      err.println("error: " + argumentProblem(args) + " (" + USAGE_LINE + ")");
      return USAGE;
    }
    String path = args[0];
    String credentials = dev.logalerts.ruletest.ExplainRuleCli.credentialsProblem(null, path);
    if (credentials != null) {
      err.println("error: " + credentials);
      return INVALID;
    }
    if (hasRemoteScheme(path)) {
      // Registers gs:// and the other filesystems on the classpath, with default credentials.
      // Local paths need none of it (and skip the options registry's start-up cost).
      FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    }
    try {
      RuleSet rules = RulesLoader.load(path);
      out.println("OK " + path + ": " + summary(rules));
      for (String words : RuleNotes.of(rules)) {
        out.println("note: " + words);
      }
      String note = PayloadPaths.everyFieldNote(rules);
      if (note != null) {
        out.println("note: " + note + " (README, Known limits)");
      }
      return OK;
    } catch (RulesValidationException e) {
      java.util.List<String> errors = e.errors();
      if (errors.size() == 1 && !errors.get(0).startsWith(path + ":")) {
        // Not read at all: one error line, as every command says it; a path that names nothing
        // (or a directory) is a mistake on the command line.
        err.println("error: " + errors.get(0));
        boolean wrongPath =
            errors.get(0).startsWith("rules file not found")
                || errors.get(0).endsWith("(Is a directory)");
        return wrongPath ? USAGE : INVALID;
      }
      // The first line says it as every command does; the problems follow as FILE:LINE:COL lines.
      err.println("error: " + e.getMessage());
      return INVALID;
    }
  }

  static final String USAGE_LINE =
      "usage: validate-rules.sh FILE   (a rules YAML file: local path or gs://BUCKET/PATH)";

  /** What is wrong with a command line that is not one file name, as the script says it. */
  private static String argumentProblem(String[] args) {
    if (args.length == 0) {
      return "no rules file given";
    }
    if (args.length > 1) {
      return "one rules file at a time, got " + args.length + " arguments";
    }
    if (args[0].isEmpty()) {
      return "the rules file name is empty";
    }
    if (args[0].equals("-")) {
      return "'-' (standard input) is not read: give the rules file's path";
    }
    return "unknown option " + args[0];
  }

  private static boolean hasRemoteScheme(String path) {
    int i = path.indexOf("://");
    return i > 0 && !path.startsWith("file://");
  }

  /** "8 rules (threshold 3, ratio 1, ...)", types in declaration order, absent types omitted. */
  public static String summary(RuleSet rules) {
    Map<RuleType, Integer> byType = new EnumMap<>(RuleType.class);
    for (Rule r : rules.rules()) {
      byType.merge(r.type(), 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder();
    int n = rules.rules().size();
    sb.append(n).append(n == 1 ? " rule" : " rules");
    if (!byType.isEmpty()) {
      sb.append(" (");
      boolean first = true;
      for (Map.Entry<RuleType, Integer> e : byType.entrySet()) {
        sb.append(first ? "" : ", ").append(e.getKey().key()).append(' ').append(e.getValue());
        first = false;
      }
      sb.append(')');
    }
    sb.append(", version ").append(rules.version());
    return sb.toString();
  }
}
