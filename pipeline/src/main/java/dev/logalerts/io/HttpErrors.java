package dev.logalerts.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Errors of Google's HTTP clients (Pub/Sub, BigQuery, Cloud Storage) told on one line. */
public final class HttpErrors {
  private HttpErrors() {}

  /** The {@code "message"} of a JSON error body inside an HTTP client's exception message. */
  private static final Pattern JSON_ERROR_MESSAGE =
      Pattern.compile("\"message\"\\s*:\\s*\"([^\"]*)\"");

  /**
   * The innermost cause of {@code e} on one line: an HTTP client's message spans lines (status,
   * request, the JSON error), of which the status, the request and the error's message say it all.
   */
  public static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : root.getMessage().strip();
    String[] lines = message.split("\\R");
    StringBuilder sb = new StringBuilder(root.getClass().getSimpleName());
    if (!lines[0].isEmpty()) {
      sb.append(": ").append(lines[0]);
    }
    if (lines.length > 1 && lines[1].matches("[A-Z]+ https?://\\S+")) {
      sb.append(", ").append(lines[1]);
    }
    Matcher detail = JSON_ERROR_MESSAGE.matcher(message);
    if (detail.find()) {
      sb.append(": ").append(detail.group(1));
    }
    return sb.toString();
  }
}
