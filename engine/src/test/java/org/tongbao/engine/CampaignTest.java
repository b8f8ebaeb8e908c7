package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.ANON;
import static org.tongbao.engine.LedgerFixture.BOB;
import static org.tongbao.engine.LedgerFixture.CITY;
import static org.tongbao.engine.LedgerFixture.FIRM;
import static org.tongbao.engine.LedgerFixture.GROCERIES;
import static org.tongbao.engine.LedgerFixture.GUSU;
import static org.tongbao.engine.LedgerFixture.OPERATOR_A;
import static org.tongbao.engine.LedgerFixture.SHOP;
import static org.tongbao.engine.LedgerFixture.START_MS;
import static org.tongbao.engine.LedgerFixture.raw;
import static org.tongbao.engine.LedgerFixture.shanghai;
import static org.tongbao.engine.payment.TransferCode.CAMPAIGN_EXPIRY;
import static org.tongbao.engine.payment.TransferCode.CAMPAIGN_FUNDING;
import static org.tongbao.engine.payment.TransferCode.CAMPAIGN_GRANT;
import static org.tongbao.engine.payment.TransferCode.CAMPAIGN_RETURN;
import static org.tongbao.engine.payment.TransferCode.CAMPAIGN_SPEND;
import static org.tongbao.engine.payment.TransferCode.EXCHANGE_IN;
import static org.tongbao.engine.payment.TransferCode.EXCHANGE_OUT;
import static org.tongbao.engine.payment.TransferCode.MERCHANT_PAYMENT;
import static org.tongbao.engine.payment.TransferCode.P2P;
import static org.tongbao.engine.payment.TransferCode.TAX_PAYMENT;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongbao.engine.LedgerFixture.Applied;
import org.tongbao.engine.LedgerFixture.Event;
import org.tongbao.engine.LedgerFixture.State;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.Command.AddCampaignRule;
import org.tongbao.engine.command.Command.Close;
import org.tongbao.engine.command.Command.CloseCampaign;
import org.tongbao.engine.command.Command.CreateCampaign;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.GrantCampaignFunds;
import org.tongbao.engine.command.Command.LockEscrow;
import org.tongbao.engine.command.Command.OpenAccount;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.incentive.CampaignRule;
import org.tongbao.engine.incentive.CampaignView;
import org.tongbao.engine.incentive.Campaigns;
import org.tongbao.engine.incentive.EarmarkView;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.wallet.WalletLimits;

/**
 * Incentive campaigns: creation and funding, rules, grants of earmarked funds, spending them at
 * eligible merchants only, expiry at the end of the window, closing, conservation and snapshots.
 */
class CampaignTest {
    private static final long CAMPAIGN = 9_001;
    private static final long SOONER_CAMPAIGN = 9_002;
    /** Merchant (5812 restaurants) in Gusu, at operator A. */
    private static final long CAFE = 302;
    /** Merchant (5411 groceries) in Huangpu, Shanghai, at operator A. */
    private static final long FAR_SHOP = 303;
    private static final int RESTAURANTS = 5812;
    private static final int HUANGPU = 310101;
    private static final long CITY_FUNDS_FEN = 10_000_000;
    private static final long BUDGET_FEN = 1_000_000;
    private static final long FROM_MS = START_MS - 3_600_000;
    private static final long UNTIL_MS = shanghai("2023-07-01T00:00:00");
    private static final long SOONER_UNTIL_MS = shanghai("2023-06-20T00:00:00");
    /** Tier 4 (anonymous) personal balance cap: 1,000 yuan. */
    private static final long TIER_4_CAP_FEN = 100_000;

    private final LedgerFixture fixture = LedgerFixture.standard();

    @BeforeEach
    void openMerchantsAndFundTheCity() {
        assertThat(fixture.apply(
                OpenAccount.of(CAFE, AccountKind.MERCHANT, OPERATOR_A, 1, GUSU, RESTAURANTS),
                OpenAccount.of(FAR_SHOP, AccountKind.MERCHANT, OPERATOR_A, 1, HUANGPU, GROCERIES)).results())
                .containsOnly(ResultCode.OK);
        fixture.fund(CITY, CITY_FUNDS_FEN);
    }

    // ---- helpers ----

    private static CreateCampaign create(final long campaignId, final long funderId, final long budgetFen,
                                         final long fromMs, final long untilMs) {
        return new CreateCampaign(campaignId, funderId, budgetFen, fromMs, untilMs, 0);
    }

    private void createCampaign(final long campaignId, final long untilMs, final Command... rules) {
        assertThat(fixture.result(create(campaignId, CITY, BUDGET_FEN, FROM_MS, untilMs))).isEqualTo(ResultCode.OK);
        for (final Command rule : rules) {
            assertThat(fixture.result(rule)).as("rule %s", rule).isEqualTo(ResultCode.OK);
        }
    }

    private void createCampaign(final Command... rules) {
        createCampaign(CAMPAIGN, UNTIL_MS, rules);
    }

    private AddCampaignRule rule(final long campaignId, final CampaignRule rule, final long value) {
        return new AddCampaignRule(fixture.id(), campaignId, rule.number(), value, 0);
    }

    private AddCampaignRule rule(final CampaignRule rule, final long value) {
        return rule(CAMPAIGN, rule, value);
    }

    private GrantCampaignFunds grant(final long campaignId, final long walletId, final long amountFen) {
        return new GrantCampaignFunds(fixture.id(), campaignId, walletId, amountFen, 0);
    }

    private GrantCampaignFunds grant(final long walletId, final long amountFen) {
        return grant(CAMPAIGN, walletId, amountFen);
    }

    private void granted(final long walletId, final long amountFen) {
        assertThat(fixture.result(grant(walletId, amountFen))).as("grant to %d", walletId).isEqualTo(ResultCode.OK);
    }

    private Transfer pay(final long walletId, final long merchantId, final long amountFen) {
        return Transfer.of(fixture.id(), walletId, merchantId, amountFen, MERCHANT_PAYMENT);
    }

    private Transfer transfer(final long debitId, final long creditId, final long amountFen, final TransferCode code) {
        return Transfer.of(fixture.id(), debitId, creditId, amountFen, code);
    }

    private CampaignView campaign() {
        return fixture.ledger().campaign(CAMPAIGN);
    }

    private static Event transferRow(final int commandIndex, final long id, final long reference, final long debitId,
                                     final long creditId, final long amountFen, final TransferCode code) {
        return new Event(EventType.TRANSFER, commandIndex, id, reference, debitId, creditId, amountFen, code.number(), 0);
    }

    // ---- creating and funding ----

    @Test
    void createsACampaignByOpeningItsPoolAndMovingTheBudgetFromTheFunder() {
        final Applied applied = fixture.apply(new CreateCampaign(CAMPAIGN, CITY, BUDGET_FEN, FROM_MS, UNTIL_MS, 77));

        assertThat(applied.results()).containsExactly(ResultCode.OK);
        assertThat(applied.events()).containsExactly(
                new Event(EventType.ACCOUNT_OPENED, 0, CAMPAIGN, 0, CAMPAIGN, 0, 0, AccountKind.CAMPAIGN_POOL.number(), 77),
                new Event(EventType.CAMPAIGN_CREATED, 0, CAMPAIGN, CAMPAIGN, CAMPAIGN, CITY, BUDGET_FEN, 0, 77),
                new Event(EventType.TRANSFER, 0, CAMPAIGN, CAMPAIGN, CITY, CAMPAIGN, BUDGET_FEN,
                        CAMPAIGN_FUNDING.number(), 77));
        assertThat(fixture.account(CAMPAIGN).kind()).isEqualTo(AccountKind.CAMPAIGN_POOL);
        assertThat(fixture.balance(CAMPAIGN)).isEqualTo(BUDGET_FEN);
        assertThat(fixture.balance(CITY)).isEqualTo(CITY_FUNDS_FEN - BUDGET_FEN);
        assertThat(campaign()).isEqualTo(new CampaignView(CAMPAIGN, CITY, BUDGET_FEN, FROM_MS, UNTIL_MS, "OPEN",
                BUDGET_FEN, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void setsAmountRulesThatTheViewShows() {
        createCampaign(rule(CampaignRule.MIN_PURCHASE, 10_000), rule(CampaignRule.MAX_PER_PAYMENT, 2_000),
                rule(CampaignRule.WALLET_CAP, 5_000));

        assertThat(campaign().minPurchaseFen()).isEqualTo(10_000);
        assertThat(campaign().maxPerPaymentFen()).isEqualTo(2_000);
        assertThat(campaign().walletCapFen()).isEqualTo(5_000);
    }

    @Test
    void refusesACampaignFundedByAnyoneButAGovernmentBody() {
        fixture.fund(FIRM, BUDGET_FEN);

        fixture.assertRejected(ResultCode.FUNDER_NOT_GOVERNMENT, create(CAMPAIGN, FIRM, BUDGET_FEN, FROM_MS, UNTIL_MS));
    }

    @Test
    void refusesACampaignWhoseIdIsAnAccountsId() {
        fixture.assertRejected(ResultCode.CAMPAIGN_ID_TAKEN, create(ALICE, CITY, BUDGET_FEN, FROM_MS, UNTIL_MS));
    }

    @Test
    void refusesAWindowThatDoesNotStartBeforeItEnds() {
        fixture.assertRejected(ResultCode.CAMPAIGN_WINDOW_INVALID, create(CAMPAIGN, CITY, BUDGET_FEN, UNTIL_MS, UNTIL_MS));
    }

    @Test
    void refusesAWindowThatEndsByTheBatchTime() {
        final long batchMs = fixture.nowMs() + LedgerFixture.STEP_MS;

        fixture.assertRejected(ResultCode.CAMPAIGN_WINDOW_INVALID, create(CAMPAIGN, CITY, BUDGET_FEN, FROM_MS, batchMs));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void refusesABudgetThatIsNotPositive(final long budgetFen) {
        fixture.assertRejected(ResultCode.AMOUNT_MUST_BE_POSITIVE, create(CAMPAIGN, CITY, budgetFen, FROM_MS, UNTIL_MS));
    }

    @Test
    void refusesABudgetAboveWhatTheFunderHolds() {
        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS,
                create(CAMPAIGN, CITY, CITY_FUNDS_FEN + 1, FROM_MS, UNTIL_MS));
    }

    @Test
    void refusesAnUnknownFunder() {
        fixture.assertRejected(ResultCode.DEBIT_ACCOUNT_NOT_FOUND, create(CAMPAIGN, 777_777, BUDGET_FEN, FROM_MS, UNTIL_MS));
    }

    @Test
    void refusesAFrozenFunder() {
        fixture.apply(new Freeze(fixture.id(), CITY));

        fixture.assertRejected(ResultCode.DEBIT_ACCOUNT_FROZEN, create(CAMPAIGN, CITY, BUDGET_FEN, FROM_MS, UNTIL_MS));
    }

    @Test
    void refusesACreateCommandCarryingAFieldItDoesNotUse() {
        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(
                CommandType.CAMPAIGN_CREATE.number(), 0, 0, 0), CAMPAIGN, CITY, BOB, BUDGET_FEN, FROM_MS, UNTIL_MS, 0));
    }

    /** Campaigns.CAMPAIGNS_MAX pools fit in a ledger whose account table is larger. */
    @Test
    void refusesACampaignBeyondTheMostTheLedgerHolds() {
        final LedgerConfig roomy = new LedgerConfig(Campaigns.CAMPAIGNS_MAX + 100, 16, 64,
                LedgerConfig.PENDING_TIMEOUT_MAX_SECONDS_DEFAULT, 4_096, 8_192, WalletLimits.defaults());
        final LedgerFixture big = LedgerFixture.standard(roomy);
        big.fund(CITY, CITY_FUNDS_FEN);
        final int perBatch = roomy.batchMax();
        for (int created = 0; created < Campaigns.CAMPAIGNS_MAX; created += perBatch) {
            final Command[] commands = new Command[Math.min(perBatch, Campaigns.CAMPAIGNS_MAX - created)];
            for (int i = 0; i < commands.length; i++) {
                commands[i] = create(big.id(), CITY, 1, FROM_MS, UNTIL_MS);
            }
            assertThat(big.apply(commands).results()).containsOnly(ResultCode.OK);
        }

        big.assertRejected(ResultCode.CAMPAIGN_LIMIT_REACHED, create(big.id(), CITY, 1, FROM_MS, UNTIL_MS));
    }

    // ---- rules ----

    static Stream<Arguments> invalidRules() {
        return Stream.of(
                Arguments.of(0, 5_411L),
                Arguments.of(7, 5_411L),
                Arguments.of(CampaignRule.MERCHANT_CATEGORY.number(), 0L),
                Arguments.of(CampaignRule.MERCHANT_CATEGORY.number(), 10_000L),
                Arguments.of(CampaignRule.DISTRICT.number(), 99_999L),
                Arguments.of(CampaignRule.DISTRICT.number(), 1_000_000L),
                Arguments.of(CampaignRule.MERCHANT.number(), ALICE),
                Arguments.of(CampaignRule.MERCHANT.number(), 777_777L),
                Arguments.of(CampaignRule.MIN_PURCHASE.number(), 0L),
                Arguments.of(CampaignRule.MAX_PER_PAYMENT.number(), -1L),
                Arguments.of(CampaignRule.WALLET_CAP.number(), 0L));
    }

    @ParameterizedTest(name = "rule {0} with value {1}")
    @MethodSource("invalidRules")
    void refusesARuleThatIsNotDefinedOrOutOfRange(final int rule, final long value) {
        createCampaign();

        fixture.assertRejected(ResultCode.CAMPAIGN_RULE_INVALID, new AddCampaignRule(fixture.id(), CAMPAIGN, rule, value, 0));
    }

    @Test
    void refusesARuleOnceTheFirstGrantIsMade() {
        createCampaign();
        granted(ALICE, 100);

        fixture.assertRejected(ResultCode.CAMPAIGN_RULES_LOCKED, rule(CampaignRule.MAX_PER_PAYMENT, 10));
    }

    @Test
    void refusesARuleOnceTheCampaignHasEnded() {
        createCampaign();
        fixture.applyAt(UNTIL_MS);

        fixture.assertRejected(ResultCode.CAMPAIGN_RULES_LOCKED, rule(CampaignRule.DISTRICT, GUSU));
    }

    @Test
    void refusesARuleCarryingAnAccount() {
        createCampaign();

        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(
                CommandType.CAMPAIGN_RULE.number(), 0, CampaignRule.DISTRICT.number(), 0), fixture.id(), CITY, 0, GUSU,
                CAMPAIGN, 0, 0));
    }

    static Stream<Arguments> commandsOnAnUnknownCampaign() {
        return Stream.of(
                Arguments.of(new AddCampaignRule(8_001, 4_242, CampaignRule.DISTRICT.number(), GUSU, 0)),
                Arguments.of(new GrantCampaignFunds(8_002, 4_242, ALICE, 100, 0)),
                Arguments.of(new CloseCampaign(8_003, 4_242, 0)),
                Arguments.of(new CloseCampaign(8_004, ALICE, 0)),
                Arguments.of(new AddCampaignRule(8_005, 0, CampaignRule.DISTRICT.number(), GUSU, 0)),
                Arguments.of(new GrantCampaignFunds(8_006, 0, ALICE, 100, 0)),
                Arguments.of(new CloseCampaign(8_007, 0, 0)));
    }

    /** Id 0 is no campaign's id either (the first campaign's table index is 0, its id is not). */
    @ParameterizedTest
    @MethodSource("commandsOnAnUnknownCampaign")
    void refusesARuleAGrantOrACloseOfACampaignThatDoesNotExist(final Command command) {
        createCampaign();

        fixture.assertRejected(ResultCode.CAMPAIGN_NOT_FOUND, command);
    }

    // ---- grants ----

    @Test
    void grantsEarmarkedFundsThatCountInTheBalanceButAreNotFreeToPay() {
        createCampaign();
        fixture.fund(ALICE, 1_000);
        final Applied applied = fixture.apply(new GrantCampaignFunds(6_001, CAMPAIGN, ALICE, 5_000, 33));

        assertThat(applied.results()).containsExactly(ResultCode.OK);
        assertThat(applied.events()).containsExactly(new Event(EventType.TRANSFER, 0, 6_001, CAMPAIGN, CAMPAIGN, ALICE,
                5_000, CAMPAIGN_GRANT.number(), 33));
        final AccountView alice = fixture.account(ALICE);
        assertThat(alice.balanceFen()).isEqualTo(6_000);
        assertThat(alice.earmarkedFen()).isEqualTo(5_000);
        assertThat(alice.availableFen()).isEqualTo(1_000);
        assertThat(fixture.ledger().earmarks(ALICE)).containsExactly(new EarmarkView(CAMPAIGN, 5_000, 5_000, UNTIL_MS));
        assertThat(campaign().grantedFen()).isEqualTo(5_000);
        assertThat(campaign().poolFen()).isEqualTo(BUDGET_FEN - 5_000);
        assertThat(campaign().outstandingFen()).isEqualTo(5_000);
    }

    @Test
    void grantsToCorporateWallets() {
        createCampaign();

        assertThat(fixture.result(grant(FIRM, 5_000))).isEqualTo(ResultCode.OK);
        assertThat(fixture.account(FIRM).earmarkedFen()).isEqualTo(5_000);
    }

    @Test
    void grantsBeforeTheWindowOpens() {
        final long laterCampaign = 9_003;
        assertThat(fixture.result(create(laterCampaign, CITY, BUDGET_FEN, UNTIL_MS - 1_000, UNTIL_MS)))
                .isEqualTo(ResultCode.OK);

        assertThat(fixture.result(grant(laterCampaign, ALICE, 5_000))).isEqualTo(ResultCode.OK);
    }

    @ParameterizedTest
    @ValueSource(longs = {SHOP, CITY, OPERATOR_A})
    void grantsOnlyToPersonalAndCorporateWallets(final long accountId) {
        createCampaign();

        fixture.assertRejected(ResultCode.WALLET_CANNOT_HOLD_EARMARKS, grant(accountId, 100));
    }

    @Test
    void refusesAGrantToAnUnknownWallet() {
        createCampaign();

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_NOT_FOUND, grant(777_777, 100));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -5})
    void refusesAGrantThatIsNotPositive(final long amountFen) {
        createCampaign();

        fixture.assertRejected(ResultCode.AMOUNT_MUST_BE_POSITIVE, grant(ALICE, amountFen));
    }

    @Test
    void refusesAGrantToAFrozenWallet() {
        createCampaign();
        fixture.apply(new Freeze(fixture.id(), ALICE));

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_FROZEN, grant(ALICE, 100));
    }

    @Test
    void refusesAGrantToAClosedWallet() {
        createCampaign();
        fixture.apply(new Close(fixture.id(), BOB));

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_CLOSED, grant(BOB, 100));
    }

    @Test
    void refusesAGrantAboveWhatThePoolHolds() {
        createCampaign();
        granted(ALICE, BUDGET_FEN - 100);

        fixture.assertRejected(ResultCode.CAMPAIGN_POOL_INSUFFICIENT, grant(BOB, 101));
        assertThat(fixture.result(grant(BOB, 100))).isEqualTo(ResultCode.OK);
    }

    @Test
    void countsEarmarkedFundsTowardTheWalletsBalanceCap() {
        createCampaign();
        fixture.fund(ANON, TIER_4_CAP_FEN - 1_000);

        fixture.assertRejected(ResultCode.EXCEEDS_BALANCE_CAP, grant(ANON, 1_001));
        granted(ANON, 1_000);
        fixture.assertRejected(ResultCode.EXCEEDS_BALANCE_CAP, transfer(OPERATOR_A, ANON, 1, EXCHANGE_IN));
    }

    @Test
    void capsWhatOneWalletIsGrantedOverTheCampaignsLifeEvenAfterSpending() {
        createCampaign(rule(CampaignRule.WALLET_CAP, 3_000));
        granted(ALICE, 2_000);

        fixture.assertRejected(ResultCode.EXCEEDS_CAMPAIGN_WALLET_CAP, grant(ALICE, 1_001));
        granted(ALICE, 1_000);
        assertThat(fixture.result(pay(ALICE, SHOP, 3_000))).isEqualTo(ResultCode.OK);
        fixture.assertRejected(ResultCode.EXCEEDS_CAMPAIGN_WALLET_CAP, grant(ALICE, 1));
        granted(BOB, 3_000);
    }

    @Test
    void refusesAGrantOnceTheWindowHasEnded() {
        createCampaign();
        fixture.applyAt(UNTIL_MS);

        fixture.assertRejected(ResultCode.CAMPAIGN_NOT_OPEN, grant(ALICE, 100));
    }

    @Test
    void refusesAGrantOnceTheCampaignIsClosed() {
        createCampaign();
        fixture.apply(new CloseCampaign(fixture.id(), CAMPAIGN, 0));

        fixture.assertRejected(ResultCode.CAMPAIGN_NOT_OPEN, grant(ALICE, 100));
    }

    // ---- spending ----

    @Test
    void paysAnEligibleMerchantFromEarmarkedFundsFirstAndTheRestFromFreeFunds() {
        createCampaign(rule(CampaignRule.MERCHANT_CATEGORY, GROCERIES));
        fixture.fund(ALICE, 10_000);
        granted(ALICE, 5_000);
        final Applied applied = fixture.apply(new Transfer(7_001, ALICE, SHOP, 8_000, MERCHANT_PAYMENT.number(), 0, 0, 12));

        assertThat(applied.results()).containsExactly(ResultCode.OK);
        assertThat(applied.events()).containsExactly(
                new Event(EventType.TRANSFER, 0, 7_001, CAMPAIGN, ALICE, SHOP, 5_000, CAMPAIGN_SPEND.number(), 12),
                new Event(EventType.TRANSFER, 0, 7_001, 0, ALICE, SHOP, 3_000, MERCHANT_PAYMENT.number(), 12));
        final AccountView alice = fixture.account(ALICE);
        assertThat(alice.balanceFen()).isEqualTo(7_000);
        assertThat(alice.earmarkedFen()).isZero();
        assertThat(alice.dailySpentFen()).as("limits count the whole payment").isEqualTo(8_000);
        assertThat(fixture.balance(SHOP)).isEqualTo(8_000);
        assertThat(campaign().spentFen()).isEqualTo(5_000);
        assertThat(fixture.ledger().earmarks(ALICE)).as("the entry stays, at zero, for the wallet cap")
                .containsExactly(new EarmarkView(CAMPAIGN, 0, 5_000, UNTIL_MS));
    }

    @Test
    void paysAPurchaseCoveredByEarmarksWithoutAMerchantPaymentRow() {
        createCampaign();
        granted(ALICE, 5_000);
        final Applied applied = fixture.apply(new Transfer(7_001, ALICE, SHOP, 3_000, MERCHANT_PAYMENT.number(), 0, 0, 0));

        assertThat(applied.events()).containsExactly(transferRow(0, 7_001, CAMPAIGN, ALICE, SHOP, 3_000, CAMPAIGN_SPEND));
        assertThat(fixture.account(ALICE).earmarkedFen()).isEqualTo(2_000);
        assertThat(fixture.account(ALICE).dailySpentFen()).isEqualTo(3_000);
    }

    @Test
    void refusesAnEligiblePaymentAboveEarmarkedAndFreeFundsTogether() {
        createCampaign();
        fixture.fund(ALICE, 1_000);
        granted(ALICE, 5_000);

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, pay(ALICE, SHOP, 6_001));
        assertThat(fixture.result(pay(ALICE, SHOP, 6_000))).isEqualTo(ResultCode.OK);
    }

    @Test
    void neverPaysAnIneligibleMerchantFromEarmarkedFunds() {
        createCampaign(rule(CampaignRule.MERCHANT_CATEGORY, RESTAURANTS));
        fixture.fund(ALICE, 1_000);
        granted(ALICE, 5_000);

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, pay(ALICE, SHOP, 1_001));
        final Applied paid = fixture.apply(new Transfer(7_001, ALICE, SHOP, 1_000, MERCHANT_PAYMENT.number(), 0, 0, 0));
        assertThat(paid.events()).containsExactly(transferRow(0, 7_001, 0, ALICE, SHOP, 1_000, MERCHANT_PAYMENT));
        assertThat(fixture.account(ALICE).earmarkedFen()).isEqualTo(5_000);
        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, pay(ALICE, SHOP, 1));
    }

    /** Every debit but a single-phase merchant payment at an eligible merchant, from a wallet holding only earmarks. */
    static Stream<Arguments> debitsThatCannotUseEarmarks() {
        return Stream.of(
                Arguments.of("P2P", Transfer.of(7_001, ALICE, BOB, 1, P2P)),
                Arguments.of("exchange out", Transfer.of(7_001, ALICE, OPERATOR_A, 1, EXCHANGE_OUT)),
                Arguments.of("tax", Transfer.of(7_001, ALICE, CITY, 1, TAX_PAYMENT)),
                Arguments.of("ineligible merchant", Transfer.of(7_001, ALICE, FAR_SHOP, 1, MERCHANT_PAYMENT)),
                Arguments.of("pending payment to an eligible merchant",
                        Transfer.pending(7_001, ALICE, SHOP, 1, MERCHANT_PAYMENT, 60)),
                Arguments.of("escrow lock for an eligible merchant",
                        new LockEscrow(7_001, ALICE, SHOP, 1, 0, UNTIL_MS, 1, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("debitsThatCannotUseEarmarks")
    void refusesEveryOtherDebitOfEarmarkedFunds(final String name, final Command debit) {
        createCampaign(rule(CampaignRule.DISTRICT, GUSU));
        granted(ALICE, 5_000);

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, debit);
    }

    @Test
    void neverPaysFromEarmarksInsideALinkedChain() {
        createCampaign();
        granted(ALICE, 5_000);
        fixture.fund(BOB, 100);
        final State before = fixture.state();

        final Applied applied = fixture.apply(pay(ALICE, SHOP, 1_000).linked(), transfer(BOB, ALICE, 100, P2P));

        assertThat(applied.results()).containsExactly(ResultCode.INSUFFICIENT_FUNDS, ResultCode.LINKED_EVENT_FAILED);
        assertThat(applied.events()).isEmpty();
        assertThat(fixture.state()).isEqualTo(before);
    }

    @Test
    void spendsAtMerchantsMatchingEveryKindOfPlaceRuleAndAnyRuleOfEachKind() {
        final long bar = 304;
        final long tooFarCafe = 305;
        assertThat(fixture.apply(OpenAccount.of(bar, AccountKind.MERCHANT, OPERATOR_A, 1, GUSU, 5_813),
                OpenAccount.of(tooFarCafe, AccountKind.MERCHANT, OPERATOR_A, 1, HUANGPU, RESTAURANTS)).results())
                .containsOnly(ResultCode.OK);
        createCampaign(rule(CampaignRule.MERCHANT_CATEGORY, GROCERIES), rule(CampaignRule.MERCHANT_CATEGORY, RESTAURANTS),
                rule(CampaignRule.DISTRICT, GUSU));
        granted(ALICE, 5_000);

        for (final long ineligible : new long[] {bar, tooFarCafe, FAR_SHOP}) {
            fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, pay(ALICE, ineligible, 100));
        }
        for (final long eligible : new long[] {SHOP, CAFE}) {
            assertThat(fixture.result(pay(ALICE, eligible, 100))).as("paying %d", eligible).isEqualTo(ResultCode.OK);
        }
        assertThat(fixture.account(ALICE).earmarkedFen()).isEqualTo(4_800);
    }

    @Test
    void spendsOnlyAtTheNamedMerchantsWhenMerchantRulesAreSet() {
        createCampaign(rule(CampaignRule.MERCHANT, CAFE), rule(CampaignRule.MERCHANT, FAR_SHOP));
        granted(ALICE, 5_000);

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, pay(ALICE, SHOP, 100));
        assertThat(fixture.result(pay(ALICE, CAFE, 100))).isEqualTo(ResultCode.OK);
        assertThat(fixture.result(pay(ALICE, FAR_SHOP, 100))).isEqualTo(ResultCode.OK);
    }

    @Test
    void usesEarmarksOnlyForPurchasesOfAtLeastTheMinimum() {
        createCampaign(rule(CampaignRule.MIN_PURCHASE, 10_000));
        granted(ALICE, 2_000);
        fixture.fund(ALICE, 20_000);

        final Applied small = fixture.apply(new Transfer(7_001, ALICE, SHOP, 9_999, MERCHANT_PAYMENT.number(), 0, 0, 0));
        assertThat(small.events()).containsExactly(transferRow(0, 7_001, 0, ALICE, SHOP, 9_999, MERCHANT_PAYMENT));
        final Applied enough = fixture.apply(new Transfer(7_002, ALICE, SHOP, 10_000, MERCHANT_PAYMENT.number(), 0, 0, 0));
        assertThat(enough.events()).containsExactly(
                transferRow(0, 7_002, CAMPAIGN, ALICE, SHOP, 2_000, CAMPAIGN_SPEND),
                transferRow(0, 7_002, 0, ALICE, SHOP, 8_000, MERCHANT_PAYMENT));
    }

    @Test
    void refusesAPurchaseBelowTheMinimumThatFreeFundsCannotCover() {
        createCampaign(rule(CampaignRule.MIN_PURCHASE, 10_000));
        granted(ALICE, 5_000);

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, pay(ALICE, SHOP, 5_000));
    }

    @Test
    void paysAtMostTheMaximumPerPaymentFromTheCampaign() {
        createCampaign(rule(CampaignRule.MAX_PER_PAYMENT, 1_000));
        granted(ALICE, 5_000);
        fixture.fund(ALICE, 2_000);

        final Applied applied = fixture.apply(new Transfer(7_001, ALICE, SHOP, 3_000, MERCHANT_PAYMENT.number(), 0, 0, 0));
        assertThat(applied.events()).containsExactly(
                transferRow(0, 7_001, CAMPAIGN, ALICE, SHOP, 1_000, CAMPAIGN_SPEND),
                transferRow(0, 7_001, 0, ALICE, SHOP, 2_000, MERCHANT_PAYMENT));
        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, pay(ALICE, SHOP, 1_001));
    }

    @Test
    void spendsTheSoonestExpiringCampaignFirst() {
        createCampaign();
        createCampaign(SOONER_CAMPAIGN, SOONER_UNTIL_MS);
        granted(ALICE, 3_000);
        assertThat(fixture.result(grant(SOONER_CAMPAIGN, ALICE, 3_000))).isEqualTo(ResultCode.OK);
        assertThat(fixture.ledger().earmarks(ALICE)).extracting(EarmarkView::campaignId)
                .containsExactly(SOONER_CAMPAIGN, CAMPAIGN);

        final Applied applied = fixture.apply(new Transfer(7_001, ALICE, SHOP, 4_000, MERCHANT_PAYMENT.number(), 0, 0, 0));

        assertThat(applied.events()).containsExactly(
                transferRow(0, 7_001, SOONER_CAMPAIGN, ALICE, SHOP, 3_000, CAMPAIGN_SPEND),
                transferRow(0, 7_001, CAMPAIGN, ALICE, SHOP, 1_000, CAMPAIGN_SPEND));
    }

    @Test
    void skipsASoonerCampaignThatDoesNotAllowTheMerchant() {
        createCampaign();
        createCampaign(SOONER_CAMPAIGN, SOONER_UNTIL_MS, rule(SOONER_CAMPAIGN, CampaignRule.MERCHANT, CAFE));
        granted(ALICE, 3_000);
        assertThat(fixture.result(grant(SOONER_CAMPAIGN, ALICE, 3_000))).isEqualTo(ResultCode.OK);

        final Applied applied = fixture.apply(new Transfer(7_001, ALICE, SHOP, 2_000, MERCHANT_PAYMENT.number(), 0, 0, 0));

        assertThat(applied.events()).containsExactly(transferRow(0, 7_001, CAMPAIGN, ALICE, SHOP, 2_000, CAMPAIGN_SPEND));
    }

    @Test
    void doesNotSpendEarmarksBeforeTheWindowOpens() {
        final long opensLater = shanghai("2023-06-16T00:00:00");
        assertThat(fixture.result(create(CAMPAIGN, CITY, BUDGET_FEN, opensLater, UNTIL_MS))).isEqualTo(ResultCode.OK);
        granted(ALICE, 5_000);

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, pay(ALICE, SHOP, 100));
        fixture.applyAt(opensLater);
        assertThat(fixture.result(pay(ALICE, SHOP, 100))).isEqualTo(ResultCode.OK);
        assertThat(fixture.account(ALICE).earmarkedFen()).isEqualTo(4_900);
    }

    @Test
    void spendsEarmarksUntilTheLastMillisecondOfTheWindow() {
        createCampaign();
        granted(ALICE, 5_000);

        assertThat(fixture.applyAt(UNTIL_MS - 1, pay(ALICE, SHOP, 100)).results()).containsExactly(ResultCode.OK);
        assertThat(fixture.account(ALICE).earmarkedFen()).isEqualTo(4_900);
    }

    // ---- expiry and closing ----

    @Test
    void returnsExactlyTheUnspentEarmarksToThePoolWhenTheWindowEnds() {
        createCampaign();
        granted(ALICE, 5_000);
        granted(BOB, 1_000);
        fixture.fund(ALICE, 700);
        assertThat(fixture.result(pay(ALICE, SHOP, 2_000))).isEqualTo(ResultCode.OK);
        assertThat(fixture.result(pay(BOB, SHOP, 1_000))).isEqualTo(ResultCode.OK);

        assertThat(fixture.applyAt(UNTIL_MS - 1).events()).isEmpty();
        final Applied expired = fixture.applyAt(UNTIL_MS);

        assertThat(expired.events()).containsExactly(
                transferRow(-1, CAMPAIGN, CAMPAIGN, ALICE, CAMPAIGN, 3_000, CAMPAIGN_EXPIRY));
        assertThat(fixture.account(ALICE).balanceFen()).isEqualTo(700);
        assertThat(fixture.account(ALICE).earmarkedFen()).isZero();
        assertThat(fixture.ledger().earmarks(ALICE)).isEmpty();
        assertThat(fixture.ledger().earmarks(BOB)).isEmpty();
        assertThat(campaign()).extracting(CampaignView::status, CampaignView::poolFen, CampaignView::expiredFen,
                CampaignView::outstandingFen).containsExactly("EXPIRED", BUDGET_FEN - 3_000, 3_000L, 0L);
    }

    @Test
    void expiresEarmarksHeldInAFrozenWallet() {
        createCampaign();
        granted(ALICE, 5_000);
        fixture.apply(new Freeze(fixture.id(), ALICE));

        final Applied expired = fixture.applyAt(UNTIL_MS);

        assertThat(expired.events()).containsExactly(
                transferRow(-1, CAMPAIGN, CAMPAIGN, ALICE, CAMPAIGN, 5_000, CAMPAIGN_EXPIRY));
        assertThat(fixture.balance(ALICE)).isZero();
    }

    @Test
    void expiresEachCampaignAtItsOwnWindowEnd() {
        createCampaign();
        createCampaign(SOONER_CAMPAIGN, SOONER_UNTIL_MS);
        granted(ALICE, 3_000);
        assertThat(fixture.result(grant(SOONER_CAMPAIGN, ALICE, 2_000))).isEqualTo(ResultCode.OK);

        assertThat(fixture.applyAt(SOONER_UNTIL_MS).events()).containsExactly(
                transferRow(-1, SOONER_CAMPAIGN, SOONER_CAMPAIGN, ALICE, SOONER_CAMPAIGN, 2_000, CAMPAIGN_EXPIRY));
        assertThat(fixture.account(ALICE).earmarkedFen()).isEqualTo(3_000);
        assertThat(campaign().status()).isEqualTo("OPEN");
        assertThat(fixture.applyAt(UNTIL_MS).events()).containsExactly(
                transferRow(-1, CAMPAIGN, CAMPAIGN, ALICE, CAMPAIGN, 3_000, CAMPAIGN_EXPIRY));
    }

    @Test
    void closingAnExpiredCampaignReturnsThePoolToTheFunder() {
        createCampaign();
        granted(ALICE, 5_000);
        assertThat(fixture.result(pay(ALICE, SHOP, 2_000))).isEqualTo(ResultCode.OK);
        fixture.applyAt(UNTIL_MS);
        final long cityBefore = fixture.balance(CITY);

        final Applied closed = fixture.apply(new CloseCampaign(6_001, CAMPAIGN, 44));

        final long left = BUDGET_FEN - 2_000;
        assertThat(closed.events()).containsExactly(
                new Event(EventType.TRANSFER, 0, 6_001, CAMPAIGN, CAMPAIGN, CITY, left, CAMPAIGN_RETURN.number(), 44),
                new Event(EventType.CAMPAIGN_CLOSED, 0, 6_001, CAMPAIGN, CAMPAIGN, CITY, left, 0, 44));
        assertThat(fixture.balance(CITY)).isEqualTo(cityBefore + left);
        assertThat(fixture.balance(CAMPAIGN)).isZero();
        assertThat(campaign()).extracting(CampaignView::status, CampaignView::returnedFen).containsExactly("CLOSED", left);
    }

    @Test
    void closingAnOpenCampaignFirstExpiresItsEarmarks() {
        createCampaign();
        granted(ALICE, 5_000);
        granted(FIRM, 1_000);

        final Applied closed = fixture.apply(new CloseCampaign(6_001, CAMPAIGN, 0));

        assertThat(closed.events()).containsExactly(
                transferRow(0, 6_001, CAMPAIGN, ALICE, CAMPAIGN, 5_000, CAMPAIGN_EXPIRY),
                transferRow(0, 6_001, CAMPAIGN, FIRM, CAMPAIGN, 1_000, CAMPAIGN_EXPIRY),
                transferRow(0, 6_001, CAMPAIGN, CAMPAIGN, CITY, BUDGET_FEN, CAMPAIGN_RETURN),
                new Event(EventType.CAMPAIGN_CLOSED, 0, 6_001, CAMPAIGN, CAMPAIGN, CITY, BUDGET_FEN, 0, 0));
        assertThat(fixture.balance(ALICE)).isZero();
        assertThat(fixture.balance(CITY)).isEqualTo(CITY_FUNDS_FEN);
        assertThat(fixture.applyAt(UNTIL_MS).events()).as("nothing left to expire at the window end").isEmpty();
    }

    @Test
    void closesACampaignWithNothingLeftWithoutAReturnRow() {
        createCampaign();
        granted(ALICE, BUDGET_FEN);
        assertThat(fixture.result(pay(ALICE, SHOP, BUDGET_FEN))).isEqualTo(ResultCode.OK);

        final Applied closed = fixture.apply(new CloseCampaign(6_001, CAMPAIGN, 0));

        assertThat(closed.events()).containsExactly(
                new Event(EventType.CAMPAIGN_CLOSED, 0, 6_001, CAMPAIGN, CAMPAIGN, CITY, 0, 0, 0));
    }

    @Test
    void refusesToCloseACampaignTwice() {
        createCampaign();
        fixture.apply(new CloseCampaign(fixture.id(), CAMPAIGN, 0));

        fixture.assertRejected(ResultCode.CAMPAIGN_ALREADY_CLOSED, new CloseCampaign(fixture.id(), CAMPAIGN, 0));
    }

    @Test
    void refusesToCloseWhileTheFunderIsFrozen() {
        createCampaign();
        granted(ALICE, 5_000);
        fixture.apply(new Freeze(fixture.id(), CITY));

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_FROZEN, new CloseCampaign(fixture.id(), CAMPAIGN, 0));
    }

    // ---- the pool account ----

    /** For each code a TRANSFER command may carry, a debit account of a kind it allows. */
    static Stream<Arguments> directCodes() {
        final List<Arguments> codes = new java.util.ArrayList<>();
        for (final TransferCode code : TransferCode.values()) {
            if (code.isDirect()) {
                final long debit = switch (code) {
                    case ISSUANCE -> LedgerFixture.CENTRAL_BANK;
                    case REDEMPTION, EXCHANGE_IN -> OPERATOR_A;
                    case B2B -> FIRM;
                    case SUBSIDY_PAYMENT -> CITY;
                    default -> ALICE;
                };
                codes.add(Arguments.of(code, debit));
            }
        }
        return codes.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directCodes")
    void noTransferCommandPaysIntoOrOutOfACampaignPool(final TransferCode code, final long debitId) {
        createCampaign();
        fixture.fund(ALICE, 1_000);
        fixture.fund(FIRM, 1_000);

        fixture.assertRejected(ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED, transfer(CAMPAIGN, debitId, 100, code));
        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED, transfer(debitId, CAMPAIGN, 100, code));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CAMPAIGN_FUNDING", "CAMPAIGN_GRANT", "CAMPAIGN_SPEND", "CAMPAIGN_EXPIRY", "CAMPAIGN_RETURN"})
    void refusesATransferCommandCarryingACampaignCode(final TransferCode code) {
        createCampaign();
        granted(ALICE, 5_000);

        fixture.assertRejected(ResultCode.TRANSFER_CODE_RESERVED, transfer(ALICE, SHOP, 100, code));
        fixture.assertRejected(ResultCode.TRANSFER_CODE_RESERVED, transfer(CITY, CAMPAIGN, 100, code));
    }

    @Test
    void refusesToFreezeCloseOrRetierAPool() {
        createCampaign();

        fixture.assertRejected(ResultCode.ACCOUNT_KIND_CANNOT_CHANGE_STATUS, new Freeze(fixture.id(), CAMPAIGN));
        fixture.assertRejected(ResultCode.ACCOUNT_KIND_CANNOT_CHANGE_STATUS, new Close(fixture.id(), CAMPAIGN));
        fixture.assertRejected(ResultCode.NOT_A_WALLET, new Command.ChangeTier(fixture.id(), CAMPAIGN, 1));
    }

    // ---- conservation and snapshots ----

    @Test
    void conservesMoneyAcrossGrantSpendExpiryAndClose() {
        final long circulation = fixture.ledger().circulationFen();
        final long[] tracked = {CITY, CAMPAIGN, ALICE, BOB, FIRM, SHOP, CAFE};
        fixture.fund(ALICE, 3_000);
        final long trackedBefore = fixture.balance(CITY) + fixture.balance(ALICE);

        createCampaign(rule(CampaignRule.MAX_PER_PAYMENT, 2_500));
        granted(ALICE, 4_000);
        granted(BOB, 2_000);
        granted(FIRM, 1_500);
        assertThat(fixture.apply(pay(ALICE, SHOP, 5_500), pay(BOB, CAFE, 500), pay(FIRM, SHOP, 1_500)).results())
                .containsOnly(ResultCode.OK);
        fixture.applyAt(UNTIL_MS);
        fixture.apply(new CloseCampaign(fixture.id(), CAMPAIGN, 0));

        long trackedAfter = 0;
        for (final long id : tracked) {
            trackedAfter += fixture.balance(id);
        }
        assertThat(trackedAfter).isEqualTo(trackedBefore);
        assertThat(fixture.ledger().circulationFen()).isEqualTo(circulation);
        assertThat(fixture.ledger().checkInvariants()).isEmpty();
        final CampaignView view = campaign();
        assertThat(view.grantedFen()).isEqualTo(7_500);
        assertThat(view.spentFen()).isEqualTo(2_500 + 500 + 1_500);
        assertThat(view.expiredFen()).isEqualTo(7_500 - 4_500);
        assertThat(view.returnedFen()).isEqualTo(BUDGET_FEN - 4_500);
        assertThat(fixture.balance(SHOP) + fixture.balance(CAFE)).isEqualTo(5_500 + 500 + 1_500);
    }

    @Test
    void aLedgerRestoredMidCampaignHasTheSameStateHashAndBehavesTheSame() {
        createCampaign(rule(CampaignRule.MERCHANT_CATEGORY, GROCERIES), rule(CampaignRule.MERCHANT_CATEGORY, RESTAURANTS),
                rule(CampaignRule.DISTRICT, GUSU), rule(CampaignRule.MAX_PER_PAYMENT, 3_000),
                rule(CampaignRule.MIN_PURCHASE, 500), rule(CampaignRule.WALLET_CAP, 8_000));
        createCampaign(SOONER_CAMPAIGN, SOONER_UNTIL_MS, rule(SOONER_CAMPAIGN, CampaignRule.MERCHANT, CAFE));
        fixture.fund(ALICE, 2_000);
        granted(ALICE, 6_000);
        granted(BOB, 4_000);
        granted(FIRM, 2_000);
        assertThat(fixture.result(grant(SOONER_CAMPAIGN, ALICE, 2_500))).isEqualTo(ResultCode.OK);
        assertThat(fixture.result(pay(ALICE, CAFE, 1_000))).isEqualTo(ResultCode.OK);
        fixture.apply(new Freeze(fixture.id(), BOB));

        final LedgerFixture copy = fixture.restored();

        assertThat(copy.ledger().stateHash()).isEqualTo(fixture.ledger().stateHash());
        assertThat(copy.state()).isEqualTo(fixture.state());
        final List<List<Command>> later = List.of(
                List.of(pay(ALICE, CAFE, 4_000), pay(ALICE, FAR_SHOP, 100), grant(ALICE, 2_000), grant(ALICE, 1)),
                List.of(pay(FIRM, SHOP, 2_500), pay(ALICE, SHOP, 400), transfer(ALICE, BOB, 1, P2P)));
        for (final List<Command> commands : later) {
            assertSameBehaviour(copy, fixture.nowMs() + 1_000, commands.toArray(Command[]::new));
        }
        assertSameBehaviour(copy, SOONER_UNTIL_MS);
        assertSameBehaviour(copy, SOONER_UNTIL_MS + 1, new CloseCampaign(fixture.id(), SOONER_CAMPAIGN, 0));
        assertSameBehaviour(copy, UNTIL_MS);
        assertSameBehaviour(copy, UNTIL_MS + 1, new CloseCampaign(fixture.id(), CAMPAIGN, 0));
    }

    private void assertSameBehaviour(final LedgerFixture copy, final long atMs, final Command... commands) {
        final Applied original = fixture.applyAt(atMs, commands);
        final Applied restored = copy.applyAt(atMs, commands);

        assertThat(restored).as("batch at %d after the restore", atMs).isEqualTo(original);
        assertThat(copy.ledger().stateHash()).as("state hash at %d", atMs).isEqualTo(fixture.ledger().stateHash());
    }
}
