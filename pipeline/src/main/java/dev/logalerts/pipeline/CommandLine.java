package dev.logalerts.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.logalerts.model.EditDistance;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Turns {@code --name=value} arguments into {@link LogAlertsOptions}, with the mistakes a person
 * makes reported in one line each: an unknown option (with the closest known name), or a value that
 * is not of the option's type (with the expected form). Beam's own messages for these are stack
 * traces.
 */
public final class CommandLine {
  /** Exit code of a usage mistake (unknown option, bad value). */
  public static final int EXIT_USAGE = 2;

  /** Exit code of a job that could not start or failed: bad input, rules, credentials. */
  public static final int EXIT_FAILED = 1;

  private CommandLine() {}

  /** A usage mistake: the message is the whole {@code error:} line, without the prefix. */
  public static final class UsageException extends LaunchException {
    public UsageException(String message) {
      super(message);
    }
  }

  /** Parses and validates {@code args}; throws {@link UsageException} on a mistake. */
  public static LogAlertsOptions parse(String... args) {
    PipelineOptionsFactory.register(LogAlertsOptions.class);
    Map<String, Class<?>> known = knownOptions();
    Map<String, String> given = new TreeMap<>();
    for (String arg : args) {
      check(arg, known, given);
    }
    try {
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(LogAlertsOptions.class);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      int newline = message.indexOf('\n');
      throw new UsageException(newline < 0 ? message : message.substring(0, newline));
    }
  }

  /**
   * Answers {@code --help} (the job's options, with their descriptions and defaults) or {@code
   * --help=INTERFACE} (one registered options interface, by its simple or full name), as Beam's own
   * help does; returns the exit code.
   */
  public static int printHelp(String arg, PrintStream out, PrintStream err) {
    PipelineOptionsFactory.register(LogAlertsOptions.class);
    if (arg.equals("--help")) {
      PipelineOptionsFactory.printHelp(out, LogAlertsOptions.class);
      return 0;
    }
    String name = arg.substring("--help=".length());
    Set<String> names = new TreeSet<>();
    for (Class<? extends PipelineOptions> iface : PipelineOptionsFactory.getRegisteredOptions()) {
      if (iface.getName().equals(name) || iface.getSimpleName().equals(name)) {
        PipelineOptionsFactory.printHelp(out, iface);
        return 0;
      }
      names.add(iface.getSimpleName());
    }
    String suggestion = closest(name, names);
    err.println(
        "error: no options interface "
            + name
            + (suggestion == null
                ? " (--help lists the job's options)"
                : " (did you mean --help=" + suggestion + "?)"));
    return EXIT_USAGE;
  }

  /** The first line of an exception's message (its class name when it has none). */
  static String firstLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Every option name of the registered option interfaces, with its type. */
  static Map<String, Class<?>> knownOptions() {
    Map<String, Class<?>> names = new TreeMap<>();
    for (Class<? extends PipelineOptions> iface : PipelineOptionsFactory.getRegisteredOptions()) {
      for (Method m : iface.getMethods()) {
        if (m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) {
          continue;
        }
        String name = m.getName();
        String property = null;
        if (name.startsWith("get") && name.length() > 3) {
          property = name.substring(3);
        } else if (name.startsWith("is") && name.length() > 2) {
          property = name.substring(2);
        }
        if (property != null) {
          property = Character.toLowerCase(property.charAt(0)) + property.substring(1);
          names.putIfAbsent(property, m.getReturnType());
        }
      }
    }
    return names;
  }

  /**
   * The options a wrapper script handles itself (comma-separated, e.g. run-local.sh's {@code
   * input,rules,output}): suggested too, so {@code --ouput} is not answered with {@code --update}.
   */
  static Set<String> scriptOptions(String commaSeparated) {
    Set<String> names = new TreeSet<>();
    if (commaSeparated != null) {
      for (String n : commaSeparated.split(",")) {
        if (!n.isBlank()) {
          names.add(n.strip());
        }
      }
    }
    return names;
  }

  /**
   * The Dataflow runner's options scripts/launch.sh sets, with the environment setting that sets
   * each (its --help lists them).
   */
  static final Map<String, String> LAUNCH_SETTINGS =
      Map.ofEntries(
          Map.entry("usePublicIps", "DISABLE_PUBLIC_IPS=1"),
          Map.entry("network", "NETWORK=NAME"),
          Map.entry("subnetwork", "SUBNETWORK=regions/REGION/subnetworks/NAME"),
          Map.entry(
              "dataflowKmsKey", "DATAFLOW_KMS_KEY=projects/P/locations/L/keyRings/R/cryptoKeys/K"),
          Map.entry("workerMachineType", "WORKER_MACHINE_TYPE=TYPE"),
          Map.entry("numWorkers", "NUM_WORKERS=N"),
          Map.entry("maxNumWorkers", "MAX_WORKERS=N"),
          Map.entry("labels", "ADDITIONAL_USER_LABELS=k=v,k=v"),
          Map.entry("region", "REGION=europe-west1"),
          Map.entry("serviceAccount", "SERVICE_ACCOUNT=NAME"),
          Map.entry("update", "UPDATE=1"),
          Map.entry("transformNameMapping", "TRANSFORM_NAME_MAPPINGS=OLD=NEW"),
          Map.entry("jobName", "JOB_NAME=NAME"));

  /** Whether {@code name} is an option of the Dataflow runner's options. */
  private static boolean isDataflowOption(String name) {
    String getter = "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (Method m : DataflowPipelineOptions.class.getMethods()) {
      if (m.getParameterCount() == 0 && m.getName().equals(getter)) {
        return true;
      }
    }
    return false;
  }

  /** Options a person sets: not internal ones ({@code @JsonIgnore}, {@code @Hidden}). */
  static Set<String> suggestable() {
    Set<String> names = new TreeSet<>();
    for (Class<? extends PipelineOptions> iface : PipelineOptionsFactory.getRegisteredOptions()) {
      for (Method m : iface.getMethods()) {
        String name = m.getName();
        if (m.getParameterCount() != 0
            || m.getDeclaringClass().isAnnotationPresent(Hidden.class)
            || m.isAnnotationPresent(JsonIgnore.class)
            || m.isAnnotationPresent(Hidden.class)
            || !name.startsWith("get") && !name.startsWith("is")) {
          continue;
        }
        String property = name.substring(name.startsWith("get") ? 3 : 2);
        if (!property.isEmpty()) {
          names.add(Character.toLowerCase(property.charAt(0)) + property.substring(1));
        }
      }
    }
    return names;
  }

  /** Checks one argument; {@code given} holds the values of single-valued options seen so far. */
  private static void check(String arg, Map<String, Class<?>> known, Map<String, String> given) {
    if (!arg.startsWith("--") || arg.length() == 2) {
      throw new UsageException(
          "unexpected argument '" + arg + "': options are written --name=value");
    }
    int eq = arg.indexOf('=');
    String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
    String value = eq < 0 ? null : arg.substring(eq + 1);
    Class<?> type = known.get(name);
    if (type == null && isDataflowOption(name)) {
      // Known to Beam, but not registered: a local program (LocalOptionsRegistry).
      String setting = LAUNCH_SETTINGS.get(name);
      throw new UsageException(
          "--"
              + name
              + " is an option of the Dataflow runner, which a local run does not use"
              + (setting == null
                  ? " (scripts/launch.sh starts the job on Dataflow)"
                  : " (on Dataflow: " + setting + " scripts/launch.sh)"));
    }
    if (type == null) {
      Set<String> names = suggestable();
      names.addAll(scriptOptions(System.getenv("LOGALERTS_SCRIPT_OPTIONS")));
      String suggestion = closest(name, names);
      throw new UsageException(
          "unknown option --"
              + name
              + (suggestion == null ? " (see --help)" : " (did you mean --" + suggestion + "?)"));
    }
    String expected = expectedForm(type, name);
    if (value == null && type != Boolean.class && type != boolean.class) {
      throw new UsageException("--" + name + " needs a value: --" + name + "=" + expected);
    }
    if (value != null && expected != null && !valid(type, value)) {
      throw new UsageException("bad value for --" + name + ": '" + value + "' is not " + expected);
    }
    onlyOnce(name, value == null ? "true" : value, type, given);
  }

  /**
   * Refuses a second value for an option that holds one (Beam's own message, "expected one element
   * but was: <5, 6>", names neither the option nor the fix); list options accumulate.
   */
  private static void onlyOnce(
      String name, String value, Class<?> type, Map<String, String> given) {
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return;
    }
    String first = given.putIfAbsent(name, value);
    if (first != null) {
      throw new UsageException(
          "--" + name + " is given twice ('" + first + "', then '" + value + "'); give it once");
    }
  }

  /**
   * What a value of option {@code name}'s {@code type} looks like, or null when any text is
   * accepted. A whole number's example is the option's own default (a byte limit and a minute count
   * want different sizes), none when it has none.
   */
  static String expectedForm(Class<?> type, String name) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      String example = defaultOf(name);
      return "a whole number" + (example == null ? "" : " (e.g. " + example + ")");
    }
    if (type == Double.class || type == double.class || type == Float.class) {
      return "a number (e.g. 0.5)";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.toString(type.getEnumConstants());
    }
    return null;
  }

  /** The {@code @Default.Integer} or {@code @Default.Long} of option {@code name}, or null. */
  private static String defaultOf(String name) {
    String getter = "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (Class<? extends PipelineOptions> iface : PipelineOptionsFactory.getRegisteredOptions()) {
      for (Method m : iface.getMethods()) {
        if (m.getParameterCount() != 0 || !m.getName().equals(getter)) {
          continue;
        }
        Default.Integer i = m.getAnnotation(Default.Integer.class);
        if (i != null) {
          return String.valueOf(i.value());
        }
        Default.Long l = m.getAnnotation(Default.Long.class);
        if (l != null) {
          return String.valueOf(l.value());
        }
      }
    }
    return null;
  }

  private static boolean valid(Class<?> type, String value) {
    try {
      if (type == Integer.class || type == int.class) {
        Integer.parseInt(value.trim());
      } else if (type == Long.class || type == long.class) {
        Long.parseLong(value.trim());
      } else if (type == Double.class || type == double.class || type == Float.class) {
        Double.parseDouble(value.trim());
      } else if (type == Boolean.class || type == boolean.class) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("false");
      } else if (type.isEnum()) {
        for (Object c : type.getEnumConstants()) {
          if (c.toString().equals(value)) {
            return true;
          }
        }
        return false;
      }
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The known name {@code name} is a typo of (case-insensitive edit distance at most a third of its
   * length, at least 2), else the shortest known name containing it ({@code --window} → {@code
   * --noisyLogWindowMinutes}), else null: a far-off name suggested for any word ({@code --window},
   * "did you mean --input?") misleads more than no suggestion.
   */
  static @Nullable String closest(String name, Iterable<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String containing = null;
    String lower = name.toLowerCase(Locale.ROOT);
    for (String k : known) {
      String candidate = k.toLowerCase(Locale.ROOT);
      int d = EditDistance.between(lower, candidate);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
      if (lower.length() >= 4
          && candidate.contains(lower)
          && (containing == null || k.length() < containing.length())) {
        containing = k;
      }
    }
    return bestDistance <= Math.max(2, lower.length() / 3) ? best : containing;
  }

  /** Removes {@code flag} (e.g. {@code --verbose}) from {@code args}; true when it was there. */
  public static boolean takeFlag(List<String> args, String flag) {
    boolean found = false;
    for (String a : new ArrayList<>(args)) {
      if (a.equals(flag) || a.equals(flag + "=true")) {
        args.remove(a);
        found = true;
      } else if (a.equals(flag + "=false")) {
        args.remove(a);
      }
    }
    return found;
  }
}
