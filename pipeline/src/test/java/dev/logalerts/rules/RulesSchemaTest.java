package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * schemas/rules.schema.json, what editors check a rules file against as it is typed, agrees with
 * the loader: every rules file the repository ships validates, each kind allows exactly the keys
 * the loader accepts for it, and the common mistakes are flagged.
 */
@RunWith(JUnit4.class)
public class RulesSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private static Path root() {
    return new File("schemas").isDirectory() ? Path.of(".") : Path.of("..");
  }

  private static JsonNode schemaNode() throws Exception {
    return JSON.readTree(root().resolve("schemas/rules.schema.json").toFile());
  }

  private static Set<String> problems(String yaml) throws Exception {
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaNode());
    Set<String> out = new TreeSet<>();
    for (ValidationMessage m : schema.validate(YAML.readTree(yaml))) {
      out.add(m.getMessage());
    }
    return out;
  }

  @Test
  public void theRepositorysRulesFilesValidate() throws Exception {
    List<Path> files =
        List.of(
            root().resolve("samples/rules.yaml"),
            root().resolve("samples/scenarios/rules.yaml"),
            root().resolve("pipeline/src/test/resources/rules/good/all-keys.yaml"),
            root().resolve("pipeline/src/test/resources/reliability/leak-rules.yaml"));
    for (Path f : files) {
      String text = Files.readString(f);
      RulesLoader.parse(text, f.toString()); // valid for the loader
      assertWithMessage(f.toString()).that(problems(text)).isEmpty();
    }
    // The README's example (every kind, a silence, a latency rule on its own field).
    String readme = Files.readString(root().resolve("README.md"));
    int start = readme.indexOf("rules:\n", readme.indexOf("## Rules"));
    String example = readme.substring(start, readme.indexOf("```", start));
    RulesLoader.parse(example, "README.md");
    assertThat(problems(example)).isEmpty();
  }

  @Test
  public void eachKindAllowsTheKeysTheLoaderAccepts() throws Exception {
    JsonNode all = schemaNode().at("/definitions/ruleKeys/properties");
    Set<String> schemaKeys = new TreeSet<>();
    all.fieldNames().forEachRemaining(schemaKeys::add);
    assertThat(schemaKeys).containsExactlyElementsIn(RulesLoader.KEYS.keySet());
    List<String> checked = new ArrayList<>();
    for (JsonNode branch : schemaNode().at("/definitions/rule/allOf")) {
      JsonNode type = branch.at("/if/properties/type/const");
      if (type.isMissingNode()) {
        continue;
      }
      Set<String> allowed = new TreeSet<>();
      branch.at("/then/propertyNames/enum").forEach(k -> allowed.add(k.asText()));
      Set<String> loader = new TreeSet<>();
      RuleType t = RuleType.fromKey(type.asText());
      RulesLoader.KEYS.forEach(
          (k, types) -> {
            if (types.contains(t)) {
              loader.add(k);
            }
          });
      assertWithMessage(type.asText()).that(allowed).containsExactlyElementsIn(loader);
      checked.add(type.asText());
    }
    assertThat(checked).hasSize(RuleType.values().length);
  }

  @Test
  public void commonMistakesAreFlagged() throws Exception {
    String head = "rules:\n  - name: x\n    filter: 'severity>=ERROR'\n";
    assertThat(problems(head + "    type: threshold\n    threshold: 5\n")).isEmpty();
    // A key of another kind, a misspelt key, a duration without a unit, an unknown type.
    assertThat(problems(head + "    type: threshold\n    threshold: 5\n    percentile: 95\n"))
        .isNotEmpty();
    assertThat(problems(head + "    type: threshold\n    treshold: 5\n")).isNotEmpty();
    assertThat(problems(head + "    type: threshold\n    threshold: 5\n    window: 300\n"))
        .isNotEmpty();
    assertThat(problems(head + "    type: threshold\n    threshold: 5\n    window: 5 minutes\n"))
        .isNotEmpty();
    assertThat(problems(head + "    type: threshold\n    threshold: 5\n    window: 1h30m\n"))
        .isEmpty();
    assertThat(problems(head + "    type: thresold\n")).isNotEmpty();
    assertThat(problems(head + "    type: latency\n    threshold: 1.5\n")).isNotEmpty();
    assertThat(problems("rule:\n  - name: x\n")).isNotEmpty();
    assertThat(problems("defaults: {name: x}\nrules: []\n")).isNotEmpty();
  }
}
