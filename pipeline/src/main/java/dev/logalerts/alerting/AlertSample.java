package dev.logalerts.alerting;

import com.google.auto.value.AutoValue;
import java.io.Serializable;

/** One matching entry attached to an alert; the message is already redacted. */
@AutoValue
public abstract class AlertSample implements Serializable {
  public abstract String insertId();

  /** Event time, RFC 3339. */
  public abstract String timestamp();

  /** Redacted message text. */
  public abstract String message();

  /** Template id of the message ("" when unknown). */
  public abstract String templateId();

  public static AlertSample of(
      String insertId, String timestamp, String message, String templateId) {
    return new AutoValue_AlertSample(insertId, timestamp, message, templateId);
  }
}
