package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The JVM flags and worker threads {@code scripts/run-local.sh} chooses for a run: a {@code java}
 * on the PATH that only records its arguments stands in for the JVM, so no job runs.
 */
@RunWith(JUnit4.class)
public class LocalJvmSettingsTest {
  private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void smallBatchInputRunsWithTheClientCompilerAndOneWorkerFewerThanTheCores()
      throws Exception {
    List<String> args = javaArgs(Map.of(), "--input=" + file("small.jsonl", 2_000));

    assertThat(args).contains(C1_ONLY);
    assertThat(args).containsAtLeast("-Xmx2g", "-XX:+UseParallelGC");
    assertThat(args).contains("--targetParallelism=" + Math.max(1, nproc() - 1));
  }

  @Test
  public void largeBatchInputKeepsC2() throws Exception {
    Path big = file("big.jsonl", 600L << 20); // sparse: only its size matters
    List<String> args = javaArgs(Map.of(), "--input=" + big);

    assertThat(args).doesNotContain(C1_ONLY);
    assertThat(args).contains("--targetParallelism=" + Math.max(1, nproc() - 1));
  }

  @Test
  public void aLinkedFileCountsAtItsTargetsSize() throws Exception {
    Path big = file("linked-target.jsonl", 600L << 20);
    Path dir = tmp.newFolder("links").toPath();
    for (int i = 1; i <= 3; i++) {
      Files.createSymbolicLink(dir.resolve("part" + i + ".jsonl"), big);
    }
    assertThat(javaArgs(Map.of(), "--input=" + dir + "/*.jsonl")).doesNotContain(C1_ONLY);
  }

  @Test
  public void compressedInputCountsAtTenTimesItsSize() throws Exception {
    Path dir = tmp.newFolder("gz").toPath();
    file(dir, "a.jsonl.gz", 60L << 20); // ~600 MB of entries once decompressed
    assertThat(javaArgs(Map.of(), "--input=" + dir + "/*.gz")).doesNotContain(C1_ONLY);

    Path small = tmp.newFolder("gz-small").toPath();
    file(small, "a.jsonl.gz", 1_000);
    assertThat(javaArgs(Map.of(), "--input=" + small + "/*.gz")).contains(C1_ONLY);
  }

  @Test
  public void callersChoicesWin() throws Exception {
    Path input = file("small.jsonl", 2_000);

    List<String> args =
        javaArgs(
            Map.of("JAVA_OPTS", "-Xmx1g -XX:-TieredCompilation"),
            "--input=" + input,
            "--targetParallelism=3");

    assertThat(args).containsAtLeast("-Xmx1g", "-XX:-TieredCompilation");
    assertThat(args).doesNotContain(C1_ONLY);
    assertThat(args.stream().filter(a -> a.startsWith("--targetParallelism=")).toList())
        .containsExactly("--targetParallelism=3");
  }

  @Test
  public void streamingKeepsTheRunnersThreadsAndC2() throws Exception {
    List<String> args =
        javaArgs(
            Map.of(),
            "--subscription=projects/p/subscriptions/s",
            "--pubsubRootUrl=http://localhost:1");

    assertThat(args).contains("--inputSubscription=projects/p/subscriptions/s");
    assertThat(args).doesNotContain(C1_ONLY);
    assertThat(args.stream().anyMatch(a -> a.startsWith("--targetParallelism="))).isFalse();
  }

  /** The arguments run-local.sh hands to {@code java}. */
  private List<String> javaArgs(Map<String, String> env, String... scriptArgs)
      throws IOException, InterruptedException {
    Path bin = tmp.newFolder().toPath();
    Path recorded = bin.resolve("args.txt");
    Path java = bin.resolve("java");
    Files.writeString(
        java, "#!/bin/bash\nprintf '%s\\n' \"$@\" > '" + recorded + "'\n", StandardCharsets.UTF_8);
    assertThat(java.toFile().setExecutable(true)).isTrue();
    Map<String, String> all = new HashMap<>(env);
    all.put("PATH", bin + ":" + System.getenv("PATH"));
    String[] args = new String[scriptArgs.length + 1];
    System.arraycopy(scriptArgs, 0, args, 0, scriptArgs.length);
    args[scriptArgs.length] = "--output=" + tmp.newFolder();
    ScriptRunner.Result r =
        ScriptRunner.run(tmp.newFolder().toPath(), all, "scripts/run-local.sh", args);
    assertWithMessage("run-local.sh: %s", r.all()).that(r.exitCode()).isEqualTo(0);
    return Files.readAllLines(recorded, StandardCharsets.UTF_8);
  }

  private Path file(String name, long bytes) throws IOException {
    return file(tmp.getRoot().toPath(), name, bytes);
  }

  private static Path file(Path dir, String name, long bytes) throws IOException {
    Path p = dir.resolve(name);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(bytes);
    }
    return p;
  }

  private static int nproc() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("nproc").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).isEqualTo(0);
    return Integer.parseInt(out);
  }
}
