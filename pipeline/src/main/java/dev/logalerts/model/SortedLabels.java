package dev.logalerts.model;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An immutable string map sorted by key, kept in two arrays: the {@code labels} and {@code
 * resource.labels} of a parsed entry. Entries have a handful of labels, so this costs two small
 * arrays instead of a TreeMap node per label plus its read-only view, and a lookup is a short scan.
 * Iterates in key order, so the coder writes it as it is.
 */
public final class SortedLabels extends AbstractMap<String, String> {
  /** Above this size, lookups use binary search instead of a scan. */
  private static final int SCAN_MAX = 8;

  private final String[] keys;
  private final String[] values;
  private final int size;
  private @Nullable List<String> valuesView;

  private SortedLabels(String[] keys, String[] values, int size) {
    this.keys = keys;
    this.values = values;
    this.size = size;
  }

  /** Collects labels in any order; a repeated key keeps its last value (as a map put would). */
  public static final class Builder {
    private String[] keys = new String[8];
    private String[] values = new String[8];
    private int size;

    /** Adds or replaces a label, keeping the arrays sorted (insertion: labels come few). */
    public Builder put(String key, String value) {
      int i = size;
      while (i > 0) {
        int c = keys[i - 1].compareTo(key);
        if (c == 0) {
          values[i - 1] = value;
          return this;
        }
        if (c < 0) {
          break;
        }
        i--;
      }
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      System.arraycopy(keys, i, keys, i + 1, size - i);
      System.arraycopy(values, i, values, i + 1, size - i);
      keys[i] = key;
      values[i] = value;
      size++;
      return this;
    }

    /** The map; it takes over the builder's arrays, so the builder cannot be used again. */
    public Map<String, String> build() {
      Map<String, String> m = size == 0 ? Map.of() : new SortedLabels(keys, values, size);
      keys = null; // a later put would change the map: fail at once instead
      values = null;
      return m;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private int indexOf(Object key) {
    if (!(key instanceof String)) {
      return -1;
    }
    if (size <= SCAN_MAX) {
      for (int i = 0; i < size; i++) {
        if (keys[i].equals(key)) {
          return i;
        }
      }
      return -1;
    }
    int i = Arrays.binarySearch(keys, 0, size, (String) key);
    return i >= 0 ? i : -1;
  }

  @Override
  public String get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  /** The {@code i}-th key in key order (no entry object: for the coder). */
  public String keyAt(int i) {
    return keys[i];
  }

  /** The value of {@link #keyAt}{@code (i)}. */
  public String valueAt(int i) {
    return values[i];
  }

  /**
   * The values in key order, read straight from the array: a bare-word filter searches them for
   * every entry, and the default view would build an entry object per label.
   */
  @Override
  public List<String> values() {
    List<String> v = valuesView;
    if (v == null) {
      v =
          new AbstractList<>() {
            @Override
            public String get(int i) {
              Objects.checkIndex(i, size);
              return values[i];
            }

            @Override
            public int size() {
              return size;
            }
          };
      valuesView = v;
    }
    return v;
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }
    };
  }
}
