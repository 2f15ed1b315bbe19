package dev.logalerts.model;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;

/**
 * Local file specs, answered before Beam's {@code FileSystems.match}: for a local spec that does
 * not exist, Beam's local file system searches the whole tree under the spec's parent directory for
 * it (all of {@code /} for {@code /rules.yaml}), which takes minutes instead of failing.
 */
public final class LocalPaths {
  private LocalPaths() {}

  /**
   * Whether {@code spec} is a local path without wildcards ({@code * ? [ {}) that names nothing
   * on disk; false for other file systems ({@code gs://...}) and for patterns.
   */
  public static boolean namesMissingLocalFile(String spec) {
    String p = spec.startsWith("file:") ? spec.substring("file:".length()) : spec;
    if (p.isEmpty() || p.contains("://") || p.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
      return false;
    }
    try {
      return !Files.exists(Paths.get(p));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
