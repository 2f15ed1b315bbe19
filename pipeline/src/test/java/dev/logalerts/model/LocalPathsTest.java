package dev.logalerts.model;

import static com.google.common.truth.Truth.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class LocalPathsTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aMissingLocalFileIsKnownWithoutSearching() throws Exception {
    Path f = tmp.newFile("rules.yaml").toPath();
    assertThat(LocalPaths.namesMissingLocalFile(f.toString())).isFalse();
    assertThat(LocalPaths.namesMissingLocalFile("file:" + f)).isFalse();
    Files.delete(f);
    assertThat(LocalPaths.namesMissingLocalFile(f.toString())).isTrue();
    assertThat(LocalPaths.namesMissingLocalFile("file:" + f)).isTrue();
    // Directly under the root: Beam's local match would walk the whole file system.
    assertThat(LocalPaths.namesMissingLocalFile("/no-such-rules-file.yaml")).isTrue();
  }

  @Test
  public void patternsAndOtherFileSystemsAreLeftToBeam() {
    assertThat(LocalPaths.namesMissingLocalFile("/no-such-dir/*.jsonl")).isFalse();
    assertThat(LocalPaths.namesMissingLocalFile("/no-such-dir/part-?.json")).isFalse();
    assertThat(LocalPaths.namesMissingLocalFile("gs://bucket/rules.yaml")).isFalse();
    assertThat(LocalPaths.namesMissingLocalFile("")).isFalse();
  }
}
