package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.ANON;
import static org.tongbao.engine.LedgerFixture.FIRM;
import static org.tongbao.engine.LedgerFixture.OPERATOR_A;
import static org.tongbao.engine.LedgerFixture.SHOP;
import static org.tongbao.engine.LedgerFixture.shanghai;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command.OpenAccount;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.wallet.TierLimits;
import org.tongbao.engine.wallet.WalletLimits;

/**
 * Wallet limits by KYC tier, as in the PILOT.md table (CNY): balance cap, single payment, daily
 * (Asia/Shanghai calendar day) and annual (calendar year) payment limits.
 */
class PaymentLimitsTest {
    private static final String PILOT_TIER_TABLE = """
            1, 500000, 50000, 100000, 500000
            2,  10000,  5000,  10000, 300000
            3,   2000,  2000,   2000,  50000
            4,   1000,   500,   1000,  10000
            """;
    private static final long WALLET = 9_001;
    private static final long DAY_MS = 86_400_000L;
    private static final long TIER_4_CAP_FEN = 1_000_00;
    private static final long TIER_4_SINGLE_FEN = 500_00;
    private static final long TIER_4_DAILY_FEN = 1_000_00;

    private final LedgerFixture fixture = LedgerFixture.standard();

    private static long fen(final long yuan) {
        return yuan * 100;
    }

    private void openWallet(final int tier) {
        assertThat(fixture.result(OpenAccount.of(WALLET, AccountKind.PERSONAL, OPERATOR_A, tier, 0, 0)))
                .isEqualTo(ResultCode.OK);
    }

    private Transfer pay(final long wallet, final long amountFen) {
        return Transfer.of(fixture.id(), wallet, SHOP, amountFen, TransferCode.MERCHANT_PAYMENT);
    }

    /** Pays {@code totalFen} to the shop in payments of at most {@code singleFen}, refilling up to {@code capFen}. */
    private void spend(final long wallet, final long totalFen, final long singleFen, final long capFen) {
        long remaining = totalFen;
        while (remaining > 0) {
            final long amount = Math.min(singleFen, remaining);
            if (fixture.balance(wallet) < amount) {
                fixture.fund(wallet, capFen - fixture.balance(wallet));
            }
            assertThat(fixture.result(pay(wallet, amount))).as("paying %d fen", amount).isEqualTo(ResultCode.OK);
            remaining -= amount;
        }
    }

    @ParameterizedTest(name = "tier {0}")
    @CsvSource(textBlock = PILOT_TIER_TABLE)
    void capsAPersonalWalletAtItsTiersBalanceCap(final int tier, final long capYuan, final long singleYuan,
                                                   final long dailyYuan, final long annualYuan) {
        openWallet(tier);

        assertThat(fixture.result(Transfer.of(fixture.id(), OPERATOR_A, WALLET, fen(capYuan), TransferCode.EXCHANGE_IN)))
                .isEqualTo(ResultCode.OK);
        fixture.assertRejected(ResultCode.EXCEEDS_BALANCE_CAP,
                Transfer.of(fixture.id(), OPERATOR_A, WALLET, 1, TransferCode.EXCHANGE_IN));
    }

    @ParameterizedTest(name = "tier {0}")
    @CsvSource(textBlock = PILOT_TIER_TABLE)
    void limitsOnePaymentToTheTiersSinglePaymentLimit(final int tier, final long capYuan, final long singleYuan,
                                                        final long dailyYuan, final long annualYuan) {
        openWallet(tier);
        fixture.fund(WALLET, fen(capYuan));

        fixture.assertRejected(ResultCode.EXCEEDS_SINGLE_PAYMENT_LIMIT, pay(WALLET, fen(singleYuan) + 1));
        assertThat(fixture.result(pay(WALLET, fen(singleYuan)))).isEqualTo(ResultCode.OK);
    }

    @ParameterizedTest(name = "tier {0}")
    @CsvSource(textBlock = PILOT_TIER_TABLE)
    void limitsTheDaysPaymentsToTheTiersDailyLimit(final int tier, final long capYuan, final long singleYuan,
                                                   final long dailyYuan, final long annualYuan) {
        openWallet(tier);
        spend(WALLET, fen(dailyYuan), fen(singleYuan), fen(capYuan));
        fixture.fund(WALLET, 1);

        assertThat(fixture.account(WALLET).dailySpentFen()).isEqualTo(fen(dailyYuan));
        fixture.assertRejected(ResultCode.EXCEEDS_DAILY_LIMIT, pay(WALLET, 1));
    }

    @ParameterizedTest(name = "tier {0}")
    @CsvSource(textBlock = PILOT_TIER_TABLE)
    void limitsTheYearsPaymentsToTheTiersAnnualLimit(final int tier, final long capYuan, final long singleYuan,
                                                     final long dailyYuan, final long annualYuan) {
        openWallet(tier);
        final long days = annualYuan / dailyYuan;
        final long firstDayMs = fixture.nowMs();
        for (int day = 0; day < days; day++) {
            fixture.applyAt(firstDayMs + day * DAY_MS);
            spend(WALLET, fen(dailyYuan), fen(singleYuan), fen(capYuan));
        }
        fixture.applyAt(firstDayMs + days * DAY_MS);
        fixture.fund(WALLET, 1);

        assertThat(fixture.account(WALLET).annualSpentFen()).isEqualTo(fen(annualYuan));
        assertThat(fixture.account(WALLET).dailySpentFen()).isZero();
        fixture.assertRejected(ResultCode.EXCEEDS_ANNUAL_LIMIT, pay(WALLET, 1));
    }

    @Test
    void startsTheShanghaiDayAtSixteenHundredUtc() {
        assertThat(shanghai("2023-06-16T00:00:00")).isEqualTo(Instant.parse("2023-06-15T16:00:00Z").toEpochMilli());
    }

    @Test
    void resetsTheDailyLimitAtMidnightInShanghai() {
        spend(ANON, TIER_4_DAILY_FEN, TIER_4_SINGLE_FEN, TIER_4_CAP_FEN);
        fixture.applyAt(shanghai("2023-06-15T23:59:58"));
        fixture.fund(ANON, 1);

        fixture.assertRejectedAt(shanghai("2023-06-15T23:59:59.999"), ResultCode.EXCEEDS_DAILY_LIMIT, pay(ANON, 1));
        assertThat(fixture.applyAt(shanghai("2023-06-16T00:00:00"), pay(ANON, 1)).results())
                .containsExactly(ResultCode.OK);
        assertThat(fixture.account(ANON).dailySpentFen()).isEqualTo(1);
        assertThat(fixture.account(ANON).annualSpentFen()).isEqualTo(TIER_4_DAILY_FEN + 1);
    }

    @Test
    void resetsTheAnnualLimitOnTheFirstOfJanuaryInShanghai() {
        final long firstDayMs = shanghai("2023-12-21T10:00:00");
        for (int day = 0; day < 10; day++) {
            fixture.applyAt(firstDayMs + day * DAY_MS);
            spend(ANON, TIER_4_DAILY_FEN, TIER_4_SINGLE_FEN, TIER_4_CAP_FEN);
        }
        fixture.applyAt(shanghai("2023-12-31T10:00:00"));
        fixture.fund(ANON, 1);
        fixture.assertRejected(ResultCode.EXCEEDS_ANNUAL_LIMIT, pay(ANON, 1));

        fixture.assertRejectedAt(shanghai("2023-12-31T23:59:59.999"), ResultCode.EXCEEDS_ANNUAL_LIMIT, pay(ANON, 1));
        assertThat(fixture.applyAt(Instant.parse("2023-12-31T16:00:00Z").toEpochMilli(), pay(ANON, 1)).results())
                .containsExactly(ResultCode.OK);
        assertThat(fixture.account(ANON).annualSpentFen()).isEqualTo(1);
    }

    @Test
    void countsPaymentsOnlyAgainstThePayersLimits() {
        fixture.fund(ALICE, 10_000);
        fixture.apply(Transfer.of(fixture.id(), ALICE, ANON, 5_000, TransferCode.P2P));

        assertThat(fixture.account(ALICE).dailySpentFen()).isEqualTo(5_000);
        assertThat(fixture.account(ANON).dailySpentFen()).isZero();
    }

    @Test
    void exemptsExchangeFromWalletLimitsBecauseItIsNotAPayment() {
        fixture.fund(ANON, TIER_4_CAP_FEN);

        assertThat(fixture.result(Transfer.of(fixture.id(), ANON, OPERATOR_A, TIER_4_CAP_FEN, TransferCode.EXCHANGE_OUT)))
                .isEqualTo(ResultCode.OK);
        assertThat(fixture.account(ANON).dailySpentFen()).isZero();
    }

    @Test
    void leavesCorporateWalletsUnlimitedByDefault() {
        final long large = fen(1_000_000);
        fixture.fund(FIRM, large);

        assertThat(fixture.result(Transfer.of(fixture.id(), FIRM, SHOP, large, TransferCode.B2B))).isEqualTo(ResultCode.OK);
    }

    @Test
    void takesTheLimitsFromConfigurationNotCode() {
        final WalletLimits anonymousAtTenThousand = WalletLimits.of(new TierLimits[] {
            TierLimits.ofYuan(500_000, 50_000, 100_000, 500_000),
            TierLimits.ofYuan(10_000, 5_000, 10_000, 300_000),
            TierLimits.ofYuan(2_000, 2_000, 2_000, 50_000),
            TierLimits.ofYuan(10_000, 2_000, 5_000, 50_000)},
                WalletLimits.unlimitedTiers(), WalletLimits.unlimitedTiers());
        final LedgerFixture configured = LedgerFixture.standard(LedgerFixture.config().withWalletLimits(anonymousAtTenThousand));
        configured.fund(ANON, fen(10_000));

        assertThat(configured.result(Transfer.of(configured.id(), ANON, SHOP, fen(2_000), TransferCode.MERCHANT_PAYMENT)))
                .isEqualTo(ResultCode.OK);
        configured.assertRejected(ResultCode.EXCEEDS_SINGLE_PAYMENT_LIMIT,
                Transfer.of(configured.id(), ANON, SHOP, fen(2_000) + 1, TransferCode.MERCHANT_PAYMENT));
    }
}
