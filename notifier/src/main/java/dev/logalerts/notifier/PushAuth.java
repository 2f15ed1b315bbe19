package dev.logalerts.notifier;

import com.google.api.client.json.webtoken.JsonWebToken;
import com.google.auth.oauth2.TokenVerifier;
import java.util.Set;

/**
 * Checks the OIDC token Pub/Sub puts on each push request ({@code Authorization: Bearer JWT}):
 * signature (Google's keys), expiry, audience, issuer, and that it was minted for the push
 * subscription's service account (verified {@code email}). Cloud Run's own IAM check (invoker role)
 * runs before this; checking again here keeps the service safe if it is ever deployed with
 * unauthenticated ingress.
 */
public interface PushAuth {
  /** Why a request was refused; the message is safe to log (no token in it). */
  final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  void check(String authorizationHeader) throws Refused;

  /** Accepts everything: local runs only ({@code AUTH_DISABLED=true}). */
  static PushAuth disabled() {
    return header -> {};
  }

  /** Verifies with the google-auth-library {@link TokenVerifier}. */
  static PushAuth oidc(TokenVerifier verifier, String serviceAccountEmail) {
    Set<String> issuers = Set.of("https://accounts.google.com", "accounts.google.com");
    return header -> {
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new Refused("missing bearer token");
      }
      JsonWebToken.Payload p;
      try {
        p = verifier.verify(header.substring(7).trim()).getPayload();
      } catch (TokenVerifier.VerificationException | RuntimeException e) {
        throw new Refused("invalid token: " + e.getMessage());
      }
      if (!issuers.contains(p.getIssuer())) {
        throw new Refused("unexpected issuer " + p.getIssuer());
      }
      Object email = p.get("email");
      Object verified = p.get("email_verified");
      boolean emailVerified =
          Boolean.TRUE.equals(verified) || "true".equals(String.valueOf(verified));
      if (!serviceAccountEmail.equals(email) || !emailVerified) {
        throw new Refused("token is not for the push service account (email " + email + ")");
      }
    };
  }

  /** The production verifier: Google's OIDC keys, the given audience. */
  static PushAuth google(String audience, String serviceAccountEmail) {
    return oidc(TokenVerifier.newBuilder().setAudience(audience).build(), serviceAccountEmail);
  }
}
