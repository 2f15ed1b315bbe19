package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * What the Flex Template ships: the bundled jar built by {@code package} holds the job and its
 * libraries, and none of the local runner, the report, the tools, the benchmarks or test code.
 */
@RunWith(JUnit4.class)
public class BundledJarIT {
  private static final Path JAR = Path.of("target", "log-alerts-pipeline-bundled.jar");

  /** Our own packages that must never ship in the job jar. */
  private static final List<String> NOT_THE_JOB =
      List.of(
          "dev/logalerts/local/",
          "dev/logalerts/tools/",
          "dev/logalerts/benchmarks/",
          "dev/logalerts/notifier/",
          "dev/logalerts/testing/");

  private static List<String> entries() throws IOException {
    assertWithMessage("bundled jar (built by mvn package in the pipeline module)")
        .that(Files.isRegularFile(JAR))
        .isTrue();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      return Collections.list(jar.entries()).stream().map(e -> e.getName()).toList();
    }
  }

  @Test
  public void holdsTheJobAndItsMainClass() throws IOException {
    List<String> names = entries();
    assertWithMessage("job classes")
        .that(names)
        .containsAtLeast(
            "dev/logalerts/pipeline/LogAlertsPipeline.class",
            "dev/logalerts/parse/LogEntryParser.class",
            "dev/logalerts/alerting/EvaluateRules.class",
            "dev/logalerts/templates/TemplateMiner.class",
            "schemas/alerts.json");
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Manifest manifest = jar.getManifest();
      assertWithMessage("Main-Class")
          .that(manifest.getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.logalerts.pipeline.LogAlertsPipeline");
    }
  }

  @Test
  public void holdsNoToolReportOrTestClass() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (String name : entries()) {
      boolean ours = name.startsWith("dev/logalerts/");
      if (NOT_THE_JOB.stream().anyMatch(name::startsWith)
          || (ours && name.endsWith("Test.class"))
          || (ours && name.endsWith("IT.class"))
          || name.startsWith("org/junit/")
          || name.startsWith("com/google/common/truth/")) {
        offenders.add(name);
      }
    }
    assertWithMessage("classes that are not the job").that(offenders).isEmpty();
  }
}
