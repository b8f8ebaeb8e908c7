package org.tongbao.history.query;

import org.tongbao.engine.Checks;
import org.tongbao.engine.payment.TransferCode;

/**
 * What a statement or search keeps: a period {@code [fromMs, untilMs)} of batch time, a set of
 * transfer codes (bit n = code number n; 0 = every code), a counterparty (0 = any), an amount
 * range in fen (inclusive) and a direction. Immutable; validated on construction.
 */
public record StatementFilter(long fromMs, long untilMs, long codeMask, long counterpartyId, long amountMinFen,
                              long amountMaxFen, Direction direction) {
    /** Everything. */
    public static final StatementFilter ALL = new StatementFilter(Long.MIN_VALUE, Long.MAX_VALUE, 0, 0, 0,
            Long.MAX_VALUE, Direction.BOTH);

    public StatementFilter {
        Checks.checkArgument(fromMs < untilMs, "the period's start must be before its end");
        Checks.checkArgument(amountMinFen >= 0 && amountMinFen <= amountMaxFen,
                "the amount range must be 0 <= min <= max");
        Checks.checkArgument(counterpartyId >= 0, "counterparty ids are positive (0 for any)");
        Checks.checkArgument(direction != null, "direction is required");
    }

    public StatementFilter period(final long from, final long until) {
        return new StatementFilter(from, until, codeMask, counterpartyId, amountMinFen, amountMaxFen, direction);
    }

    public StatementFilter codes(final TransferCode... codes) {
        long mask = 0;
        for (final TransferCode code : codes) {
            mask |= 1L << code.number();
        }
        return new StatementFilter(fromMs, untilMs, mask, counterpartyId, amountMinFen, amountMaxFen, direction);
    }

    public StatementFilter counterparty(final long accountId) {
        return new StatementFilter(fromMs, untilMs, codeMask, accountId, amountMinFen, amountMaxFen, direction);
    }

    public StatementFilter amounts(final long minFen, final long maxFen) {
        return new StatementFilter(fromMs, untilMs, codeMask, counterpartyId, minFen, maxFen, direction);
    }

    public StatementFilter direction(final Direction only) {
        return new StatementFilter(fromMs, untilMs, codeMask, counterpartyId, amountMinFen, amountMaxFen, only);
    }

    public boolean hasPeriod() {
        return fromMs != Long.MIN_VALUE || untilMs != Long.MAX_VALUE;
    }

    public boolean hasAmountRange() {
        return amountMinFen > 0 || amountMaxFen != Long.MAX_VALUE;
    }

    /** Whether a row with this code, counterparty and amount (unsigned) passes the filters other than the period. */
    public boolean keeps(final int code, final long counterparty, final long amountFen) {
        return (codeMask == 0 || (code < Long.SIZE && (codeMask & 1L << code) != 0))
                && (counterpartyId == 0 || counterparty == counterpartyId)
                && amountFen >= amountMinFen && amountFen <= amountMaxFen;
    }
}
