package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.FIRM;
import static org.tongbao.engine.LedgerFixture.OPERATOR_A;
import static org.tongbao.engine.LedgerFixture.OPERATOR_B;
import static org.tongbao.engine.LedgerFixture.RESERVE_FEN;
import static org.tongbao.engine.LedgerFixture.SHOP;
import static org.tongbao.engine.LedgerFixture.raw;
import static org.tongbao.engine.LedgerFixture.shanghai;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tongbao.engine.LedgerFixture.Applied;
import org.tongbao.engine.LedgerFixture.Event;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.Command.ApplyForLoan;
import org.tongbao.engine.command.Command.DecideLoanApplication;
import org.tongbao.engine.command.Command.DefineLoanProduct;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.ProfileEnterprise;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.Command.WithdrawLoanApplication;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;
import org.tongbao.engine.credit.LoanApplicationPage;
import org.tongbao.engine.credit.LoanApplicationStatus;
import org.tongbao.engine.credit.LoanApplicationView;
import org.tongbao.engine.credit.LoanApplications;
import org.tongbao.engine.credit.LoanDeclineReason;
import org.tongbao.engine.credit.LoanPurpose;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.payment.TransferCode;

/**
 * SME loan applications: an enterprise applies through its operator for one of that operator's
 * products; the lender approves (which disburses the loan) or declines with a reason; the
 * applicant's operator may withdraw; undecided applications lapse at batch time. One test per
 * result code the application commands add, each proving the rejection changed nothing.
 */
class LoanApplicationTest {
    private static final long PRODUCT = 5_001;
    private static final long PRODUCT_OF_B = 5_002;
    private static final long APPLICATION = 6_001;
    private static final long LOAN = 4_001;
    private static final int TERM = 12;
    private static final long AMOUNT_FEN = 1_200_000;
    private static final int WORKING_CAPITAL = LoanPurpose.WORKING_CAPITAL.number();
    private static final int LAPSE_DAYS = 3;

    private final LedgerFixture fixture = LedgerFixture.standard(
            LedgerFixture.config().withLoanApplicationLapseDays(LAPSE_DAYS));

    LoanApplicationTest() {
        ok(new ProfileEnterprise(fixture.id(), FIRM, 2, 3_311, 0),
                new DefineLoanProduct(PRODUCT, OPERATOR_A, 435, 1_825, TERM, 0, 1, 20, 0),
                new DefineLoanProduct(PRODUCT_OF_B, OPERATOR_B, 435, 1_825, TERM, 0, 1, 20, 0));
    }

    private void ok(final Command... commands) {
        assertThat(fixture.apply(commands).results()).as("results of %s", List.of(commands)).containsOnly(ResultCode.OK);
    }

    private static ApplyForLoan application(final long applicationId) {
        return new ApplyForLoan(applicationId, FIRM, PRODUCT, AMOUNT_FEN, TERM, WORKING_CAPITAL, 0);
    }

    private DecideLoanApplication approve(final long loanId) {
        return DecideLoanApplication.approve(fixture.id(), APPLICATION, OPERATOR_A, loanId);
    }

    private DecideLoanApplication decline(final LoanDeclineReason reason) {
        return DecideLoanApplication.decline(fixture.id(), APPLICATION, OPERATOR_A, reason.number());
    }

    private LoanApplicationView view() {
        return fixture.ledger().loanApplication(APPLICATION);
    }

    private static int today(final long ms) {
        return ShanghaiCalendar.epochDay(ms);
    }

    // ---- the life of an application ----

    @Test
    void submitsAnApplicationForTheApplicantsOwnOperatorsProduct() {
        final Applied applied = fixture.apply(new ApplyForLoan(APPLICATION, FIRM, PRODUCT, AMOUNT_FEN, TERM,
                LoanPurpose.EQUIPMENT.number(), 77));

        assertThat(applied.results()).containsExactly(ResultCode.OK);
        assertThat(applied.events()).containsExactly(new Event(EventType.LOAN_APPLIED, 0, APPLICATION, PRODUCT, FIRM,
                OPERATOR_A, AMOUNT_FEN, LoanPurpose.EQUIPMENT.number(), 77));
        assertThat(view()).isEqualTo(new LoanApplicationView(APPLICATION, FIRM, OPERATOR_A, PRODUCT, AMOUNT_FEN, TERM,
                LoanPurpose.EQUIPMENT, LoanApplicationStatus.SUBMITTED, today(fixture.nowMs()), -1, 0, null));
    }

    @Test
    void approvingDisbursesTheLoanAndLinksItToTheApplication() {
        ok(application(APPLICATION));
        final long lenderBefore = fixture.balance(OPERATOR_A);
        fixture.applyAt(shanghai("2023-06-17T09:00:00"));

        final Applied applied = fixture.apply(approve(LOAN));

        assertThat(applied.results()).containsExactly(ResultCode.OK);
        assertThat(applied.events()).containsExactly(
                new Event(EventType.TRANSFER, 0, LOAN, LOAN, OPERATOR_A, FIRM, AMOUNT_FEN,
                        TransferCode.LOAN_DISBURSEMENT.number(), 0),
                new Event(EventType.LOAN_APPLICATION_APPROVED, 0, APPLICATION, LOAN, FIRM, OPERATOR_A, AMOUNT_FEN, 2, 0));
        assertThat(view().status()).isEqualTo(LoanApplicationStatus.APPROVED);
        assertThat(view().loanId()).isEqualTo(LOAN);
        assertThat(view().decidedDay() - view().submittedDay()).isEqualTo(2);
        assertThat(fixture.ledger().loan(LOAN).principalFen()).isEqualTo(AMOUNT_FEN);
        assertThat(fixture.ledger().loan(LOAN).productId()).isEqualTo(PRODUCT);
        assertThat(fixture.balance(OPERATOR_A)).isEqualTo(lenderBefore - AMOUNT_FEN);
        assertThat(fixture.balance(FIRM)).isEqualTo(AMOUNT_FEN);
    }

    @Test
    void decliningRecordsTheReasonAndMovesNoMoney() {
        ok(application(APPLICATION));
        final Applied applied = fixture.apply(decline(LoanDeclineReason.INSUFFICIENT_CASH_FLOW));

        assertThat(applied.events()).containsExactly(new Event(EventType.LOAN_APPLICATION_DECLINED, 0, APPLICATION,
                LoanDeclineReason.INSUFFICIENT_CASH_FLOW.number(), FIRM, OPERATOR_A, AMOUNT_FEN, 0, 0));
        assertThat(view().status()).isEqualTo(LoanApplicationStatus.DECLINED);
        assertThat(view().declineReason()).isEqualTo(LoanDeclineReason.INSUFFICIENT_CASH_FLOW);
        assertThat(view().loanId()).isZero();
        assertThat(fixture.balance(FIRM)).isZero();
    }

    @Test
    void theApplicantsOperatorWithdrawsASubmittedApplication() {
        ok(application(APPLICATION));
        final Applied applied = fixture.apply(new WithdrawLoanApplication(fixture.id(), APPLICATION, OPERATOR_A, 5));

        assertThat(applied.events()).containsExactly(new Event(EventType.LOAN_APPLICATION_WITHDRAWN, 0, APPLICATION, 0,
                FIRM, OPERATOR_A, AMOUNT_FEN, 0, 5));
        assertThat(view().status()).isEqualTo(LoanApplicationStatus.WITHDRAWN);
    }

    @Test
    void anUndecidedApplicationLapsesAtTheFirstBatchOfTheDayTheLapseEnds() {
        fixture.applyAt(shanghai("2023-06-16T23:00:00"), application(APPLICATION));
        final Applied dayBefore = fixture.applyAt(shanghai("2023-06-18T23:59:59"));
        assertThat(dayBefore.events()).isEmpty();
        assertThat(view().status()).isEqualTo(LoanApplicationStatus.SUBMITTED);

        final Applied lapseDay = fixture.applyAt(shanghai("2023-06-19T00:00:00"));

        assertThat(lapseDay.events()).containsExactly(new Event(EventType.LOAN_APPLICATION_LAPSED, -1, APPLICATION, 0,
                FIRM, OPERATOR_A, AMOUNT_FEN, LAPSE_DAYS, 0));
        assertThat(view().status()).isEqualTo(LoanApplicationStatus.LAPSED);
        assertThat(view().decidedDay()).isEqualTo(today(shanghai("2023-06-19T00:00:00")));
    }

    @Test
    void anApprovalThatCannotDisburseLeavesTheApplicationSubmitted() {
        ok(application(APPLICATION), new Freeze(fixture.id(), FIRM));

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_FROZEN, approve(LOAN));

        assertThat(view().status()).isEqualTo(LoanApplicationStatus.SUBMITTED);
        assertThat(fixture.ledger().loan(LOAN)).isNull();
    }

    @Test
    void anApprovalTheLenderCannotFundLeavesTheApplicationSubmitted() {
        ok(application(APPLICATION), Transfer.of(fixture.id(), OPERATOR_A, LedgerFixture.CENTRAL_BANK,
                RESERVE_FEN - AMOUNT_FEN + 1, TransferCode.REDEMPTION));

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, approve(LOAN));

        assertThat(view().status()).isEqualTo(LoanApplicationStatus.SUBMITTED);
    }

    @Test
    void aSnapshotKeepsApplicationsAndTheirLapse() {
        ok(application(APPLICATION), application(APPLICATION + 1));
        ok(decline(LoanDeclineReason.OTHER));
        final LedgerFixture copy = fixture.restored();
        assertThat(copy.ledger().stateHash()).isEqualTo(fixture.ledger().stateHash());

        final long later = shanghai("2023-06-25T09:00:00");
        assertThat(copy.applyAt(later).events()).isEqualTo(fixture.applyAt(later).events());
        assertThat(copy.ledger().stateHash()).isEqualTo(fixture.ledger().stateHash());
        assertThat(copy.ledger().loanApplication(APPLICATION + 1).status()).isEqualTo(LoanApplicationStatus.LAPSED);
    }

    @Test
    void pagesALendersApplicationsInOrderOfSubmissionFilteredByStatus() {
        ok(new ProfileEnterprise(fixture.id(), SHOP, 1, 5_411, 0));
        ok(application(APPLICATION), application(APPLICATION + 1),
                new ApplyForLoan(APPLICATION + 2, SHOP, PRODUCT, 500_000, TERM, WORKING_CAPITAL, 0),
                application(APPLICATION + 3));
        ok(decline(LoanDeclineReason.CREDIT_HISTORY));

        final LoanApplicationPage first = fixture.ledger().loanApplications(OPERATOR_A, null, 0, 2);
        final LoanApplicationPage second = fixture.ledger().loanApplications(OPERATOR_A, null, first.nextAfterId(), 2);
        final LoanApplicationPage submitted = fixture.ledger().loanApplications(OPERATOR_A,
                LoanApplicationStatus.SUBMITTED, 0, 10);

        assertThat(first.items()).extracting(LoanApplicationView::id).containsExactly(APPLICATION, APPLICATION + 1);
        assertThat(second.items()).extracting(LoanApplicationView::id).containsExactly(APPLICATION + 2, APPLICATION + 3);
        assertThat(second.nextAfterId()).isZero();
        assertThat(submitted.items()).extracting(LoanApplicationView::id)
                .containsExactly(APPLICATION + 1, APPLICATION + 2, APPLICATION + 3);
        assertThat(fixture.ledger().loanApplications(OPERATOR_B, null, 0, 10).items()).isEmpty();
        assertThat(fixture.ledger().loanApplications(OPERATOR_B, null, APPLICATION, 10)).isNull();
    }

    // ---- one test per result code ----

    @Test
    void refusesADecisionOnAnUnknownApplication() {
        fixture.assertRejected(ResultCode.LOAN_APPLICATION_NOT_FOUND, approve(LOAN));
    }

    @Test
    void refusesAWithdrawalOfAnUnknownApplication() {
        fixture.assertRejected(ResultCode.LOAN_APPLICATION_NOT_FOUND,
                new WithdrawLoanApplication(fixture.id(), APPLICATION, OPERATOR_A, 0));
    }

    @Test
    void refusesAnApplicationIdAlreadyUsedOnceTheIdIsNoLongerRemembered() {
        final LedgerFixture forgetful = LedgerFixture.standard(LedgerFixture.config().withIdempotencyGeneration(1));
        assertThat(forgetful.apply(new ProfileEnterprise(forgetful.id(), FIRM, 2, 3_311, 0),
                new DefineLoanProduct(PRODUCT, OPERATOR_A, 435, 1_825, TERM, 0, 1, 20, 0),
                application(APPLICATION)).results()).containsOnly(ResultCode.OK);
        forgetful.fund(ALICE, 1);
        forgetful.fund(ALICE, 1);

        forgetful.assertRejected(ResultCode.LOAN_APPLICATION_ID_TAKEN,
                new ApplyForLoan(APPLICATION, FIRM, PRODUCT, 1_000, TERM, WORKING_CAPITAL, 0));
    }

    @Test
    void refusesAProductOfAnotherLender() {
        fixture.assertRejected(ResultCode.LOAN_PRODUCT_OF_ANOTHER_LENDER,
                new ApplyForLoan(APPLICATION, FIRM, PRODUCT_OF_B, AMOUNT_FEN, TERM, WORKING_CAPITAL, 0));
    }

    @Test
    void refusesATermOtherThanTheProducts() {
        fixture.assertRejected(ResultCode.LOAN_TERM_OUTSIDE_PRODUCT,
                new ApplyForLoan(APPLICATION, FIRM, PRODUCT, AMOUNT_FEN, TERM - 1, WORKING_CAPITAL, 0));
    }

    @Test
    void refusesAnUndefinedPurpose() {
        fixture.assertRejected(ResultCode.LOAN_PURPOSE_INVALID,
                new ApplyForLoan(APPLICATION, FIRM, PRODUCT, AMOUNT_FEN, TERM, 7, 0));
    }

    @Test
    void refusesToDecideOrWithdrawAnApplicationAlreadyDecided() {
        ok(application(APPLICATION));
        ok(decline(LoanDeclineReason.OTHER));

        fixture.assertRejected(ResultCode.LOAN_APPLICATION_ALREADY_DECIDED, approve(LOAN));
        fixture.assertRejected(ResultCode.LOAN_APPLICATION_ALREADY_DECIDED,
                new WithdrawLoanApplication(fixture.id(), APPLICATION, OPERATOR_A, 0));
    }

    @Test
    void refusesADecisionByAnOperatorThatIsNotTheLender() {
        ok(application(APPLICATION));

        fixture.assertRejected(ResultCode.LOAN_APPLICATION_NOT_LENDER,
                DecideLoanApplication.approve(fixture.id(), APPLICATION, OPERATOR_B, LOAN));
    }

    @Test
    void refusesAWithdrawalByAnyoneButTheApplicantsOperator() {
        ok(application(APPLICATION));

        fixture.assertRejected(ResultCode.LOAN_APPLICATION_NOT_APPLICANTS_OPERATOR,
                new WithdrawLoanApplication(fixture.id(), APPLICATION, OPERATOR_B, 0));
        fixture.assertRejected(ResultCode.LOAN_APPLICATION_NOT_APPLICANTS_OPERATOR,
                new WithdrawLoanApplication(fixture.id(), APPLICATION, FIRM, 0));
    }

    static Stream<Arguments> malformedDecisions() {
        return Stream.of(
                Arguments.of("approve without a loan id", DecideLoanApplication.APPROVE, 0L, 0),
                Arguments.of("approve with a reason", DecideLoanApplication.APPROVE, LOAN, 1),
                Arguments.of("decline without a reason", DecideLoanApplication.DECLINE, 0L, 0),
                Arguments.of("decline with an undefined reason", DecideLoanApplication.DECLINE, 0L, 7),
                Arguments.of("decline with a loan id", DecideLoanApplication.DECLINE, LOAN, 1),
                Arguments.of("an undefined decision", 3, 0L, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedDecisions")
    void refusesAMalformedDecision(final String shape, final int decision, final long loanId, final int reason) {
        ok(application(APPLICATION));

        fixture.assertRejected(ResultCode.LOAN_DECISION_INVALID,
                new DecideLoanApplication(fixture.id(), APPLICATION, OPERATOR_A, decision, loanId, reason, 0));
    }

    @Test
    void refusesAnApplicationBeyondTheMostTheLedgerHolds() {
        final int batch = 1 << 16;
        final LedgerFixture big = LedgerFixture.standard(new LedgerConfig(64, 16, 64,
                LedgerConfig.PENDING_TIMEOUT_MAX_SECONDS_DEFAULT, 8_192, batch,
                org.tongbao.engine.wallet.WalletLimits.defaults()));
        assertThat(big.apply(new ProfileEnterprise(big.id(), FIRM, 2, 3_311, 0),
                new DefineLoanProduct(PRODUCT, OPERATOR_A, 435, 1_825, TERM, 0, 1, 20, 0)).results())
                .containsOnly(ResultCode.OK);
        final Command[] applications = new Command[batch];
        for (int filled = 0; filled < LoanApplications.APPLICATIONS_MAX; filled += batch) {
            for (int i = 0; i < batch; i++) {
                applications[i] = new ApplyForLoan(big.id(), FIRM, PRODUCT, 1_000, TERM, WORKING_CAPITAL, 0);
            }
            assertThat(big.apply(applications).results()).containsOnly(ResultCode.OK);
        }

        big.assertRejected(ResultCode.LOAN_APPLICATION_LIMIT_REACHED,
                new ApplyForLoan(big.id(), FIRM, PRODUCT, 1_000, TERM, WORKING_CAPITAL, 0));
    }

    // ---- existing codes, for applications ----

    static Stream<Arguments> applicationsRefusedWithExistingCodes() {
        return Stream.of(
                Arguments.of(ResultCode.LOAN_PRINCIPAL_INVALID, new ApplyForLoan(APPLICATION, FIRM, PRODUCT, 0, TERM,
                        WORKING_CAPITAL, 0)),
                Arguments.of(ResultCode.LOAN_PRODUCT_NOT_FOUND, new ApplyForLoan(APPLICATION, FIRM, 9_999, AMOUNT_FEN,
                        TERM, WORKING_CAPITAL, 0)),
                Arguments.of(ResultCode.ACCOUNT_NOT_FOUND, new ApplyForLoan(APPLICATION, 9_999, PRODUCT, AMOUNT_FEN,
                        TERM, WORKING_CAPITAL, 0)),
                Arguments.of(ResultCode.NOT_AN_ENTERPRISE, new ApplyForLoan(APPLICATION, ALICE, PRODUCT, AMOUNT_FEN,
                        TERM, WORKING_CAPITAL, 0)),
                Arguments.of(ResultCode.BORROWER_NOT_PROFILED, new ApplyForLoan(APPLICATION, SHOP, PRODUCT, AMOUNT_FEN,
                        TERM, WORKING_CAPITAL, 0)),
                Arguments.of(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(CommandType.LOAN_APPLY.number(),
                        0, WORKING_CAPITAL, TERM), APPLICATION, FIRM, OPERATOR_A, AMOUNT_FEN, PRODUCT, 0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("applicationsRefusedWithExistingCodes")
    void refusesAnApplicationThatBreaksAnExistingRule(final ResultCode expected, final Command command) {
        fixture.assertRejected(expected, command);
    }

    @Test
    void refusesAnApplicationFromAFrozenOrClosedWallet() {
        ok(new Freeze(fixture.id(), FIRM));
        fixture.assertRejected(ResultCode.ACCOUNT_FROZEN, application(APPLICATION));

        ok(new Command.Unfreeze(fixture.id(), FIRM), new Command.Close(fixture.id(), FIRM));
        fixture.assertRejected(ResultCode.ACCOUNT_CLOSED, application(APPLICATION + 1));
    }

    @Test
    void anApprovalNamingATakenLoanIdIsRefusedAndTheApplicationStaysSubmitted() {
        ok(application(APPLICATION), new Command.DisburseLoan(LOAN, PRODUCT, FIRM, 1_000, 0));

        fixture.assertRejected(ResultCode.LOAN_ID_TAKEN, approve(LOAN));
        assertThat(view().status()).isEqualTo(LoanApplicationStatus.SUBMITTED);
    }
}
