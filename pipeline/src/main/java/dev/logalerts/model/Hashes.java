package dev.logalerts.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content hashes for ids that must be the same on every worker, run and release (alert ids, row
 * ids, rules versions): SHA-256, never {@code hashCode} or Java serialization.
 */
public final class Hashes {
  private Hashes() {}

  /**
   * The first {@code hexChars} (at most 64) hex digits of SHA-256 over the parts, NUL-separated.
   */
  public static String sha256Hex(int hexChars, String... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          md.update((byte) 0);
        }
        md.update(parts[i].getBytes(StandardCharsets.UTF_8));
      }
      byte[] d = md.digest();
      return HexFormat.of().formatHex(d, 0, (hexChars + 1) / 2).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
