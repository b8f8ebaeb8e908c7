package org.tongbao.bench.ledger;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Checks;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ShanghaiCalendar;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.credit.Amortisation;
import org.tongbao.engine.credit.EnterpriseSize;
import org.tongbao.engine.credit.LoanMath;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.incentive.CampaignRule;
import org.tongbao.engine.payment.TransferCode;

/**
 * {@code tongbao bench ledger}, programmable part: the benchmark ledger with an incentive
 * campaign (one wallet in ten granted a 5,000 CNY consumption voucher spendable at groceries
 * and restaurants) and {@code loans} active SME loans, all in memory through the engine's API.
 * <ul>
 *   <li>campaign payments: 90% uniform P2P between all wallets and 10% merchant payments by
 *       voucher holders at the campaign's merchants, paid from earmarked funds; printed beside
 *       the plain uniform rate of the same run (no campaign at all);</li>
 *   <li>loan collection: the first batch of a due day, when every loan's instalment falls due
 *       and is collected from the borrower's wallet (three transfers each: interest and
 *       principal parts plus the event rows); loans per second, beside the uniform transfer
 *       rate.</li>
 * </ul>
 * Runs on the calling thread.
 */
public final class ProgrammableBenchmark {
    private static final long CITY = 4;
    private static final long CAMPAIGN = 5;
    private static final long PRODUCT = 7_000_000_000L;
    /** Payment ids start here, clear of every set-up id (accounts, campaign, product, loans). */
    private static final long FIRST_PAYMENT = 100_000_000_000L;
    private static final long FIRST_MERCHANT = 500_000_000L;
    private static final int MERCHANTS = 1_000;
    private static final long FIRST_BORROWER = 600_000_000L;
    private static final long FIRST_LOAN = 700_000_000L;
    private static final long VOUCHER_FEN = 5_000_00L;
    private static final int HOLDER_EVERY = 10;
    private static final long LOAN_FEN = 50_000_00L;
    private static final long BORROWER_FUNDING_FEN = 10_000_00L;
    private static final int CAMPAIGN_SHARE_PERCENT = 10;
    private static final int REPAYMENT_DAY = 20;
    /** 1 March 2023, 09:00 in Shanghai. */
    private static final long START_MS = 1_677_632_400_000L;

    /** What to run. */
    public record Options(int wallets, long transfersPerRound, int rounds, int loans, long seed) {
        public Options {
            Checks.checkArgument(wallets >= 2, "wallets must be at least 2");
            Checks.checkArgument(transfersPerRound >= 8_192, "transfers must be at least 8192");
            Checks.checkArgument(rounds >= 1, "rounds must be at least 1");
            Checks.checkArgument(loans >= 1, "loans must be at least 1");
        }
    }

    /** Figures of one run. */
    public record Figures(long campaignPaymentTps, long campaignSpends, long loanCollectionPerSecond) {
    }

    private final Options options;
    private final PrintStream out;
    private final Ledger ledger;
    private final BatchOutcome outcome = new BatchOutcome(LedgerConfig.BATCH_MAX_DEFAULT);
    private long batchSequence;
    private long nowMs = START_MS;
    private int disbursementDay;

    public ProgrammableBenchmark(final Options options, final PrintStream out) {
        this.options = options;
        this.out = out;
        this.ledger = new Ledger(LedgerConfig.defaults(options.wallets() + options.loans() + MERCHANTS + 64));
    }

    /** Runs both parts; {@code uniformTps} is the same run's plain uniform rate, printed beside them. */
    public Figures run(final long uniformTps) {
        out.printf("programmable: 5,000 CNY voucher in %,d of %,d wallets, %d%% of payments by them at campaign merchants;"
                + " %,d SME loans%n", holders(), options.wallets(), CAMPAIGN_SHARE_PERCENT, options.loans());
        setUpPaymentsAndCampaign();
        final long[] campaign = measureCampaignPayments();
        out.printf("  campaign payments    %,14d transfers/s   vs uniform without campaigns %,d/s (%+.1f%%); %,d paid"
                        + " from vouchers%n", campaign[0], uniformTps,
                100.0 * (campaign[0] - uniformTps) / uniformTps, campaign[1]);
        setUpLoans();
        final long loansPerSecond = measureLoanCollection();
        out.printf("  loan collection      %,14d loans/s       %,d loans due the same day, collected in one batch;"
                + " vs uniform %,d transfers/s%n", loansPerSecond, options.loans(), uniformTps);
        Checks.check(ledger.checkInvariants().isEmpty(), "invariants broken after benchmark: " + ledger.checkInvariants());
        return new Figures(campaign[0], campaign[1], loansPerSecond);
    }

    private int holders() {
        return Math.max(1, options.wallets() / HOLDER_EVERY);
    }

    private static long holder(final int h) {
        return PaymentWorkload.FIRST_WALLET + (long) h * HOLDER_EVERY;
    }

    private void setUpPaymentsAndCampaign() {
        for (final CommandBatch batch : PaymentWorkload.setup(options.wallets(), LedgerConfig.BATCH_MAX_DEFAULT)) {
            applyChecked(batch);
        }
        final CommandBatch batch = new CommandBatch(LedgerConfig.BATCH_MAX_DEFAULT);
        final long budget = VOUCHER_FEN * holders();
        final long lending = LOAN_FEN * options.loans();
        final long borrowerFunding = BORROWER_FUNDING_FEN * options.loans();
        Command.Transfer.of(-2, PaymentWorkload.CENTRAL_BANK, PaymentWorkload.OPERATOR, budget + lending + borrowerFunding,
                TransferCode.ISSUANCE).appendTo(batch);
        Command.OpenAccount.of(CITY, AccountKind.GOVERNMENT, PaymentWorkload.OPERATOR, 0, 320508, 0).appendTo(batch);
        Command.Transfer.of(-3, PaymentWorkload.OPERATOR, CITY, budget, TransferCode.EXCHANGE_IN).appendTo(batch);
        new Command.CreateCampaign(CAMPAIGN, CITY, budget, nowMs, nowMs + 365L * ShanghaiCalendar.DAY_MS, 0).appendTo(batch);
        new Command.AddCampaignRule(-4, CAMPAIGN, CampaignRule.MERCHANT_CATEGORY.number(), 5411, 0).appendTo(batch);
        new Command.AddCampaignRule(-5, CAMPAIGN, CampaignRule.MERCHANT_CATEGORY.number(), 5812, 0).appendTo(batch);
        for (int m = 0; m < MERCHANTS; m++) {
            Command.OpenAccount.of(FIRST_MERCHANT + m, AccountKind.MERCHANT, PaymentWorkload.OPERATOR, 1, 320505 + m % 5,
                    m % 2 == 0 ? 5411 : 5812).appendTo(batch);
        }
        applyChecked(batch);
        for (int h = 0; h < holders(); h++) {
            new Command.GrantCampaignFunds(-(10_000_000_000L + h), CAMPAIGN, holder(h), VOUCHER_FEN, 0).appendTo(batch);
            if (batch.isFull()) {
                applyChecked(batch);
            }
        }
        applyChecked(batch);
    }

    /** Median rate over the rounds after a warm-up, and how many payments drew on earmarked funds. */
    private long[] measureCampaignPayments() {
        final PaymentWorkload p2p = new PaymentWorkload(options.wallets(), false, options.seed() + 7);
        final SplittableRandom random = new SplittableRandom(options.seed() + 8);
        long nextId = FIRST_PAYMENT;
        long spends = 0;
        final long[] rates = new long[options.rounds()];
        for (int round = -1; round < options.rounds(); round++) {
            final int batchCount = (int) ((options.transfersPerRound() + LedgerConfig.BATCH_MAX_DEFAULT - 1)
                    / LedgerConfig.BATCH_MAX_DEFAULT);
            final CommandBatch[] batches = new CommandBatch[batchCount];
            for (int b = 0; b < batchCount; b++) {
                batches[b] = new CommandBatch(LedgerConfig.BATCH_MAX_DEFAULT);
                while (!batches[b].isFull()) {
                    if (random.nextInt(100) < CAMPAIGN_SHARE_PERCENT) {
                        batches[b].appendTransfer(nextId++, holder(random.nextInt(holders())),
                                FIRST_MERCHANT + random.nextInt(MERCHANTS), 1 + random.nextInt(100_00),
                                TransferCode.MERCHANT_PAYMENT.number());
                    } else {
                        p2p.appendPayment(batches[b], nextId++);
                    }
                }
            }
            final long startNs = System.nanoTime();
            long roundSpends = 0;
            long rejected = 0;
            for (final CommandBatch batch : batches) {
                ledger.apply(++batchSequence, nowMs += 1, batch, outcome);
                roundSpends += countCampaignSpends(outcome.events());
                rejected += PaymentWorkload.rejected(outcome);
            }
            final long elapsedNs = System.nanoTime() - startNs;
            Checks.check(rejected == 0, "benchmark payments were rejected: " + rejected);
            if (round >= 0) {
                rates[round] = (long) batchCount * LedgerConfig.BATCH_MAX_DEFAULT * 1_000_000_000L / elapsedNs;
                spends += roundSpends;
            }
        }
        Arrays.sort(rates);
        return new long[] {rates[rates.length / 2], spends};
    }

    private static long countCampaignSpends(final LedgerEvents events) {
        long spends = 0;
        for (int row = 0; row < events.count(); row++) {
            if (events.code(row) == TransferCode.CAMPAIGN_SPEND.number()) {
                spends++;
            }
        }
        return spends;
    }

    private void setUpLoans() {
        final CommandBatch batch = new CommandBatch(LedgerConfig.BATCH_MAX_DEFAULT);
        disbursementDay = ShanghaiCalendar.epochDay(nowMs);
        new Command.DefineLoanProduct(PRODUCT, PaymentWorkload.OPERATOR, 435, 1_800, 12, 0,
                Amortisation.EQUAL_INSTALMENT.number(), REPAYMENT_DAY, 0).appendTo(batch);
        applyChecked(batch);
        for (int l = 0; l < options.loans(); l++) {
            final long borrower = FIRST_BORROWER + l;
            Command.OpenAccount.of(borrower, AccountKind.CORPORATE, PaymentWorkload.OPERATOR, 1, 320505 + l % 10, 0)
                    .appendTo(batch);
            new Command.ProfileEnterprise(-(20_000_000_000L + l), borrower, EnterpriseSize.SMALL.number(), 1 + l % 20, 0)
                    .appendTo(batch);
            Command.Transfer.of(-(30_000_000_000L + l), PaymentWorkload.OPERATOR, borrower, BORROWER_FUNDING_FEN,
                    TransferCode.EXCHANGE_IN).appendTo(batch);
            new Command.DisburseLoan(FIRST_LOAN + l, PRODUCT, borrower, LOAN_FEN, 0).appendTo(batch);
            if (batch.count() + 4 > batch.capacity()) {
                applyChecked(batch);
            }
        }
        applyChecked(batch);
    }

    /** Loans collected per second on each of the rounds' due days (median). */
    private long measureLoanCollection() {
        final long[] rates = new long[options.rounds()];
        final CommandBatch empty = new CommandBatch(1);
        for (int round = 0; round < options.rounds(); round++) {
            nowMs = dueDayMs(round + 1);
            final long startNs = System.nanoTime();
            ledger.apply(++batchSequence, nowMs, empty, outcome);
            final long elapsedNs = System.nanoTime() - startNs;
            long collected = 0;
            for (int row = 0; row < outcome.events().count(); row++) {
                if (outcome.events().code(row) == TransferCode.LOAN_PRINCIPAL_REPAYMENT.number()) {
                    collected++;
                }
            }
            Checks.check(collected == options.loans(), "only " + collected + " of " + options.loans() + " loans collected");
            rates[round] = collected * 1_000_000_000L / elapsedNs;
        }
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    /** 09:00 in Shanghai on the day instalment {@code period} of the loans falls due. */
    private long dueDayMs(final int period) {
        final int day = LoanMath.dueDay(disbursementDay, REPAYMENT_DAY, period);
        return day * ShanghaiCalendar.DAY_MS - ShanghaiCalendar.OFFSET_MS + 9 * 3_600_000L;
    }

    private void applyChecked(final CommandBatch batch) {
        if (batch.count() == 0) {
            return;
        }
        ledger.apply(++batchSequence, nowMs += 1, batch, outcome);
        PaymentWorkload.checkAllApplied(outcome);
        batch.clear();
    }

}
