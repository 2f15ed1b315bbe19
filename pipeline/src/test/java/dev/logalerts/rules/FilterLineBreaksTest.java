package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Filters as users write them in a rules file, over several lines with {@code --} comments.
 * Google's page (https://cloud.google.com/logging/docs/view/logging-query-language#comments): a
 * comment starts with two dashes "and any text following the dashes is ignored until the end of the
 * line"; comparisons on several lines are joined by AND. A YAML {@code |} block keeps the line
 * breaks; a {@code >} block, and a plain or quoted value over several lines, turns them into
 * spaces, so a comment there would silently swallow the lines after it: refused at launch.
 */
@RunWith(JUnit4.class)
public class FilterLineBreaksTest {

  private static String rule(String name, String filterYaml) {
    return "  - name: "
        + name
        + "\n    type: threshold\n    threshold: 1\n    filter: "
        + filterYaml;
  }

  private static List<String> errors(String yaml) {
    return assertThrows(RulesValidationException.class, () -> RulesLoader.parse(yaml, "f.yaml"))
        .errors();
  }

  @Test
  public void commentsOfALiteralBlockEndAtTheirLine() {
    // Google's two comment examples: annotating clauses, and disabling one.
    RuleSet rules =
        RulesLoader.parse(
            "rules:\n"
                + rule(
                    "annotated",
                    "|\n"
                        + "      -- All of our target users are emitted by Compute Engine"
                        + " instances.\n"
                        + "      resource.type = \"gce_instance\"\n"
                        + "      -- Looking for logs from \"alex\".\n"
                        + "      jsonPayload.targetUser = \"alex\"\n")
                + rule(
                    "disabled",
                    "|\n"
                        + "      resource.type = \"gce_instance\"\n"
                        + "      -- jsonPayload.targetUser = \"alex\"\n"
                        + "      jsonPayload.targetUser = \"kiran\"\n"
                        + "      -- jsonPayload.targetUser = \"sasha\"\n")
                + rule("crlf", "|\r\n      severity>=ERROR -- errors\r\n      textPayload:x\r\n"),
            "f.yaml");
    assertThat(rules.rule("annotated").filter().toString())
        .isEqualTo("(resource.type=\"gce_instance\" AND jsonPayload.targetUser=\"alex\")");
    assertThat(rules.rule("disabled").filter().toString())
        .isEqualTo("(resource.type=\"gce_instance\" AND jsonPayload.targetUser=\"kiran\")");
    assertThat(rules.rule("crlf").filter().toString())
        .isEqualTo("(severity>=\"ERROR\" AND textPayload:\"x\")");
  }

  @Test
  public void aCommentInAFoldedFilterIsRefusedWithTheRuleAndPosition() {
    List<String> errors =
        errors(
            "rules:\n"
                + rule(
                    "folded",
                    ">\n"
                        + "      resource.type=\"k8s_container\" -- only containers\n"
                        + "      severity>=ERROR\n")
                + rule(
                    "plain",
                    "resource.type=\"k8s_container\" -- only containers\n"
                        + "      severity>=ERROR\n")
                + rule(
                    "quoted",
                    "\"resource.type=\\\"k8s_container\\\" -- only containers\n"
                        + "      severity>=ERROR\"\n")
                + rule(
                    "crlf",
                    ">\r\n      resource.type=\"k8s_container\" -- c\r\n"
                        + "      severity>=ERROR\r\n"));
    assertThat(errors).hasSize(4);
    assertThat(errors.get(0))
        .isEqualTo(
            "f.yaml:5:13: rule 'folded': key 'filter': the '--' comment at position 31 hides the"
                + " filter's next lines: YAML joined them into its line (a '>' block, or a quoted"
                + " or plain value over several lines, turns line breaks into spaces) and a"
                + " comment runs to the end of the line; write the filter as a '|' block to keep"
                + " its line breaks in 'resource.type=\"k8s_container\" -- only containers"
                + " severity>=ERROR'");
    assertThat(errors.get(1)).startsWith("f.yaml:11:13: rule 'plain': key 'filter': the '--'");
    assertThat(errors.get(2)).startsWith("f.yaml:16:13: rule 'quoted': key 'filter': the '--'");
    assertThat(errors.get(3)).startsWith("f.yaml:21:13: rule 'crlf': key 'filter': the '--'");
  }

  @Test
  public void aFilterOfOnlyCommentsIsRefused() {
    // Google's page: "To quickly enable or disable a clause by adding or removing the comment
    // prefix". With every clause disabled the text is empty, which matches every entry.
    List<String> errors =
        errors(
            "rules:\n"
                + rule("all-disabled", "|\n      -- severity>=ERROR\n      -- textPayload:panic\n")
                + rule("empty", "''\n"));
    assertThat(errors)
        .containsExactly(
            "f.yaml:5:13: rule 'all-disabled': key 'filter': the filter is only '--' comments,"
                + " which would match every entry; write '' to match every entry, or take the '--'"
                + " off the clause to keep in line 1, column 1 of the filter: '--"
                + " severity>=ERROR'");
  }

  @Test
  public void aFilterOfOnlyBlanksIsRefused() {
    // What an unset template variable leaves ("filter: '${FILTER} '"): not '' on purpose.
    assertThat(errors("rules:\n" + rule("blank", "'   '\n")))
        .containsExactly(
            "f.yaml:5:13: rule 'blank': key 'filter': the filter is only blanks, which would match"
                + " every entry; write '' to match every entry");
  }

  @Test
  public void aResourceLabelNoneOfTheFiltersTypesHasIsNoted() {
    RuleSet rules =
        RulesLoader.parse(
            "rules:\n"
                + rule(
                    "typo",
                    "'resource.type=\"k8s_container\" AND"
                        + " resource.labels.contianer_name=\"checkout\"'\n")
                + rule(
                    "right",
                    "'resource.type=\"k8s_container\" AND"
                        + " resource.labels.container_name=\"checkout\"'\n"),
            "f.yaml");
    assertThat(RuleNotes.of(rules))
        .containsExactly(
            "rule 'typo': filter reads resource.labels.contianer_name: k8s_container entries have"
                + " no label 'contianer_name'; did you mean 'container_name'? (theirs: project_id,"
                + " location, cluster_name, namespace_name, pod_name, container_name), so no entry"
                + " of theirs has it");
  }

  @Test
  public void aHashLineInAFilterBlockIsNotedWhereItStands() {
    // A YAML comment written inside the block is filter text: Cloud Logging searches every field
    // for '#', 'only' and 'errors', so the rule never fires on a real container error.
    RuleSet rules =
        RulesLoader.parse(
            "rules:\n"
                + rule(
                    "hash",
                    "|\n"
                        + "      resource.type=\"k8s_container\"\n"
                        + "      # only errors\n"
                        + "      severity>=ERROR\n")
                + rule(
                    "not-a-line-start",
                    "|\n"
                        + "      textPayload:\"#4000\" -- ids like #4001\n"
                        + "      jsonPayload.ticket:#42\n"),
            "f.yaml");
    assertThat(rules.rule("hash").filter().toString())
        .isEqualTo(
            "(resource.type=\"k8s_container\" AND \"#\" AND \"only\" AND \"errors\""
                + " AND severity>=\"ERROR\")");
    assertThat(RuleNotes.operatorWords(rules))
        .containsExactly(
            "rule 'hash': filter: '#' at position 31 starts a line but is not a comment: only"
                + " '--' starts a comment in a filter, so the words of that line are searched for"
                + " in every field and an entry without them never matches; write '--' instead of"
                + " '#'");
  }

  @Test
  public void aFoldedFilterWhoseCommentsHideNothingLoads() {
    RuleSet rules =
        RulesLoader.parse(
            "rules:\n"
                + rule(
                    "last-line",
                    ">\n      resource.type=\"k8s_container\"\n      severity>=ERROR -- errors\n")
                + rule(
                    "blank-line",
                    ">\n      resource.type=\"k8s_container\" -- c\n\n      severity>=ERROR\n")
                + rule("in-a-string", ">\n      textPayload:\"a -- b\"\n      severity>=ERROR\n")
                + rule("one-line", "'severity>=ERROR -- errors'\n"),
            "f.yaml");
    String both = "(resource.type=\"k8s_container\" AND severity>=\"ERROR\")";
    assertThat(rules.rule("last-line").filter().toString()).isEqualTo(both);
    assertThat(rules.rule("blank-line").filter().toString()).isEqualTo(both);
    assertThat(rules.rule("in-a-string").filter().toString())
        .isEqualTo("(textPayload:\"a -- b\" AND severity>=\"ERROR\")");
    assertThat(rules.rule("one-line").filter().toString()).isEqualTo("severity>=\"ERROR\"");
  }
}
