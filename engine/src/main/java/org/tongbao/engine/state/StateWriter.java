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
 *  campaigns     count, then per campaign in order of creation: id, funderId, budgetFen,
 *                validFromMs, validUntilMs, minPurchaseFen, maxPerPaymentFen, walletCapFen,
 *                status, grantedFen, spentFen, expiredFen, returnedFen
 *  place rules   count, then sorted by (campaign, rule, value): campaignId, rule, value
 *                (a merchant rule's value is the merchant's account id)
 *  earmarks      count, then by (wallet, campaign) in opening order: walletId, campaignId,
 *                amountFen, grantedFen
 *  escrows       count, then per escrow in order of locking: id, payerId, beneficiaryId,
 *                authorisedId (0 for none), deadlineMs, defaultAction, status, lockedFen
 *  profiles      count, then by account in opening order: accountId, size, sector
 *  products      count, then per loan product in order of definition: id, lenderId,
 *                annualRateBp, penaltyRateBp, termMonths, graceMonths, amortisation,
 *                repaymentDay
 *  loans         count, then per loan in order of disbursement: id, productId, borrowerId,
 *                principalFen, disbursementDay, balanceFen, duePrincipalFen, dueInterestFen,
 *                penaltyFen, levelFen, nextPeriod, arrearsSinceDay, accruedToDay, bucket, status
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

    /** One row of the campaign, escrow and credit sections: the values in the order the diagram gives. */
    public final S row(final long... values) {
        for (final long value : values) {
            write(value);
        }
        return self();
    }
}
