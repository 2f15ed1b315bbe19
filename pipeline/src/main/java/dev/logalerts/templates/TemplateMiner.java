package dev.logalerts.templates;

import dev.logalerts.model.MessageTemplate;
import java.io.Serializable;

/**
 * Maps a log message to its template: variable parts (numbers, ids, hex, UUIDs, IPs, host and file
 * names, paths, URLs' paths and query, timestamps, quoted values, {@code key=value} values, user
 * names) become {@code <*>}; constant words stay, so "Cache hit" and "Cache miss" differ.
 *
 * <p>Deterministic and stateless: the result depends only on the message text, never on what was
 * seen before, so every worker, window and day assigns the same {@link
 * MessageTemplate#templateId()} (see the package documentation for the design and what it trades
 * away against Drain).
 *
 * <p>Thread-safe: the scratch buffer is per thread; the miner itself holds no mutable state and
 * serializes to nothing but its class name. One shared instance or one per DoFn both work. Short
 * messages seen recently are answered from {@link #RECENT} without scanning them again, and a
 * template built recently is answered from {@link KnownTemplates} without hashing it again.
 *
 * <p>Bounded work: only the first {@value TemplateScanner#MAX_HEAD_CHARS} chars of the first
 * non-blank line are templated; later lines (stack traces) are only searched, within {@value
 * TemplateScanner#MAX_TRACE_SCAN_CHARS} chars, for the exception type, which is appended as {@code
 * " | java.io.IOException"}.
 */
public final class TemplateMiner implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final ThreadLocal<TemplateScanner> SCANNER =
      ThreadLocal.withInitial(TemplateScanner::new);

  /**
   * The templates of recently mined messages up to 256 chars. Real logs repeat whole messages
   * (health checks, "GET /api/cart 200", retries): in the Loghub-2k windows of {@code
   * src/test/resources/templates/loghub2k-full} 52% of the lines repeat an earlier line exactly,
   * and 35% of the benchmark's generated entries do within one pass.
   */
  static final RecentAnswers<MessageTemplate> RECENT = new RecentAnswers<>(4096, 256);

  /** The one generic configuration. */
  public TemplateMiner() {}

  /** Returns the template of one message ({@code null} is treated as the empty message). */
  public MessageTemplate mine(String message) {
    return RECENT.answer(message == null ? "" : message, m -> SCANNER.get().mine(m));
  }

  /**
   * Forgets the recently mined messages ({@link #RECENT}) and built templates ({@link
   * KnownTemplates}), so that the next calls mine every message afresh: for benchmarks that replay
   * the same entries and must not count the replay as repetition, and for tests.
   */
  public static void forgetRecentMessages() {
    RECENT.clear();
    KnownTemplates.clear();
  }

  /** Returns only the template text of {@code message}. */
  public String templateOf(String message) {
    return SCANNER.get().template(message == null ? "" : message);
  }

  /** Returns the stable id of a template text (as produced by {@link #templateOf}). */
  public static String idOf(String template) {
    return TemplateIds.idOf(template);
  }
}
