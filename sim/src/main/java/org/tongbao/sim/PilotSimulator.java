package org.tongbao.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.DurableLedger;
import org.tongbao.durability.archive.JournalArchiver;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.Checks;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ShanghaiCalendar;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.credit.Amortisation;
import org.tongbao.engine.credit.LoanDeclineReason;
import org.tongbao.engine.credit.LoanPurpose;
import org.tongbao.engine.escrow.EscrowDefault;
import org.tongbao.engine.incentive.CampaignRule;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.kpi.KpiConfig;
import org.tongbao.kpi.KpiPlatform;
import org.tongbao.kpi.PilotProperties;
import org.tongbao.kpi.durable.KpiReadModel;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.registry.FintechRegistry;
import org.tongbao.kpi.registry.FintechSector;
import org.tongbao.kpi.registry.RegistrationResult;
import org.tongbao.kpi.registry.UnifiedSocialCreditCode;

/**
 * The pilot simulator: generates a year of a city's e-CNY pilot through the durable ledger
 * (so it is journaled, aggregated by the KPI platform and replayable like real traffic),
 * calibrated to {@link PilotYear} at {@code scale}.
 *
 * <p>How the figures are met: wallets, businesses, incentives, loans and fintech enterprises
 * are planned counts and amounts, spread over the year's days by seasonality; transaction
 * volume is steered: at the end of each day the KPI platform's volume so far is compared with
 * the plan to date and the next day's payments make up the difference, so automatic loan
 * repayments, campaign spending and any rejected payment are all accounted for. Every
 * business opened transacts at least once. Everything depends only on the seed: the same seed
 * gives the same journal head hash.
 *
 * <p>After {@link #run}, {@link #continueLive} goes on simulating the following days, paced,
 * through a server's ledger on the same data directory (the demo's live traffic).
 *
 * <p>Single-threaded generator (the ledger runs on its own sequencer thread).
 */
public final class PilotSimulator {
    /** What to simulate. */
    public record Options(int year, LocalDate until, double scale, long seed, boolean discardCoveredJournal) {
        public Options {
            Checks.checkArgument(scale > 0 && scale <= 1, "--scale must be above 0 and at most 1");
            Checks.checkArgument(until == null || until.getYear() == year,
                    "--until must be a date in the simulated year " + year);
        }

        /** Keeping the whole journal: the directory verifies from genesis. */
        public Options(final int year, final LocalDate until, final double scale, final long seed) {
            this(year, until, scale, seed, false);
        }
    }

    /** Progress callback: called after each simulated day. */
    public interface Progress {
        void day(LocalDate day, int dayIndex, int days, long commands);
    }

    private static final long DAY_OPEN_MS = 9 * 3_600_000L;
    private static final long DAY_SPAN_MS = 12 * 3_600_000L;
    private static final int TIME_SLICES = 12;
    /** Attempts in a row that find no payment the rules allow before a slice gives up (the next day makes up). */
    private static final int MISSES_MAX = 256;
    private static final double[] TIER_SHARES = {0.10, 0.25, 0.25, 0.40};
    private static final long[] TIER_FUNDING_FEN = {5_000_00, 3_000_00, 1_500_00, 800_00};
    private static final int P2P = 0;
    private static final int MERCHANT = 1;
    private static final int B2B = 2;
    private static final int TAX = 3;
    private static final int SUBSIDY = 4;
    private static final long ENVELOPE_FEN = 200_00;
    private static final long VOUCHER_FEN = 10_000_00;
    private static final int ENVELOPE_DAYS = 30;
    private static final int VOUCHER_DAYS = 60;
    private static final long FIRST_CAMPAIGN = 50_000_000L;
    private static final long FIRST_PRODUCT = 800_000_000_000L;
    /** One loan application in this many is declined. */
    private static final int DECLINED_ONE_IN = 8;
    private static final long FIRST_LOAN = 810_000_000_000L;
    private static final long FIRST_ESCROW = 60_000_000L;
    private static final long FIRST_COMMAND = 1_000_000_000_000L;
    /** The city's and each district's government body, opened on the first day; they count among the businesses. */
    private static final int INSTITUTION_GOVERNMENTS = 1 + Suzhou.DISTRICTS.size();
    private static final int LOTTERIES_PER_YEAR = 24;
    private static final int VOUCHER_ROUNDS_PER_YEAR = 4;
    private static final double ENVELOPE_SHARE = 0.75;
    private static final int GRANT_ATTEMPTS = 64;
    /** Snapshots every quarter of simulated time (and at the end), not every 10 minutes as a server does. */
    private static final long SNAPSHOT_EVERY_MS = 91 * ShanghaiCalendar.DAY_MS;
    /**
     * With {@link Options#discardCoveredJournal}: a snapshot every this many days, then the
     * journal it covers is deleted (a month of the full-scale pilot is about 5 GB of journal).
     */
    private static final int DISCARD_EVERY_DAYS = 30;

    private final Options options;
    private final PilotYear year;
    private final SplittableRandom random;
    private final Population people;
    private final LedgerConfig config;
    private final double[] retailWeights;
    private final double[] businessWeights;
    private final int days;
    private final List<Integer> pendingMerchants = new ArrayList<>();
    private final List<Integer> pendingBusinesses = new ArrayList<>();
    private final List<Integer> pendingGovernments = new ArrayList<>();
    private final List<Campaign> campaigns = new ArrayList<>();
    /** Earmark spends planned per day: campaign index << 32 | holder. */
    private final long[][] spendByDay;
    private final int[] spendCount;
    private Submitter out;
    private KpiPlatform kpi;
    private DurableLedger ledger;
    private Sequencer sequencer;
    /** The day index {@link #continueLive} starts from: the day after the last one simulated; -1 before {@link #run}. */
    private int nextDayIndex = -1;
    private long nextCommandId = FIRST_COMMAND;
    private long nextLoanId = FIRST_LOAN;
    private long nextEscrowId = FIRST_ESCROW;
    private int dayIndex;
    private int epochDay;
    private long plannedVolumeFen;
    private long walletsPlanned;
    private long businessesPlanned;
    private long envelopesFen;
    private long vouchersFen;
    private int lotteries;
    private int voucherRounds;
    private long disbursedFen;
    private int borrowerCount;
    private int fintechRegistered;
    private int nextBorrower;

    /** One campaign the simulator runs: its pool id, window (day indexes), holders' kind and merchant categories. */
    private record Campaign(long id, int firstDay, int lastDay, boolean forBusinesses, int[] categories) {
        boolean allows(final int category) {
            for (final int allowed : categories) {
                if (allowed == category) {
                    return true;
                }
            }
            return false;
        }
    }

    public PilotSimulator(final Options options) {
        this.options = options;
        this.year = PilotYear.of(options.year());
        this.random = new SplittableRandom(options.seed());
        this.days = year.firstDay().lengthOfYear();
        this.config = ledgerConfig(year, options.scale());
        this.people = new Population(config.walletLimits());
        this.retailWeights = new double[days];
        this.businessWeights = new double[days];
        this.spendByDay = new long[days][0];
        this.spendCount = new int[days];
        double retailTotal = 0;
        double businessTotal = 0;
        for (int d = 0; d < days; d++) {
            retailWeights[d] = year.retailWeight(year.firstDay().plusDays(d));
            businessWeights[d] = year.businessWeight(year.firstDay().plusDays(d));
            retailTotal += retailWeights[d];
            businessTotal += businessWeights[d];
        }
        for (int d = 0; d < days; d++) {
            retailWeights[d] /= retailTotal;
            businessWeights[d] /= businessTotal;
        }
    }

    /** The ledger's limits for a year at a scale: every account the year opens, with room. */
    static LedgerConfig ledgerConfig(final PilotYear year, final double scale) {
        final long accounts = Math.round((year.walletsOpened() + year.businesses()) * scale) + 100_000;
        Checks.checkArgument(accounts <= 200_000_000, "scale too large for one ledger");
        return LedgerConfig.defaults((int) accounts).withAccountsInitial((int) Math.min(accounts, 1_000_000));
    }

    /**
     * Runs the simulation into {@code data} (a new directory), reporting each day to
     * {@code progress}; returns the report comparing reported and simulated figures.
     */
    public SimulationReport run(final Path data, final Progress progress) throws IOException, InterruptedException {
        final FintechRegistry registry = new FintechRegistry(data.resolve("kpi").resolve("fintech-registry.tsv"));
        final KpiReadModel model = new KpiReadModel(KpiConfig.defaults(), registry, true);
        final long startNs = System.nanoTime();
        ledger = DurableLedger.open(new DataDirectory(data), config, () -> 0L, new DurableLedger.Options(1_024,
                JournalWriter.SEGMENT_BYTES_DEFAULT, 0, true, SNAPSHOT_EVERY_MS), null, model);
        try {
            new PilotProperties(options.scale()).write(data);
            kpi = model.platform();
            sequencer = ledger.sequencer();
            out = new Submitter(sequencer, config.batchMax());
            final int lastIndex = options.until() == null ? days - 1 : options.until().getDayOfYear() - 1;
            for (dayIndex = 0; dayIndex <= lastIndex; dayIndex++) {
                simulateDay(dayIndex == lastIndex);
                if (options.discardCoveredJournal() && (dayIndex + 1) % DISCARD_EVERY_DAYS == 0) {
                    out.drain();
                    JournalArchiver.discardCovered(new DataDirectory(data), ledger.snapshot().sequence());
                }
                progress.day(year.firstDay().plusDays(dayIndex), dayIndex, lastIndex + 1, out.commands());
            }
            out.drain();
            nextDayIndex = lastIndex + 1;
            return SimulationReport.of(year, options, kpi, ShanghaiCalendar.epochDay(dayMs(0, 0)),
                    ShanghaiCalendar.epochDay(dayMs(lastIndex, 0)), out, ledger.headHash(),
                    (System.nanoTime() - startNs) / 1e9, lastIndex + 1 == days, planToDate(lastIndex));
        } finally {
            ledger.close();
        }
    }

    /**
     * What the plan expects by the end of day {@code lastIndex}, in the report's order: volume
     * and incentives and loans in CNY, businesses, wallets and fintech enterprises as counts.
     */
    private double[] planToDate(final int lastIndex) {
        final double first = year.firstDayShare();
        final double opened = lastIndex == 0 ? first : first + (1 - first) * cumulative(retailWeights, lastIndex);
        final double business = cumulative(businessWeights, lastIndex);
        final double incentivesFen = year.incentivesYuan() * options.scale() * 100;
        return new double[] {plannedVolumeFen / 100.0,
            Math.round(year.businesses() * options.scale() * opened),
            Math.round(year.walletsOpened() * options.scale() * opened),
            (Math.round(incentivesFen * ENVELOPE_SHARE * lotteries / LOTTERIES_PER_YEAR)
                    + Math.round(incentivesFen * (1 - ENVELOPE_SHARE) * voucherRounds / VOUCHER_ROUNDS_PER_YEAR)) / 100.0,
            Math.round(year.loansYuan() * options.scale() * 100 * business) / 100.0,
            Math.round(year.fintechEnterprises() * options.scale() * business)};
    }

    /**
     * Goes on after {@link #run}: simulates the following days one at a time (campaigns, loans,
     * new wallets and businesses, payments steered to the plan) through {@code liveSequencer},
     * the sequencer of a ledger opened since on the same data directory (a server's), whose KPI
     * platform is {@code liveKpi}, at about {@code commandsPerSecond}. Stops when {@code stop}
     * turns true (the day under way is finished unpaced, in well under a second at demo scales)
     * or after 31 December; returns the days simulated. Batch times are the simulated days'.
     */
    public int continueLive(final Sequencer liveSequencer, final KpiPlatform liveKpi, final int commandsPerSecond,
                            final BooleanSupplier stop, final Progress progress) {
        Checks.checkArgument(nextDayIndex >= 0, "continueLive follows a finished run");
        Checks.checkArgument(commandsPerSecond > 0, "the live rate must be positive");
        sequencer = liveSequencer;
        kpi = liveKpi;
        out = new Submitter(liveSequencer, config.batchMax(), commandsPerSecond, stop);
        final int first = nextDayIndex;
        for (dayIndex = first; dayIndex < days && !stop.getAsBoolean(); dayIndex++) {
            simulateDay(false);
            progress.day(year.firstDay().plusDays(dayIndex), dayIndex, days, out.commands());
        }
        nextDayIndex = dayIndex;
        return nextDayIndex - first;
    }

    /** The last day simulated so far (by {@link #run} and {@link #continueLive}). */
    public LocalDate lastDay() {
        Checks.checkArgument(nextDayIndex > 0, "nothing simulated yet");
        return year.firstDay().plusDays(nextDayIndex - 1);
    }

    // ------------------------------------------------------------------------------------
    // One day
    // ------------------------------------------------------------------------------------

    private void simulateDay(final boolean lastDay) {
        epochDay = ShanghaiCalendar.epochDay(dayMs(dayIndex, 0));
        out.at(dayMs(dayIndex, 0));
        if (dayIndex == 0) {
            openInstitutions();
        }
        openAccounts();
        runCampaigns();
        lendToBusinesses();
        registerFintech();
        final long[] volumeTargets = volumeTargets();
        for (int slice = 0; slice < TIME_SLICES; slice++) {
            out.at(dayMs(dayIndex, slice));
            for (int kind = 0; kind < volumeTargets.length; kind++) {
                generate(kind, volumeTargets[kind] / TIME_SLICES);
            }
        }
        if (lastDay) {
            transactWithEveryNewBusiness();
        }
        out.drain();
    }

    /** Batch time of slice {@code slice} of day {@code index}: from 09:00 to 21:00 in Shanghai. */
    private long dayMs(final int index, final int slice) {
        final LocalDate day = year.firstDay().plusDays(index);
        return day.atStartOfDay().toInstant(ZoneOffset.ofHours(8)).toEpochMilli() + DAY_OPEN_MS
                + DAY_SPAN_MS * slice / TIME_SLICES;
    }

    private long nextId() {
        return nextCommandId++;
    }

    private void append(final Command command) {
        command.appendTo(out.batch());
        out.added();
    }

    // ------------------------------------------------------------------------------------
    // Institutions and accounts
    // ------------------------------------------------------------------------------------

    private void openInstitutions() {
        append(Command.OpenAccount.of(Population.CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0));
        for (int o = 0; o < Suzhou.OPERATORS.size(); o++) {
            append(Command.OpenAccount.of(Population.operatorId(o), AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0));
            append(new Command.DefineLoanProduct(FIRST_PRODUCT + 2L * o, Population.operatorId(o), 435, 650, 12, 0,
                    Amortisation.EQUAL_INSTALMENT.number(), 1 + (2 * o) % 28, 0));
            append(new Command.DefineLoanProduct(FIRST_PRODUCT + 2L * o + 1, Population.operatorId(o), 385, 580, 36, 3,
                    Amortisation.EQUAL_PRINCIPAL.number(), 1 + (2 * o + 5) % 28, 0));
        }
        openGovernment(-1);
        for (int d = 0; d < Suzhou.DISTRICTS.size(); d++) {
            openGovernment(d);
        }
    }

    private void openGovernment(final int district) {
        final int government = people.addGovernment(0, Math.max(0, district));
        append(Command.OpenAccount.of(Population.governmentId(government), AccountKind.GOVERNMENT, Population.operatorId(0),
                0, district < 0 ? 320500 : Suzhou.DISTRICTS.get(district).code(), 0));
        pendingGovernments.add(government);
    }

    /** Opens today's share of wallets and businesses; the year's first-day share on its first day (earlier adopters). */
    private void openAccounts() {
        final double first = year.firstDayShare();
        final double toDate = dayIndex == 0 ? first : first + (1 - first) * cumulative(retailWeights, dayIndex);
        final long wallets = Math.round(year.walletsOpened() * options.scale() * toDate);
        final long businessAccounts = Math.round(year.businesses() * options.scale() * toDate) - INSTITUTION_GOVERNMENTS;
        while (businessesPlanned < businessAccounts) {
            openBusinessAccount();
            businessesPlanned++;
        }
        final long personalTarget = wallets - (people.merchants + people.businesses);
        while (walletsPlanned < personalTarget) {
            openPerson();
            walletsPlanned++;
        }
    }

    private static double cumulative(final double[] weights, final int throughIndex) {
        double sum = 0;
        for (int d = 0; d <= throughIndex; d++) {
            sum += weights[d];
        }
        return Math.min(1, sum);
    }

    private int pickDistrict() {
        while (true) {
            final int district = Suzhou.districtAt(random.nextDouble());
            if (random.nextDouble() < year.districtPace(Suzhou.DISTRICTS.get(district).code())) {
                return district;
            }
        }
    }

    private void openPerson() {
        final double u = random.nextDouble();
        int tier = 4;
        double cumulative = 0;
        for (int t = 0; t < TIER_SHARES.length; t++) {
            cumulative += TIER_SHARES[t];
            if (u < cumulative) {
                tier = t + 1;
                break;
            }
        }
        final int operator = Suzhou.operatorAt(random.nextDouble());
        final int district = pickDistrict();
        final int person = people.addPerson(tier, operator, district);
        append(Command.OpenAccount.of(Population.personId(person), AccountKind.PERSONAL, Population.operatorId(operator),
                tier, Suzhou.DISTRICTS.get(district).code(), 0));
        topUpPerson(person, TIER_FUNDING_FEN[tier - 1]);
    }

    private void openBusinessAccount() {
        final int operator = Suzhou.operatorAt(random.nextDouble());
        final int district = pickDistrict();
        final int code = Suzhou.DISTRICTS.get(district).code();
        final double u = random.nextDouble();
        if (u < 0.005) {
            final int government = people.addGovernment(operator, district);
            append(Command.OpenAccount.of(Population.governmentId(government), AccountKind.GOVERNMENT,
                    Population.operatorId(operator), 0, code, 0));
            pendingGovernments.add(government);
        } else if (u < 0.65) {
            final int category = Suzhou.categoryAt(random.nextDouble());
            final int merchant = people.addMerchant(category, operator, district);
            append(Command.OpenAccount.of(Population.merchantId(merchant), AccountKind.MERCHANT,
                    Population.operatorId(operator), 1, code, Suzhou.CATEGORIES.get(category).code()));
            pendingMerchants.add(merchant);
        } else {
            final int business = people.addBusiness(operator, district);
            final long id = Population.businessId(business);
            append(Command.OpenAccount.of(id, AccountKind.CORPORATE, Population.operatorId(operator), 1, code, 0));
            final double size = random.nextDouble();
            append(new Command.ProfileEnterprise(nextId(), id, size < 0.55 ? 1 : size < 0.85 ? 2 : size < 0.97 ? 3 : 4,
                    1 + random.nextInt(Suzhou.SECTORS.size()), 0));
            pendingBusinesses.add(business);
        }
    }

    // ------------------------------------------------------------------------------------
    // Money in and out of wallets
    // ------------------------------------------------------------------------------------

    /** Issues to the operator when its reserve would not cover {@code amountFen} (with room for the day). */
    private void ensureReserve(final int operator, final long amountFen) {
        if (people.operatorReserveFen[operator] >= amountFen) {
            return;
        }
        final long issue = Math.max(amountFen * 2, Math.round(2_000_000_000_00L * options.scale()));
        append(Command.Transfer.of(nextId(), Population.CENTRAL_BANK, Population.operatorId(operator), issue,
                TransferCode.ISSUANCE));
        people.operatorReserveFen[operator] += issue;
    }

    private void topUpPerson(final int person, final long amountFen) {
        final long room = people.balanceCapFen(person) - people.personBalanceFen[person];
        final long amount = Math.min(amountFen, room);
        if (amount <= 0) {
            return;
        }
        final int operator = people.personOperator[person];
        ensureReserve(operator, amount);
        append(Command.Transfer.of(nextId(), Population.operatorId(operator), Population.personId(person), amount,
                TransferCode.EXCHANGE_IN));
        people.operatorReserveFen[operator] -= amount;
        people.personBalanceFen[person] += (int) amount;
    }

    private void topUpBusiness(final int business, final long amountFen) {
        final int operator = people.businessOperator[business];
        ensureReserve(operator, amountFen);
        append(Command.Transfer.of(nextId(), Population.operatorId(operator), Population.businessId(business), amountFen,
                TransferCode.EXCHANGE_IN));
        people.operatorReserveFen[operator] -= amountFen;
        people.businessBalanceFen[business] += amountFen;
    }

    private void topUpGovernment(final int government, final long amountFen) {
        final int operator = people.governmentOperator[government];
        ensureReserve(operator, amountFen);
        append(Command.Transfer.of(nextId(), Population.operatorId(operator), Population.governmentId(government), amountFen,
                TransferCode.EXCHANGE_IN));
        people.operatorReserveFen[operator] -= amountFen;
        people.governmentBalanceFen[government] += amountFen;
    }

    /** A merchant cashes out to its bank deposit when it holds more than 50,000 CNY. */
    private void cashOutMerchant(final int merchant) {
        final long balance = people.merchantBalanceFen[merchant];
        if (balance <= 50_000_00L) {
            return;
        }
        final long amount = balance - 1_000_00L;
        final int operator = people.merchantOperator[merchant];
        append(Command.Transfer.of(nextId(), Population.merchantId(merchant), Population.operatorId(operator), amount,
                TransferCode.EXCHANGE_OUT));
        people.merchantBalanceFen[merchant] -= amount;
        people.operatorReserveFen[operator] += amount;
    }

    // ------------------------------------------------------------------------------------
    // Payments
    // ------------------------------------------------------------------------------------

    /**
     * Each kind's volume for today: its share of the year's plan spread by seasonality, plus
     * its share of what the ledger's volume so far (from the KPI platform) lags the plan to date.
     */
    private long[] volumeTargets() {
        final long yearVolumeFen = Math.round(year.volumeYuan() * options.scale() * 100);
        final long loansFen = Math.round(year.loansYuan() * options.scale() * 100);
        final long paymentsFen = Math.max(0, yearVolumeFen - loansFen * 3 / 2);
        final double[] shares = year.volumeShares();
        final long[] targets = new long[shares.length];
        long today = 0;
        for (int kind = 0; kind < targets.length; kind++) {
            final double weight = kind <= MERCHANT ? retailWeights[dayIndex] : businessWeights[dayIndex];
            targets[kind] = Math.round(paymentsFen * shares[kind] * weight);
            today += targets[kind];
        }
        final long actualFen = dayIndex == 0 ? 0 : volumeSoFar(epochDay - 1);
        final long lagFen = plannedVolumeFen - actualFen;
        plannedVolumeFen += today + Math.round(loansFen * 1.5 * businessWeights[dayIndex]);
        if (lagFen != 0 && today > 0) {
            for (int kind = 0; kind < targets.length; kind++) {
                targets[kind] = Math.max(0, targets[kind] + Math.round((double) lagFen * targets[kind] / today));
            }
        }
        return targets;
    }

    /** The KPI platform's volume from 1 January to {@code lastEpochDay}, read on the ledger's thread, which updates it. */
    private long volumeSoFar(final int lastEpochDay) {
        final int firstEpochDay = ShanghaiCalendar.epochDay(dayMs(0, 0));
        try {
            return sequencer.query(l -> kpi.value(Metric.TRANSACTION_VOLUME, null, 0, firstEpochDay, lastEpochDay)).get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the volume so far", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("reading the volume so far failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void generate(final int kind, final long volumeFen) {
        long left = volumeFen;
        int misses = 0;
        while (left > 0 && misses < MISSES_MAX) {
            final long paid = switch (kind) {
                case P2P -> payPersonToPerson(left);
                case MERCHANT -> payMerchant(left);
                case B2B -> payBusiness(left);
                case TAX -> payTaxOrFee(left);
                default -> paySubsidy(left);
            };
            misses = paid == 0 ? misses + 1 : 0;
            left -= paid;
        }
    }

    /** A log-normal amount in fen with the given median (CNY) and spread, at least 1 fen. */
    private long amountFen(final double medianYuan, final double sigma) {
        final double z = gaussian();
        return Math.max(1, Math.round(medianYuan * 100 * Math.exp(sigma * z)));
    }

    private double gaussian() {
        double u;
        double v;
        double s;
        do {
            u = random.nextDouble() * 2 - 1;
            v = random.nextDouble() * 2 - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** An active wallet: earlier adopters pay somewhat more often. */
    private int pickPayer() {
        return (int) (people.persons * Math.pow(random.nextDouble(), 1.2));
    }

    /** Tops the payer up when its free funds fall short; returns false when its limits leave no room. */
    private boolean readyToPay(final int person, final long amountFen) {
        if (people.paymentRoomFen(person, dayIndex) < amountFen) {
            return false;
        }
        if (people.personFreeFen(person) < amountFen) {
            topUpPerson(person, amountFen - people.personFreeFen(person) + TIER_FUNDING_FEN[people.personTier[person] - 1]);
        }
        return people.personFreeFen(person) >= amountFen;
    }

    private long payPersonToPerson(final long capFen) {
        final int payer = pickPayer();
        final int payee = random.nextInt(people.persons);
        final long amount = Math.min(capFen, amountFen(120, 1.2));
        if (payer == payee || !readyToPay(payer, amount)
                || people.personBalanceFen[payee] + amount > people.balanceCapFen(payee)) {
            return 0;
        }
        append(Command.Transfer.of(nextId(), Population.personId(payer), Population.personId(payee), amount, TransferCode.P2P));
        people.personBalanceFen[payer] -= (int) amount;
        people.personBalanceFen[payee] += (int) amount;
        people.countPayment(payer, dayIndex, amount);
        return amount;
    }

    private int pickMerchant(final int category) {
        if (!pendingMerchants.isEmpty()) {
            return pendingMerchants.removeLast();
        }
        final int count = people.categoryCount[category];
        return count == 0 ? -1 : people.merchantsByCategory[category][random.nextInt(count)];
    }

    private long payMerchant(final long capFen) {
        final int category = Suzhou.categoryAt(random.nextDouble());
        final int merchant = pickMerchant(category);
        if (merchant < 0 || people.persons == 0) {
            return 0;
        }
        final Suzhou.Category kind = Suzhou.CATEGORIES.get(people.merchantCategory[merchant]);
        final long amount = Math.min(capFen, amountFen(kind.medianYuan(), kind.sigma()));
        final int payer = pickPayer();
        if (!readyToPay(payer, amount)) {
            pendingMerchantBack(merchant);
            return 0;
        }
        payAtMerchant(payer, merchant, amount);
        return amount;
    }

    private void pendingMerchantBack(final int merchant) {
        if (people.merchantBalanceFen[merchant] == 0) {
            pendingMerchants.add(merchant);
        }
    }

    /** A merchant payment; the payer's earmark pays first where its campaign allows the merchant, as in the ledger. */
    private void payAtMerchant(final int payer, final int merchant, final long amount) {
        append(Command.Transfer.of(nextId(), Population.personId(payer), Population.merchantId(merchant), amount,
                TransferCode.MERCHANT_PAYMENT));
        final int campaign = people.personEarmarkCampaign[payer];
        if (campaign >= 0 && people.personEarmarkFen[payer] > 0 && campaigns.get(campaign).allows(
                Suzhou.CATEGORIES.get(people.merchantCategory[merchant]).code())) {
            final long used = Math.min(amount, people.personEarmarkFen[payer]);
            people.personEarmarkFen[payer] -= (int) used;
        }
        people.personBalanceFen[payer] -= (int) amount;
        people.merchantBalanceFen[merchant] += amount;
        people.countPayment(payer, dayIndex, amount);
        cashOutMerchant(merchant);
    }

    private int pickBusiness() {
        return people.businesses == 0 ? -1 : random.nextInt(people.businesses);
    }

    private long payBusiness(final long capFen) {
        final int payer = pickBusiness();
        if (payer < 0 || people.businessBorrower[payer]) {
            return 0;
        }
        final long amount = Math.min(capFen, amountFen(15_000, 1.4));
        final boolean toMerchant = random.nextInt(4) == 0 && people.merchants > 0;
        final int payee = toMerchant ? random.nextInt(people.merchants)
                : !pendingBusinesses.isEmpty() ? pendingBusinesses.removeLast() : pickBusiness();
        if (!toMerchant && payee == payer) {
            pendingBusinesses.add(payee);
            return 0;
        }
        if (people.businessBalanceFen[payer] - people.businessEarmarkFen[payer] < amount) {
            topUpBusiness(payer, amount * 2);
        }
        final long payeeId = toMerchant ? Population.merchantId(payee) : Population.businessId(payee);
        append(Command.Transfer.of(nextId(), Population.businessId(payer), payeeId, amount, TransferCode.B2B));
        people.businessBalanceFen[payer] -= amount;
        if (toMerchant) {
            people.merchantBalanceFen[payee] += amount;
            cashOutMerchant(payee);
        } else {
            people.businessBalanceFen[payee] += amount;
        }
        return amount;
    }

    private int pickGovernment() {
        return !pendingGovernments.isEmpty() ? pendingGovernments.removeLast() : random.nextInt(people.governments);
    }

    private long payTaxOrFee(final long capFen) {
        final int government = pickGovernment();
        if (random.nextInt(3) > 0) {
            final int business = pickBusiness();
            if (business < 0 || people.businessBorrower[business]) {
                pendingGovernments.add(government);
                return 0;
            }
            final long amount = Math.min(capFen, amountFen(3_000, 1.2));
            if (people.businessBalanceFen[business] - people.businessEarmarkFen[business] < amount) {
                topUpBusiness(business, amount * 2);
            }
            append(Command.Transfer.of(nextId(), Population.businessId(business), Population.governmentId(government), amount,
                    TransferCode.TAX_PAYMENT));
            people.businessBalanceFen[business] -= amount;
            people.governmentBalanceFen[government] += amount;
            return amount;
        }
        final int payer = pickPayer();
        final long amount = Math.min(capFen, amountFen(150, 0.8));
        if (people.persons == 0 || !readyToPay(payer, amount)) {
            pendingGovernments.add(government);
            return 0;
        }
        append(Command.Transfer.of(nextId(), Population.personId(payer), Population.governmentId(government), amount,
                TransferCode.FEE_PAYMENT));
        people.personBalanceFen[payer] -= (int) amount;
        people.governmentBalanceFen[government] += amount;
        people.countPayment(payer, dayIndex, amount);
        return amount;
    }

    private long paySubsidy(final long capFen) {
        if (people.persons == 0) {
            return 0;
        }
        final int person = random.nextInt(people.persons);
        final long amount = Math.min(capFen, amountFen(300, 0.7));
        if (people.personBalanceFen[person] + amount > people.balanceCapFen(person)) {
            return 0;
        }
        final int government = random.nextInt(people.governments);
        if (people.governmentBalanceFen[government] < amount) {
            topUpGovernment(government, Math.max(amount, 1_000_000_00L));
        }
        append(Command.Transfer.of(nextId(), Population.governmentId(government), Population.personId(person), amount,
                TransferCode.SUBSIDY_PAYMENT));
        people.governmentBalanceFen[government] -= amount;
        people.personBalanceFen[person] += (int) amount;
        return amount;
    }

    /** On the last day, every business opened that has not transacted yet does: a sale, a B2B payment, a fee. */
    private void transactWithEveryNewBusiness() {
        out.at(dayMs(dayIndex, TIME_SLICES - 1));
        while (!pendingMerchants.isEmpty() && people.persons > 0) {
            final int merchant = pendingMerchants.removeLast();
            final int payer = pickPayer();
            if (readyToPay(payer, 10_00)) {
                payAtMerchant(payer, merchant, 10_00);
            }
        }
        while (!pendingBusinesses.isEmpty() && people.governments > 0) {
            final int business = pendingBusinesses.removeLast();
            topUpBusiness(business, 100_00);
            append(Command.Transfer.of(nextId(), Population.businessId(business), Population.governmentId(0), 100_00,
                    TransferCode.TAX_PAYMENT));
            people.businessBalanceFen[business] -= 100_00;
        }
        while (!pendingGovernments.isEmpty() && people.persons > 0) {
            final int government = pendingGovernments.removeLast();
            final int payer = pickPayer();
            if (readyToPay(payer, 10_00)) {
                append(Command.Transfer.of(nextId(), Population.personId(payer), Population.governmentId(government), 10_00,
                        TransferCode.FEE_PAYMENT));
                people.personBalanceFen[payer] -= 10_00;
                people.countPayment(payer, dayIndex, 10_00);
            }
        }
    }

    // ------------------------------------------------------------------------------------
    // Incentive campaigns
    // ------------------------------------------------------------------------------------

    /**
     * On the 1st and 15th of each month a red-envelope lottery (200 CNY envelopes for wallets,
     * spendable for 30 days at groceries, restaurants, department stores and pharmacies), on
     * the 1st of each quarter an SME voucher (10,000 CNY for businesses, 60 days, fuel and
     * utilities). Three envelopes in four and four vouchers in five are spent, on a day in
     * their window; the rest expire back to the pool. Ended campaigns are closed the next day.
     */
    private void runCampaigns() {
        final LocalDate day = year.firstDay().plusDays(dayIndex);
        final long yearFen = Math.round(year.incentivesYuan() * options.scale() * 100);
        if (day.getDayOfMonth() == 1 || day.getDayOfMonth() == 15) {
            lotteries++;
            final long planned = Math.round(yearFen * ENVELOPE_SHARE * lotteries / LOTTERIES_PER_YEAR);
            envelopesFen += launchCampaign(planned - envelopesFen, false);
        }
        if (day.getDayOfMonth() == 1 && (day.getMonthValue() - 1) % 3 == 0) {
            voucherRounds++;
            final long planned = Math.round(yearFen * (1 - ENVELOPE_SHARE) * voucherRounds / VOUCHER_ROUNDS_PER_YEAR);
            vouchersFen += launchCampaign(planned - vouchersFen, true);
        }
        spendEarmarks();
        for (final Campaign campaign : campaigns) {
            if (campaign.lastDay() == dayIndex - 1) {
                expireInModel(campaign);
                append(new Command.CloseCampaign(nextId(), campaign.id(), 0));
            }
        }
    }

    /**
     * Creates a campaign of {@code budgetFen} (rounded down to whole grants) and grants it out;
     * returns what was granted. Grants that find no eligible holder (all have an earmark, or
     * no room under their balance cap) are carried to the next campaign of the kind.
     */
    private long launchCampaign(final long budgetFen, final boolean forBusinesses) {
        final long faceFen = forBusinesses ? voucherFaceFen(budgetFen) : ENVELOPE_FEN;
        final long grants = budgetFen / faceFen;
        if (grants <= 0 || (forBusinesses ? people.businesses : people.persons) == 0) {
            return 0;
        }
        final long budget = grants * faceFen;
        final int lastDay = Math.min(days - 1, dayIndex + (forBusinesses ? VOUCHER_DAYS : ENVELOPE_DAYS) - 1);
        final long id = FIRST_CAMPAIGN + campaigns.size();
        final int[] categories = forBusinesses ? new int[] {5541, 4900} : new int[] {5411, 5812, 5311, 5912};
        final Campaign campaign = new Campaign(id, dayIndex, lastDay, forBusinesses, categories);
        topUpGovernment(0, budget);
        append(new Command.CreateCampaign(id, Population.governmentId(0), budget, dayMs(dayIndex, 0),
                dayMs(lastDay, TIME_SLICES), 0));
        people.governmentBalanceFen[0] -= budget;
        for (final int category : categories) {
            append(new Command.AddCampaignRule(nextId(), id, CampaignRule.MERCHANT_CATEGORY.number(), category, 0));
        }
        campaigns.add(campaign);
        long granted = 0;
        for (long g = 0; g < grants; g++) {
            if (grant(campaign, faceFen)) {
                granted += faceFen;
            }
        }
        return granted;
    }

    /** 10,000 CNY, or more when a small city has fewer businesses than vouchers (at most half of them get one). */
    private long voucherFaceFen(final long budgetFen) {
        final long holders = Math.max(1, (people.businesses - borrowerCount) / 2);
        final long face = Math.max(VOUCHER_FEN, budgetFen / holders);
        return (face + 100_00 - 1) / 100_00 * 100_00;
    }

    private boolean grant(final Campaign campaign, final long faceFen) {
        final short index = (short) (campaign.id() - FIRST_CAMPAIGN);
        for (int attempt = 0; attempt < GRANT_ATTEMPTS; attempt++) {
            if (campaign.forBusinesses()) {
                final int business = random.nextInt(people.businesses);
                if (people.businessEarmarkFen[business] > 0 || people.businessBorrower[business]) {
                    continue;
                }
                append(new Command.GrantCampaignFunds(nextId(), campaign.id(), Population.businessId(business), faceFen, 0));
                people.businessBalanceFen[business] += faceFen;
                people.businessEarmarkFen[business] = faceFen;
                scheduleSpend(campaign, business, 0.8);
                return true;
            }
            final int person = random.nextInt(people.persons);
            if (people.personEarmarkFen[person] > 0
                    || people.personBalanceFen[person] + faceFen > people.balanceCapFen(person)) {
                continue;
            }
            append(new Command.GrantCampaignFunds(nextId(), campaign.id(), Population.personId(person), faceFen, 0));
            people.personBalanceFen[person] += (int) faceFen;
            people.personEarmarkFen[person] = (int) faceFen;
            people.personEarmarkCampaign[person] = index;
            scheduleSpend(campaign, person, 0.75);
            return true;
        }
        return false;
    }

    /** With probability {@code p}, a spend on a random day of the campaign's window. */
    private void scheduleSpend(final Campaign campaign, final int holder, final double p) {
        if (random.nextDouble() >= p) {
            return;
        }
        final int day = campaign.firstDay() + random.nextInt(campaign.lastDay() - campaign.firstDay() + 1);
        if (spendCount[day] == spendByDay[day].length) {
            spendByDay[day] = Arrays.copyOf(spendByDay[day], Math.max(16, spendCount[day] * 2));
        }
        spendByDay[day][spendCount[day]++] = (campaign.id() - FIRST_CAMPAIGN) << 32 | holder;
    }

    /** Holders spend their earmark at an eligible merchant, paying one to three times its value. */
    private void spendEarmarks() {
        for (int i = 0; i < spendCount[dayIndex]; i++) {
            final long entry = spendByDay[dayIndex][i];
            final Campaign campaign = campaigns.get((int) (entry >>> 32));
            final int holder = (int) entry;
            final int category = categoryIndex(campaign.categories()[random.nextInt(campaign.categories().length)]);
            final int count = people.categoryCount[category];
            if (count == 0) {
                continue;
            }
            final int merchant = people.merchantsByCategory[category][random.nextInt(count)];
            if (campaign.forBusinesses()) {
                final long amount = Math.round(people.businessEarmarkFen[holder] * (1 + random.nextDouble()));
                if (amount == 0) {
                    continue;
                }
                if (people.businessBalanceFen[holder] < amount) {
                    topUpBusiness(holder, amount);
                }
                append(Command.Transfer.of(nextId(), Population.businessId(holder), Population.merchantId(merchant), amount,
                        TransferCode.MERCHANT_PAYMENT));
                people.businessBalanceFen[holder] -= amount;
                people.businessEarmarkFen[holder] = 0;
                people.merchantBalanceFen[merchant] += amount;
                cashOutMerchant(merchant);
                continue;
            }
            final long earmark = people.personEarmarkFen[holder];
            final long amount = Math.round(earmark * (1 + 2 * random.nextDouble()));
            if (earmark == 0 || people.paymentRoomFen(holder, dayIndex) < amount) {
                continue;
            }
            if (people.personBalanceFen[holder] < amount) {
                topUpPerson(holder, amount - people.personBalanceFen[holder]);
            }
            if (people.personBalanceFen[holder] >= amount) {
                payAtMerchant(holder, merchant, amount);
            }
        }
        spendByDay[dayIndex] = new long[0];
        spendCount[dayIndex] = 0;
    }

    private static int categoryIndex(final int code) {
        for (int c = 0; c < Suzhou.CATEGORIES.size(); c++) {
            if (Suzhou.CATEGORIES.get(c).code() == code) {
                return c;
            }
        }
        throw new IllegalArgumentException("no category " + code);
    }

    /** The ledger returns unspent earmarks to the pool when the window ends; the model follows. */
    private void expireInModel(final Campaign campaign) {
        final short index = (short) (campaign.id() - FIRST_CAMPAIGN);
        if (campaign.forBusinesses()) {
            for (int b = 0; b < people.businesses; b++) {
                if (people.businessEarmarkFen[b] > 0) {
                    people.businessBalanceFen[b] -= people.businessEarmarkFen[b];
                    people.businessEarmarkFen[b] = 0;
                }
            }
            return;
        }
        for (int p = 0; p < people.persons; p++) {
            if (people.personEarmarkCampaign[p] == index) {
                people.personBalanceFen[p] -= people.personEarmarkFen[p];
                people.personEarmarkFen[p] = 0;
                people.personEarmarkCampaign[p] = -1;
            }
        }
    }

    // ------------------------------------------------------------------------------------
    // SME loans, escrow, fintech
    // ------------------------------------------------------------------------------------

    /**
     * Today's share of the year's loans, to businesses in turn (holders of a voucher wait for
     * the next round; once every business has borrowed, borrowers take further loans). Each
     * loan starts as an application the lender decides the same day: one in
     * {@value #DECLINED_ONE_IN} is declined (the business tries again in a later round), the
     * rest are approved, which disburses the loan. A
     * borrower keeps its loan in its wallet (plus a tenth for interest) so instalments are
     * collected on their due dates; one first-time borrower in twenty is in distress and moves
     * the money out, falling into arrears. Borrowers make no other payments, so the model of
     * their balance never has to guess what collections took.
     */
    private void lendToBusinesses() {
        final long targetFen = Math.round(year.loansYuan() * options.scale() * 100 * cumulative(businessWeights, dayIndex));
        int tried = 0;
        while (disbursedFen < targetFen && people.businesses > 0 && tried++ < people.businesses) {
            final int business = nextBorrower++ % people.businesses;
            if (people.businessEarmarkFen[business] > 0) {
                continue;
            }
            tried = 0;
            final boolean firstLoan = !people.businessBorrower[business];
            final long principal = Math.min(targetFen - disbursedFen, Math.max(10_000_00L, amountFen(300_000, 0.9)));
            final int operator = people.businessOperator[business];
            ensureReserve(operator, principal);
            final boolean longTerm = random.nextInt(3) == 0;
            final long product = FIRST_PRODUCT + 2L * operator + (longTerm ? 1 : 0);
            final long borrowerId = Population.businessId(business);
            final long applicationId = nextId();
            append(new Command.ApplyForLoan(applicationId, borrowerId, product, principal, longTerm ? 36 : 12,
                    1 + random.nextInt(LoanPurpose.values().length), 0));
            if (random.nextInt(DECLINED_ONE_IN) == 0) {
                append(Command.DecideLoanApplication.decline(nextId(), applicationId, Population.operatorId(operator),
                        1 + random.nextInt(LoanDeclineReason.values().length)));
                continue;
            }
            append(Command.DecideLoanApplication.approve(nextId(), applicationId, Population.operatorId(operator),
                    nextLoanId++));
            people.operatorReserveFen[operator] -= principal;
            people.businessBorrower[business] = true;
            if (firstLoan) {
                borrowerCount++;
            }
            disbursedFen += principal;
            if (firstLoan && random.nextInt(20) == 0) {
                append(Command.Transfer.of(nextId(), borrowerId, Population.operatorId(operator),
                        principal + people.businessBalanceFen[business], TransferCode.EXCHANGE_OUT));
                people.businessBalanceFen[business] = 0;
            } else {
                topUpBusiness(business, principal / 10);
                people.businessBalanceFen[business] += principal;
            }
            if (random.nextInt(50) == 0) {
                escrowTrainingFee();
            }
        }
    }

    /** Now and then a prepaid training fee in escrow, released after the course or refunded. */
    private void escrowTrainingFee() {
        if (people.persons == 0 || people.merchants == 0) {
            return;
        }
        final int payer = pickPayer();
        final int schools = categoryIndex(8211);
        if (people.categoryCount[schools] == 0) {
            return;
        }
        final int school = people.merchantsByCategory[schools][random.nextInt(people.categoryCount[schools])];
        final long amount = amountFen(1_500, 0.4);
        if (!readyToPay(payer, amount)) {
            return;
        }
        final long escrowId = nextEscrowId++;
        append(new Command.LockEscrow(escrowId, Population.personId(payer), Population.merchantId(school), amount,
                Population.governmentId(0), dayMs(Math.min(days - 1, dayIndex + 30), 0),
                EscrowDefault.RELEASE.number(), 0));
        people.personBalanceFen[payer] -= (int) amount;
        people.countPayment(payer, dayIndex, amount);
        if (random.nextInt(10) == 0) {
            append(new Command.RefundEscrow(nextId(), escrowId, Population.merchantId(school), 0, 0));
            people.personBalanceFen[payer] += (int) amount;
        }
    }

    /** Today's share of the year's fintech enterprises, into the KPI platform's registry. */
    private void registerFintech() {
        final long target = Math.round(year.fintechEnterprises() * options.scale() * cumulative(businessWeights, dayIndex));
        final FintechSector[] sectors = FintechSector.values();
        while (fintechRegistered < target) {
            final int district = Suzhou.DISTRICTS.get(pickDistrict()).code();
            final String first17 = String.format("91%06d%09d", district, 100_000_000L + fintechRegistered);
            final String code = first17 + UnifiedSocialCreditCode.checkCharacter(first17);
            final EnumSet<FintechSector> chosen = EnumSet.of(sectors[random.nextInt(sectors.length)]);
            if (random.nextInt(3) == 0) {
                chosen.add(sectors[random.nextInt(sectors.length)]);
            }
            final RegistrationResult result = kpi.registry().register("Suzhou fintech " + (fintechRegistered + 1), code,
                    chosen, district, year.firstDay().plusDays(dayIndex));
            Checks.check(result == RegistrationResult.OK || result == RegistrationResult.DUPLICATE_CODE,
                    "the simulator's fintech registration was refused: " + result);
            fintechRegistered++;
        }
    }

}
