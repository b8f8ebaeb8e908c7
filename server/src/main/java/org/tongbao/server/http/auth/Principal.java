package org.tongbao.server.http.auth;

/**
 * The authenticated caller of one request: the token's id (never the secret), its role and,
 * for operators and merchants, the account id it is scoped to (0 otherwise). Immutable.
 */
public record Principal(String tokenId, Role role, long scopeAccountId) {
    public boolean is(final Role other) {
        return role == other;
    }
}
