package org.tongbao.server.http;

import java.util.function.Function;
import java.util.function.LongFunction;
import org.tongbao.engine.AccountView;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandType;
import org.tongbao.server.http.auth.AccountOwner;

/**
 * The owners of accounts (kind, operator, parent) as the access checks need them, kept on the
 * request threads so that a payment's authorisation does not wait for the ledger thread: a
 * direct-mapped cache of {@link #SLOTS} immutable {@link AccountOwner}s, filled as accounts are
 * opened ({@link #opened}, from the batch listener) and from the ledger on a miss (an account
 * opened before this server started, or pushed out by another). An owner never changes once
 * the account exists, so a cached entry is never stale; an account not (yet) in the ledger is
 * not cached and reads as null, as the ledger would say. Every miss of one request is read in
 * one visit to the ledger thread.
 *
 * <p>Thread-safe: slots hold immutable records, and a reference write is atomic; two threads
 * filling one slot at once leave either entry, both correct.
 */
final class AccountOwners {
    static final int SLOTS = 1 << 20;
    private static final int MASK = SLOTS - 1;

    private final AccountOwner[] slots = new AccountOwner[SLOTS];

    /**
     * The owners of {@code ids} (null where the ledger has no such account); {@code read} runs a
     * function on the ledger thread, as {@link LedgerGateway#read} does.
     */
    AccountOwner[] owners(final long[] ids, final Function<Function<Ledger, AccountOwner[]>, AccountOwner[]> read) {
        final AccountOwner[] owners = new AccountOwner[ids.length];
        int misses = 0;
        for (int i = 0; i < ids.length; i++) {
            owners[i] = cached(ids[i]);
            if (owners[i] == null) {
                misses++;
            }
        }
        if (misses > 0) {
            fill(ids, owners, misses, read);
        }
        return owners;
    }

    private void fill(final long[] ids, final AccountOwner[] owners, final int misses,
                      final Function<Function<Ledger, AccountOwner[]>, AccountOwner[]> read) {
        final long[] missing = new long[misses];
        for (int i = 0, m = 0; i < ids.length; i++) {
            if (owners[i] == null) {
                missing[m++] = ids[i];
            }
        }
        final AccountOwner[] found = read.apply(ledger -> lookUp(ledger::account, missing));
        for (int i = 0, m = 0; i < ids.length; i++) {
            if (owners[i] == null) {
                owners[i] = found[m++];
                if (owners[i] != null) {
                    slots[slot(owners[i].id())] = owners[i];
                }
            }
        }
    }

    /** Caches the owners of the accounts {@code batch} opened; on the ledger thread, after the batch is applied. */
    void opened(final Ledger ledger, final CommandBatch batch, final BatchOutcome outcome) {
        for (int i = 0; i < batch.count(); i++) {
            if (batch.type(i) == CommandType.OPEN_ACCOUNT.number() && outcome.resultNumber(i) == ResultCode.OK.number()) {
                final AccountView view = ledger.account(batch.id(i));
                if (view != null) {
                    slots[slot(view.id())] = AccountOwner.of(view);
                }
            }
        }
    }

    private static AccountOwner[] lookUp(final LongFunction<AccountView> account, final long[] ids) {
        final AccountOwner[] owners = new AccountOwner[ids.length];
        for (int i = 0; i < ids.length; i++) {
            final AccountView view = account.apply(ids[i]);
            owners[i] = view == null ? null : AccountOwner.of(view);
        }
        return owners;
    }

    private AccountOwner cached(final long id) {
        final AccountOwner owner = slots[slot(id)];
        return owner != null && owner.id() == id ? owner : null;
    }

    private static int slot(final long id) {
        final long mixed = id * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 40) & MASK;
    }
}
