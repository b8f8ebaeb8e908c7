package org.tongbao.kpi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.ShanghaiCalendar;
import org.tongbao.engine.account.AccountDescriptor;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.MetricDefinitions;
import org.tongbao.kpi.metric.Period;

/**
 * The KPI metrics recomputed from scratch, the slow and obvious way, from every event row of a
 * history (with the attributes its accounts had at the end of its batch): hash maps keyed by
 * (metric, period, period key, dimension, raw value), sets for distinct counts, a day-by-day
 * walk for levels. Written from the metric definitions' text, not from the aggregates' code.
 * Test thread only.
 */
final class NaiveKpi {
    /** An account's attributes as the listener saw them. */
    record Account(int index, int kind, int district, int category, int tier, long operatorId) {
    }

    /** One event row with its accounts. */
    record Row(long sequence, int day, EventType type, int command, long id, long reference, Account debit,
               Account credit, long amountFen, int code) {
    }

    /** A metric value's coordinates; {@code dimension} null = the total. */
    record Key(Metric metric, Period period, int periodKey, Dimension dimension, long value) {
    }

    private final MetricDefinitions definitions;
    private final List<Row> rows = new ArrayList<>();
    private final Map<Integer, Long> circulationByDay = new HashMap<>();

    NaiveKpi(final MetricDefinitions definitions) {
        this.definitions = definitions;
    }

    /** Records a batch (the listener). */
    void batch(final Ledger ledger, final long sequence, final long timestampMs, final LedgerEvents events) {
        final int day = ShanghaiCalendar.epochDay(timestampMs);
        for (int row = 0; row < events.count(); row++) {
            rows.add(new Row(sequence, day, events.type(row), events.commandIndex(row), events.id(row),
                    events.reference(row), account(ledger, events.debitIndex(row)), account(ledger, events.creditIndex(row)),
                    events.amountFen(row), events.code(row)));
        }
        circulationByDay.put(day, ledger.circulationFen());
    }

    private static Account account(final Ledger ledger, final int index) {
        if (index < 0) {
            return null;
        }
        final long attributes = ledger.accountAttributes(index);
        final int kind = AccountDescriptor.kind(attributes);
        final int operator = kind == AccountKind.OPERATOR_RESERVE.number() ? index : ledger.operatorIndex(index);
        return new Account(index, kind, AccountDescriptor.district(attributes), AccountDescriptor.merchantCategory(attributes),
                AccountDescriptor.tier(attributes), operator < 0 ? 0 : ledger.accountId(operator));
    }

    /** Every non-zero value of every flow, stock and distinct metric, by every period and dimension value. */
    Map<Key, Long> compute() {
        final Map<Key, Long> values = new HashMap<>();
        final Map<Integer, int[]> profiles = new HashMap<>();
        final Set<List<Long>> countedCommands = new HashSet<>();
        final Map<List<Long>, Long> campaignCommands = new HashMap<>();
        for (final Row row : rows) {
            if (row.type() == EventType.TRANSFER && row.code() == TransferCode.CAMPAIGN_SPEND.number()) {
                campaignCommands.put(List.of(row.sequence(), (long) row.command(), row.id()), row.reference());
            }
        }
        final Map<List<Object>, long[]> firstSeen = new HashMap<>();
        for (final Row row : rows) {
            switch (row.type()) {
                case TRANSFER, PENDING_POSTED -> transfer(row, profiles, countedCommands, campaignCommands, values, firstSeen);
                case ACCOUNT_OPENED -> {
                    if (isWallet(row.code())) {
                        addFlow(values, Metric.WALLETS_OPENED, row.day(), dims(row.debit(), 0, 0, profiles), 1);
                    }
                }
                case ENTERPRISE_PROFILED -> profiles.put(row.debit().index(), new int[] {row.code(), (int) row.reference()});
                default -> {
                }
            }
        }
        levels(values, profiles);
        return values;
    }

    private void transfer(final Row row, final Map<Integer, int[]> profiles, final Set<List<Long>> countedCommands,
                          final Map<List<Long>, Long> campaignCommands, final Map<Key, Long> values,
                          final Map<List<Object>, long[]> firstSeen) {
        final int code = row.code();
        final List<Long> command = List.of(row.sequence(), (long) row.command(), row.id());
        final Map<Dimension, Long> dims = dims(attributed(row), code, campaign(row, campaignCommands.get(command)), profiles);
        final boolean inVolume = definitions.inVolume(code);
        if (inVolume) {
            addFlow(values, Metric.TRANSACTION_VOLUME, row.day(), dims, row.amountFen());
            if (countedCommands.add(command)) {
                addFlow(values, Metric.TRANSACTION_COUNT, row.day(), dims, 1);
            }
        }
        final TransferCode transferCode = TransferCode.ofNumber(code);
        switch (transferCode) {
            case LOAN_DISBURSEMENT -> {
                addFlow(values, Metric.SME_LOANS_DISBURSED, row.day(), dims, row.amountFen());
                addFlow(values, Metric.SME_LOANS_DISBURSED_COUNT, row.day(), dims, 1);
            }
            case LOAN_PRINCIPAL_REPAYMENT -> addFlow(values, Metric.LOAN_PRINCIPAL_REPAID, row.day(), dims, row.amountFen());
            case LOAN_INTEREST_PAYMENT -> addFlow(values, Metric.LOAN_INTEREST_PAID, row.day(), dims, row.amountFen());
            case LOAN_PENALTY_PAYMENT -> addFlow(values, Metric.LOAN_PENALTY_PAID, row.day(), dims, row.amountFen());
            case CAMPAIGN_FUNDING -> addFlow(values, Metric.INCENTIVES_FUNDED, row.day(), dims, row.amountFen());
            case CAMPAIGN_GRANT -> addFlow(values, Metric.INCENTIVES_GRANTED, row.day(), dims, row.amountFen());
            case CAMPAIGN_SPEND -> addFlow(values, Metric.INCENTIVES_SPENT, row.day(), dims, row.amountFen());
            case CAMPAIGN_EXPIRY -> addFlow(values, Metric.INCENTIVES_EXPIRED, row.day(), dims, row.amountFen());
            case CAMPAIGN_RETURN -> addFlow(values, Metric.INCENTIVES_RETURNED, row.day(), dims, row.amountFen());
            case ISSUANCE -> addFlow(values, Metric.ISSUANCE, row.day(), dims, row.amountFen());
            case REDEMPTION -> addFlow(values, Metric.REDEMPTION, row.day(), dims, row.amountFen());
            default -> {
            }
        }
        if (campaignCommands.containsKey(command)
                && (transferCode == TransferCode.CAMPAIGN_SPEND || transferCode == TransferCode.MERCHANT_PAYMENT)) {
            addFlow(values, Metric.MERCHANT_SALES_DRIVEN, row.day(), dims, row.amountFen());
        }
        if (transferCode.isPayment() && isWallet(row.debit().kind())) {
            distinct(values, firstSeen, Metric.ACTIVE_WALLETS, row.day(), row.debit(), profiles);
        }
        if (inVolume) {
            for (final Account side : new Account[] {row.debit(), row.credit()}) {
                if (side.kind() == AccountKind.CORPORATE.number() || side.kind() == AccountKind.MERCHANT.number()
                        || side.kind() == AccountKind.GOVERNMENT.number()) {
                    distinct(values, firstSeen, Metric.BUSINESSES_TRANSACTING, row.day(), side, profiles);
                }
            }
        }
    }

    /** Counts the account once per period, under the dimension values of its first appearance there. */
    private static void distinct(final Map<Key, Long> values, final Map<List<Object>, long[]> firstSeen, final Metric metric,
                                 final int day, final Account account, final Map<Integer, int[]> profiles) {
        for (final Period period : Period.values()) {
            final List<Object> key = List.of(metric, period, period.keyOf(day), account.index());
            if (!firstSeen.containsKey(key)) {
                firstSeen.put(key, new long[0]);
                for (final Map.Entry<Dimension, Long> dim : dims(account, 0, 0, profiles).entrySet()) {
                    values.merge(new Key(metric, period, period.keyOf(day), dim.getKey(), dim.getValue()), 1L, Long::sum);
                }
                values.merge(new Key(metric, period, period.keyOf(day), null, 0), 1L, Long::sum);
            }
        }
    }

    /** Overdue loans and circulation, walked day by day (level at each day's end). */
    private void levels(final Map<Key, Long> values, final Map<Integer, int[]> ignored) {
        if (rows.isEmpty()) {
            return;
        }
        final Map<Integer, int[]> profiles = new HashMap<>();
        final Map<Long, Object[]> loans = new HashMap<>();
        final int first = rows.get(0).day();
        final int last = rows.get(rows.size() - 1).day();
        int next = 0;
        long circulation = 0;
        for (int day = first; day <= last; day++) {
            while (next < rows.size() && rows.get(next).day() == day) {
                final Row row = rows.get(next++);
                if (row.type() == EventType.ENTERPRISE_PROFILED) {
                    profiles.put(row.debit().index(), new int[] {row.code(), (int) row.reference()});
                } else if (row.type() == EventType.LOAN_DELINQUENCY) {
                    loans.put(row.reference(), new Object[] {row.amountFen(), dims(row.debit(), 0, 0, profiles)});
                } else if (row.type() == EventType.LOAN_REPAID) {
                    loans.remove(row.reference());
                }
            }
            circulation = circulationByDay.getOrDefault(day, circulation);
            if (circulation != 0) {
                values.put(new Key(Metric.CIRCULATION, Period.DAY, day, null, 0), circulation);
            }
            for (final Object[] loan : loans.values()) {
                @SuppressWarnings("unchecked")
                final Map<Dimension, Long> dims = (Map<Dimension, Long>) loan[1];
                addOne(values, new Key(Metric.LOANS_OVERDUE, Period.DAY, day, null, 0), (Long) loan[0]);
                for (final Map.Entry<Dimension, Long> dim : dims.entrySet()) {
                    addOne(values, new Key(Metric.LOANS_OVERDUE, Period.DAY, day, dim.getKey(), dim.getValue()), (Long) loan[0]);
                }
            }
        }
    }

    /** Flows: into the day and every longer period containing it, for the total and each dimension value. */
    private static void addFlow(final Map<Key, Long> values, final Metric metric, final int day,
                                final Map<Dimension, Long> dims, final long amount) {
        for (final Period period : Period.values()) {
            final int key = period.keyOf(day);
            addOne(values, new Key(metric, period, key, null, 0), amount);
            for (final Map.Entry<Dimension, Long> dim : dims.entrySet()) {
                addOne(values, new Key(metric, period, key, dim.getKey(), dim.getValue()), amount);
            }
        }
    }

    private static void addOne(final Map<Key, Long> values, final Key key, final long amount) {
        final long sum = values.getOrDefault(key, 0L) + amount;
        if (sum == 0) {
            values.remove(key);
        } else {
            values.put(key, sum);
        }
    }

    private static Map<Dimension, Long> dims(final Account account, final int code, final long campaign,
                                             final Map<Integer, int[]> profiles) {
        final Map<Dimension, Long> dims = new HashMap<>();
        dims.put(Dimension.DISTRICT, (long) account.district());
        dims.put(Dimension.MERCHANT_CATEGORY, (long) account.category());
        dims.put(Dimension.WALLET_TIER, (long) account.tier());
        dims.put(Dimension.OPERATOR, account.operatorId());
        dims.put(Dimension.TRANSFER_CODE, (long) code);
        final boolean business = account.kind() == AccountKind.CORPORATE.number()
                || account.kind() == AccountKind.MERCHANT.number();
        final int[] profile = business ? profiles.get(account.index()) : null;
        dims.put(Dimension.ENTERPRISE_SIZE, profile == null ? 0L : profile[0]);
        dims.put(Dimension.SECTOR, profile == null ? 0L : profile[1]);
        dims.put(Dimension.CAMPAIGN, campaign);
        return dims;
    }

    /**
     * The campaign a transfer row counts under: the campaign id in the reference of the campaign
     * movements (funding, grant, spend, expiry, return); for the merchant payment of a command
     * that also spent campaign funds, {@code lastSpendCampaign}, the campaign of its last spend
     * row; nothing (0) for any other transfer.
     */
    private static long campaign(final Row row, final Long lastSpendCampaign) {
        return switch (TransferCode.ofNumber(row.code())) {
            case CAMPAIGN_FUNDING, CAMPAIGN_GRANT, CAMPAIGN_SPEND, CAMPAIGN_EXPIRY, CAMPAIGN_RETURN ->
                    row.type() == EventType.TRANSFER ? row.reference() : 0;
            case MERCHANT_PAYMENT -> lastSpendCampaign == null ? 0 : lastSpendCampaign;
            default -> 0;
        };
    }

    /** The customer side of a transfer, as the attribution table in the metric package describes it. */
    private static Account attributed(final Row row) {
        return switch (TransferCode.ofNumber(row.code())) {
            case ISSUANCE, EXCHANGE_IN, MERCHANT_PAYMENT, CAMPAIGN_SPEND, SUBSIDY_PAYMENT, CAMPAIGN_GRANT, CAMPAIGN_RETURN,
                 ESCROW_RELEASE, ESCROW_REFUND, LOAN_DISBURSEMENT -> row.credit();
            default -> row.debit();
        };
    }

    private static boolean isWallet(final int kind) {
        return kind == AccountKind.PERSONAL.number() || kind == AccountKind.CORPORATE.number()
                || kind == AccountKind.MERCHANT.number();
    }
}
