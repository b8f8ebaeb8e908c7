package org.tongbao.engine.escrow;

/**
 * One escrow as a value, for reads outside the hot path. {@code authorisedId} is 0 when only
 * the payer and beneficiary decide; status is {@code OPEN} or {@code SETTLED}.
 */
public record EscrowView(long id, long payerId, long beneficiaryId, long authorisedId, long lockedFen,
                         long remainingFen, long deadlineMs, EscrowDefault defaultAction, String status) {
}
