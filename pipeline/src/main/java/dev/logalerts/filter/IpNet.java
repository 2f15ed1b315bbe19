package dev.logalerts.filter;

import java.io.Serializable;

/**
 * An IPv4 or IPv6 network in CIDR form ({@code 10.1.2.0/24}, {@code 2001:db8::/32}; a bare address
 * is a /32 or /128) and the test {@code ip_in_net} applies to each value: the value must be an
 * address of the same family whose first {@code prefix} bits equal the network's. Text that is not
 * an address (host names, ports, zone ids) never matches. Addresses are parsed by hand: {@code
 * InetAddress} would resolve names.
 */
final class IpNet implements Serializable {
  private static final long serialVersionUID = 1L;
  private final boolean v6;
  private final long hi;
  private final long lo;
  private final int prefix;

  private IpNet(boolean v6, long hi, long lo, int prefix) {
    this.v6 = v6;
    this.hi = hi;
    this.lo = lo;
    this.prefix = prefix;
  }

  /** Parses CIDR text; IllegalArgumentException when malformed. */
  static IpNet parse(String cidr) {
    int slash = cidr.indexOf('/');
    String addr = slash < 0 ? cidr : cidr.substring(0, slash);
    long[] a = address(addr);
    if (a == null) {
      throw new IllegalArgumentException("not an IP address: " + addr);
    }
    boolean v6 = a[2] == 6;
    int max = v6 ? 128 : 32;
    int prefix = max;
    if (slash >= 0) {
      String p = cidr.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("bad prefix length: " + p);
      }
      prefix = Integer.parseInt(p);
      if (prefix > max) {
        throw new IllegalArgumentException("prefix length " + prefix + " exceeds " + max);
      }
    }
    return new IpNet(v6, a[0], a[1], prefix);
  }

  boolean contains(String value) {
    long[] a = address(value);
    if (a == null || (a[2] == 6) != v6) {
      return false;
    }
    return sameBits(hi, a[0], Math.min(prefix, 64)) && sameBits(lo, a[1], prefix - 64);
  }

  private static boolean sameBits(long x, long y, int bits) {
    if (bits <= 0) {
      return true;
    }
    long mask = bits >= 64 ? -1L : -1L << (64 - bits);
    return ((x ^ y) & mask) == 0;
  }

  /**
   * {hi, lo, family}: IPv4 as the top 32 bits of hi (family 4), IPv6 as 128 bits (family 6); null
   * when the text is not an address.
   */
  static long[] address(String s) {
    if (s.indexOf(':') >= 0) {
      return v6(s);
    }
    long v = v4(s, 0, s.length());
    return v < 0 ? null : new long[] {v << 32, 0, 4};
  }

  /** IPv4 dotted quad in s[from, to) as an unsigned 32-bit value, or -1. */
  private static long v4(String s, int from, int to) {
    long v = 0;
    int parts = 0;
    int i = from;
    while (parts < 4) {
      int start = i;
      int octet = 0;
      while (i < to && i - start < 3 && Character.isDigit(s.charAt(i))) {
        octet = octet * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start || octet > 255 || (i - start > 1 && s.charAt(start) == '0')) {
        return -1;
      }
      v = (v << 8) | octet;
      parts++;
      if (parts < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return -1;
        }
        i++;
      }
    }
    return i == to ? v : -1;
  }

  private static long[] v6(String s) {
    int n = s.length();
    int[] groups = new int[8];
    int count = 0;
    int gap = -1;
    int i = 0;
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
    }
    while (i < n) {
      int start = i;
      int g = 0;
      while (i < n && i - start < 4 && Character.digit(s.charAt(i), 16) >= 0) {
        g = g * 16 + Character.digit(s.charAt(i), 16);
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        long v4 = v4(s, start, n); // trailing dotted IPv4 (::ffff:1.2.3.4)
        if (v4 < 0 || count > 6) {
          return null;
        }
        groups[count++] = (int) (v4 >>> 16);
        groups[count++] = (int) (v4 & 0xffff);
        i = n;
        break;
      }
      if (i == start || count == 8) {
        return null;
      }
      groups[count++] = g;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = count;
        i++;
      } else if (i == n) {
        return null;
      }
    }
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    int[] full = new int[8];
    if (gap < 0) {
      full = groups;
    } else {
      int tail = count - gap;
      System.arraycopy(groups, 0, full, 0, gap);
      System.arraycopy(groups, gap, full, 8 - tail, tail);
    }
    long hi = 0;
    long lo = 0;
    for (int k = 0; k < 4; k++) {
      hi = (hi << 16) | full[k];
      lo = (lo << 16) | full[k + 4];
    }
    return new long[] {hi, lo, 6};
  }

  @Override
  public String toString() {
    return "prefix " + prefix + (v6 ? " (IPv6)" : " (IPv4)");
  }
}
