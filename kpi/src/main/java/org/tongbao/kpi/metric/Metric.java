package org.tongbao.kpi.metric;

/**
 * The KPI platform's metrics, each with the definition the city reads on the dashboard. A
 * transfer means a committed movement of money: a {@code TRANSFER} event row or a
 * {@code PENDING_POSTED} row (the posted part); reservations, voids and expiries move nothing.
 * Which dimension values a transfer counts under is decided by {@link Attribution}.
 *
 * <p>{@link #column()} is the metric's place in a day row of the aggregates (flows and stocks)
 * or in a period row (distinct counts); -1 for derived and registry metrics. Column numbers
 * are part of the aggregates' snapshot format: append, never renumber.
 */
public enum Metric {
    /** Sum of the amounts of transfers whose code is in the volume code set ({@link MetricDefinitions}). */
    TRANSACTION_VOLUME(MetricKind.FLOW, Unit.FEN, 0),
    /**
     * Number of transactions in the volume code set: one per command (or per engine movement),
     * however many rows it has (a payment split between campaign funds and free funds counts
     * once, under the dimension values of its first row).
     */
    TRANSACTION_COUNT(MetricKind.FLOW, Unit.COUNT, 1),
    /** Personal, corporate and merchant wallets opened (the report's "wallet downloads"). */
    WALLETS_OPENED(MetricKind.FLOW, Unit.COUNT, 2),
    /** Amount of {@code LOAN_DISBURSEMENT} transfers. */
    SME_LOANS_DISBURSED(MetricKind.FLOW, Unit.FEN, 3),
    /** Number of {@code LOAN_DISBURSEMENT} transfers. */
    SME_LOANS_DISBURSED_COUNT(MetricKind.FLOW, Unit.COUNT, 4),
    /** Amount of {@code LOAN_PRINCIPAL_REPAYMENT} transfers. */
    LOAN_PRINCIPAL_REPAID(MetricKind.FLOW, Unit.FEN, 5),
    /** Amount of {@code LOAN_INTEREST_PAYMENT} transfers. */
    LOAN_INTEREST_PAID(MetricKind.FLOW, Unit.FEN, 6),
    /** Amount of {@code LOAN_PENALTY_PAYMENT} transfers. */
    LOAN_PENALTY_PAID(MetricKind.FLOW, Unit.FEN, 7),
    /** Amount of {@code CAMPAIGN_FUNDING} transfers (budgets moved into campaign pools). */
    INCENTIVES_FUNDED(MetricKind.FLOW, Unit.FEN, 8),
    /** Amount of {@code CAMPAIGN_GRANT} transfers (red envelopes, vouchers granted into wallets). */
    INCENTIVES_GRANTED(MetricKind.FLOW, Unit.FEN, 9),
    /** Amount of {@code CAMPAIGN_SPEND} transfers (earmarked funds spent at merchants). */
    INCENTIVES_SPENT(MetricKind.FLOW, Unit.FEN, 10),
    /** Amount of {@code CAMPAIGN_EXPIRY} transfers (unspent grants taken back when a window ends). */
    INCENTIVES_EXPIRED(MetricKind.FLOW, Unit.FEN, 11),
    /** Amount of {@code CAMPAIGN_RETURN} transfers (pool remainders returned to funders). */
    INCENTIVES_RETURNED(MetricKind.FLOW, Unit.FEN, 12),
    /**
     * Full amount of merchant payments that used campaign funds: every {@code CAMPAIGN_SPEND}
     * row plus the {@code MERCHANT_PAYMENT} row of the same command (the part paid from free funds).
     */
    MERCHANT_SALES_DRIVEN(MetricKind.FLOW, Unit.FEN, 13),
    /** Amount of {@code ISSUANCE} transfers (central bank to operators). */
    ISSUANCE(MetricKind.FLOW, Unit.FEN, 14),
    /** Amount of {@code REDEMPTION} transfers (operators back to the central bank). */
    REDEMPTION(MetricKind.FLOW, Unit.FEN, 15),
    /**
     * Overdue amount of loans at the end of the day: for each loan, the amount of its latest
     * {@code LOAN_DELINQUENCY} event (principal, interest and penalty due and unpaid), until
     * a later one or {@code LOAN_REPAID}; summed. Attributed to the borrower.
     */
    LOANS_OVERDUE(MetricKind.STOCK, Unit.FEN, 16),
    /** e-CNY in circulation (issued − redeemed) at the end of the day. Total only: no dimension splits it. */
    CIRCULATION(MetricKind.STOCK, Unit.FEN, 17),
    /**
     * Distinct wallets (personal, corporate, merchant) that paid in the period: debit side of a
     * transfer whose code is a payment ({@code TransferCode.isPayment}). A wallet counts under the
     * dimension values it had at its first payment of the period.
     */
    ACTIVE_WALLETS(MetricKind.DISTINCT, Unit.COUNT, 0),
    /**
     * Distinct corporate, merchant and government accounts on either side of a transfer in the
     * volume code set in the period (the report's "businesses and government bodies transacting").
     */
    BUSINESSES_TRANSACTING(MetricKind.DISTINCT, Unit.COUNT, 1),
    /** Loans outstanding at the end of the period: all disbursements − all principal repaid, from the start. */
    LOANS_OUTSTANDING(MetricKind.DERIVED, Unit.FEN, -1),
    /** {@link #LOANS_OVERDUE} ÷ {@link #LOANS_OUTSTANDING} at the end of the period (0 when nothing is outstanding). */
    OVERDUE_RATIO(MetricKind.DERIVED, Unit.RATIO, -1),
    /** {@link #MERCHANT_SALES_DRIVEN} ÷ {@link #INCENTIVES_SPENT} in the period: sales per incentive yuan spent. */
    SALES_PER_INCENTIVE_YUAN(MetricKind.DERIVED, Unit.RATIO, -1),
    /** Fintech enterprises in the registry with a registration date on or before the period's end. */
    FINTECH_ENTERPRISES(MetricKind.REGISTRY, Unit.COUNT, -1);

    /** Columns of a day row: every flow and stock metric. */
    public static final int DAY_COLUMNS = 18;
    /** Columns of a period row: every distinct metric. */
    public static final int DISTINCT_COLUMNS = 2;

    private final MetricKind kind;
    private final Unit unit;
    private final int column;

    Metric(final MetricKind kind, final Unit unit, final int column) {
        this.kind = kind;
        this.unit = unit;
        this.column = column;
    }

    public MetricKind kind() {
        return kind;
    }

    public Unit unit() {
        return unit;
    }

    /** Column in a day row (flow, stock) or period row (distinct); -1 otherwise. */
    public int column() {
        return column;
    }

    /** The metric named {@code name} (case-insensitive, '-' or '_'), or null. */
    public static Metric byName(final String name) {
        final String wanted = name.trim().replace('-', '_');
        for (final Metric metric : values()) {
            if (metric.name().equalsIgnoreCase(wanted)) {
                return metric;
            }
        }
        return null;
    }
}
