package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ReadAtOnceTest {
  private static final long MB = 1 << 20;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void manyFilesWhoseFirstReadsOutgrowTheHeapAreNoted() throws Exception {
    Path dir = tmp.newFolder("hourly").toPath();
    for (int i = 0; i < 48; i++) {
      file(dir, String.format("part%02d.json", i), 18 * MB); // each read 16 MB at a time
    }
    Optional<String> note = ReadAtOnce.note(dir + "/*.json", 910 * MB);

    assertThat(note).isPresent();
    assertThat(note.get()).startsWith("note: ");
    assertThat(note.get()).contains("each of the 48 input files (up to 16 MB of each");
    assertThat(note.get()).contains("about 768 MB of lines at once, for a heap of 910 MB");
    assertThat(note.get()).contains("JAVA_OPTS=-Xmx");
  }

  @Test
  public void compressedFilesCountWholeAtTenTimesTheirSize() throws Exception {
    Path dir = tmp.newFolder("gz").toPath();
    file(dir, "a.json.gz", 40 * MB);
    file(dir, "b.json.gz", 40 * MB);

    assertThat(ReadAtOnce.note(dir + "/*.gz", 2048 * MB).get()).contains("about 800 MB");
  }

  @Test
  public void whatTheHeapHoldsIsNotNoted() throws Exception {
    Path dir = tmp.newFolder("few").toPath();
    file(dir, "a.json", 900 * MB); // one file is read a checkpoint at a time, however large
    assertThat(ReadAtOnce.note(dir + "/a.json", 512 * MB)).isEmpty();
    file(dir, "b.json", 900 * MB);
    // Two files: 32 MB of each, 64 MB in all.
    assertThat(ReadAtOnce.note(dir + "/*.json", 512 * MB)).isEmpty();
    assertThat(ReadAtOnce.note(dir + "/*.json", 150 * MB)).isPresent();
    assertThat(ReadAtOnce.note(dir + "/none-*.json", 1 * MB)).isEmpty();
  }

  private static void file(Path dir, String name, long bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
      f.setLength(bytes); // sparse: only the size matters
    }
  }
}
