package org.tongbao.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.kpi.aggregate.KpiAggregates;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.Period;
import org.tongbao.kpi.registry.FintechRegistry;

/**
 * Incentives by campaign, from the engine's own campaign commands: the campaign id the engine
 * puts in the reference of each campaign movement is the movement's campaign; the free-funds
 * part of a payment that spent campaign funds counts under that campaign too; everything else
 * is "none"; campaigns past the dimension's bound share "other".
 */
class CampaignDimensionTest {
    private static final long CENTRAL_BANK = 1;
    private static final long OPERATOR = 2;
    private static final long CITY = 3;
    private static final long SPENDER = 10;
    private static final long HOLDER = 11;
    private static final long GROCERY = 20;
    private static final long VOUCHERS = 9_001;
    private static final long CLOSED_EARLY = 9_002;
    private static final LocalDate MARCH_1 = LocalDate.of(2023, 3, 1);

    private final Ledger ledger = new Ledger(LedgerConfig.defaults(4_096).withIdempotencyGeneration(1 << 12)
            .withPendingMax(16));
    private final BatchOutcome outcome = new BatchOutcome(LedgerConfig.BATCH_MAX_DEFAULT);
    private final KpiPlatform platform = new KpiPlatform(KpiConfig.defaults(), new FintechRegistry());
    private long sequence;
    private long nextId = 1_000_000;

    @Test
    void eachIncentiveMovementCountsUnderItsCampaignAndSalesDrivenHoldWholePayments() {
        open(MARCH_1.minusDays(1));
        final long fromMs = PilotFixture.noonMs(MARCH_1) - 3_600_000;
        final long untilMs = PilotFixture.noonMs(MARCH_1.plusDays(9));
        apply(MARCH_1, new Command.CreateCampaign(VOUCHERS, CITY, 10_000, fromMs, untilMs, 0),
                new Command.CreateCampaign(CLOSED_EARLY, CITY, 4_000, fromMs, untilMs, 0));
        apply(MARCH_1, new Command.GrantCampaignFunds(nextId++, VOUCHERS, SPENDER, 3_000, 0),
                new Command.GrantCampaignFunds(nextId++, VOUCHERS, HOLDER, 1_000, 0));
        apply(MARCH_1.plusDays(1), transfer(SPENDER, GROCERY, 5_000, TransferCode.MERCHANT_PAYMENT),
                transfer(HOLDER, SPENDER, 100, TransferCode.P2P), new Command.CloseCampaign(nextId++, CLOSED_EARLY, 0));
        apply(MARCH_1.plusDays(10), transfer(SPENDER, HOLDER, 100, TransferCode.P2P));
        final int day = (int) MARCH_1.plusDays(10).toEpochDay();

        assertThat(byCampaign(Metric.INCENTIVES_FUNDED, VOUCHERS, day)).isEqualTo(10_000);
        assertThat(byCampaign(Metric.INCENTIVES_GRANTED, VOUCHERS, day)).isEqualTo(4_000);
        assertThat(byCampaign(Metric.INCENTIVES_SPENT, VOUCHERS, day)).isEqualTo(3_000);
        assertThat(byCampaign(Metric.INCENTIVES_EXPIRED, VOUCHERS, day)).isEqualTo(1_000);
        assertThat(byCampaign(Metric.INCENTIVES_RETURNED, VOUCHERS, day)).isZero();
        assertThat(byCampaign(Metric.MERCHANT_SALES_DRIVEN, VOUCHERS, day)).isEqualTo(5_000);
        assertThat(byCampaign(Metric.SALES_PER_INCENTIVE_YUAN, VOUCHERS, day)).isEqualTo(5_000 / 3_000.0);
        assertThat(byCampaign(Metric.TRANSACTION_VOLUME, VOUCHERS, day)).isEqualTo(5_000);
        assertThat(byCampaign(Metric.INCENTIVES_FUNDED, CLOSED_EARLY, day)).isEqualTo(4_000);
        assertThat(byCampaign(Metric.INCENTIVES_RETURNED, CLOSED_EARLY, day)).isEqualTo(4_000);
        assertThat(byCampaign(Metric.INCENTIVES_GRANTED, CLOSED_EARLY, day)).isZero();
        assertThat(byCampaign(Metric.TRANSACTION_VOLUME, 0, day)).as("the P2P payments are in no campaign").isEqualTo(200);
        for (final Metric metric : new Metric[] {Metric.INCENTIVES_FUNDED, Metric.INCENTIVES_GRANTED,
            Metric.INCENTIVES_SPENT, Metric.INCENTIVES_EXPIRED, Metric.INCENTIVES_RETURNED, Metric.MERCHANT_SALES_DRIVEN}) {
            assertThat(byCampaign(metric, 0, day)).as("%s outside any campaign", metric).isZero();
        }
        final MetricBreakdown granted = platform.breakdown(Metric.INCENTIVES_GRANTED, Dimension.CAMPAIGN, Period.YEAR, day);
        assertThat(granted.rows()).extracting(MetricBreakdown.Row::label)
                .containsExactly("none", "campaign 9001", "campaign 9002");
        assertThat(granted.rows()).extracting(MetricBreakdown.Row::value).containsExactly(0L, VOUCHERS, CLOSED_EARLY);
        assertThat(granted.total()).isEqualTo(4_000);
    }

    @Test
    void campaignsPastTheBoundShareTheOtherSlotAndNothingIsLost() {
        open(MARCH_1.minusDays(1));
        final int campaigns = 600;
        final long fromMs = PilotFixture.noonMs(MARCH_1) - 3_600_000;
        final long untilMs = PilotFixture.noonMs(MARCH_1.plusDays(30));
        for (int first = 0; first < campaigns; first += 100) {
            final Command[] creates = new Command[100];
            for (int c = 0; c < creates.length; c++) {
                creates[c] = new Command.CreateCampaign(100_000 + first + c, CITY, 100 + first + c, fromMs, untilMs, 0);
            }
            apply(MARCH_1, creates);
        }
        final int day = (int) MARCH_1.toEpochDay();
        final KpiAggregates aggregates = platform.aggregates();
        final int slots = Dimension.CAMPAIGN.slotsMax();

        assertThat(aggregates.slotCount(Dimension.CAMPAIGN)).isEqualTo(slots);
        assertThat(aggregates.slotLabel(Dimension.CAMPAIGN, slots - 2)).isEqualTo("campaign " + (100_000 + slots - 3));
        assertThat(aggregates.slotLabel(Dimension.CAMPAIGN, slots - 1)).isEqualTo("other");
        assertThat(byCampaign(Metric.INCENTIVES_FUNDED, 100_000 + slots - 3, day)).isEqualTo(100 + slots - 3);
        long other = 0;
        for (int c = slots - 2; c < campaigns; c++) {
            other += 100 + c;
        }
        assertThat(aggregates.flow(Metric.INCENTIVES_FUNDED, Dimension.CAMPAIGN, slots - 1, day, day)).isEqualTo(other);
        final MetricBreakdown funded = platform.breakdown(Metric.INCENTIVES_FUNDED, Dimension.CAMPAIGN, Period.DAY, day);
        assertThat(funded.rows()).hasSize(slots);
        assertThat(funded.rows().stream().mapToDouble(MetricBreakdown.Row::amount).sum()).isEqualTo(funded.total());
        assertThat(funded.total()).isEqualTo(campaigns * 100 + campaigns * (campaigns - 1) / 2.0);
    }

    @Test
    void theDimensionIsNamedCampaign() {
        assertThat(Dimension.byName("campaign")).isEqualTo(Dimension.CAMPAIGN);
        assertThat(Dimension.byName("CAMPAIGN")).isEqualTo(Dimension.CAMPAIGN);
    }

    private double byCampaign(final Metric metric, final long campaign, final int day) {
        return platform.value(metric, Dimension.CAMPAIGN, campaign, Period.YEAR, day);
    }

    /** A central bank, an operator, the city government with funds, two wallets and a grocery. */
    private void open(final LocalDate day) {
        apply(day, Command.OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0),
                Command.OpenAccount.of(OPERATOR, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0),
                Command.OpenAccount.of(CITY, AccountKind.GOVERNMENT, OPERATOR, 0, PilotFixture.GUSU, 0),
                Command.OpenAccount.of(SPENDER, AccountKind.PERSONAL, OPERATOR, 1, PilotFixture.GUSU, 0),
                Command.OpenAccount.of(HOLDER, AccountKind.PERSONAL, OPERATOR, 1, PilotFixture.KUNSHAN, 0),
                Command.OpenAccount.of(GROCERY, AccountKind.MERCHANT, OPERATOR, 1, PilotFixture.GUSU, 5411),
                transfer(CENTRAL_BANK, OPERATOR, 10_000_000_00L, TransferCode.ISSUANCE),
                transfer(OPERATOR, CITY, 1_000_000_00L, TransferCode.EXCHANGE_IN),
                transfer(OPERATOR, SPENDER, 10_000_00L, TransferCode.EXCHANGE_IN),
                transfer(OPERATOR, HOLDER, 10_000_00L, TransferCode.EXCHANGE_IN));
    }

    private Command transfer(final long debit, final long credit, final long amountFen, final TransferCode code) {
        return Command.Transfer.of(nextId++, debit, credit, amountFen, code);
    }

    private void apply(final LocalDate day, final Command... commands) {
        final CommandBatch batch = new CommandBatch(commands.length);
        for (final Command command : commands) {
            command.appendTo(batch);
        }
        final long timeMs = PilotFixture.noonMs(day) + sequence;
        ledger.apply(++sequence, timeMs, batch, outcome);
        for (int i = 0; i < batch.count(); i++) {
            assertThat(outcome.result(i)).as("command %d of batch %d: %s", i, sequence, commands[i])
                    .isEqualTo(ResultCode.OK);
        }
        platform.onBatch(ledger, sequence, timeMs, outcome.events());
    }
}
