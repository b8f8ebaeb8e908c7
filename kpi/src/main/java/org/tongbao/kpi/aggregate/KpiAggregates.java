package org.tongbao.kpi.aggregate;

import java.util.Arrays;
import org.tongbao.engine.Checks;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.ShanghaiCalendar;
import org.tongbao.engine.account.AccountDescriptor;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.kpi.metric.Attribution;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.DimensionLabels;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.MetricDefinitions;
import org.tongbao.kpi.metric.MetricKind;
import org.tongbao.kpi.metric.Period;

/**
 * The KPI aggregates: exact counters by Asia/Shanghai day × each one {@link Dimension}, fed
 * with every batch's events by {@link #onBatch}, in O(1) per event and without allocation
 * (new days, new dimension slots and table growth allocate; events do not). Longer periods
 * roll up from days at query time; distinct counts are kept per calendar period as they
 * happen. Definitions: {@link Metric}; attribution of a transfer to dimension values:
 * {@link Attribution}.
 *
 * <h2>Memory</h2>
 * <ul>
 *   <li><b>Day rows</b>: at most {@value #DAY_ROW_BYTES_MAX} bytes a day (1 total slot + every
 *       dimension's {@link Dimension#slotsMax()} slots = 1,293 slots × 18 columns × 8 bytes),
 *       so a year of days is at most 68.1 MB; with the distinct-count rows of its days, weeks,
 *       months, quarters and year, 77.2 MB ({@link #yearBytesMax()}). Day × district ×
 *       merchant category alone is at most (64 + 512) × 18 × 8 × 366 = 30.4 MB a year, day ×
 *       campaign 512 × 18 × 8 × 366 = 27.0 MB. Lanes are only as wide as the values seen, so a
 *       pilot with 10 districts, 50 categories and 20 campaigns uses about a tenth of that.</li>
 *   <li><b>Exact distinct counts</b>: two {@code char} day stamps per account (the last day it
 *       paid, the last day it transacted as a business): 4 bytes per account, 122 MB at the
 *       seed's 30.54 million wallets (up to 134 MB allocated, the arrays doubling).</li>
 *   <li><b>Enterprise profiles</b>: 24-48 bytes per profiled enterprise; <b>loans</b>: 48-96
 *       bytes per loan ever delinquent.</li>
 * </ul>
 *
 * <p>Dimension values of a transfer are read from the ledger when the batch is handed over,
 * so a wallet's tier is its tier at the end of that batch. Distinct metrics are not split by
 * transfer code or campaign (they count accounts, not transfers): by {@link Dimension#TRANSFER_CODE}
 * and {@link Dimension#CAMPAIGN} they all fall under "none", as do wallets opened and overdue loans
 * by campaign.
 *
 * <p>Thread-safety: none. The ledger's thread (the sequencer's, in a server) calls
 * {@link #onBatch}; queries run on the same thread (e.g. through {@code Sequencer.query}) or
 * after it has stopped.
 */
public final class KpiAggregates {
    /** Most bytes one day row can hold: (1 + 1,292 slots) × 18 columns × 8 bytes = 186,192. */
    public static final long DAY_ROW_BYTES_MAX = (1L + Dimension.slotsMaxTotal()) * Metric.DAY_COLUMNS * Long.BYTES;
    /** Bytes per account of the exact distinct counts (two char day stamps). */
    public static final int DISTINCT_BYTES_PER_ACCOUNT = 2 * Character.BYTES;
    /** Last epoch day a char day stamp holds (2149-06-05). */
    static final int STAMP_DAY_MAX = Character.MAX_VALUE - 1;

    private static final int TRANSFER = EventType.TRANSFER.number();
    private static final int PENDING_POSTED = EventType.PENDING_POSTED.number();
    private static final int ACCOUNT_OPENED = EventType.ACCOUNT_OPENED.number();
    private static final int ENTERPRISE_PROFILED = EventType.ENTERPRISE_PROFILED.number();
    private static final int LOAN_DELINQUENCY = EventType.LOAN_DELINQUENCY.number();
    private static final int LOAN_REPAID = EventType.LOAN_REPAID.number();
    private static final int OPERATOR_RESERVE = AccountKind.OPERATOR_RESERVE.number();
    private static final int CORPORATE = AccountKind.CORPORATE.number();
    private static final int MERCHANT = AccountKind.MERCHANT.number();
    private static final int CAMPAIGN_SPEND = TransferCode.CAMPAIGN_SPEND.number();
    private static final int MERCHANT_PAYMENT = TransferCode.MERCHANT_PAYMENT.number();
    private static final int CAMPAIGN_FIRST = TransferCode.CAMPAIGN_FUNDING.number();
    private static final int CAMPAIGN_LAST = TransferCode.CAMPAIGN_RETURN.number();

    private static final int VOLUME = Metric.TRANSACTION_VOLUME.column();
    private static final int COUNT = Metric.TRANSACTION_COUNT.column();
    private static final int OVERDUE = Metric.LOANS_OVERDUE.column();
    private static final int CIRCULATION = Metric.CIRCULATION.column();
    private static final int ACTIVE = Metric.ACTIVE_WALLETS.column();
    private static final int BUSINESSES = Metric.BUSINESSES_TRANSACTING.column();
    /** Day-row column of each transfer code's own flow, -1 for none. */
    private static final int[] CODE_COLUMN = new int[64];
    private static final int[] LANE_BITS = new int[RowStore.LANES];
    private static final Period[] PERIODS = Period.values();

    static {
        Arrays.fill(CODE_COLUMN, -1);
        CODE_COLUMN[TransferCode.LOAN_DISBURSEMENT.number()] = Metric.SME_LOANS_DISBURSED.column();
        CODE_COLUMN[TransferCode.LOAN_PRINCIPAL_REPAYMENT.number()] = Metric.LOAN_PRINCIPAL_REPAID.column();
        CODE_COLUMN[TransferCode.LOAN_INTEREST_PAYMENT.number()] = Metric.LOAN_INTEREST_PAID.column();
        CODE_COLUMN[TransferCode.LOAN_PENALTY_PAYMENT.number()] = Metric.LOAN_PENALTY_PAID.column();
        CODE_COLUMN[TransferCode.CAMPAIGN_FUNDING.number()] = Metric.INCENTIVES_FUNDED.column();
        CODE_COLUMN[TransferCode.CAMPAIGN_GRANT.number()] = Metric.INCENTIVES_GRANTED.column();
        CODE_COLUMN[CAMPAIGN_SPEND] = Metric.INCENTIVES_SPENT.column();
        CODE_COLUMN[TransferCode.CAMPAIGN_EXPIRY.number()] = Metric.INCENTIVES_EXPIRED.column();
        CODE_COLUMN[TransferCode.CAMPAIGN_RETURN.number()] = Metric.INCENTIVES_RETURNED.column();
        CODE_COLUMN[TransferCode.ISSUANCE.number()] = Metric.ISSUANCE.column();
        CODE_COLUMN[TransferCode.REDEMPTION.number()] = Metric.REDEMPTION.column();
        int bits = 0;
        for (final Dimension dimension : Dimension.values()) {
            LANE_BITS[RowStore.lane(dimension)] = 32 - Integer.numberOfLeadingZeros(dimension.slotsMax() - 1);
            bits += LANE_BITS[RowStore.lane(dimension)];
        }
        Checks.check(bits <= Long.SIZE, "a loan's slots of every dimension must pack into one long, not " + bits + " bits");
    }

    final MetricDefinitions definitions;
    final SlotDictionary[] dictionaries = new SlotDictionary[RowStore.LANES];
    final RowStore days = new RowStore(Metric.DAY_COLUMNS, new int[] {OVERDUE, CIRCULATION});
    final RowStore[] distinct = new RowStore[PERIODS.length];
    final ProfileTable profiles = new ProfileTable(1024);
    final LoanBook loans = new LoanBook(1024);
    char[] lastPaid = new char[1024];
    char[] lastTransacted = new char[1024];
    int today = Integer.MIN_VALUE;
    long sequence;

    private final int[] periodStart = new int[PERIODS.length];
    private final int[] slotsUsed = new int[RowStore.LANES];
    private final int[] slots = new int[RowStore.LANES];
    private int lastCountedCommand;
    private long lastCountedId;

    public KpiAggregates(final MetricDefinitions definitions) {
        this.definitions = definitions;
        for (final Dimension dimension : Dimension.values()) {
            dictionaries[RowStore.lane(dimension)] = new SlotDictionary(dimension.slotsMax());
        }
        for (int p = 0; p < PERIODS.length; p++) {
            distinct[p] = new RowStore(Metric.DISTINCT_COLUMNS, new int[0]);
        }
        refreshSlotsUsed();
    }

    public MetricDefinitions definitions() {
        return definitions;
    }

    /**
     * Adds one committed batch: {@code events} as the ledger produced them, {@code ledger} in
     * its state right after the batch (for dimension values and circulation).
     */
    public void onBatch(final Ledger ledger, final long batchSequence, final long timestampMs, final LedgerEvents events) {
        startDay(ShanghaiCalendar.epochDay(timestampMs));
        ensureAccounts(ledger.accountCount());
        lastCountedCommand = Integer.MIN_VALUE;
        final int count = events.count();
        for (int row = 0; row < count; row++) {
            final int type = events.typeNumber(row);
            if (type == TRANSFER || type == PENDING_POSTED) {
                transfer(ledger, events, row);
            } else if (type == ACCOUNT_OPENED) {
                opened(ledger, events.debitIndex(row), events.code(row));
            } else if (type == ENTERPRISE_PROFILED) {
                profiles.put(events.debitIndex(row), events.code(row), (int) events.reference(row));
            } else if (type == LOAN_DELINQUENCY) {
                overdue(ledger, events.reference(row), events.debitIndex(row), events.amountFen(row));
            } else if (type == LOAN_REPAID) {
                overdue(ledger, events.reference(row), events.debitIndex(row), 0);
            }
        }
        days.current()[RowStore.TOTAL_LANE][CIRCULATION] = ledger.circulationFen();
        sequence = batchSequence;
    }

    /** Sequence of the last batch added (0 before the first). */
    public long sequence() {
        return sequence;
    }

    private void transfer(final Ledger ledger, final LedgerEvents events, final int row) {
        final int code = events.code(row);
        final long amount = events.amountFen(row);
        final int debit = events.debitIndex(row);
        final int credit = events.creditIndex(row);
        final boolean campaignPayment = code == MERCHANT_PAYMENT && followsCampaignSpend(events, row);
        resolve(ledger, Attribution.attributed(code, debit, credit), code, campaignOf(events, row, code, campaignPayment));
        final long[][] day = days.current();
        final boolean inVolume = definitions.inVolume(code);
        if (inVolume) {
            add(day, VOLUME, amount);
            final int command = events.commandIndex(row);
            final long id = events.id(row);
            if (command != lastCountedCommand || id != lastCountedId) {
                add(day, COUNT, 1);
                lastCountedCommand = command;
                lastCountedId = id;
            }
        }
        final int column = CODE_COLUMN[code];
        if (column >= 0) {
            add(day, column, amount);
            if (code == TransferCode.LOAN_DISBURSEMENT.number()) {
                add(day, Metric.SME_LOANS_DISBURSED_COUNT.column(), 1);
            }
        }
        if (code == CAMPAIGN_SPEND || campaignPayment) {
            add(day, Metric.MERCHANT_SALES_DRIVEN.column(), amount);
        }
        if (TransferCode.isPayment(code) && Attribution.isWallet(kindOf(ledger, debit))) {
            touch(ledger, lastPaid, ACTIVE, debit);
        }
        if (inVolume) {
            if (Attribution.isBusinessOrGovernment(kindOf(ledger, debit))) {
                touch(ledger, lastTransacted, BUSINESSES, debit);
            }
            if (Attribution.isBusinessOrGovernment(kindOf(ledger, credit))) {
                touch(ledger, lastTransacted, BUSINESSES, credit);
            }
        }
    }

    /**
     * The campaign transfer {@code row} counts under: the reference (campaign id) of the engine's
     * campaign movements; for the free-funds part of a payment that also spent campaign funds, the
     * campaign of the spend row just before it (the last campaign the payment used), so that
     * merchant sales driven by campaign hold whole payments; else 0 (none).
     */
    private static long campaignOf(final LedgerEvents events, final int row, final int code, final boolean campaignPayment) {
        if (code >= CAMPAIGN_FIRST && code <= CAMPAIGN_LAST) {
            return events.typeNumber(row) == TRANSFER ? events.reference(row) : 0;
        }
        return campaignPayment && events.typeNumber(row - 1) == TRANSFER ? events.reference(row - 1) : 0;
    }

    /** Whether {@code row} (a merchant payment) is the free-funds part of a payment that also spent campaign funds. */
    private static boolean followsCampaignSpend(final LedgerEvents events, final int row) {
        if (row == 0) {
            return false;
        }
        final int previous = row - 1;
        final int type = events.typeNumber(previous);
        return (type == TRANSFER || type == PENDING_POSTED) && events.code(previous) == CAMPAIGN_SPEND
                && events.commandIndex(previous) == events.commandIndex(row) && events.id(previous) == events.id(row);
    }

    private void opened(final Ledger ledger, final int account, final int kind) {
        if (Attribution.isWallet(kind)) {
            resolve(ledger, account, 0, 0);
            add(days.current(), Metric.WALLETS_OPENED.column(), 1);
        }
    }

    /** Sets loan {@code loan}'s overdue amount, moving the difference where it was counted before. */
    private void overdue(final Ledger ledger, final long loan, final int borrower, final long amountFen) {
        final int position = loans.positionOf(loan);
        final long[][] day = days.current();
        final long old = loans.amount(position);
        if (old != 0) {
            unpack(loans.packedSlots(position));
            add(day, OVERDUE, -old);
        }
        if (amountFen != 0) {
            resolve(ledger, borrower, 0, 0);
            add(day, OVERDUE, amountFen);
            loans.set(position, amountFen, pack());
        } else {
            loans.set(position, 0, 0);
        }
    }

    /** First payment (or business transaction) of {@code account} in each period: count it there. */
    private void touch(final Ledger ledger, final char[] stamps, final int column, final int account) {
        final int last = stamps[account] - 1;
        if (last == today) {
            return;
        }
        resolve(ledger, account, 0, 0);
        for (int p = 0; p < PERIODS.length; p++) {
            if (last < periodStart[p]) {
                add(distinct[p].current(), Metric.DISTINCT_COLUMNS, column, 1);
            }
        }
        stamps[account] = (char) (today + 1);
    }

    private void add(final long[][] row, final int column, final long amount) {
        add(row, Metric.DAY_COLUMNS, column, amount);
    }

    private void add(final long[][] row, final int columns, final int column, final long amount) {
        for (int lane = 0; lane < RowStore.LANES; lane++) {
            final int at = slots[lane] * columns + column;
            row[lane][at] = Math.addExact(row[lane][at], amount);
        }
    }

    /** Fills {@link #slots} with the slots of {@code account}'s dimension values, transfer code {@code code} and {@code campaign}. */
    private void resolve(final Ledger ledger, final int account, final int code, final long campaign) {
        final long attributes = ledger.accountAttributes(account);
        final int kind = AccountDescriptor.kind(attributes);
        slots[RowStore.TOTAL_LANE] = 0;
        slots[RowStore.lane(Dimension.DISTRICT)] = slot(Dimension.DISTRICT, AccountDescriptor.district(attributes), 0);
        slots[RowStore.lane(Dimension.MERCHANT_CATEGORY)] =
                slot(Dimension.MERCHANT_CATEGORY, AccountDescriptor.merchantCategory(attributes), 0);
        slots[RowStore.lane(Dimension.WALLET_TIER)] = slot(Dimension.WALLET_TIER, AccountDescriptor.tier(attributes), 0);
        final int operator = kind == OPERATOR_RESERVE ? account : ledger.operatorIndex(account);
        slots[RowStore.lane(Dimension.OPERATOR)] = operator < 0 ? 0
                : slot(Dimension.OPERATOR, operator + 1L, ledger.accountId(operator));
        slots[RowStore.lane(Dimension.TRANSFER_CODE)] = slot(Dimension.TRANSFER_CODE, code, 0);
        int size = 0;
        int sector = 0;
        if (kind == CORPORATE || kind == MERCHANT) {
            final int position = profiles.find(account);
            if (position >= 0) {
                size = profiles.size(position);
                sector = profiles.sector(position);
            }
        }
        slots[RowStore.lane(Dimension.ENTERPRISE_SIZE)] = slot(Dimension.ENTERPRISE_SIZE, size, 0);
        slots[RowStore.lane(Dimension.SECTOR)] = slot(Dimension.SECTOR, sector, 0);
        slots[RowStore.lane(Dimension.CAMPAIGN)] = slot(Dimension.CAMPAIGN, campaign, 0);
    }

    /** Slot of {@code key} in {@code dimension}; a new key takes a slot ({@code display} 0 = the key itself). */
    private int slot(final Dimension dimension, final long key, final long display) {
        final int lane = RowStore.lane(dimension);
        final SlotDictionary dictionary = dictionaries[lane];
        final int found = dictionary.slot(key);
        if (found >= 0) {
            return found;
        }
        final int added = dictionary.add(key, display != 0 ? display : key);
        slotsUsed[lane] = dictionary.slotsUsed();
        days.widenCurrent(lane, slotsUsed[lane]);
        for (final RowStore store : distinct) {
            store.widenCurrent(lane, slotsUsed[lane]);
        }
        return added;
    }

    private long pack() {
        long packed = 0;
        int shift = 0;
        for (int lane = 1; lane < RowStore.LANES; lane++) {
            packed |= (long) slots[lane] << shift;
            shift += LANE_BITS[lane];
        }
        return packed;
    }

    private void unpack(final long packed) {
        slots[RowStore.TOTAL_LANE] = 0;
        int shift = 0;
        for (int lane = 1; lane < RowStore.LANES; lane++) {
            slots[lane] = (int) (packed >>> shift) & ((1 << LANE_BITS[lane]) - 1);
            shift += LANE_BITS[lane];
        }
    }

    private static int kindOf(final Ledger ledger, final int account) {
        return account < 0 ? 0 : AccountDescriptor.kind(ledger.accountAttributes(account));
    }

    private void startDay(final int day) {
        if (day == today) {
            return;
        }
        Checks.check(today == Integer.MIN_VALUE || day > today, "batch days must not go back: " + day + " after " + today);
        Checks.check(day >= 0 && day <= STAMP_DAY_MAX, "the KPI aggregates count days 1970-01-01 to 2149-06-05, not " + day);
        today = day;
        days.advanceTo(day, slotsUsed);
        for (int p = 0; p < PERIODS.length; p++) {
            final int key = PERIODS[p].keyOf(day);
            periodStart[p] = PERIODS[p].firstDay(key);
            distinct[p].advanceTo(key, slotsUsed);
        }
    }

    private void ensureAccounts(final int accounts) {
        if (accounts > lastPaid.length) {
            final int capacity = Math.max(accounts, lastPaid.length * 2);
            lastPaid = Arrays.copyOf(lastPaid, capacity);
            lastTransacted = Arrays.copyOf(lastTransacted, capacity);
        }
    }

    void refreshSlotsUsed() {
        slotsUsed[RowStore.TOTAL_LANE] = 1;
        for (final Dimension dimension : Dimension.values()) {
            slotsUsed[RowStore.lane(dimension)] = dictionaries[RowStore.lane(dimension)].slotsUsed();
        }
        if (today != Integer.MIN_VALUE) {
            for (int p = 0; p < PERIODS.length; p++) {
                periodStart[p] = PERIODS[p].firstDay(PERIODS[p].keyOf(today));
            }
        }
    }

    // ------------------------------------------------------------------------------------
    // Queries (same thread as onBatch, or after it stopped)
    // ------------------------------------------------------------------------------------

    /** True once a batch has been added. */
    public boolean hasData() {
        return !days.isEmpty();
    }

    /** First epoch day with a row (the first batch's day). */
    public int firstDay() {
        return days.firstKey();
    }

    /** Last epoch day with a row (the last batch's day). */
    public int lastDay() {
        return days.lastKey();
    }

    /** Slots {@code dimension} has in use (labels: {@link #slotLabel}). */
    public int slotCount(final Dimension dimension) {
        return dictionaries[RowStore.lane(dimension)].slotsUsed();
    }

    /** Raw value of a slot: district code, category, tier, operator account id, code, size, sector, campaign id; MIN_VALUE = other. */
    public long slotValue(final Dimension dimension, final int slot) {
        return dictionaries[RowStore.lane(dimension)].display(slot);
    }

    public String slotLabel(final Dimension dimension, final int slot) {
        final long value = slotValue(dimension, slot);
        return value == SlotDictionary.OTHER_DISPLAY ? "other" : DimensionLabels.label(dimension, value);
    }

    /** Slot of raw value {@code value} (as {@link #slotValue} gives it), or -1 when never seen. */
    public int slotOf(final Dimension dimension, final long value) {
        return value == 0 ? 0 : dictionaries[RowStore.lane(dimension)].slotOfDisplay(value);
    }

    /**
     * A flow metric summed over days {@code fromDay..toDay} (inclusive), for {@code dimension}'s
     * slot {@code slot} ({@code dimension} null: the total, slot ignored).
     */
    public long flow(final Metric metric, final Dimension dimension, final int slot, final int fromDay, final int toDay) {
        checkKind(metric, MetricKind.FLOW);
        if (days.isEmpty() || slot < 0) {
            return 0;
        }
        final int lane = RowStore.lane(dimension);
        final int laneSlot = dimension == null ? 0 : slot;
        long sum = 0;
        for (int day = Math.max(fromDay, days.firstKey()); day <= Math.min(toDay, days.lastKey()); day++) {
            sum = Math.addExact(sum, days.get(days.row(day), lane, laneSlot, metric.column()));
        }
        return sum;
    }

    /** A stock metric's level at the end of {@code day} (the last known level after the last batch; 0 before the first). */
    public long stock(final Metric metric, final Dimension dimension, final int slot, final int day) {
        checkKind(metric, MetricKind.STOCK);
        if (days.isEmpty() || slot < 0 || day < days.firstKey()) {
            return 0;
        }
        return days.get(days.row(Math.min(day, days.lastKey())), RowStore.lane(dimension), dimension == null ? 0 : slot,
                metric.column());
    }

    /** A distinct metric for the calendar period {@code key} of kind {@code period}. */
    public long distinct(final Metric metric, final Period period, final int key, final Dimension dimension, final int slot) {
        checkKind(metric, MetricKind.DISTINCT);
        if (slot < 0) {
            return 0;
        }
        final RowStore store = distinct[period.ordinal()];
        return store.get(store.row(key), RowStore.lane(dimension), dimension == null ? 0 : slot, metric.column());
    }

    /** Daily values of a flow (per day) or stock (level per day) metric over {@code fromDay..toDay}. */
    public long[] daily(final Metric metric, final Dimension dimension, final int slot, final int fromDay, final int toDay) {
        final long[] series = new long[Math.max(0, toDay - fromDay + 1)];
        for (int day = fromDay; day <= toDay; day++) {
            series[day - fromDay] = metric.kind() == MetricKind.STOCK ? stock(metric, dimension, slot, day)
                    : flow(metric, dimension, slot, day, day);
        }
        return series;
    }

    private static void checkKind(final Metric metric, final MetricKind kind) {
        Checks.checkArgument(metric.kind() == kind, metric + " is a " + metric.kind() + " metric, not " + kind);
    }

    /** Most bytes of aggregate rows for one year of days (day rows and distinct-count period rows). */
    public static long yearBytesMax() {
        final long distinctRow = (1L + Dimension.slotsMaxTotal()) * Metric.DISTINCT_COLUMNS * Long.BYTES;
        return 366 * DAY_ROW_BYTES_MAX + (366 + 53 + 12 + 4 + 1) * distinctRow;
    }

    /** Bytes held now by rows, stamps, profiles and loans (an estimate of array payloads, headers excluded). */
    public long footprintBytes() {
        long bytes = (long) (lastPaid.length + lastTransacted.length) * Character.BYTES;
        bytes += rowBytes(days);
        for (final RowStore store : distinct) {
            bytes += rowBytes(store);
        }
        return bytes + profiles.count() * 24L + loans.count() * 48L;
    }

    private static long rowBytes(final RowStore store) {
        long bytes = 0;
        for (int key = store.firstKey(); key <= store.lastKey() && !store.isEmpty(); key++) {
            for (final long[] lane : store.row(key)) {
                bytes += (long) lane.length * Long.BYTES;
            }
        }
        return bytes;
    }

    int[] slotsUsed() {
        return slotsUsed;
    }
}
