package org.tongbao.kpi.metric;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.tongbao.engine.Checks;
import org.tongbao.engine.payment.TransferCode;

/**
 * The configurable part of the metric definitions: which transfer codes make up "transaction
 * volume" (and count, and businesses transacting). Default: payments of every kind, loan
 * disbursements and repayments (principal, interest, penalty), campaign spending; not
 * issuance, redemption or exchange (movements between the tiers, not economic activity), not
 * campaign funding, grants, expiries or returns (the spend counts when the money is used), not
 * escrow movements (the lock and the release would count the same money twice).
 *
 * @param volumeCodes bit {@code n} set: transfer code number {@code n} is in the volume code set
 */
public record MetricDefinitions(long volumeCodes) {
    public MetricDefinitions {
        for (int code = 0; code < 64; code++) {
            Checks.checkArgument((volumeCodes & (1L << code)) == 0 || TransferCode.isValidNumber(code),
                    "the volume code set holds " + code + ", which is no transfer code");
        }
    }

    public static MetricDefinitions defaults() {
        return of(EnumSet.of(TransferCode.P2P, TransferCode.MERCHANT_PAYMENT, TransferCode.B2B, TransferCode.TAX_PAYMENT,
                TransferCode.FEE_PAYMENT, TransferCode.SUBSIDY_PAYMENT, TransferCode.CAMPAIGN_SPEND,
                TransferCode.LOAN_DISBURSEMENT, TransferCode.LOAN_PRINCIPAL_REPAYMENT, TransferCode.LOAN_INTEREST_PAYMENT,
                TransferCode.LOAN_PENALTY_PAYMENT));
    }

    public static MetricDefinitions of(final Set<TransferCode> codes) {
        long mask = 0;
        for (final TransferCode code : codes) {
            mask |= 1L << code.number();
        }
        return new MetricDefinitions(mask);
    }

    /** Hot path: whether transfer code number {@code code} counts toward volume. */
    public boolean inVolume(final int code) {
        return code >= 0 && code < 64 && (volumeCodes & (1L << code)) != 0;
    }

    public List<TransferCode> volumeCodeList() {
        final List<TransferCode> codes = new ArrayList<>();
        for (final TransferCode code : TransferCode.values()) {
            if (inVolume(code.number())) {
                codes.add(code);
            }
        }
        return codes;
    }
}
