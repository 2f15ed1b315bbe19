package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A rules file saved as UTF-16 (Windows PowerShell 5's {@code >}, an editor's "Unicode") is named
 * as such, with how to convert it: "not valid UTF-8" alone left the user to find out why.
 */
@RunWith(JUnit4.class)
public class RulesFileEncodingTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void utf16IsNamedWithHowToConvertIt() throws Exception {
    // samples/rules.yaml as "Get-Content rules.yaml > my.yaml" saves it: UTF-16LE with a BOM.
    byte[] le =
        Files.readString(Path.of("../samples/rules.yaml")).getBytes(StandardCharsets.UTF_16LE);
    byte[] file = new byte[le.length + 2];
    file[0] = (byte) 0xFF;
    file[1] = (byte) 0xFE;
    System.arraycopy(le, 0, file, 2, le.length);
    Path p = tmp.newFile("ps.yaml").toPath();
    Files.write(p, file);
    RulesValidationException e =
        assertThrows(RulesValidationException.class, () -> RulesLoader.load(p.toString()));
    assertThat(e.errors())
        .containsExactly(
            "rules file "
                + p
                + " is not valid UTF-8: it is UTF-16 (it starts with a UTF-16 byte order mark);"
                + " save it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8 FILE > rules.yaml");
  }
}
