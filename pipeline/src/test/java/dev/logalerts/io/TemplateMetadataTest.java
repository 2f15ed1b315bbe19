package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.pipeline.LogAlertsOptions;
import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.Validation;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code templates/metadata.json} and the options interfaces agree: every option our code declares
 * (a getter with {@code @Description}, not {@code @Hidden}, in a {@code dev.logalerts} interface
 * reachable from the top-level options) is a template parameter of the same name and vice versa,
 * apart from the Beam options we deliberately expose; required options are not optional; every
 * parameter has a label, help text and regexes that compile and accept an example.
 */
@RunWith(JUnit4.class)
public class TemplateMetadataTest {
  /** Beam's own options exposed as template parameters (DataflowTemplates names). */
  static final Set<String> BEAM_PARAMETERS =
      Set.of("numStorageWriteApiStreams", "storageWriteApiTriggeringFrequencySec");

  /** The job's options: every stage's options interface is composed into this one. */
  static final Class<?> TOP_LEVEL = LogAlertsOptions.class;

  static JsonNode metadata() throws Exception {
    Path path = new File("../templates/metadata.json").toPath();
    if (!Files.exists(path)) {
      path = new File("templates/metadata.json").toPath();
    }
    return new ObjectMapper().readTree(Files.readString(path));
  }

  /**
   * Option name -> required, for every @Description getter declared in dev.logalerts, except the
   * {@code @Hidden} ones (test-only options, no template parameter).
   */
  static Map<String, Boolean> declaredOptions(List<Class<?>> interfaces) {
    Map<String, Boolean> options = new HashMap<>();
    for (Class<?> iface : interfaces) {
      for (Method m : iface.getMethods()) {
        if (!m.getDeclaringClass().getName().startsWith("dev.logalerts.")
            || m.getAnnotation(Description.class) == null
            || m.getAnnotation(Hidden.class) != null
            || m.getParameterCount() != 0) {
          continue;
        }
        String n = m.getName();
        String prop =
            n.startsWith("get") ? n.substring(3) : n.startsWith("is") ? n.substring(2) : null;
        if (prop == null) {
          continue;
        }
        String name = Character.toLowerCase(prop.charAt(0)) + prop.substring(1);
        options.merge(name, m.getAnnotation(Validation.Required.class) != null, Boolean::logicalOr);
      }
    }
    return options;
  }

  @Test
  public void parametersMatchTheOptionsInterfaces() throws Exception {
    Map<String, Boolean> declared = declaredOptions(List.of(TOP_LEVEL));

    JsonNode meta = metadata();
    Map<String, JsonNode> params = new HashMap<>();
    for (JsonNode p : meta.get("parameters")) {
      assertWithMessage("duplicate parameter %s", p.get("name").asText())
          .that(params.put(p.get("name").asText(), p))
          .isNull();
    }

    Set<String> missing = new TreeSet<>(declared.keySet());
    missing.removeAll(params.keySet());
    assertWithMessage("options without a template parameter").that(missing).isEmpty();

    Set<String> unknown = new TreeSet<>(params.keySet());
    unknown.removeAll(declared.keySet());
    unknown.removeAll(BEAM_PARAMETERS);
    assertWithMessage("template parameters that are no option").that(unknown).isEmpty();

    for (String beam : BEAM_PARAMETERS) {
      String getter = "get" + Character.toUpperCase(beam.charAt(0)) + beam.substring(1);
      assertWithMessage("Beam option %s", beam)
          .that(CloudSinkOptions.class.getMethod(getter))
          .isNotNull();
    }
    for (Map.Entry<String, Boolean> e : declared.entrySet()) {
      if (e.getValue()) {
        assertWithMessage("required option %s is optional in metadata.json", e.getKey())
            .that(params.get(e.getKey()).get("isOptional").asBoolean())
            .isFalse();
      }
    }
  }

  /**
   * The job runs with any subset of destinations (an alerts-only job has no dead-letter table) and
   * with either input (a backfill has no subscription), as README's Options table says; Dataflow
   * would refuse such a launch if metadata.json made one of them required.
   */
  @Test
  public void inputsAndDestinationsTheJobCanRunWithoutAreOptional() throws Exception {
    Map<String, Boolean> optional = new HashMap<>();
    for (JsonNode p : metadata().get("parameters")) {
      optional.put(p.get("name").asText(), p.get("isOptional").asBoolean());
    }
    for (String name :
        List.of(
            "inputSubscription",
            "inputFilePattern",
            "alertTopic",
            "alertTable",
            "noisyLogTable",
            "deadLetterTable")) {
      assertWithMessage("%s is optional", name).that(optional.get(name)).isTrue();
    }
  }

  /**
   * README's Options table names template parameters by their option names, with the defaults the
   * options interfaces declare ("–" for none), so a user copying a row gets what it says.
   */
  @Test
  public void readmeOptionsTableNamesParametersWithTheirDefaults() throws Exception {
    Path readme = new File("../README.md").toPath();
    if (!Files.exists(readme)) {
      readme = new File("README.md").toPath();
    }
    String text = Files.readString(readme);
    int start = text.indexOf("\n## Options\n");
    assertThat(start).isAtLeast(0);
    String section = text.substring(start, text.indexOf("\n## ", start + 1));
    Set<String> params = new TreeSet<>();
    for (JsonNode p : metadata().get("parameters")) {
      params.add(p.get("name").asText());
    }
    Map<String, Method> getters = new HashMap<>();
    for (Method m : TOP_LEVEL.getMethods()) {
      if (m.getParameterCount() == 0 && m.getName().startsWith("get")) {
        String prop = m.getName().substring(3);
        getters.putIfAbsent(Character.toLowerCase(prop.charAt(0)) + prop.substring(1), m);
      }
    }
    Pattern row = Pattern.compile("(?m)^\\| ((?:`\\w+`(?:, )?)+) \\| ([^|]+) \\|");
    java.util.regex.Matcher m = row.matcher(section);
    int rows = 0;
    while (m.find()) {
      String stated = m.group(2).strip();
      for (String quoted : m.group(1).split(", ")) {
        String name = quoted.replace("`", "");
        rows++;
        assertWithMessage("README option %s is a template parameter", name)
            .that(params)
            .contains(name);
        Method getter = getters.get(name);
        assertWithMessage("README option %s is an option", name).that(getter).isNotNull();
        assertWithMessage("README default of %s", name)
            .that(stated)
            .isEqualTo(declaredDefault(getter));
      }
    }
    assertWithMessage("options in README's table").that(rows).isAtLeast(15);
  }

  /** The {@code @Default} value as README writes it, "–" when there is none. */
  private static String declaredDefault(Method getter) {
    org.apache.beam.sdk.options.Default.Integer i =
        getter.getAnnotation(org.apache.beam.sdk.options.Default.Integer.class);
    if (i != null) {
      return Integer.toString(i.value());
    }
    org.apache.beam.sdk.options.Default.Double d =
        getter.getAnnotation(org.apache.beam.sdk.options.Default.Double.class);
    if (d != null) {
      return String.format(java.util.Locale.ROOT, "%.2f", d.value());
    }
    return "–";
  }

  @Test
  public void metadataIsAStreamingTemplateWithCompleteParameters() throws Exception {
    JsonNode meta = metadata();
    assertThat(meta.get("name").asText()).isNotEmpty();
    assertThat(meta.get("description").asText()).isNotEmpty();
    assertThat(meta.get("streaming").asBoolean()).isTrue();
    Map<String, String> examples =
        Map.of(
            "inputSubscription", "projects/my-project/subscriptions/logs",
            "alertTopic", "projects/my-project/topics/alerts",
            "alertTable", "my-project:logalerts.alerts",
            "deadLetterTable", "my-project:logalerts.deadletter",
            "rulesPath", "gs://my-bucket/rules.yaml",
            "inputFilePattern", "gs://my-bucket/logs/**.json",
            "dedupeHorizonMinutes", "10");
    for (JsonNode p : meta.get("parameters")) {
      String name = p.get("name").asText();
      assertWithMessage("label of %s", name).that(p.path("label").asText()).isNotEmpty();
      assertWithMessage("helpText of %s", name).that(p.path("helpText").asText()).isNotEmpty();
      assertWithMessage("isOptional of %s", name).that(p.path("isOptional").isBoolean()).isTrue();
      for (JsonNode r : p.path("regexes")) {
        Pattern pattern = Pattern.compile(r.asText());
        if (examples.containsKey(name)) {
          assertWithMessage("%s accepts %s", name, examples.get(name))
              .that(pattern.matcher(examples.get(name)).matches())
              .isTrue();
        }
      }
    }
    // Formats that are fixed have a regex that rejects the common mistakes.
    assertThat(matches(meta, "inputSubscription", "my-subscription")).isFalse();
    assertThat(matches(meta, "alertTable", "logalerts")).isFalse();
    assertThat(matches(meta, "rulesPath", "/home/me/rules.yaml")).isFalse();
    assertThat(matches(meta, "alertTopic", "projects/p/subscriptions/s")).isFalse();
  }

  /**
   * The regexes accept what the job accepts and refuse what it refuses, so a launch is refused
   * before the launcher VM starts, not minutes later. Before: a table written PROJECT.DATASET.TABLE
   * (which the job and BigQueryIO accept) was refused, and maxPayloadLeaves=60000 (which the job
   * refuses) accepted.
   */
  @Test
  public void regexesAcceptWhatTheJobAccepts() throws Exception {
    JsonNode meta = metadata();
    for (String table : List.of("alertTable", "noisyLogTable", "deadLetterTable")) {
      for (String ok : List.of("my-project:logalerts.t", "my-project.logalerts.t", "logalerts.t")) {
        assertWithMessage("%s accepts %s", table, ok).that(matches(meta, table, ok)).isTrue();
      }
      for (String bad : List.of("logalerts", "p:logalerts", "a.b.c.d", "p:d.t.x", "p:d:t.x")) {
        assertWithMessage("%s refuses %s", table, bad).that(matches(meta, table, bad)).isFalse();
      }
    }
    for (String ok : List.of("0", "7", "2000", "49999", "50000")) {
      assertWithMessage("maxPayloadLeaves accepts %s", ok)
          .that(matches(meta, "maxPayloadLeaves", ok))
          .isTrue();
    }
    for (String bad : List.of("50001", "60000", "100000", "-1", "2e3")) {
      assertWithMessage("maxPayloadLeaves refuses %s", bad)
          .that(matches(meta, "maxPayloadLeaves", bad))
          .isFalse();
    }
  }

  /** Each parameter with a declared default names it in its help text. */
  @Test
  public void helpTextsNameTheirDefaults() throws Exception {
    Map<String, Method> getters = new HashMap<>();
    for (Method m : TOP_LEVEL.getMethods()) {
      if (m.getParameterCount() == 0 && m.getName().startsWith("get")) {
        String prop = m.getName().substring(3);
        getters.putIfAbsent(Character.toLowerCase(prop.charAt(0)) + prop.substring(1), m);
      }
    }
    for (JsonNode p : metadata().get("parameters")) {
      String name = p.get("name").asText();
      Method getter = getters.get(name);
      if (getter == null || declaredDefault(getter).equals("–")) {
        continue;
      }
      assertWithMessage("helpText of %s names its default", name)
          .that(p.get("helpText").asText().toLowerCase(java.util.Locale.ROOT))
          .containsMatch("default \\(?" + Pattern.quote(declaredDefault(getter)) + "\\b");
    }
  }

  private static boolean matches(JsonNode meta, String name, String value) {
    for (JsonNode p : meta.get("parameters")) {
      if (p.get("name").asText().equals(name)) {
        for (JsonNode r : p.path("regexes")) {
          if (!Pattern.compile(r.asText()).matcher(value).matches()) {
            return false;
          }
        }
        return true;
      }
    }
    throw new AssertionError("no parameter " + name);
  }
}
