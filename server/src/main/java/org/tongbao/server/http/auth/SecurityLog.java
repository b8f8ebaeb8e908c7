package org.tongbao.server.http.auth;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The security log: who (token id and role, or client address), what, and when (the log
 * record's time) for every authentication failure, refusal, token change and account or
 * money-supply change. Never a token secret. Writes through {@link System.Logger}
 * ({@code tongbao.security}); any thread.
 */
public final class SecurityLog {
    private static final Logger LOG = System.getLogger("tongbao.security");

    private SecurityLog() {
    }

    public static void authenticationFailed(final String address, final String reason) {
        LOG.log(Level.WARNING, "authentication failed from {0}: {1}", address, reason);
    }

    public static void rateLimited(final String address) {
        LOG.log(Level.WARNING, "authentication rate limit reached for {0}; refusing its requests for now", address);
    }

    public static void denied(final Principal who, final String method, final String path, final String why) {
        LOG.log(Level.WARNING, "denied token {0} ({1}): {2} {3}: {4}", who.tokenId(), who.role().label(), method, path,
                why);
    }

    public static void action(final Principal who, final String what) {
        LOG.log(Level.INFO, "token {0} ({1}) {2}", who.tokenId(), who.role().label(), what);
    }

    public static void tokenCreated(final String tokenId, final Role role, final long scope) {
        LOG.log(Level.INFO, "token {0} created: role {1}, scope {2}", tokenId, role.label(), scope);
    }

    public static void tokenRevoked(final String tokenId) {
        LOG.log(Level.INFO, "token {0} revoked", tokenId);
    }
}
