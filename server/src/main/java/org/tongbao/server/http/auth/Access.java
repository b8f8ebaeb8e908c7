package org.tongbao.server.http.auth;

import org.tongbao.engine.AccountView;
import org.tongbao.engine.account.AccountKind;

/**
 * Controllable anonymity, resource by resource: which accounts a caller may see and act for.
 * Routes first admit roles; these checks then decide for the one resource a request names.
 *
 * <ul>
 *   <li>central bank: its issuance account and the operators' reserves (operator positions)</li>
 *   <li>operator: its reserve and every account held at it</li>
 *   <li>merchant: its own wallet and wallets under it (parent)</li>
 *   <li>city administrator, auditor: no individual account</li>
 * </ul>
 * The transaction history ({@link #readsHistoryOf}) is wider for supervision: auditors and the
 * central bank read every account's statement; city administrators still none.
 * Stateless; any thread.
 */
public final class Access {
    private Access() {
    }

    /** Whether {@code who} may see, and act for, {@code account}. */
    public static boolean covers(final Principal who, final AccountView account) {
        return account != null && covers(who, AccountOwner.of(account));
    }

    /** Whether {@code who} may see, and act for, the account {@code account} describes. */
    public static boolean covers(final Principal who, final AccountOwner account) {
        if (account == null) {
            return false;
        }
        return switch (who.role()) {
            case CENTRAL_BANK -> account.kind() == AccountKind.CENTRAL_BANK || account.kind() == AccountKind.OPERATOR_RESERVE;
            case OPERATOR -> account.id() == who.scopeAccountId() || account.operatorId() == who.scopeAccountId();
            case MERCHANT -> account.id() == who.scopeAccountId() || account.parentId() == who.scopeAccountId();
            case CITY_ADMIN, AUDITOR -> false;
        };
    }

    /** Whether {@code who} may open {@code kind} at {@code operatorId}. */
    public static boolean mayOpen(final Principal who, final AccountKind kind, final long operatorId) {
        return switch (who.role()) {
            case CENTRAL_BANK -> kind == AccountKind.CENTRAL_BANK || kind == AccountKind.OPERATOR_RESERVE;
            case OPERATOR -> kind.heldAtOperator() && operatorId == who.scopeAccountId();
            default -> false;
        };
    }

    /**
     * Whether {@code who} may read {@code account}'s history (statement, receipts): its operator,
     * the merchant that owns it, auditors and the central bank; never a city administrator.
     */
    public static boolean readsHistoryOf(final Principal who, final AccountView account) {
        if (account == null) {
            return false;
        }
        return switch (who.role()) {
            case CENTRAL_BANK, AUDITOR -> true;
            case OPERATOR -> account.id() == who.scopeAccountId() || account.operatorId() == who.scopeAccountId();
            case MERCHANT -> account.id() == who.scopeAccountId() || account.parentId() == who.scopeAccountId();
            case CITY_ADMIN -> false;
        };
    }

    /** Whether {@code who} may list the transfers of operator bank {@code operatorId}: that operator, auditors, the central bank. */
    public static boolean readsOperatorHistory(final Principal who, final long operatorId) {
        return switch (who.role()) {
            case CENTRAL_BANK, AUDITOR -> true;
            case OPERATOR -> operatorId == who.scopeAccountId();
            case MERCHANT, CITY_ADMIN -> false;
        };
    }
}
