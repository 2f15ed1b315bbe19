package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A JVM like a local run's, whose busy threads outlive the one an out-of-memory error kills, ends
 * with one {@code error:} line and the failed-job exit code instead of hanging.
 */
@RunWith(JUnit4.class)
public class OutOfMemoryTest {
  /** The run in its own JVM: a thread that never ends, and one that dies of the error. */
  public static void main(String[] args) throws Exception {
    OutOfMemory.endTheRunOnIt();
    Thread runner = new Thread(() -> sleepForever(), "runner-worker");
    runner.start();
    String where = args[0];
    Runnable dies =
        () -> {
          if (where.equals("wrapped")) {
            throw new RuntimeException("a step failed", new OutOfMemoryError("Java heap space"));
          }
          throw new OutOfMemoryError("GC overhead limit exceeded");
        };
    if (where.equals("other")) {
      throw new IllegalStateException("not about memory");
    }
    new Thread(dies, "progress").start();
    sleepForever();
  }

  private static void sleepForever() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path stderr;

  private Process start(String where) throws Exception {
    stderr = tmp.newFile().toPath();
    return new ProcessBuilder(
            System.getProperty("java.home") + "/bin/java",
            "-Xmx64m",
            "-cp",
            System.getProperty("java.class.path"),
            OutOfMemoryTest.class.getName(),
            where)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(stderr.toFile())
        .start();
  }

  private void assertEndsTheRun(String where) throws Exception {
    Process p = start(where);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isEqualTo(LocalRun.EXIT_JOB_FAILED);
    assertThat(err.strip().lines().count()).isEqualTo(1);
    assertThat(err).startsWith("error: the job ran out of memory (a heap of ");
    assertThat(err).contains("JAVA_OPTS=-Xmx");
  }

  @Test
  public void aThreadDyingOfItEndsTheRun() throws Exception {
    assertEndsTheRun("thrown");
  }

  @Test
  public void anErrorCausedByItEndsTheRun() throws Exception {
    assertEndsTheRun("wrapped");
  }

  @Test
  public void otherFailuresAreLeftToTheThreadsOwnHandling() throws Exception {
    Process p = start("other");
    try {
      // The main thread dies of its exception, the worker keeps the JVM alive: no halt.
      assertThat(p.waitFor(5, TimeUnit.SECONDS)).isFalse();
      p.destroyForcibly().waitFor();
      String err = Files.readString(stderr, StandardCharsets.UTF_8);
      assertThat(err).contains("not about memory");
      assertThat(err).doesNotContain("ran out of memory");
    } finally {
      p.destroyForcibly();
    }
  }
}
