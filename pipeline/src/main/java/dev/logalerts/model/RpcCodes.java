package dev.logalerts.model;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * google.rpc.Code, the canonical status codes of Google APIs (an audit entry's {@code
 * protoPayload.status.code}): their names by number.
 */
public final class RpcCodes {
  private RpcCodes() {}

  public static final int NOT_FOUND = 5;

  private static final List<String> NAMES =
      List.of(
          "OK",
          "CANCELLED",
          "UNKNOWN",
          "INVALID_ARGUMENT",
          "DEADLINE_EXCEEDED",
          "NOT_FOUND",
          "ALREADY_EXISTS",
          "PERMISSION_DENIED",
          "RESOURCE_EXHAUSTED",
          "FAILED_PRECONDITION",
          "ABORTED",
          "OUT_OF_RANGE",
          "UNIMPLEMENTED",
          "INTERNAL",
          "UNAVAILABLE",
          "DATA_LOSS",
          "UNAUTHENTICATED");

  /** The name of {@code code} ({@code 7} → {@code PERMISSION_DENIED}); null for another number. */
  public static @Nullable String name(int code) {
    return code >= 0 && code < NAMES.size() ? NAMES.get(code) : null;
  }

  /** Whether {@code text} is a code's name, as written ({@code NOT_FOUND}). */
  public static boolean isName(String text) {
    return NAMES.contains(text);
  }
}
