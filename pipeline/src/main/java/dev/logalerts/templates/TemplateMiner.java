package dev.logalerts.templates;

import dev.logalerts.model.MessageTemplate;
import java.io.Serializable;

/**
 * Maps a log message to its template. Deterministic: the result depends only on the message (and
 * the miner's fixed configuration), never on what was seen before, so ids agree across workers.
 */
public final class TemplateMiner implements Serializable {

  /** Returns the template of one message. */
  public MessageTemplate mine(String message) {
    throw new UnsupportedOperationException("template miner not implemented yet");
  }
}
