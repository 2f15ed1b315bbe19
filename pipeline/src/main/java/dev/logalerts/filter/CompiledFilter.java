package dev.logalerts.filter;

import dev.logalerts.model.LogEvent;
import java.io.Serializable;

/** A filter parsed once at launch; {@link #test} runs per entry. Serializable for DoFns. */
public interface CompiledFilter extends Serializable {
  boolean test(LogEvent event);

  /** The filter text as the user wrote it. */
  String text();
}
