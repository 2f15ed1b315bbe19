package dev.logalerts.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Compact, deterministic binary coder for {@link LogEvent}: varints for numbers, length-prefixed
 * UTF-8 for strings, maps in key order, a presence byte for {@code httpRequest}. A leading version
 * byte lets a later release read what an updated pipeline still holds in its state.
 */
public final class LogEventCoder extends AtomicCoder<LogEvent> {
  private static final LogEventCoder INSTANCE = new LogEventCoder();
  private static final int VERSION = 1;

  public static LogEventCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} on {@link LogEvent} find this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(LogEvent.class), INSTANCE);
  }

  private LogEventCoder() {}

  @Override
  public void encode(LogEvent e, OutputStream out) throws IOException {
    if (e == null) {
      throw new CoderException("cannot encode a null LogEvent");
    }
    out.write(VERSION);
    BinaryCodec.writeString(out, e.insertId());
    BinaryCodec.writeVarLong(out, e.timestampNanos());
    BinaryCodec.writeVarLong(out, e.receiveTimestampNanos());
    out.write(e.severity().ordinal());
    BinaryCodec.writeString(out, e.logName());
    BinaryCodec.writeString(out, e.logId());
    BinaryCodec.writeString(out, e.projectId());
    BinaryCodec.writeString(out, e.resourceType());
    writeMap(out, e.resourceLabels());
    writeMap(out, e.labels());
    BinaryCodec.writeString(out, e.service());
    BinaryCodec.writeString(out, e.message());
    out.write(e.payloadKind().ordinal());
    HttpRequest h = e.httpRequest();
    if (h == null) {
      out.write(0);
    } else {
      out.write(h.cacheHit() ? 2 : 1);
      BinaryCodec.writeString(out, h.requestMethod());
      BinaryCodec.writeString(out, h.requestUrl());
      BinaryCodec.writeVarLong(out, h.status());
      BinaryCodec.writeVarLong(out, h.requestSize());
      BinaryCodec.writeVarLong(out, h.responseSize());
      BinaryCodec.writeVarLong(out, h.latencyNanos());
      BinaryCodec.writeString(out, h.remoteIp());
      BinaryCodec.writeString(out, h.serverIp());
      BinaryCodec.writeString(out, h.userAgent());
      BinaryCodec.writeString(out, h.referer());
      BinaryCodec.writeString(out, h.protocol());
    }
    BinaryCodec.writeString(out, e.trace());
    BinaryCodec.writeString(out, e.spanId());
    BinaryCodec.writeString(out, e.operationId());
    BinaryCodec.writeString(out, e.operationProducer());
    out.write((e.operationFirst() ? 1 : 0) | (e.operationLast() ? 2 : 0));
    FieldValues p = e.payload();
    BinaryCodec.writeVarLong(out, p.size());
    String prevKey = "";
    for (int i = 0; i < p.size(); i++) {
      // Sorted keys share long prefixes (jsonPayload␟...): store the shared length and the rest.
      String key = p.keyAt(i);
      int common = commonPrefix(prevKey, key);
      BinaryCodec.writeVarLong(out, common);
      BinaryCodec.writeString(out, key.substring(common));
      BinaryCodec.writeString(out, p.valueAt(i));
      prevKey = key;
    }
    BinaryCodec.writeVarLong(out, e.sizeBytes());
  }

  @Override
  public LogEvent decode(InputStream in) throws IOException {
    int version = in.read();
    if (version != VERSION) {
      throw new CoderException("unknown LogEvent encoding version " + version);
    }
    LogEvent.Builder b = LogEvent.builder();
    b.setInsertId(BinaryCodec.readString(in));
    b.setTimestampNanos(BinaryCodec.readVarLong(in));
    b.setReceiveTimestampNanos(BinaryCodec.readVarLong(in));
    b.setSeverity(Severity.fromOrdinal(readByte(in)));
    b.setLogName(BinaryCodec.readString(in));
    b.setLogId(BinaryCodec.readString(in));
    b.setProjectId(BinaryCodec.readString(in));
    b.setResourceType(BinaryCodec.readString(in));
    b.setResourceLabels(readMap(in));
    b.setLabels(readMap(in));
    b.setService(BinaryCodec.readString(in));
    b.setMessage(BinaryCodec.readString(in));
    b.setPayloadKind(PayloadKind.fromOrdinal(readByte(in)));
    int http = readByte(in);
    if (http != 0) {
      b.setHttpRequest(
          HttpRequest.builder()
              .setCacheHit(http == 2)
              .setRequestMethod(BinaryCodec.readString(in))
              .setRequestUrl(BinaryCodec.readString(in))
              .setStatus((int) BinaryCodec.readVarLong(in))
              .setRequestSize(BinaryCodec.readVarLong(in))
              .setResponseSize(BinaryCodec.readVarLong(in))
              .setLatencyNanos(BinaryCodec.readVarLong(in))
              .setRemoteIp(BinaryCodec.readString(in))
              .setServerIp(BinaryCodec.readString(in))
              .setUserAgent(BinaryCodec.readString(in))
              .setReferer(BinaryCodec.readString(in))
              .setProtocol(BinaryCodec.readString(in))
              .build());
    }
    b.setTrace(BinaryCodec.readString(in));
    b.setSpanId(BinaryCodec.readString(in));
    b.setOperationId(BinaryCodec.readString(in));
    b.setOperationProducer(BinaryCodec.readString(in));
    int op = readByte(in);
    b.setOperationFirst((op & 1) != 0);
    b.setOperationLast((op & 2) != 0);
    int n = (int) BinaryCodec.readVarLong(in);
    String[] keys = new String[n];
    String[] values = new String[n];
    String prevKey = "";
    for (int i = 0; i < n; i++) {
      int common = (int) BinaryCodec.readVarLong(in);
      keys[i] = prevKey.substring(0, common) + BinaryCodec.readString(in);
      values[i] = BinaryCodec.readString(in);
      prevKey = keys[i];
    }
    b.setPayload(FieldValues.ofSorted(keys, values));
    b.setSizeBytes((int) BinaryCodec.readVarLong(in));
    return b.build();
  }

  @Override
  public void verifyDeterministic() {
    // Deterministic: fixed field order, maps written in key order, no floating point.
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    // Never split a surrogate pair.
    if (i > 0 && i < b.length() && Character.isLowSurrogate(b.charAt(i))) {
      i--;
    }
    return i;
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new CoderException("truncated LogEvent");
    }
    return b;
  }

  private static void writeMap(OutputStream out, Map<String, String> map) throws IOException {
    Map<String, String> sorted = map instanceof TreeMap ? map : new TreeMap<>(map);
    BinaryCodec.writeVarLong(out, sorted.size());
    for (Map.Entry<String, String> en : sorted.entrySet()) {
      BinaryCodec.writeString(out, en.getKey());
      BinaryCodec.writeString(out, en.getValue());
    }
  }

  private static Map<String, String> readMap(InputStream in) throws IOException {
    int n = (int) BinaryCodec.readVarLong(in);
    if (n == 0) {
      return Collections.emptyMap();
    }
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      m.put(BinaryCodec.readString(in), BinaryCodec.readString(in));
    }
    return Collections.unmodifiableMap(m);
  }
}
