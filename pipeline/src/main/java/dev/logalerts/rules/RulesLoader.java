package dev.logalerts.rules;

import dev.logalerts.model.Hashes;
import dev.logalerts.model.LocalPaths;
import dev.logalerts.yaml.YamlNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Loads and validates the rules file (README "Rules file"). Reads through Beam's {@link
 * FileSystems}, so the path may be local or {@code gs://}; parses the YAML into a position-tracking
 * tree; checks every key of every rule ({@link RuleValidation}, the kinds' own keys by each kind);
 * compiles the filters once. All problems are collected and thrown together as one {@link
 * RulesValidationException}, so a user fixes a file in one round instead of one error per launch.
 *
 * <p>Validation happens here, at launch, before the pipeline is built: a bad rule must never reach
 * workers.
 */
public final class RulesLoader {
  private RulesLoader() {}

  /** Most rules one file may hold. */
  public static final int MAX_RULES = 500;

  /** Longest filter (and numerator) text, in characters. */
  public static final int MAX_FILTER_CHARS = 20_000;

  /** Most groupBy keys per rule. */
  public static final int MAX_GROUP_BY = 5;

  /** Largest rules file, in bytes. */
  public static final long MAX_FILE_BYTES = 1L << 20;

  /** Longest rule name (a DNS label: it ends up in alert ids, attributes and URLs). */
  public static final int MAX_NAME_LENGTH = 63;

  /** Most overlapping windows per entry (window / period): bounds per-entry work and state. */
  public static final int MAX_WINDOWS_PER_PERIOD = 100;

  /** Longest window: alert rules look at recent behaviour; longer spans are reports. */
  public static final Duration MAX_WINDOW = Duration.standardDays(1);

  /** Longest description text. */
  public static final int MAX_DESCRIPTION_CHARS = 4_000;

  /**
   * Every rule key in documented order, mapped to the rule types that accept it (built from the
   * kinds registered in {@code RuleKinds}).
   */
  static final Map<String, Set<RuleType>> KEYS = RuleKeys.table();

  // ---------------------------------------------------------------------------------------------
  // Entry points

  /**
   * Reads and validates the rules file at {@code path} (local or any registered Beam filesystem,
   * e.g. {@code gs://}). For {@code gs://} the caller must have registered filesystems with {@code
   * FileSystems.setDefaultPipelineOptions} (pipeline construction and {@code ValidateRules} do).
   *
   * @throws RulesValidationException listing every problem, or "rules file not found: PATH"
   */
  public static RuleSet load(String path) {
    return parse(read(path), path);
  }

  /** Reads the file's bytes as strict UTF-8, enforcing {@link #MAX_FILE_BYTES}. */
  static String read(String path) {
    MatchResult.Metadata meta;
    if (LocalPaths.namesMissingLocalFile(path)) {
      throw single(path, "rules file not found: " + path);
    }
    try {
      meta = FileSystems.matchSingleFileSpec(path);
    } catch (FileNotFoundException e) {
      throw single(path, "rules file not found: " + path);
    } catch (IOException | RuntimeException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("No filesystem found")) {
        int scheme = path.indexOf("://");
        msg =
            "'"
                + (scheme > 0 ? path.substring(0, scheme + 3) : path)
                + "' is not a place rules are read from: give a local path or gs://BUCKET/PATH";
      } else if (msg.contains("to match exactly one file")) {
        // Beam's message lists each match's metadata; a user needs to know the path is one file.
        msg = "it matches more than one file; a rules path names one file (no wildcards)";
      }
      throw single(path, "cannot read rules file " + path + ": " + msg);
    }
    if (meta.sizeBytes() > MAX_FILE_BYTES) {
      throw single(path, tooBig(path, meta.sizeBytes()));
    }
    byte[] bytes;
    try (ReadableByteChannel ch = FileSystems.open(meta.resourceId());
        InputStream in = Channels.newInputStream(ch)) {
      bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
    } catch (IOException | RuntimeException e) {
      throw single(path, "cannot read rules file " + path + ": " + e.getMessage());
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw single(path, tooBig(path, bytes.length));
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      boolean utf16 =
          bytes.length >= 2
              && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                  || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF);
      // What Windows PowerShell 5's ">" and some editors' "Unicode" write.
      throw single(
          path,
          "rules file "
              + path
              + " is not valid UTF-8"
              + (utf16
                  ? ": it is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8,"
                      + " e.g. iconv -f UTF-16 -t UTF-8 FILE > rules.yaml"
                  : ""));
    }
  }

  private static String tooBig(String path, long size) {
    return "rules file "
        + path
        + " is too large: "
        + size
        + " bytes (max "
        + MAX_FILE_BYTES
        + " bytes = 1 MiB)";
  }

  private static RulesValidationException single(String source, String error) {
    return new RulesValidationException(source, List.of(error));
  }

  /**
   * Validates rules-file text. {@code sourceName} prefixes every error (a path, or a name such as
   * {@code <inline>} in tests).
   *
   * @throws RulesValidationException listing every problem found
   */
  public static RuleSet parse(String yaml, String sourceName) {
    if (yaml.length() > MAX_FILE_BYTES
        || yaml.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_BYTES) {
      throw single(sourceName, tooBig(sourceName, yaml.getBytes(StandardCharsets.UTF_8).length));
    }
    RulesFileErrors errors = new RulesFileErrors(sourceName);
    YamlNode root;
    try {
      root = YamlNode.parse(yaml);
    } catch (YamlNode.YamlSyntaxException e) {
      // JSON lines of LogEntries are no YAML document: say what the file is, not where YAML broke.
      String entries = logEntries(firstEntryOfLines(yaml), sourceName);
      if (entries != null) {
        throw single(sourceName, entries);
      }
      errors.add(e.line, e.column, null, e.getMessage());
      throw errors.exception();
    }
    String otherKind = ruleTestFile(root, sourceName);
    if (otherKind == null) {
      otherKind =
          logEntries(root.isList() && !root.items.isEmpty() ? root.items.get(0) : root, sourceName);
    }
    if (otherKind == null) {
      otherKind = notifierConfig(root, sourceName);
    }
    if (otherKind != null) {
      throw single(sourceName, otherKind);
    }
    RuleValidation validation = new RuleValidation(errors);
    List<Rule> rules = validation.validateFile(root);
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    return RuleSet.of(rules, validation.silences, version(yaml), validation.notes);
  }

  /**
   * What to say when the file is a rule-test file ({@code scripts/test-rules.sh}'s, with {@code
   * tests:} and a {@code rules:} path), or null: each of its keys would be an error of its own,
   * none of them the mistake.
   */
  private static @Nullable String ruleTestFile(YamlNode root, String sourceName) {
    if (!root.isMap() || !root.entries.containsKey("tests")) {
      return null;
    }
    YamlNode.Entry rules = root.entries.get("rules");
    if (rules != null && rules.value.isList()) {
      return null;
    }
    return "rules file "
        + sourceName
        + " looks like a rule-test file (it has 'tests:'), not a rules file: scripts/test-rules.sh"
        + " runs its tests"
        + (rules != null && rules.value.isScalar() && !rules.value.text.isEmpty()
            ? "; the rules file it tests is " + rules.value.text
            : "");
  }

  /** Keys of a LogEntry as exported (JSON or gcloud's YAML); a rules file has none of them. */
  private static final Set<String> ENTRY_KEYS =
      Set.of(
          "insertId",
          "logName",
          "timestamp",
          "receiveTimestamp",
          "resource",
          "textPayload",
          "jsonPayload",
          "protoPayload",
          "httpRequest");

  /**
   * What to say when {@code node} (the file's top, or its first list item or line) is a LogEntry:
   * exported logs given as the rules (--rules and --input swapped), or null.
   */
  private static @Nullable String logEntries(@Nullable YamlNode node, String sourceName) {
    if (node == null || !node.isMap()) {
      return null;
    }
    long keys = node.entries.keySet().stream().filter(ENTRY_KEYS::contains).count();
    if (keys < 2) {
      return null;
    }
    return "rules file "
        + sourceName
        + " looks like log entries (LogEntry fields such as insertId, logName, timestamp), not a"
        + " rules file: give logs as the input (scripts/run-local.sh --input=FILE --rules=RULES)";
  }

  /**
   * The first line of {@code text} not blank or a comment, read as YAML (a JSON line is), or null.
   */
  private static @Nullable YamlNode firstEntryOfLines(String text) {
    String line =
        text.lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .findFirst()
            .orElse("");
    if (!line.startsWith("{")) {
      return null;
    }
    try {
      return YamlNode.parse(line);
    } catch (YamlNode.YamlSyntaxException e) {
      return null;
    }
  }

  /**
   * What to say when the file is the notifier's config ({@code receivers:} and {@code routes:},
   * {@code scripts/notify.sh --config}), or null.
   */
  private static @Nullable String notifierConfig(YamlNode root, String sourceName) {
    if (!root.isMap()
        || root.entries.containsKey("rules")
        || !root.entries.containsKey("receivers")
        || !root.entries.containsKey("routes")) {
      return null;
    }
    return "rules file "
        + sourceName
        + " looks like a notifier config (it has 'receivers:' and 'routes:'), not a rules file:"
        + " scripts/notify.sh --config=FILE reads it (docs/notifier.md)";
  }

  /** A content hash: the first 16 hex digits of the SHA-256 of the text. */
  static String version(String yaml) {
    return Hashes.sha256Hex(16, yaml);
  }

  /** " ; did you mean 'x'?" for a near miss (case-insensitive edit distance), else "". */
  static String hint(String word, Iterable<String> candidates) {
    return KeyHints.hint(word, candidates);
  }

  /** The default period: about a fifth of the window, within [10s, 5m], dividing it evenly. */
  static Duration defaultPeriod(Duration window) {
    long w = window.getStandardSeconds();
    if (w <= 0) {
      return window;
    }
    long target = Math.max(10, Math.min(300, w / 5));
    target = Math.min(target, w);
    long best = -1;
    long smallestAllowed = -1;
    for (long p = 1; p <= w; p++) {
      if (w % p != 0 || w / p > MAX_WINDOWS_PER_PERIOD) {
        continue;
      }
      if (smallestAllowed < 0) {
        smallestAllowed = p;
      }
      if (p <= target) {
        best = p;
      }
    }
    return Duration.standardSeconds(best > 0 ? best : smallestAllowed);
  }
}
