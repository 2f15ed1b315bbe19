package dev.logalerts.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The scalar leaves of an entry's structured parts ({@code jsonPayload}, {@code protoPayload},
 * {@code sourceLocation}, {@code split}), flattened once at parse time so that any rule can ask for
 * "value at path P" by a binary search instead of re-reading JSON.
 *
 * <p>A key is the path's segments joined by {@link #SEP} (a control character, so JSON keys that
 * contain dots or slashes need no escaping): {@code jsonPayload␟user␟id}. Array elements are stored
 * under their array's path, once per element, so a comparison matches when any element does (Cloud
 * Logging's semantics). Keys are sorted (ties keep document order), which makes the encoding
 * deterministic and lets presence tests ({@code jsonPayload.error:*}) find an object by its prefix.
 * Values are the JSON text of the scalar: strings unquoted, numbers and booleans as written, {@code
 * null} as {@link #NULL}: an empty string that filters tell apart from {@code ""} by identity
 * (Cloud Logging's {@code NULL_VALUE} matches a JSON null only), while every other reader sees the
 * empty string as before.
 */
public final class FieldValues implements Serializable {
  /** Separator between path segments inside a key (ASCII unit separator). */
  public static final char SEP = '\u001f';

  public static final FieldValues EMPTY = new FieldValues(new String[0], new String[0]);

  /**
   * The value of a JSON {@code null} leaf: equal to {@code ""} but a distinct instance, so that
   * {@link #isNull} can tell it from an empty string. Coders must keep it apart (see {@code
   * LogEventCoder}).
   */
  @SuppressWarnings("StringOperationCanBeSimplified")
  public static final String NULL = new String("");

  /** True when the value is a JSON null leaf ({@link #NULL}, compared by identity). */
  @SuppressWarnings("ReferenceEquality")
  public static boolean isNull(String value) {
    return value == NULL;
  }

  private final String[] keys;
  private final String[] values;

  private FieldValues(String[] keys, String[] values) {
    this.keys = keys;
    this.values = values;
  }

  /** Joins path segments into a key. */
  public static String key(String... segments) {
    return String.join(String.valueOf(SEP), segments);
  }

  /** Joins path segments into a key. */
  public static String key(List<String> segments) {
    return String.join(String.valueOf(SEP), segments);
  }

  public int size() {
    return keys.length;
  }

  public String keyAt(int i) {
    return keys[i];
  }

  public String valueAt(int i) {
    return values[i];
  }

  /** Index of the first entry with this exact key, or -1. */
  public int indexOf(String key) {
    int lo = 0;
    int hi = keys.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = keys[mid].compareTo(key);
      if (c < 0) {
        lo = mid + 1;
      } else {
        if (c == 0) {
          found = mid;
        }
        hi = mid - 1;
      }
    }
    return found;
  }

  /** The first value stored under exactly this key, or null. */
  public String first(String key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  /** True when this key, or any key below it (an object or array), is present. */
  public boolean hasPrefix(String key) {
    int lo = 0;
    int hi = keys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid].compareTo(key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo >= keys.length) {
      return false;
    }
    String k = keys[lo];
    return k.equals(key) || (k.startsWith(key) && k.charAt(key.length()) == SEP);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FieldValues)) {
      return false;
    }
    FieldValues that = (FieldValues) o;
    if (!Arrays.equals(keys, that.keys) || !Arrays.equals(values, that.values)) {
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      if (isNull(values[i]) != isNull(that.values[i])) {
        return false; // a JSON null is not the empty string
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int nulls = 0;
    for (String v : values) {
      nulls = nulls * 31 + (isNull(v) ? 1 : 0);
    }
    return Objects.hash(Arrays.hashCode(keys), Arrays.hashCode(values), nulls);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < keys.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(keys[i].replace(SEP, '.')).append('=').append(values[i]);
    }
    return sb.append('}').toString();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects leaves in any order; {@link #build()} sorts them stably by key. */
  public static final class Builder {
    private final List<String> keys = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    public Builder add(String key, String value) {
      keys.add(key);
      values.add(value);
      return this;
    }

    public int size() {
      return keys.size();
    }

    public FieldValues build() {
      int n = keys.size();
      if (n == 0) {
        return EMPTY;
      }
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> keys.get(a).compareTo(keys.get(b))); // stable (TimSort)
      String[] k = new String[n];
      String[] v = new String[n];
      for (int i = 0; i < n; i++) {
        k[i] = keys.get(order[i]);
        v[i] = values.get(order[i]);
      }
      return new FieldValues(k, v);
    }
  }

  /**
   * Builds directly from arrays already sorted by key ({@link String#compareTo}, ties in document
   * order), without copying or checking: used by the coder and by the parser, which sorts on its
   * own hot path. The arrays must not be modified afterwards.
   */
  public static FieldValues ofSorted(String[] keys, String[] values) {
    return keys.length == 0 ? EMPTY : new FieldValues(keys, values);
  }
}
