package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.CENTRAL_BANK;
import static org.tongbao.engine.LedgerFixture.CITY;
import static org.tongbao.engine.LedgerFixture.FIRM;
import static org.tongbao.engine.LedgerFixture.OPERATOR_A;
import static org.tongbao.engine.LedgerFixture.OPERATOR_B;
import static org.tongbao.engine.LedgerFixture.RESERVE_FEN;
import static org.tongbao.engine.LedgerFixture.SHOP;
import static org.tongbao.engine.LedgerFixture.raw;
import static org.tongbao.engine.LedgerFixture.shanghai;
import static org.tongbao.engine.payment.TransferCode.B2B;
import static org.tongbao.engine.payment.TransferCode.EXCHANGE_IN;
import static org.tongbao.engine.payment.TransferCode.LOAN_DISBURSEMENT;
import static org.tongbao.engine.payment.TransferCode.LOAN_INTEREST_PAYMENT;
import static org.tongbao.engine.payment.TransferCode.LOAN_PENALTY_PAYMENT;
import static org.tongbao.engine.payment.TransferCode.LOAN_PRINCIPAL_REPAYMENT;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongbao.engine.LedgerFixture.Applied;
import org.tongbao.engine.LedgerFixture.Event;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.Command.CreateCampaign;
import org.tongbao.engine.command.Command.DefineLoanProduct;
import org.tongbao.engine.command.Command.DisburseLoan;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.GrantCampaignFunds;
import org.tongbao.engine.command.Command.ProfileEnterprise;
import org.tongbao.engine.command.Command.RepayLoan;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.Command.Unfreeze;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;
import org.tongbao.engine.credit.Amortisation;
import org.tongbao.engine.credit.Delinquency;
import org.tongbao.engine.credit.EnterpriseSize;
import org.tongbao.engine.credit.Instalment;
import org.tongbao.engine.credit.LoanMath;
import org.tongbao.engine.credit.LoanProductView;
import org.tongbao.engine.credit.LoanProducts;
import org.tongbao.engine.credit.LoanView;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.wallet.WalletLimits;

/**
 * SME loans: profiles, products and disbursement with their rejections; the schedule followed by
 * automatic collection; arrears, penalty interest and delinquency buckets; manual repayment in
 * the fixed order, prepayment, and what a payment may never exceed.
 */
class LoanTest {
    private static final long PRODUCT = 5_001;
    private static final long LOAN = 4_001;
    private static final int SECTOR = 3_311;
    private static final int REPAYMENT_DAY = 20;
    private static final long PRINCIPAL_FEN = 1_200_000;
    /** 18.25% a year: 0.05% a day, so 100,000 fen overdue cost exactly 50 fen a day. */
    private static final int PENALTY_RATE_BP = 1_825;
    /** 12% a year: 1% a month, so 1,200,000 fen cost exactly 12,000 fen of interest a month. */
    private static final int ONE_PERCENT_A_MONTH_BP = 1_200;
    private static final LocalDate DISBURSED = LocalDate.of(2023, 6, 15);
    private static final LocalDate FIRST_DUE = LocalDate.of(2023, 7, 20);

    private final LedgerFixture fixture = LedgerFixture.standard();

    // ---- helpers ----

    private static long morning(final LocalDate day) {
        return shanghai(day + "T09:00:00");
    }

    private static int epochDay(final LocalDate day) {
        return (int) day.toEpochDay();
    }

    private static DefineLoanProduct product(final long productId, final long lenderId, final int rateBp,
                                             final int penaltyBp, final int termMonths, final int graceMonths,
                                             final int amortisation, final int repaymentDay) {
        return new DefineLoanProduct(productId, lenderId, rateBp, penaltyBp, termMonths, graceMonths, amortisation,
                repaymentDay, 0);
    }

    private void ok(final Command... commands) {
        assertThat(fixture.apply(commands).results()).as("results of %s", List.of(commands)).containsOnly(ResultCode.OK);
    }

    /** FIRM profiled, the product defined, the loan disbursed to FIRM on 15 June 2023. */
    private void disburse(final int rateBp, final Amortisation method, final int graceMonths) {
        ok(new ProfileEnterprise(fixture.id(), FIRM, EnterpriseSize.SMALL.number(), SECTOR, 0),
                product(PRODUCT, OPERATOR_A, rateBp, PENALTY_RATE_BP, 12, graceMonths, method.number(), REPAYMENT_DAY),
                new DisburseLoan(LOAN, PRODUCT, FIRM, PRINCIPAL_FEN, 0));
    }

    /** A loan at 0% interest repaying 100,000 fen of principal a month, whose borrower spends it all at once. */
    private void disburseAndSpendEverything() {
        disburse(0, Amortisation.EQUAL_PRINCIPAL, 0);
        ok(Transfer.of(fixture.id(), FIRM, SHOP, PRINCIPAL_FEN, B2B));
    }

    private RepayLoan repay(final long amountFen) {
        return new RepayLoan(fixture.id(), LOAN, amountFen, 0);
    }

    private LoanView loan() {
        return fixture.ledger().loan(LOAN);
    }

    /**
     * One batch every morning from {@code first} to {@code last}; the loan events of each day
     * that had any (transfers with the loan as reference, repaid and delinquency events).
     */
    private Map<LocalDate, List<Event>> everyMorning(final LocalDate first, final LocalDate last) {
        final Map<LocalDate, List<Event>> byDay = new LinkedHashMap<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            final List<Event> events = loanEvents(fixture.applyAt(morning(day)));
            if (!events.isEmpty()) {
                byDay.put(day, events);
            }
        }
        return byDay;
    }

    private static List<Event> loanEvents(final Applied applied) {
        final List<Event> events = new ArrayList<>();
        for (final Event event : applied.events()) {
            if (event.pendingId() == LOAN && event.type() != EventType.ACCOUNT_OPENED) {
                events.add(event);
            }
        }
        return events;
    }

    private static Event collected(final long amountFen, final TransferCode code) {
        return new Event(EventType.TRANSFER, -1, LOAN, LOAN, FIRM, OPERATOR_A, amountFen, code.number(), 0);
    }

    private static Event repaid(final int commandIndex, final long id, final long amountFen, final TransferCode code) {
        return new Event(EventType.TRANSFER, commandIndex, id, LOAN, FIRM, OPERATOR_A, amountFen, code.number(), 0);
    }

    private static Event delinquency(final long overdueFen, final Delinquency bucket) {
        return new Event(EventType.LOAN_DELINQUENCY, -1, LOAN, LOAN, FIRM, OPERATOR_A, overdueFen, bucket.number(), 0);
    }

    // ---- profiles ----

    @Test
    void profilesACorporateWallet() {
        final Applied applied = fixture.apply(new ProfileEnterprise(6_001, FIRM, EnterpriseSize.MICRO.number(), SECTOR, 9));

        assertThat(applied.events()).containsExactly(new Event(EventType.ENTERPRISE_PROFILED, 0, 6_001, SECTOR, FIRM, 0,
                0, EnterpriseSize.MICRO.number(), 9));
        final int firm = fixture.ledger().accountIndex(FIRM);
        assertThat(fixture.ledger().enterpriseSize(firm)).isEqualTo(EnterpriseSize.MICRO.number());
        assertThat(fixture.ledger().enterpriseSector(firm)).isEqualTo(SECTOR);
    }

    @Test
    void profilesAMerchantAndChangesAProfile() {
        ok(new ProfileEnterprise(fixture.id(), SHOP, EnterpriseSize.MICRO.number(), SECTOR, 0));
        ok(new ProfileEnterprise(fixture.id(), SHOP, EnterpriseSize.MEDIUM.number(), 5_211, 0));

        final int shop = fixture.ledger().accountIndex(SHOP);
        assertThat(fixture.ledger().enterpriseSize(shop)).isEqualTo(EnterpriseSize.MEDIUM.number());
        assertThat(fixture.ledger().enterpriseSector(shop)).isEqualTo(5_211);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 255})
    void refusesASizeThatIsNotDefined(final int size) {
        fixture.assertRejected(ResultCode.ENTERPRISE_SIZE_INVALID, new ProfileEnterprise(fixture.id(), FIRM, size, SECTOR, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10_000, -1})
    void refusesASectorOutsideOneTo9999(final int sector) {
        fixture.assertRejected(ResultCode.SECTOR_INVALID, new ProfileEnterprise(fixture.id(), FIRM, 2, sector, 0));
    }

    @ParameterizedTest
    @ValueSource(longs = {ALICE, CITY, OPERATOR_A})
    void profilesOnlyCorporateAndMerchantWallets(final long accountId) {
        fixture.assertRejected(ResultCode.NOT_AN_ENTERPRISE, new ProfileEnterprise(fixture.id(), accountId, 2, SECTOR, 0));
    }

    @Test
    void refusesToProfileAnUnknownAccount() {
        fixture.assertRejected(ResultCode.ACCOUNT_NOT_FOUND, new ProfileEnterprise(fixture.id(), 777_777, 2, SECTOR, 0));
    }

    // ---- products ----

    static Stream<Arguments> invalidProducts() {
        return Stream.of(
                Arguments.of("annual rate above 100%", 10_001, 0, 12, 0, 1, 20),
                Arguments.of("penalty rate above 100%", 500, 10_001, 12, 0, 1, 20),
                Arguments.of("term of 0 months", 500, 0, 0, 0, 1, 20),
                Arguments.of("term above 30 years", 500, 0, 361, 0, 1, 20),
                Arguments.of("grace as long as the term", 500, 0, 12, 12, 1, 20),
                Arguments.of("amortisation 0", 500, 0, 12, 0, 0, 20),
                Arguments.of("amortisation 3", 500, 0, 12, 0, 3, 20),
                Arguments.of("repayment day 0", 500, 0, 12, 0, 1, 0),
                Arguments.of("repayment day 29", 500, 0, 12, 0, 1, 29),
                Arguments.of("negative annual rate", -1, 0, 12, 0, 1, 20),
                Arguments.of("negative term", 500, 0, -12, 0, 1, 20));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidProducts")
    void refusesAProductOutsideItsRanges(final String name, final int rateBp, final int penaltyBp, final int termMonths,
                                         final int graceMonths, final int amortisation, final int repaymentDay) {
        fixture.assertRejected(ResultCode.LOAN_PRODUCT_INVALID,
                product(PRODUCT, OPERATOR_A, rateBp, penaltyBp, termMonths, graceMonths, amortisation, repaymentDay));
    }

    @ParameterizedTest
    @ValueSource(longs = {ALICE, CENTRAL_BANK, CITY, 777_777})
    void definesProductsOnlyForOperatorBanks(final long lenderId) {
        fixture.assertRejected(ResultCode.LENDER_NOT_OPERATOR, product(PRODUCT, lenderId, 500, 0, 12, 0, 1, 20));
    }

    @Test
    void refusesAProductCarryingAnAmount() {
        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(
                CommandType.LOAN_PRODUCT.number(), 0, 1, 12), PRODUCT, OPERATOR_A, 0, 100, 500, 20L << 32, 0));
    }

    /** Ids are remembered for a while; the product table remembers them for ever. */
    @Test
    void refusesAProductIdAlreadyDefinedOnceTheIdIsNoLongerRemembered() {
        final LedgerFixture forgetful = LedgerFixture.standard(LedgerFixture.config().withIdempotencyGeneration(1));
        final DefineLoanProduct first = product(PRODUCT, OPERATOR_A, 500, 0, 12, 0, 1, 20);
        assertThat(forgetful.result(first)).isEqualTo(ResultCode.OK);
        forgetful.fund(ALICE, 1);
        forgetful.fund(ALICE, 1);

        forgetful.assertRejected(ResultCode.LOAN_PRODUCT_ID_TAKEN, product(PRODUCT, OPERATOR_B, 900, 0, 6, 0, 2, 1));
    }

    @Test
    void refusesAProductBeyondTheMostTheLedgerHolds() {
        final LedgerFixture big = LedgerFixture.standard(new LedgerConfig(64, 16, 64,
                LedgerConfig.PENDING_TIMEOUT_MAX_SECONDS_DEFAULT, 8_192, LoanProducts.PRODUCTS_MAX,
                WalletLimits.defaults()));
        final Command[] products = new Command[LoanProducts.PRODUCTS_MAX];
        for (int i = 0; i < products.length; i++) {
            products[i] = product(big.id(), OPERATOR_A, 500, 0, 12, 0, 1, 20);
        }
        assertThat(big.apply(products).results()).containsOnly(ResultCode.OK);

        big.assertRejected(ResultCode.LOAN_LIMIT_REACHED, product(big.id(), OPERATOR_A, 500, 0, 12, 0, 1, 20));
    }

    // ---- disbursement ----

    @Test
    void disbursesFromTheLendersInventoryIntoTheBorrowersWallet() {
        ok(new ProfileEnterprise(fixture.id(), FIRM, 2, SECTOR, 0),
                product(PRODUCT, OPERATOR_A, 435, PENALTY_RATE_BP, 12, 0, 1, REPAYMENT_DAY));
        final Applied applied = fixture.apply(new DisburseLoan(LOAN, PRODUCT, FIRM, PRINCIPAL_FEN, 21));

        assertThat(applied.results()).containsExactly(ResultCode.OK);
        assertThat(applied.events()).containsExactly(new Event(EventType.TRANSFER, 0, LOAN, LOAN, OPERATOR_A, FIRM,
                PRINCIPAL_FEN, LOAN_DISBURSEMENT.number(), 21));
        assertThat(fixture.balance(FIRM)).isEqualTo(PRINCIPAL_FEN);
        assertThat(fixture.balance(OPERATOR_A)).isEqualTo(RESERVE_FEN - PRINCIPAL_FEN);
        assertThat(loan()).isEqualTo(new LoanView(LOAN, PRODUCT, FIRM, OPERATOR_A, PRINCIPAL_FEN, PRINCIPAL_FEN, 0, 0, 0,
                LoanMath.levelFen(Amortisation.EQUAL_INSTALMENT, PRINCIPAL_FEN, 435, 12), epochDay(FIRST_DUE), 0,
                Delinquency.CURRENT, "ACTIVE", epochDay(DISBURSED)));
        assertThat(fixture.ledger().activeLoanCount()).isEqualTo(1);
        assertThat(fixture.ledger().loanProduct(PRODUCT)).isEqualTo(new LoanProductView(PRODUCT, OPERATOR_A, 435,
                PENALTY_RATE_BP, 12, 0, Amortisation.EQUAL_INSTALMENT, REPAYMENT_DAY));
    }

    private void profileAndDefine() {
        ok(new ProfileEnterprise(fixture.id(), FIRM, 2, SECTOR, 0),
                product(PRODUCT, OPERATOR_A, 435, PENALTY_RATE_BP, 12, 0, 1, REPAYMENT_DAY));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, LoanMath.PRINCIPAL_FEN_MAX + 1})
    void refusesAPrincipalOutsideOneFenToATrillionYuan(final long principalFen) {
        profileAndDefine();

        fixture.assertRejected(ResultCode.LOAN_PRINCIPAL_INVALID, new DisburseLoan(LOAN, PRODUCT, FIRM, principalFen, 0));
    }

    @ParameterizedTest
    @ValueSource(longs = {4_242, 0})
    void refusesAnUnknownProduct(final long productId) {
        profileAndDefine();

        fixture.assertRejected(ResultCode.LOAN_PRODUCT_NOT_FOUND, new DisburseLoan(LOAN, productId, FIRM, PRINCIPAL_FEN, 0));
    }

    @Test
    void refusesAnUnknownBorrower() {
        profileAndDefine();

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_NOT_FOUND,
                new DisburseLoan(LOAN, PRODUCT, 777_777, PRINCIPAL_FEN, 0));
    }

    @Test
    void lendsOnlyToEnterprises() {
        profileAndDefine();

        fixture.assertRejected(ResultCode.NOT_AN_ENTERPRISE, new DisburseLoan(LOAN, PRODUCT, ALICE, PRINCIPAL_FEN, 0));
    }

    @Test
    void lendsOnlyToProfiledEnterprises() {
        profileAndDefine();

        fixture.assertRejected(ResultCode.BORROWER_NOT_PROFILED, new DisburseLoan(LOAN, PRODUCT, SHOP, PRINCIPAL_FEN, 0));
    }

    @Test
    void refusesToLendToAFrozenBorrower() {
        profileAndDefine();
        fixture.apply(new Freeze(fixture.id(), FIRM));

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_FROZEN, new DisburseLoan(LOAN, PRODUCT, FIRM, PRINCIPAL_FEN, 0));
    }

    @Test
    void refusesToLendMoreThanTheLenderHolds() {
        profileAndDefine();

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, new DisburseLoan(LOAN, PRODUCT, FIRM, RESERVE_FEN + 1, 0));
    }

    @Test
    void refusesADisbursementCarryingALender() {
        profileAndDefine();

        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(
                CommandType.LOAN_DISBURSE.number(), 0, 0, 0), LOAN, OPERATOR_A, FIRM, PRINCIPAL_FEN, PRODUCT, 0, 0));
    }

    @Test
    void refusesALoanIdAlreadyUsedOnceTheIdIsNoLongerRemembered() {
        final LedgerFixture forgetful = LedgerFixture.standard(LedgerFixture.config().withIdempotencyGeneration(1));
        assertThat(forgetful.apply(new ProfileEnterprise(forgetful.id(), FIRM, 2, SECTOR, 0),
                product(PRODUCT, OPERATOR_A, 435, PENALTY_RATE_BP, 12, 0, 1, REPAYMENT_DAY),
                new DisburseLoan(LOAN, PRODUCT, FIRM, PRINCIPAL_FEN, 0)).results()).containsOnly(ResultCode.OK);
        forgetful.fund(ALICE, 1);
        forgetful.fund(ALICE, 1);

        forgetful.assertRejected(ResultCode.LOAN_ID_TAKEN, new DisburseLoan(LOAN, PRODUCT, FIRM, 1_000, 0));
    }

    // ---- the schedule, collected automatically ----

    static Stream<Arguments> schedules() {
        return Stream.of(
                Arguments.of(Amortisation.EQUAL_INSTALMENT, 435, 0),
                Arguments.of(Amortisation.EQUAL_PRINCIPAL, 435, 0),
                Arguments.of(Amortisation.EQUAL_INSTALMENT, 1_999, 3),
                Arguments.of(Amortisation.EQUAL_PRINCIPAL, 0, 2));
    }

    @ParameterizedTest(name = "{0} at {1} bp, {2} months grace")
    @MethodSource("schedules")
    void collectsExactlyTheScheduledInstalmentsOnTheirDueDaysAndReportsTheLoanRepaid(final Amortisation method,
                                                                                    final int rateBp,
                                                                                    final int graceMonths) {
        disburse(rateBp, method, graceMonths);
        fixture.fund(FIRM, 500_000);
        final List<Instalment> schedule = LoanMath.schedule(PRINCIPAL_FEN, rateBp, 12, graceMonths, method,
                epochDay(DISBURSED), REPAYMENT_DAY);
        final Map<LocalDate, List<Event>> expected = new LinkedHashMap<>();
        for (final Instalment instalment : schedule) {
            final List<Event> rows = new ArrayList<>();
            if (instalment.interestFen() > 0) {
                rows.add(collected(instalment.interestFen(), LOAN_INTEREST_PAYMENT));
            }
            if (instalment.principalFen() > 0) {
                rows.add(collected(instalment.principalFen(), LOAN_PRINCIPAL_REPAYMENT));
            }
            if (instalment.number() == schedule.size()) {
                rows.add(new Event(EventType.LOAN_REPAID, -1, LOAN, LOAN, FIRM, OPERATOR_A, PRINCIPAL_FEN, 0, 0));
            }
            if (!rows.isEmpty()) {
                expected.put(LocalDate.ofEpochDay(instalment.dueDay()), rows);
            }
        }
        final long firmBefore = fixture.balance(FIRM);

        final Map<LocalDate, List<Event>> actual = everyMorning(DISBURSED.plusDays(1), LocalDate.of(2024, 7, 31));

        assertThat(actual).isEqualTo(expected);
        assertThat(loan()).extracting(LoanView::status, LoanView::balanceFen, LoanView::dueFen, LoanView::nextDueDay)
                .containsExactly("REPAID", 0L, 0L, -1);
        long paid = 0;
        for (final Instalment instalment : schedule) {
            paid += instalment.totalFen();
        }
        assertThat(fixture.balance(FIRM)).isEqualTo(firmBefore - paid);
        assertThat(fixture.balance(OPERATOR_A)).isEqualTo(RESERVE_FEN - PRINCIPAL_FEN - 500_000 + paid);
        assertThat(fixture.ledger().activeLoanCount()).isZero();
    }

    @Test
    void collectsAnInstalmentAtTheFirstBatchOfItsDueDayWhateverItsTime() {
        disburse(ONE_PERCENT_A_MONTH_BP, Amortisation.EQUAL_PRINCIPAL, 0);

        final Applied due = fixture.applyAt(shanghai("2023-07-20T23:59:59"));

        assertThat(loanEvents(due)).containsExactly(collected(12_000, LOAN_INTEREST_PAYMENT),
                collected(100_000, LOAN_PRINCIPAL_REPAYMENT));
        assertThat(loanEvents(fixture.applyAt(shanghai("2023-07-21T00:00:00")))).isEmpty();
    }

    @Test
    void collectsOnlyTheBorrowersFreeFundsInTheFixedOrder() {
        disburse(ONE_PERCENT_A_MONTH_BP, Amortisation.EQUAL_PRINCIPAL, 0);
        ok(Transfer.of(fixture.id(), FIRM, SHOP, PRINCIPAL_FEN - 30_000, B2B));

        final Map<LocalDate, List<Event>> days = everyMorning(DISBURSED.plusDays(1), FIRST_DUE);

        assertThat(days).containsExactly(Map.entry(FIRST_DUE, List.of(collected(12_000, LOAN_INTEREST_PAYMENT),
                collected(18_000, LOAN_PRINCIPAL_REPAYMENT))));
        assertThat(loan()).extracting(LoanView::duePrincipalFen, LoanView::dueInterestFen, LoanView::balanceFen)
                .containsExactly(82_000L, 0L, PRINCIPAL_FEN - 18_000);
        assertThat(fixture.balance(FIRM)).isZero();
    }

    @Test
    void neverCollectsEarmarkedFundsOrReservedFunds() {
        disburse(ONE_PERCENT_A_MONTH_BP, Amortisation.EQUAL_PRINCIPAL, 0);
        ok(Transfer.of(fixture.id(), FIRM, SHOP, PRINCIPAL_FEN - 10_000, B2B));
        final long campaign = 9_001;
        fixture.fund(CITY, 100_000);
        ok(new CreateCampaign(campaign, CITY, 50_000, morning(DISBURSED), morning(LocalDate.of(2023, 12, 31)), 0),
                new GrantCampaignFunds(fixture.id(), campaign, FIRM, 50_000, 0));

        fixture.applyAt(morning(LocalDate.of(2023, 7, 14)));
        ok(Transfer.pending(fixture.id(), FIRM, SHOP, 4_000, B2B, 7 * 24 * 3_600));
        final Map<LocalDate, List<Event>> days = everyMorning(LocalDate.of(2023, 7, 15), FIRST_DUE);

        assertThat(days).containsExactly(Map.entry(FIRST_DUE, List.of(collected(6_000, LOAN_INTEREST_PAYMENT))));
        assertThat(fixture.account(FIRM)).extracting(AccountView::balanceFen, AccountView::earmarkedFen,
                AccountView::pendingDebitFen).containsExactly(54_000L, 50_000L, 4_000L);
    }

    @Test
    void collectsNothingFromAFrozenBorrowerAndCatchesUpOnceUnfrozen() {
        disburse(ONE_PERCENT_A_MONTH_BP, Amortisation.EQUAL_PRINCIPAL, 0);
        fixture.apply(new Freeze(fixture.id(), FIRM));

        assertThat(everyMorning(DISBURSED.plusDays(1), FIRST_DUE)).isEmpty();
        assertThat(loan().dueFen()).isEqualTo(112_000);
        fixture.apply(new Unfreeze(fixture.id(), FIRM));

        final long penalty = (112_000L * PENALTY_RATE_BP + 1_825_000) / 3_650_000;
        assertThat(everyMorning(FIRST_DUE.plusDays(1), FIRST_DUE.plusDays(1))).containsExactly(Map.entry(
                FIRST_DUE.plusDays(1), List.of(collected(penalty, LOAN_PENALTY_PAYMENT),
                        collected(12_000, LOAN_INTEREST_PAYMENT), collected(100_000, LOAN_PRINCIPAL_REPAYMENT))));
        assertThat(loan().delinquency()).as("collected before the day is bucketed").isEqualTo(Delinquency.CURRENT);
    }

    // ---- arrears ----

    /**
     * 100,000 fen fall due on the 20th of each month and nothing is paid. Each morning penalty
     * accrues on yesterday's arrears at 0.05% a day: 50 fen a day from 21 July (100,000 overdue),
     * 100 from 21 August (200,000), 150 from 21 September (300,000). Days past due count from 20
     * July: 1 on 21 July, 31 on 20 August, 61 on 19 September, 91 on 19 October.
     */
    @Test
    void accruesPenaltyEveryDayOnArrearsAndMovesThroughTheDelinquencyBuckets() {
        disburseAndSpendEverything();

        final Map<LocalDate, List<Event>> days = everyMorning(DISBURSED.plusDays(1), LocalDate.of(2023, 10, 19));

        final long toAugust20 = 31 * 50;
        final long toSeptember19 = toAugust20 + 30 * 100;
        final long toOctober19 = toSeptember19 + 100 + 29 * 150;
        assertThat(days).containsExactly(
                Map.entry(LocalDate.of(2023, 7, 21), List.of(delinquency(100_000 + 50, Delinquency.DAYS_1_30))),
                Map.entry(LocalDate.of(2023, 8, 20), List.of(delinquency(200_000 + toAugust20, Delinquency.DAYS_31_60))),
                Map.entry(LocalDate.of(2023, 9, 19), List.of(delinquency(200_000 + toSeptember19, Delinquency.DAYS_61_90))),
                Map.entry(LocalDate.of(2023, 10, 19), List.of(delinquency(300_000 + toOctober19, Delinquency.OVER_90))));
        assertThat(loan()).extracting(LoanView::penaltyFen, LoanView::duePrincipalFen, LoanView::daysPastDue,
                LoanView::delinquency).containsExactly(9_000L, 300_000L, 91, Delinquency.OVER_90);
    }

    @Test
    void countsNoDayPastDueOnTheDueDayItself() {
        disburseAndSpendEverything();

        assertThat(everyMorning(DISBURSED.plusDays(1), FIRST_DUE)).isEmpty();
        assertThat(loan()).extracting(LoanView::duePrincipalFen, LoanView::penaltyFen, LoanView::daysPastDue,
                LoanView::delinquency).containsExactly(100_000L, 0L, 0, Delinquency.CURRENT);
    }

    /** 33,333 fen overdue at 5% a year: 4.566 fen a day, rounded half up to 5 fen each morning. */
    @Test
    void roundsEachDaysPenaltyHalfUpToTheFen() {
        ok(new ProfileEnterprise(fixture.id(), FIRM, 2, SECTOR, 0),
                product(PRODUCT, OPERATOR_A, 0, 500, 12, 0, Amortisation.EQUAL_PRINCIPAL.number(), REPAYMENT_DAY),
                new DisburseLoan(LOAN, PRODUCT, FIRM, 12 * 33_333, 0));
        ok(Transfer.of(fixture.id(), FIRM, SHOP, 12 * 33_333, B2B));

        everyMorning(DISBURSED.plusDays(1), FIRST_DUE.plusDays(10));

        assertThat(LoanMath.penaltyFen(33_333, 500, 1)).isEqualTo(5);
        assertThat(loan().penaltyFen()).isEqualTo(10 * 5);
    }

    /**
     * The same arrears as in {@link #accruesPenaltyEveryDayOnArrearsAndMovesThroughTheDelinquencyBuckets},
     * but no batch runs between the disbursement and 19 September: the loan must owe the same.
     */
    @Test
    void accruesPenaltyForEveryDayPastDueEvenWhenNoBatchRanOnThoseDays() {
        disburseAndSpendEverything();

        final Applied caughtUp = fixture.applyAt(morning(LocalDate.of(2023, 9, 19)));

        assertThat(loan()).extracting(LoanView::penaltyFen, LoanView::duePrincipalFen, LoanView::daysPastDue,
                LoanView::delinquency).containsExactly(31 * 50L + 30 * 100L, 200_000L, 61, Delinquency.DAYS_61_90);
        assertThat(loanEvents(caughtUp)).containsExactly(delinquency(200_000 + 31 * 50 + 30 * 100, Delinquency.DAYS_61_90));
    }

    @Test
    void returnsToCurrentWhenTheArrearsArePaid() {
        disburseAndSpendEverything();
        everyMorning(DISBURSED.plusDays(1), LocalDate.of(2023, 8, 25));
        final long due = loan().dueFen();
        assertThat(due).isEqualTo(200_000 + 31 * 50 + 5 * 100);
        fixture.fund(FIRM, 1_000_000);

        final Applied paid = fixture.apply(new RepayLoan(6_001, LOAN, due, 0));

        assertThat(paid.events()).containsExactly(
                repaid(0, 6_001, 31 * 50 + 5 * 100, LOAN_PENALTY_PAYMENT),
                repaid(0, 6_001, 200_000, LOAN_PRINCIPAL_REPAYMENT),
                new Event(EventType.LOAN_DELINQUENCY, 0, 6_001, LOAN, FIRM, OPERATOR_A, 0, 0, 0));
        assertThat(loan()).extracting(LoanView::dueFen, LoanView::daysPastDue, LoanView::delinquency,
                LoanView::balanceFen).containsExactly(0L, 0, Delinquency.CURRENT, PRINCIPAL_FEN - 200_000);
        assertThat(everyMorning(LocalDate.of(2023, 8, 26), LocalDate.of(2023, 9, 20))).containsExactly(
                Map.entry(LocalDate.of(2023, 9, 20), List.of(collected(100_000, LOAN_PRINCIPAL_REPAYMENT))));
    }

    @Test
    void staysInItsBucketAfterAPartialPaymentOfTheArrears() {
        disburseAndSpendEverything();
        everyMorning(DISBURSED.plusDays(1), LocalDate.of(2023, 7, 25));
        fixture.fund(FIRM, 1_000_000);

        final Applied paid = fixture.apply(new RepayLoan(6_001, LOAN, 99_000, 0));

        assertThat(paid.events()).containsExactly(repaid(0, 6_001, 5 * 50, LOAN_PENALTY_PAYMENT),
                repaid(0, 6_001, 99_000 - 5 * 50, LOAN_PRINCIPAL_REPAYMENT));
        assertThat(loan()).extracting(LoanView::daysPastDue, LoanView::delinquency).containsExactly(5, Delinquency.DAYS_1_30);
    }

    // ---- manual repayment ----

    @Test
    void appliesAManualRepaymentToPenaltyThenInterestThenPrincipal() {
        disburse(ONE_PERCENT_A_MONTH_BP, Amortisation.EQUAL_PRINCIPAL, 0);
        ok(Transfer.of(fixture.id(), FIRM, SHOP, PRINCIPAL_FEN, B2B));
        everyMorning(DISBURSED.plusDays(1), FIRST_DUE.plusDays(5));
        final long penalty = 5 * ((112_000L * PENALTY_RATE_BP + 1_825_000) / 3_650_000);
        assertThat(loan()).extracting(LoanView::penaltyFen, LoanView::dueInterestFen, LoanView::duePrincipalFen)
                .containsExactly(penalty, 12_000L, 100_000L);
        fixture.fund(FIRM, 1_000_000);

        assertThat(fixture.apply(new RepayLoan(6_001, LOAN, 200, 0)).events())
                .containsExactly(repaid(0, 6_001, 200, LOAN_PENALTY_PAYMENT));
        assertThat(fixture.apply(new RepayLoan(6_002, LOAN, penalty - 200 + 12_000 + 30_000, 0)).events())
                .containsExactly(repaid(0, 6_002, penalty - 200, LOAN_PENALTY_PAYMENT),
                        repaid(0, 6_002, 12_000, LOAN_INTEREST_PAYMENT),
                        repaid(0, 6_002, 30_000, LOAN_PRINCIPAL_REPAYMENT));
        assertThat(loan()).extracting(LoanView::penaltyFen, LoanView::dueInterestFen, LoanView::duePrincipalFen,
                LoanView::balanceFen).containsExactly(0L, 0L, 70_000L, PRINCIPAL_FEN - 30_000);
    }

    @Test
    void prepaysPrincipalBeyondWhatIsDueAndLowersTheLevelInstalment() {
        disburse(435, Amortisation.EQUAL_INSTALMENT, 0);
        fixture.fund(FIRM, 100_000);

        final Applied prepaid = fixture.apply(new RepayLoan(6_001, LOAN, 600_000, 0));

        assertThat(prepaid.events()).containsExactly(repaid(0, 6_001, 600_000, LOAN_PRINCIPAL_REPAYMENT));
        final long level = LoanMath.levelFen(Amortisation.EQUAL_INSTALMENT, 600_000, 435, 12);
        assertThat(level).isLessThan(LoanMath.levelFen(Amortisation.EQUAL_INSTALMENT, PRINCIPAL_FEN, 435, 12));
        assertThat(loan()).extracting(LoanView::balanceFen, LoanView::levelFen).containsExactly(600_000L, level);
        final long interest = 600_000L * 435 / 120_000;
        assertThat(everyMorning(DISBURSED.plusDays(1), FIRST_DUE)).containsExactly(Map.entry(FIRST_DUE, List.of(
                collected(interest, LOAN_INTEREST_PAYMENT), collected(level - interest, LOAN_PRINCIPAL_REPAYMENT))));
    }

    @Test
    void prepaysWhatIsBeyondTheArrearsInTheSameRepayment() {
        disburseAndSpendEverything();
        everyMorning(DISBURSED.plusDays(1), FIRST_DUE.plusDays(1));
        fixture.fund(FIRM, 1_000_000);

        final Applied paid = fixture.apply(new RepayLoan(6_001, LOAN, 50 + 100_000 + 220_000, 0));

        assertThat(paid.events()).containsExactly(repaid(0, 6_001, 50, LOAN_PENALTY_PAYMENT),
                repaid(0, 6_001, 320_000, LOAN_PRINCIPAL_REPAYMENT),
                new Event(EventType.LOAN_DELINQUENCY, 0, 6_001, LOAN, FIRM, OPERATOR_A, 0, 0, 0));
        assertThat(loan()).extracting(LoanView::balanceFen, LoanView::levelFen)
                .containsExactly(880_000L, 880_000L / 11);
    }

    @Test
    void repaysTheWholeLoanEarlyAndReportsItRepaid() {
        disburse(435, Amortisation.EQUAL_INSTALMENT, 0);

        final Applied paid = fixture.apply(new RepayLoan(6_001, LOAN, PRINCIPAL_FEN, 0));

        assertThat(paid.events()).containsExactly(repaid(0, 6_001, PRINCIPAL_FEN, LOAN_PRINCIPAL_REPAYMENT),
                new Event(EventType.LOAN_REPAID, 0, 6_001, LOAN, FIRM, OPERATOR_A, PRINCIPAL_FEN, 0, 0));
        assertThat(loan().status()).isEqualTo("REPAID");
        assertThat(fixture.ledger().activeLoanCount()).isZero();
        assertThat(everyMorning(DISBURSED.plusDays(1), FIRST_DUE.plusDays(40))).as("nothing falls due any more").isEmpty();
        fixture.assertRejected(ResultCode.LOAN_ALREADY_REPAID, repay(1));
    }

    @Test
    void refusesARepaymentAboveThePenaltyInterestDueAndWholePrincipal() {
        disburse(ONE_PERCENT_A_MONTH_BP, Amortisation.EQUAL_PRINCIPAL, 0);
        ok(Transfer.of(fixture.id(), FIRM, SHOP, PRINCIPAL_FEN, B2B));
        everyMorning(DISBURSED.plusDays(1), FIRST_DUE.plusDays(1));
        fixture.fund(FIRM, 2_000_000);
        final long owed = 56 + 12_000 + PRINCIPAL_FEN;

        fixture.assertRejected(ResultCode.LOAN_REPAYMENT_EXCEEDS_OWED, repay(owed + 1));
        assertThat(fixture.result(repay(owed))).isEqualTo(ResultCode.OK);
        assertThat(loan().status()).isEqualTo("REPAID");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -100})
    void refusesARepaymentThatIsNotPositive(final long amountFen) {
        disburse(435, Amortisation.EQUAL_INSTALMENT, 0);

        fixture.assertRejected(ResultCode.AMOUNT_MUST_BE_POSITIVE, repay(amountFen));
    }

    @ParameterizedTest
    @ValueSource(longs = {4_242, 0})
    void refusesARepaymentOfAnUnknownLoan(final long loanId) {
        disburse(435, Amortisation.EQUAL_INSTALMENT, 0);

        fixture.assertRejected(ResultCode.LOAN_NOT_FOUND, new RepayLoan(fixture.id(), loanId, 100, 0));
    }

    @Test
    void refusesARepaymentAboveTheBorrowersFreeFunds() {
        disburse(435, Amortisation.EQUAL_INSTALMENT, 0);
        ok(Transfer.of(fixture.id(), FIRM, SHOP, PRINCIPAL_FEN - 1_000, B2B));

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, repay(1_001));
    }

    @Test
    void refusesARepaymentFromAFrozenBorrower() {
        disburse(435, Amortisation.EQUAL_INSTALMENT, 0);
        fixture.apply(new Freeze(fixture.id(), FIRM));

        fixture.assertRejected(ResultCode.DEBIT_ACCOUNT_FROZEN, repay(1_000));
    }

    @Test
    void aLedgerRestoredWithLoansInArrearsCarriesOnTheSame() {
        disburseAndSpendEverything();
        everyMorning(DISBURSED.plusDays(1), LocalDate.of(2023, 8, 5));
        final LedgerFixture copy = fixture.restored();

        assertThat(copy.ledger().stateHash()).isEqualTo(fixture.ledger().stateHash());
        for (LocalDate day = LocalDate.of(2023, 8, 6); day.isBefore(LocalDate.of(2023, 10, 1)); day = day.plusDays(1)) {
            final Command[] commands = day.getDayOfMonth() == 25
                    ? new Command[] {Transfer.of(9_000 + day.getMonthValue(), OPERATOR_A, FIRM, 150_000, EXCHANGE_IN)}
                    : new Command[0];
            assertThat(copy.applyAt(morning(day), commands)).as("%s", day).isEqualTo(fixture.applyAt(morning(day), commands));
        }
        assertThat(copy.ledger().stateHash()).isEqualTo(fixture.ledger().stateHash());
        assertThat(copy.ledger().loan(LOAN)).isEqualTo(loan());
    }
}
