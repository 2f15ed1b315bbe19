package dev.logalerts.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;

/** A message's template: variable parts replaced by placeholders, and its stable id. */
@AutoValue
public abstract class MessageTemplate implements Serializable {
  /** Stable id: a hash of {@link #template()}, the same on every worker and every day. */
  public abstract String templateId();

  public abstract String template();

  public static MessageTemplate of(String templateId, String template) {
    return new AutoValue_MessageTemplate(templateId, template);
  }
}
