package org.tongbao.server.http.auth;

import org.tongbao.engine.AccountView;
import org.tongbao.engine.account.AccountKind;

/**
 * What decides who may act for an account: its id, kind, the operator it is held at and its
 * parent wallet. None of these ever changes once the account is opened (accounts are never
 * removed, and reopening the same id with other fields is refused), so a copy never goes
 * stale. Immutable.
 */
public record AccountOwner(long id, AccountKind kind, long operatorId, long parentId) {
    public static AccountOwner of(final AccountView account) {
        return new AccountOwner(account.id(), account.kind(), account.operatorId(), account.parentId());
    }
}
