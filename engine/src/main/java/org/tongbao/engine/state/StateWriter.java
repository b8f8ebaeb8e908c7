package org.tongbao.engine.state;

/**
 * The canonical form of ledger state: the one order and encoding in which the state hash,
 * snapshots and the reference model in tests write it. Subclasses decide where the longs go
 * (a SHA-256 digest, a snapshot file); {@link StateReader} reads them back in the same order.
 *
 * <pre>
 *  header        sequence, timestampMs, issuedFen, redeemedFen
 *  accounts      count, then per account in opening order: id, kind, tier, status, hard,
 *                mcc, district, operatorId, parentId, balanceFen, pendingDebitFen,
 *                pendingCreditFen, dailySpentFen, annualSpentFen, spendDay
 *  pending       count, then per transfer by id: id, debitId, creditId, amountFen, code,
 *                expiresAtMs, chargedDay, userData
 *  idempotency   per generation (previous, then current): count, then by id: id, stored word
 * </pre>
 *
 * Not thread-safe; one per walk of the state.
 */
public abstract class StateWriter<S extends StateWriter<S>> {
    /** Writes one value of the canonical stream. */
    protected abstract void write(long value);

    /** This writer, typed as its subclass, so calls chain. */
    protected abstract S self();

    final S put(final long value) {
        write(value);
        return self();
    }

    public final S header(final long sequence, final long timestampMs, final long issuedFen, final long redeemedFen) {
        return put(sequence).put(timestampMs).put(issuedFen).put(redeemedFen);
    }

    public final S count(final long count) {
        return put(count);
    }

    public final S account(final long id, final int kind, final int tier, final int status, final boolean hard,
                               final int merchantCategory, final int district, final long operatorId, final long parentId,
                               final long balanceFen, final long pendingDebitFen, final long pendingCreditFen,
                               final long dailySpentFen, final long annualSpentFen, final int spendDay) {
        return put(id).put(kind).put(tier).put(status).put(hard ? 1 : 0).put(merchantCategory).put(district)
                .put(operatorId).put(parentId).put(balanceFen).put(pendingDebitFen).put(pendingCreditFen)
                .put(dailySpentFen).put(annualSpentFen).put(spendDay);
    }

    public final S pending(final long id, final long debitId, final long creditId, final long amountFen,
                               final int code, final long expiresAtMs, final int chargedDay, final long userData) {
        return put(id).put(debitId).put(creditId).put(amountFen).put(code).put(expiresAtMs).put(chargedDay).put(userData);
    }

    public final S idempotencyEntry(final long id, final long stored) {
        return put(id).put(stored);
    }
}
