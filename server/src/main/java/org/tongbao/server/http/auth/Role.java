package org.tongbao.server.http.auth;

import io.javalin.security.RouteRole;
import java.util.Locale;

/**
 * Who a bearer token speaks for. Controllable anonymity: operators see their own wallets,
 * merchants their own, the central bank issuance and operator positions, city administrators
 * and auditors only aggregates (auditors also the journal's proofs). {@link Access} applies
 * these rules to individual resources; routes name the roles they admit.
 */
public enum Role implements RouteRole {
    CENTRAL_BANK,
    OPERATOR,
    MERCHANT,
    CITY_ADMIN,
    AUDITOR;

    /** The name on the command line and in the token file: {@code central-bank}, {@code city-admin}... */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether tokens of this role are scoped to one account (an operator's reserve, a merchant's wallet). */
    public boolean scoped() {
        return this == OPERATOR || this == MERCHANT;
    }

    public static Role ofLabel(final String label) {
        for (final Role role : values()) {
            if (role.label().equals(label)) {
                return role;
            }
        }
        throw new IllegalArgumentException("no role '" + label + "'; roles are central-bank, operator, merchant,"
                + " city-admin, auditor");
    }
}
