package dev.logalerts.tools;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.templates.TemplateFamilies;
import dev.logalerts.templates.TemplateMiner;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class TemplatesCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String[] run(String input, boolean unescape) throws Exception {
    StringWriter out = new StringWriter();
    TemplatesCli.run(new BufferedReader(new StringReader(input)), out, unescape);
    String s = out.toString();
    assertThat(s).endsWith("\n");
    return s.substring(0, s.length() - 1).split("\n", -1);
  }

  @Test
  public void oneJsonLinePerInputLineInOrder() throws Exception {
    String[] lines =
        run(
            "Cache hit for key 42\n"
                + "Cache miss for key 42\n"
                + "\n"
                + "path \"C:\\temp\" said \"hi\"\ttab \u0001 ctl\n"
                + "Cache hit for key 7\n",
            false);
    assertThat(lines).hasLength(5);
    TemplateMiner miner = new TemplateMiner();
    JsonNode first = JSON.readTree(lines[0]);
    assertThat(first.get("template").asText()).isEqualTo("Cache hit for key <*>");
    assertThat(first.get("templateId").asText())
        .isEqualTo(miner.mine("Cache hit for key 42").templateId());
    assertThat(JSON.readTree(lines[1]).get("template").asText())
        .isEqualTo("Cache miss for key <*>");
    assertThat(JSON.readTree(lines[2]).get("template").asText()).isEmpty();
    // Quotes, backslashes, tabs and control chars survive JSON escaping.
    assertThat(JSON.readTree(lines[3]).get("template").asText())
        .isEqualTo(miner.mine("path \"C:\\temp\" said \"hi\"\ttab \u0001 ctl").template());
    assertThat(JSON.readTree(lines[4]).get("templateId").asText())
        .isEqualTo(first.get("templateId").asText());
    assertThat(lines[0]).startsWith("{\"templateId\": \"");
  }

  @Test
  public void unescapeTurnsBackslashNIntoLineBreaks() throws Exception {
    String[] lines = run("Failed 1\\njava.io.IOException: x\\n\\tat a.B(B.java:1)\n", true);
    assertThat(JSON.readTree(lines[0]).get("template").asText())
        .isEqualTo("Failed <*> | java.io.IOException");
  }

  @Test
  public void controlCharsLineBreaksAndQuotesStayInsideOneJsonString() throws Exception {
    // A template with every kind of character JSON must escape, built from a quoted value that
    // the scanner templates word by word, plus a line separator and an escape character.
    String message = "say \"a\\b \u0002c \u0008d \u000ce \u001bf \u2028g\"";
    String[] lines = run(message + "\n", false);
    assertThat(lines).hasLength(1);
    String template = new TemplateMiner().mine(message).template();
    assertThat(JSON.readTree(lines[0]).get("template").asText()).isEqualTo(template);
    assertThat(lines[0]).doesNotContain("\r");
    assertThat(lines[0]).doesNotContain("\u0002");
  }

  @Test
  public void familiesAddTheLearnedFamilyPerLineAndWriteTheFoldTable() throws Exception {
    String input =
        "session opened acct=root id 1\n"
            + "session opened acct=ftp id 2\n"
            + "session opened acct=guest id 3\n"
            + "Cache hit for key 42\n"
            + "Cache miss for key 7\n";
    StringWriter out = new StringWriter();
    TemplateFamilies families =
        TemplatesCli.runWithFamilies(new BufferedReader(new StringReader(input)), out, false);
    String[] lines = out.toString().split("\n");
    assertThat(lines).hasLength(5);
    JsonNode root = JSON.readTree(lines[0]);
    assertThat(root.get("template").asText()).isEqualTo("session opened acct=root id <*>");
    assertThat(root.get("family").asText()).isEqualTo("session opened acct=<*> id <*>");
    assertThat(root.get("familyId").asText())
        .isEqualTo(TemplateMiner.idOf("session opened acct=<*> id <*>"));
    assertThat(JSON.readTree(lines[2]).get("familyId").asText())
        .isEqualTo(root.get("familyId").asText());
    // Two plain words name two events: each line is its own family.
    JsonNode hit = JSON.readTree(lines[3]);
    assertThat(hit.get("family").asText()).isEqualTo("Cache hit for key <*>");
    assertThat(hit.get("familyId").asText()).isEqualTo(hit.get("templateId").asText());

    StringWriter table = new StringWriter();
    TemplatesCli.writeFolds(families, table);
    String[] rows = table.toString().split("\n");
    assertThat(rows).hasLength(3); // the three acct= templates fold; Cache hit/miss do not
    JsonNode row = JSON.readTree(rows[0]);
    assertThat(row.get("family_id").asText()).isEqualTo(root.get("familyId").asText());
    assertThat(row.get("template_id").asText())
        .isEqualTo(TemplateMiner.idOf(row.get("template").asText()));
    assertThat(row.get("version").asText()).isEqualTo(families.version());
  }

  @Test
  public void familiesOutThatCannotBeWrittenIsNamedBeforeMining() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("families-out");
    assertThat(TemplatesCli.unwritable(dir)).contains("is a directory");
    assertThat(TemplatesCli.unwritable(java.nio.file.Path.of(""))).contains("needs a file name");
    assertThat(TemplatesCli.unwritable(dir.resolve("missing/x.jsonl"))).contains("does not exist");
    assertThat(TemplatesCli.unwritable(dir.resolve("x.jsonl"))).isNull();
  }

  @Test
  public void optionMistakesAreNamed() {
    // templates.sh's arguments: before, every mistake was "unknown argument: ARG".
    java.util.List<String> options =
        java.util.List.of("--unescape", "--families", "--families-out", "--help");
    assertThat(dev.logalerts.ruletest.ExplainRuleCli.optionProblem("--families-out", options))
        .startsWith("--families-out needs a value: --families-out=VALUE");
    assertThat(dev.logalerts.ruletest.ExplainRuleCli.optionProblem("--unescape=1", options))
        .isEqualTo("--unescape takes no value, got '--unescape=1'");
    assertThat(dev.logalerts.ruletest.ExplainRuleCli.optionProblem("--famillies", options))
        .isEqualTo("unknown option --famillies (did you mean --families?)");
    assertThat(dev.logalerts.ruletest.ExplainRuleCli.optionProblem("x.txt", options))
        .isEqualTo("unexpected argument 'x.txt' (see --help)");
  }
}
