package org.tongbao.server.http.auth;

import java.util.function.LongSupplier;
import org.tongbao.server.http.Problem;

/**
 * Turns a request's {@code Authorization: Bearer} header into a {@link Principal}, or refuses
 * it: 401 for a missing, unknown or revoked token, 429 (with the seconds to wait) once an
 * address has failed too often. Every failure is logged with the address and the token id
 * when there is one, never the secret. Thread-safe.
 */
public final class Authenticator {
    private final TokenStore tokens;
    private final FailedAttempts failures;
    private final LongSupplier clockMs;

    public Authenticator(final TokenStore tokens, final FailedAttempts failures, final LongSupplier clockMs) {
        this.tokens = tokens;
        this.failures = failures;
        this.clockMs = clockMs;
    }

    /** The principal for {@code authorization} (the header's value, may be null) from {@code address}. */
    public Principal authenticate(final String authorization, final String address) {
        final long nowMs = clockMs.getAsLong();
        final long blockedMs = failures.blockedForMs(address, nowMs);
        if (blockedMs > 0) {
            throw new RateLimited((blockedMs + 999) / 1000);
        }
        final String token = bearer(authorization);
        final Principal principal = token == null ? null : tokens.authenticate(token);
        if (principal == null) {
            final String tokenId = TokenStore.idOf(token);
            SecurityLog.authenticationFailed(address, authorization == null ? "no Authorization header"
                    : token == null ? "not a Bearer token"
                    : "unknown or revoked token" + (tokenId == null ? "" : " id " + tokenId));
            if (failures.fail(address, nowMs)) {
                SecurityLog.rateLimited(address);
            }
            throw Problem.of(401, "unauthenticated", "Unauthenticated",
                    "Send a valid, unrevoked API token as 'Authorization: Bearer <token>' (see ./tongbao token create).",
                    null).exception();
        }
        return principal;
    }

    private static String bearer(final String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /** Too many failed attempts from one address: the caller should wait {@code retryAfterSeconds}. */
    public static final class RateLimited extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long retryAfterSeconds;

        RateLimited(final long retryAfterSeconds) {
            super("too many failed authentication attempts", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
