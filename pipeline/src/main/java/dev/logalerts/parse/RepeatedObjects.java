package dev.logalerts.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What was read of JSON objects that come back byte for byte in later entries: an entry's {@code
 * resource} and {@code labels} repeat for every entry of the same container, pod, function or
 * load balancer, so the fast path compares the bytes with an object it read before and, when they
 * are the same, takes what it read then instead of reading them again.
 *
 * <p>Sound because the same bytes read the same way: an object is remembered only after it was
 * read without error (so its bytes are a valid JSON object), and is found again only when the
 * document holds all its bytes from the current {@code '{'}; a JSON object ends where its own bytes
 * say, so the object there is that one. What was read of it is immutable.
 *
 * <p>Found without scanning for the object's end: objects that start with the same 16 bytes (the
 * same resource type, say) form a class with up to three probe lengths, lengths of its objects
 * seen (the shortest always among them); an object is filed under the hash of as many of its bytes
 * as the longest probe it holds, and looked for under each probe the document holds, longest
 * first, then compared in full. So the pods of one deployment, alike up to their names near the
 * end, are told apart by the hash, and a node's short labels beside its pods' long ones do not
 * make all of them one hash. Both tables are direct-mapped and shared by all threads of the JVM
 * without a lock, as the miner's table of recent messages is: slots hold immutable entries, so a
 * racing reader sees an older entry or none and then reads the object itself. Entries that collide
 * evict each other, which costs a read, never a wrong answer. Memory is bounded: {@code SLOTS}
 * objects of at most {@link #MAX_BYTES} per table.
 */
final class RepeatedObjects<T> {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Entries' {@code resource} objects: what they set. */
  static final RepeatedObjects<EntryReader.Resource> RESOURCES = new RepeatedObjects<>();

  /** Entries' {@code labels} objects. */
  static final RepeatedObjects<Map<String, String>> LABELS = new RepeatedObjects<>();

  private static final int SLOTS = 1 << 10;
  private static final int CLASSES = 1 << 8;
  private static final int PREFIX = 16;

  /** Longer objects are read as usual (rarely repeated, and costly to hold). */
  static final int MAX_BYTES = 1024;

  /** Probe lengths a class keeps. */
  private static final int PROBES = 3;

  /** Objects that start with the same {@link #PREFIX} bytes, and the class's probe lengths. */
  private static final class Prefix {
    final long first;
    final long second;

    /** Longest first; the last is the shortest object's length seen. */
    final int[] probes;

    Prefix(long first, long second, int[] probes) {
      this.first = first;
      this.second = second;
      this.probes = probes;
    }

    /** The longest probe an object of {@code length} bytes holds (the shortest if none). */
    int probeFor(int length) {
      for (int probe : probes) {
        if (probe <= length) {
          return probe;
        }
      }
      return probes[probes.length - 1];
    }

    /**
     * This class with {@code length} among its probes, longest first: added when there is room, or
     * in place of the shortest when it is shorter still; else (or when it is one) this class.
     */
    Prefix with(int length) {
      int n = probes.length;
      for (int probe : probes) {
        if (probe == length) {
          return this;
        }
      }
      if (n == PROBES && length > probes[n - 1]) {
        return this; // full: the object goes under the longest probe it holds
      }
      int kept = n == PROBES ? n - 1 : n;
      int[] out = new int[kept + 1];
      int j = 0;
      boolean placed = false;
      for (int i = 0; i < kept; i++) {
        if (!placed && length > probes[i]) {
          out[j++] = length;
          placed = true;
        }
        out[j++] = probes[i];
      }
      if (!placed) {
        out[j] = length;
      }
      return new Prefix(first, second, out);
    }
  }

  /** Bytes seen before, their hash, and what was made of them. Immutable. */
  static final class Remembered<T> {
    final byte[] bytes;
    final long hash;

    /** Levels an object nests below its own (a parser with a lower depth limit would refuse). */
    final int nesting;

    final T value;

    /** Its texts are ASCII: taking it leaves the document's {@link FastJsonParser#textsAscii}. */
    final boolean plainAscii;

    Remembered(byte[] bytes, long hash, int nesting, T value) {
      this.bytes = bytes;
      this.hash = hash;
      this.nesting = nesting;
      this.value = value;
      this.plainAscii = Utf8.plainAscii(bytes);
    }

    /** Whether {@code b} holds these bytes from {@code s}. */
    boolean isAt(byte[] b, int s) {
      int e = s + bytes.length;
      return e <= b.length && Arrays.equals(b, s, e, bytes, 0, bytes.length);
    }
  }

  private final Prefix[] prefixes = new Prefix[CLASSES];

  @SuppressWarnings("unchecked")
  private final Remembered<T>[] table = (Remembered<T>[]) new Remembered<?>[SLOTS];

  /** Reads a value from a parser at its first token. */
  interface Reader<T> {
    T read(JsonParser p, JsonToken t) throws IOException, InvalidEntryException;
  }

  /**
   * What {@code reader} reads of the value at token {@code t}: on the fast path, when an object,
   * what it read of the same bytes before if it did (and else remembered for next time).
   */
  T read(JsonParser p, JsonToken t, Reader<T> reader) throws IOException, InvalidEntryException {
    if (!(p instanceof FastJsonParser) || t != JsonToken.START_OBJECT) {
      return reader.read(p, t);
    }
    FastJsonParser fast = (FastJsonParser) p;
    T value = find(fast);
    if (value == null) {
      int start = fast.objectStart();
      value = reader.read(p, t);
      remember(fast, start, value);
    }
    return value;
  }

  /**
   * If the object at the parser's current {@code START_OBJECT} is one remembered, moves the parser
   * past it (its current token becomes that object's {@code END_OBJECT}) and returns what was read
   * of it; else null, the parser unmoved, and {@link #remember} may follow the usual read.
   */
  private @Nullable T find(FastJsonParser p) {
    byte[] b = p.document();
    int s = p.objectStart();
    if (s + PREFIX > b.length) {
      return null;
    }
    long first = (long) LONGS.get(b, s);
    long second = (long) LONGS.get(b, s + 8);
    Prefix c = prefixes[classSlot(first, second)];
    if (c == null || c.first != first || c.second != second) {
      return null;
    }
    for (int probe : c.probes) {
      if (s + probe <= b.length) {
        Remembered<T> r = table[slot(hash(b, s, s + probe))];
        if (r != null && r.isAt(b, s) && p.mayNest(r.nesting)) {
          p.skipObjectTo(s + r.bytes.length);
          if (!r.plainAscii) {
            p.noteNonAscii();
          }
          return r.value;
        }
      }
    }
    return null;
  }

  /**
   * Remembers {@code value} as what was read of the object that started at {@code start}, once the
   * parser has read it to its end without error.
   */
  private void remember(FastJsonParser p, int start, T value) {
    byte[] b = p.document();
    int e = p.position();
    int length = e - start;
    if (length < PREFIX || length > MAX_BYTES || b[start] != '{' || b[e - 1] != '}') {
      return; // short objects cost little to read; not a whole object: cannot be, but be sure
    }
    long first = (long) LONGS.get(b, start);
    long second = (long) LONGS.get(b, start + 8);
    int cs = classSlot(first, second);
    Prefix c = prefixes[cs];
    if (c == null || c.first != first || c.second != second) {
      c = new Prefix(first, second, new int[] {length});
      prefixes[cs] = c;
    } else {
      Prefix more = c.with(length);
      if (more != c) {
        // Objects filed under a probe the class no longer has are not found until filed anew.
        c = more;
        prefixes[cs] = c;
      }
    }
    long h = hash(b, start, start + c.probeFor(length));
    table[slot(h)] =
        new Remembered<>(Arrays.copyOfRange(b, start, e), h, nesting(b, start, e), value);
  }

  /** The levels the valid JSON object {@code [s, e)} nests below its own. */
  static int nesting(byte[] b, int s, int e) {
    int depth = 0;
    int deepest = 0;
    for (int i = s; i < e; i++) {
      int c = b[i];
      if (c == '"') {
        for (i++; b[i] != '"'; i++) {
          if (b[i] == '\\') {
            i++;
          }
        }
      } else if (c == '{' || c == '[') {
        deepest = Math.max(deepest, ++depth);
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return deepest - 1;
  }

  private static int classSlot(long first, long second) {
    long h = (first ^ Long.rotateLeft(second, 29)) * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 56) & (CLASSES - 1);
  }

  private static int slot(long h) {
    return (int) (h >>> 54) & (SLOTS - 1);
  }

  /** A hash of the bytes of {@code [s, e)}, eight at a time in two independent lanes. */
  static long hash(byte[] b, int s, int e) {
    long h1 = e - s;
    long h2 = 0x632BE59BD9B4E019L;
    int i = s;
    for (; i + 16 <= e; i += 16) {
      h1 = (h1 ^ (long) LONGS.get(b, i)) * 0x9E3779B97F4A7C15L;
      h2 = (h2 ^ (long) LONGS.get(b, i + 8)) * 0xC2B2AE3D27D4EB4FL;
    }
    for (; i < e; i++) {
      h1 = (h1 ^ b[i]) * 0x9E3779B97F4A7C15L;
    }
    long h = h1 ^ Long.rotateLeft(h2, 31);
    return (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L;
  }
}
