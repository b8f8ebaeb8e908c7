package org.tongbao.kpi.metric;

import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.payment.TransferCode;

/**
 * Which side of a transfer its dimension values come from: the pilot's customer in it. The
 * attributed account's district, merchant category, tier, operator and enterprise profile
 * are the transfer's; the transfer code is its own.
 *
 * <pre>
 *  code                                   attributed side
 *  -------------------------------------  ---------------------------------------------
 *  ISSUANCE                               credit (the operator reserve receiving e-CNY)
 *  REDEMPTION                             debit  (the operator reserve returning it)
 *  EXCHANGE_IN                            credit (the wallet)
 *  EXCHANGE_OUT                           debit  (the wallet)
 *  P2P, B2B, TAX_PAYMENT, FEE_PAYMENT     debit  (the payer)
 *  MERCHANT_PAYMENT, CAMPAIGN_SPEND       credit (the merchant: where the sale happened, its category)
 *  SUBSIDY_PAYMENT                        credit (the recipient)
 *  CAMPAIGN_FUNDING                       debit  (the funding government body)
 *  CAMPAIGN_GRANT                         credit (the recipient)
 *  CAMPAIGN_EXPIRY                        debit  (the holder the grant is taken back from)
 *  CAMPAIGN_RETURN                        credit (the funder)
 *  ESCROW_LOCK                            debit  (the payer)
 *  ESCROW_RELEASE, ESCROW_REFUND          credit (the beneficiary or payer receiving it)
 *  LOAN_DISBURSEMENT                      credit (the borrower)
 *  LOAN_*_REPAYMENT / _PAYMENT            debit  (the borrower)
 *  any other code                         debit
 * </pre>
 *
 * The operator of an operator reserve is the reserve itself. Wallet events (opened) are
 * attributed to the wallet. Pure; any thread.
 */
public final class Attribution {
    private static final boolean[] CREDIT_SIDE = new boolean[64];

    static {
        for (final TransferCode code : new TransferCode[] {TransferCode.ISSUANCE, TransferCode.EXCHANGE_IN,
            TransferCode.MERCHANT_PAYMENT, TransferCode.CAMPAIGN_SPEND, TransferCode.SUBSIDY_PAYMENT,
            TransferCode.CAMPAIGN_GRANT, TransferCode.CAMPAIGN_RETURN, TransferCode.ESCROW_RELEASE,
            TransferCode.ESCROW_REFUND, TransferCode.LOAN_DISBURSEMENT}) {
            CREDIT_SIDE[code.number()] = true;
        }
    }

    private Attribution() {
    }

    /** True when a transfer with code number {@code code} is attributed to its credit side. */
    public static boolean creditSide(final int code) {
        return code >= 0 && code < CREDIT_SIDE.length && CREDIT_SIDE[code];
    }

    /** The attributed account index of a transfer. */
    public static int attributed(final int code, final int debitIndex, final int creditIndex) {
        return creditSide(code) ? creditIndex : debitIndex;
    }

    /** Whether accounts of this kind number count as wallets (active wallets, wallets opened). */
    public static boolean isWallet(final int kind) {
        return kind == AccountKind.PERSONAL.number() || kind == AccountKind.CORPORATE.number()
                || kind == AccountKind.MERCHANT.number();
    }

    /** Whether accounts of this kind number are businesses or government bodies. */
    public static boolean isBusinessOrGovernment(final int kind) {
        return kind == AccountKind.CORPORATE.number() || kind == AccountKind.MERCHANT.number()
                || kind == AccountKind.GOVERNMENT.number();
    }
}
