package dev.logalerts.model;

import com.google.auto.value.AutoValue;

/**
 * The {@code httpRequest} of a request log. Absent strings are empty, absent numbers are {@link
 * #ABSENT} (status: 0), so evaluating rules never meets a null.
 */
@AutoValue
public abstract class HttpRequest {
  /** Marker for an absent size or latency. */
  public static final long ABSENT = -1L;

  public abstract String requestMethod();

  public abstract String requestUrl();

  /** HTTP status; 0 when absent. */
  public abstract int status();

  public abstract long requestSize();

  public abstract long responseSize();

  /** Latency in nanoseconds, or {@link #ABSENT}. */
  public abstract long latencyNanos();

  public abstract String remoteIp();

  public abstract String serverIp();

  public abstract String userAgent();

  public abstract String referer();

  public abstract String protocol();

  public abstract boolean cacheHit();

  /** Latency in seconds, NaN when absent. */
  public final double latencySeconds() {
    return latencyNanos() < 0 ? Double.NaN : latencyNanos() / 1e9;
  }

  /** URL path without query string or scheme/host ("/api/cart?id=1" → "/api/cart"). */
  public final String path() {
    return pathOf(requestUrl());
  }

  /** The path of a URL or of a path with a query: {@link #path()} of that request URL. */
  public static String pathOf(String url) {
    int start = 0;
    int scheme = url.indexOf("://");
    if (scheme >= 0) {
      int slash = url.indexOf('/', scheme + 3);
      start = slash < 0 ? url.length() : slash;
    }
    int end = url.length();
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    String p = url.substring(start, end);
    return p.isEmpty() ? "/" : p;
  }

  public static Builder builder() {
    return new AutoValue_HttpRequest.Builder()
        .setRequestMethod("")
        .setRequestUrl("")
        .setStatus(0)
        .setRequestSize(ABSENT)
        .setResponseSize(ABSENT)
        .setLatencyNanos(ABSENT)
        .setRemoteIp("")
        .setServerIp("")
        .setUserAgent("")
        .setReferer("")
        .setProtocol("")
        .setCacheHit(false);
  }

  public abstract Builder toBuilder();

  /** Builder; every field has a default meaning "absent". */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setRequestMethod(String v);

    public abstract Builder setRequestUrl(String v);

    public abstract Builder setStatus(int v);

    public abstract Builder setRequestSize(long v);

    public abstract Builder setResponseSize(long v);

    public abstract Builder setLatencyNanos(long v);

    public abstract Builder setRemoteIp(String v);

    public abstract Builder setServerIp(String v);

    public abstract Builder setUserAgent(String v);

    public abstract Builder setReferer(String v);

    public abstract Builder setProtocol(String v);

    public abstract Builder setCacheHit(boolean v);

    public abstract HttpRequest build();
  }
}
