package dev.logalerts.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The repository's root folder, found upwards from the test's working directory. */
public final class RepoRoot {
  private RepoRoot() {}

  /** The nearest ancestor of the working directory holding {@code samples/rules.yaml}. */
  public static Path get() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("samples/rules.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "repository root not found above " + Paths.get("").toAbsolutePath());
    }
    return dir;
  }
}
