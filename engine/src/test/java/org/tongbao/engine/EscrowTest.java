package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.ANON;
import static org.tongbao.engine.LedgerFixture.BOB;
import static org.tongbao.engine.LedgerFixture.CENTRAL_BANK;
import static org.tongbao.engine.LedgerFixture.CITY;
import static org.tongbao.engine.LedgerFixture.FIRM;
import static org.tongbao.engine.LedgerFixture.OPERATOR_A;
import static org.tongbao.engine.LedgerFixture.SHOP;
import static org.tongbao.engine.LedgerFixture.raw;
import static org.tongbao.engine.LedgerFixture.shanghai;
import static org.tongbao.engine.payment.TransferCode.ESCROW_LOCK;
import static org.tongbao.engine.payment.TransferCode.ESCROW_REFUND;
import static org.tongbao.engine.payment.TransferCode.ESCROW_RELEASE;
import static org.tongbao.engine.payment.TransferCode.EXCHANGE_IN;
import static org.tongbao.engine.payment.TransferCode.P2P;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongbao.engine.LedgerFixture.Applied;
import org.tongbao.engine.LedgerFixture.Event;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.LockEscrow;
import org.tongbao.engine.command.Command.RefundEscrow;
import org.tongbao.engine.command.Command.ReleaseEscrow;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.Command.Unfreeze;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;
import org.tongbao.engine.escrow.EscrowDefault;
import org.tongbao.engine.escrow.EscrowView;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.payment.TransferCode;

/**
 * Escrow: locking prepaid funds for a beneficiary, releasing and refunding them in whole or in
 * parts by the parties that hold each right, the default action at the deadline, and limits.
 */
class EscrowTest {
    private static final long ESCROW = 8_801;
    private static final long AMOUNT_FEN = 5_000;
    private static final long FUNDED_FEN = 20_000;
    private static final long DEADLINE_MS = shanghai("2023-06-20T12:00:00");
    private static final int RELEASE = EscrowDefault.RELEASE.number();
    private static final int REFUND = EscrowDefault.REFUND.number();
    /** Tier 4 (anonymous) personal wallet: 1,000 yuan cap, 500 yuan a payment, 1,000 yuan a day. */
    private static final long TIER_4_CAP_FEN = 100_000;
    private static final long TIER_4_SINGLE_FEN = 50_000;

    private final LedgerFixture fixture = LedgerFixture.standard();

    // ---- helpers ----

    /** ALICE pays a course at SHOP; the city's supervision platform may decide; released at the deadline. */
    private void lock(final int defaultAction) {
        fixture.fund(ALICE, FUNDED_FEN);
        assertThat(fixture.result(new LockEscrow(ESCROW, ALICE, SHOP, AMOUNT_FEN, CITY, DEADLINE_MS, defaultAction, 0)))
                .isEqualTo(ResultCode.OK);
    }

    private void lock() {
        lock(RELEASE);
    }

    private ReleaseEscrow release(final long partyId, final long amountFen) {
        return new ReleaseEscrow(fixture.id(), ESCROW, partyId, amountFen, 0);
    }

    private RefundEscrow refund(final long partyId, final long amountFen) {
        return new RefundEscrow(fixture.id(), ESCROW, partyId, amountFen, 0);
    }

    private LockEscrow lockCommand(final long payerId, final long beneficiaryId, final long amountFen,
                                   final long authorisedId) {
        return new LockEscrow(fixture.id(), payerId, beneficiaryId, amountFen, authorisedId, DEADLINE_MS, RELEASE, 0);
    }

    private EscrowView escrow() {
        return fixture.ledger().escrow(ESCROW);
    }

    private static Event row(final int commandIndex, final long id, final long debitId, final long creditId,
                             final long amountFen, final TransferCode code) {
        return new Event(EventType.TRANSFER, commandIndex, id, ESCROW, debitId, creditId, amountFen, code.number(), 0);
    }

    // ---- locking ----

    @Test
    void locksTheFundsInANewEscrowAccountAndChargesThePayersLimits() {
        fixture.fund(ALICE, FUNDED_FEN);
        final Applied applied = fixture.apply(new LockEscrow(ESCROW, ALICE, SHOP, AMOUNT_FEN, CITY, DEADLINE_MS, RELEASE,
                66));

        assertThat(applied.results()).containsExactly(ResultCode.OK);
        assertThat(applied.events()).containsExactly(
                new Event(EventType.ACCOUNT_OPENED, 0, ESCROW, 0, ESCROW, 0, 0, AccountKind.ESCROW.number(), 66),
                new Event(EventType.TRANSFER, 0, ESCROW, ESCROW, ALICE, ESCROW, AMOUNT_FEN, ESCROW_LOCK.number(), 66));
        assertThat(fixture.account(ESCROW).kind()).isEqualTo(AccountKind.ESCROW);
        assertThat(fixture.balance(ESCROW)).isEqualTo(AMOUNT_FEN);
        assertThat(fixture.balance(ALICE)).isEqualTo(FUNDED_FEN - AMOUNT_FEN);
        assertThat(fixture.account(ALICE).dailySpentFen()).isEqualTo(AMOUNT_FEN);
        assertThat(escrow()).isEqualTo(new EscrowView(ESCROW, ALICE, SHOP, CITY, AMOUNT_FEN, AMOUNT_FEN, DEADLINE_MS,
                EscrowDefault.RELEASE, "OPEN"));
    }

    @Test
    void locksWithoutAnAuthorisedParty() {
        fixture.fund(ALICE, FUNDED_FEN);

        assertThat(fixture.result(new LockEscrow(ESCROW, ALICE, SHOP, AMOUNT_FEN, 0, DEADLINE_MS, REFUND, 0)))
                .isEqualTo(ResultCode.OK);
        assertThat(escrow().authorisedId()).isZero();
    }

    @Test
    void refusesALockAboveThePayersSinglePaymentLimit() {
        fixture.fund(ANON, TIER_4_CAP_FEN);

        fixture.assertRejected(ResultCode.EXCEEDS_SINGLE_PAYMENT_LIMIT, lockCommand(ANON, SHOP, TIER_4_SINGLE_FEN + 1, 0));
    }

    @Test
    void countsLocksTowardThePayersDailyLimit() {
        fixture.fund(ANON, TIER_4_CAP_FEN);
        assertThat(fixture.result(lockCommand(ANON, SHOP, TIER_4_SINGLE_FEN, 0))).isEqualTo(ResultCode.OK);
        assertThat(fixture.result(lockCommand(ANON, SHOP, TIER_4_SINGLE_FEN, 0))).isEqualTo(ResultCode.OK);
        fixture.fund(ANON, 1_000);

        fixture.assertRejected(ResultCode.EXCEEDS_DAILY_LIMIT, lockCommand(ANON, SHOP, 1, 0));
        fixture.assertRejected(ResultCode.EXCEEDS_DAILY_LIMIT, Transfer.of(fixture.id(), ANON, BOB, 1, P2P));
    }

    @Test
    void refusesALockAboveThePayersFreeFunds() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(Transfer.pending(fixture.id(), ALICE, BOB, 1_000, P2P, 60));

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, lockCommand(ALICE, SHOP, FUNDED_FEN - 999, 0));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void refusesALockThatIsNotPositive(final long amountFen) {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.AMOUNT_MUST_BE_POSITIVE, lockCommand(ALICE, SHOP, amountFen, 0));
    }

    @Test
    void refusesALockFromAFrozenPayer() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(new Freeze(fixture.id(), ALICE));

        fixture.assertRejected(ResultCode.DEBIT_ACCOUNT_FROZEN, lockCommand(ALICE, SHOP, AMOUNT_FEN, 0));
    }

    @Test
    void refusesALockFromAnUnknownPayer() {
        fixture.assertRejected(ResultCode.DEBIT_ACCOUNT_NOT_FOUND, lockCommand(777_777, SHOP, AMOUNT_FEN, 0));
    }

    @Test
    void refusesALockFromAnAccountThatIsNotHeldAtAnOperator() {
        fixture.assertRejected(ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED, lockCommand(OPERATOR_A, SHOP, AMOUNT_FEN, 0));
    }

    @Test
    void refusesAnEscrowWhoseIdIsAnAccountsId() {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.ESCROW_ID_TAKEN,
                new LockEscrow(BOB, ALICE, SHOP, AMOUNT_FEN, 0, DEADLINE_MS, RELEASE, 0));
    }

    @Test
    void refusesADeadlineThatIsNotAfterTheBatchTime() {
        fixture.fund(ALICE, FUNDED_FEN);
        final long batchMs = fixture.nowMs() + LedgerFixture.STEP_MS;

        fixture.assertRejected(ResultCode.ESCROW_DEADLINE_INVALID,
                new LockEscrow(ESCROW, ALICE, SHOP, AMOUNT_FEN, 0, batchMs, RELEASE, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 255})
    void refusesADefaultActionThatIsNotDefined(final int defaultAction) {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.ESCROW_DEFAULT_INVALID,
                new LockEscrow(ESCROW, ALICE, SHOP, AMOUNT_FEN, 0, DEADLINE_MS, defaultAction, 0));
    }

    @Test
    void refusesALockCarryingFlags() {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(
                CommandType.ESCROW_LOCK.number(), CommandDescriptor.FLAG_PENDING, RELEASE, 0), ESCROW, ALICE, SHOP,
                AMOUNT_FEN, 0, DEADLINE_MS, 0));
    }

    static Stream<Arguments> invalidParties() {
        return Stream.of(
                Arguments.of("the payer as beneficiary", ALICE, 0L),
                Arguments.of("an unknown beneficiary", 777_777L, 0L),
                Arguments.of("an operator reserve as beneficiary", OPERATOR_A, 0L),
                Arguments.of("the central bank as beneficiary", CENTRAL_BANK, 0L),
                Arguments.of("the payer as authorised party", SHOP, ALICE),
                Arguments.of("an unknown authorised party", SHOP, 777_777L),
                Arguments.of("an operator reserve as authorised party", SHOP, OPERATOR_A));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidParties")
    void refusesPartiesThatAreNotOtherAccountsHeldAtAnOperator(final String name, final long beneficiaryId,
                                                               final long authorisedId) {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.ESCROW_PARTY_INVALID, lockCommand(ALICE, beneficiaryId, AMOUNT_FEN, authorisedId));
    }

    // ---- release and refund ----

    @Test
    void releasesAllThatIsLeftToTheBeneficiaryForAnAmountOfZero() {
        lock();
        final Applied applied = fixture.apply(new ReleaseEscrow(6_001, ESCROW, ALICE, 0, 0));

        assertThat(applied.results()).containsExactly(ResultCode.OK);
        assertThat(applied.events()).containsExactly(row(0, 6_001, ESCROW, SHOP, AMOUNT_FEN, ESCROW_RELEASE));
        assertThat(fixture.balance(SHOP)).isEqualTo(AMOUNT_FEN);
        assertThat(escrow()).extracting(EscrowView::remainingFen, EscrowView::status).containsExactly(0L, "SETTLED");
    }

    @Test
    void releasesInPartsUntilNothingIsLeft() {
        lock();

        assertThat(fixture.apply(new ReleaseEscrow(6_001, ESCROW, ALICE, 3_000, 0)).events())
                .containsExactly(row(0, 6_001, ESCROW, SHOP, 3_000, ESCROW_RELEASE));
        assertThat(escrow()).extracting(EscrowView::remainingFen, EscrowView::status).containsExactly(2_000L, "OPEN");
        assertThat(fixture.result(release(ALICE, 2_000))).isEqualTo(ResultCode.OK);
        assertThat(escrow().status()).isEqualTo("SETTLED");
        fixture.assertRejected(ResultCode.ESCROW_SETTLED, release(ALICE, 0));
        fixture.assertRejected(ResultCode.ESCROW_SETTLED, refund(SHOP, 0));
    }

    @Test
    void refundsThePayerWhenTheBeneficiaryGivesUpItsClaim() {
        lock();

        assertThat(fixture.apply(new RefundEscrow(6_001, ESCROW, SHOP, 1_500, 0)).events())
                .containsExactly(row(0, 6_001, ESCROW, ALICE, 1_500, ESCROW_REFUND));
        assertThat(fixture.result(release(ALICE, 0))).isEqualTo(ResultCode.OK);
        assertThat(fixture.balance(ALICE)).isEqualTo(FUNDED_FEN - AMOUNT_FEN + 1_500);
        assertThat(fixture.balance(SHOP)).isEqualTo(AMOUNT_FEN - 1_500);
    }

    @Test
    void letsTheAuthorisedPartyBothReleaseAndRefund() {
        lock();

        assertThat(fixture.result(release(CITY, 1_000))).isEqualTo(ResultCode.OK);
        assertThat(fixture.result(refund(CITY, 0))).isEqualTo(ResultCode.OK);
        assertThat(fixture.balance(SHOP)).isEqualTo(1_000);
        assertThat(fixture.balance(ALICE)).isEqualTo(FUNDED_FEN - 1_000);
    }

    @Test
    void refusesAReleaseByTheBeneficiary() {
        lock();

        fixture.assertRejected(ResultCode.ESCROW_PARTY_NOT_ALLOWED, release(SHOP, 0));
    }

    @Test
    void refusesARefundByThePayer() {
        lock();

        fixture.assertRejected(ResultCode.ESCROW_PARTY_NOT_ALLOWED, refund(ALICE, 0));
    }

    @ParameterizedTest
    @ValueSource(longs = {BOB, 777_777, 0})
    void refusesADecisionByAnyoneElse(final long partyId) {
        lock();

        fixture.assertRejected(ResultCode.ESCROW_PARTY_NOT_ALLOWED, release(partyId, 0));
        fixture.assertRejected(ResultCode.ESCROW_PARTY_NOT_ALLOWED, refund(partyId, 0));
    }

    @Test
    void refusesMoreThanIsLeft() {
        lock();
        assertThat(fixture.result(release(ALICE, 4_000))).isEqualTo(ResultCode.OK);

        fixture.assertRejected(ResultCode.ESCROW_AMOUNT_EXCEEDS_REMAINING, release(ALICE, 1_001));
        fixture.assertRejected(ResultCode.ESCROW_AMOUNT_EXCEEDS_REMAINING, refund(SHOP, 1_001));
    }

    @Test
    void refusesANegativeAmount() {
        lock();

        fixture.assertRejected(ResultCode.AMOUNT_MUST_BE_POSITIVE, release(ALICE, -1));
    }

    @Test
    void refusesADecisionOnAnEscrowThatDoesNotExist() {
        lock();

        fixture.assertRejected(ResultCode.ESCROW_NOT_FOUND, new ReleaseEscrow(fixture.id(), 4_242, ALICE, 0, 0));
        fixture.assertRejected(ResultCode.ESCROW_NOT_FOUND, new RefundEscrow(fixture.id(), ALICE, SHOP, 0, 0));
    }

    @Test
    void refusesADecisionOnEscrowIdZero() {
        lock();

        fixture.assertRejected(ResultCode.ESCROW_NOT_FOUND, new ReleaseEscrow(fixture.id(), 0, ALICE, 0, 0));
        fixture.assertRejected(ResultCode.ESCROW_NOT_FOUND, new RefundEscrow(fixture.id(), 0, SHOP, 0, 0));
    }

    @Test
    void refusesAReleaseToAFrozenBeneficiary() {
        lock();
        fixture.apply(new Freeze(fixture.id(), SHOP));

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_FROZEN, release(ALICE, 0));
    }

    @Test
    void refusesARefundThatTakesThePayerAboveItsCap() {
        fixture.fund(ANON, TIER_4_CAP_FEN);
        assertThat(fixture.result(new LockEscrow(ESCROW, ANON, SHOP, AMOUNT_FEN, 0, DEADLINE_MS, REFUND, 0)))
                .isEqualTo(ResultCode.OK);
        fixture.fund(ANON, AMOUNT_FEN - 100);

        fixture.assertRejected(ResultCode.EXCEEDS_BALANCE_CAP, refund(SHOP, 101));
        assertThat(fixture.result(refund(SHOP, 100))).isEqualTo(ResultCode.OK);
    }

    @Test
    void refusesAReleaseCarryingAFieldItDoesNotUse() {
        lock();

        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(
                CommandType.ESCROW_RELEASE.number(), 0, 0, 0), fixture.id(), ALICE, SHOP, 0, ESCROW, 0, 0));
    }

    @Test
    void noTransferCommandPaysIntoOrOutOfAnEscrowAccountAndNoneFreezesIt() {
        lock();

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED,
                Transfer.of(fixture.id(), ALICE, ESCROW, 100, P2P));
        fixture.assertRejected(ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED,
                Transfer.of(fixture.id(), ESCROW, SHOP, 100, TransferCode.MERCHANT_PAYMENT));
        fixture.assertRejected(ResultCode.TRANSFER_CODE_RESERVED,
                Transfer.of(fixture.id(), ESCROW, SHOP, 100, ESCROW_RELEASE));
        fixture.assertRejected(ResultCode.ACCOUNT_KIND_CANNOT_CHANGE_STATUS, new Freeze(fixture.id(), ESCROW));
    }

    // ---- the deadline ----

    @Test
    void releasesWhatIsLeftToTheBeneficiaryAtTheDeadline() {
        lock(RELEASE);
        assertThat(fixture.result(refund(SHOP, 1_000))).isEqualTo(ResultCode.OK);

        assertThat(fixture.applyAt(DEADLINE_MS - 1).events()).isEmpty();
        final Applied due = fixture.applyAt(DEADLINE_MS);

        assertThat(due.events()).containsExactly(row(-1, ESCROW, ESCROW, SHOP, AMOUNT_FEN - 1_000, ESCROW_RELEASE));
        assertThat(escrow().status()).isEqualTo("SETTLED");
        assertThat(fixture.balance(SHOP)).isEqualTo(AMOUNT_FEN - 1_000);
    }

    @Test
    void refundsWhatIsLeftToThePayerAtTheDeadline() {
        lock(REFUND);
        assertThat(fixture.result(release(ALICE, 1_000))).isEqualTo(ResultCode.OK);

        final Applied due = fixture.applyAt(DEADLINE_MS + 86_400_000);

        assertThat(due.events()).containsExactly(row(-1, ESCROW, ESCROW, ALICE, AMOUNT_FEN - 1_000, ESCROW_REFUND));
        assertThat(fixture.balance(ALICE)).isEqualTo(FUNDED_FEN - 1_000);
    }

    @Test
    void doesNothingAtTheDeadlineOfAnEscrowAlreadySettled() {
        lock(RELEASE);
        assertThat(fixture.result(refund(SHOP, 0))).isEqualTo(ResultCode.OK);

        assertThat(fixture.applyAt(DEADLINE_MS).events()).isEmpty();
    }

    @Test
    void waitsForACommandWhenTheReceiverIsFrozenAtTheDeadline() {
        lock(RELEASE);
        fixture.apply(new Freeze(fixture.id(), SHOP));

        assertThat(fixture.applyAt(DEADLINE_MS).events()).isEmpty();
        assertThat(escrow()).extracting(EscrowView::remainingFen, EscrowView::status).containsExactly(AMOUNT_FEN, "OPEN");
        fixture.apply(new Unfreeze(fixture.id(), SHOP));
        assertThat(fixture.applyAt(DEADLINE_MS + 86_400_000).events()).as("the deadline does not come again").isEmpty();
        final Applied decided = fixture.apply(new ReleaseEscrow(6_001, ESCROW, CITY, 0, 0));
        assertThat(decided.events()).containsExactly(row(0, 6_001, ESCROW, SHOP, AMOUNT_FEN, ESCROW_RELEASE));
    }

    @Test
    void waitsForACommandWhenTheRefundWouldTakeThePayerAboveItsCapAtTheDeadline() {
        fixture.fund(ANON, TIER_4_CAP_FEN);
        assertThat(fixture.result(new LockEscrow(ESCROW, ANON, SHOP, AMOUNT_FEN, 0, DEADLINE_MS, REFUND, 0)))
                .isEqualTo(ResultCode.OK);
        fixture.fund(ANON, AMOUNT_FEN);

        assertThat(fixture.applyAt(DEADLINE_MS).events()).isEmpty();
        assertThat(escrow().remainingFen()).isEqualTo(AMOUNT_FEN);
        assertThat(fixture.result(release(ANON, 0))).isEqualTo(ResultCode.OK);
    }

    @Test
    void settlesEveryEscrowDueInTheSameBatchInOrderOfLocking() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.fund(FIRM, FUNDED_FEN);
        final long second = ESCROW + 1;
        assertThat(fixture.apply(
                new LockEscrow(ESCROW, ALICE, SHOP, AMOUNT_FEN, 0, DEADLINE_MS, RELEASE, 0),
                new LockEscrow(second, FIRM, BOB, 700, 0, DEADLINE_MS - 1, REFUND, 0)).results())
                .containsOnly(ResultCode.OK);

        assertThat(fixture.applyAt(DEADLINE_MS).events()).containsExactly(
                row(-1, ESCROW, ESCROW, SHOP, AMOUNT_FEN, ESCROW_RELEASE),
                new Event(EventType.TRANSFER, -1, second, second, second, FIRM, 700, ESCROW_REFUND.number(), 0));
    }

    @Test
    void conservesMoneyFromLockToDeadline() {
        final long circulation = fixture.ledger().circulationFen();
        lock(RELEASE);
        fixture.apply(release(ALICE, 1_200), refund(CITY, 800), Transfer.of(fixture.id(), OPERATOR_A, BOB, 10, EXCHANGE_IN));
        fixture.applyAt(DEADLINE_MS);

        assertThat(fixture.balance(ALICE) + fixture.balance(SHOP) + fixture.balance(ESCROW))
                .isEqualTo(FUNDED_FEN);
        assertThat(fixture.balance(SHOP)).isEqualTo(AMOUNT_FEN - 800);
        assertThat(fixture.ledger().circulationFen()).isEqualTo(circulation);
    }

    @Test
    void aLedgerRestoredWithAnOpenEscrowSettlesItTheSameWay() {
        lock(RELEASE);
        assertThat(fixture.result(release(ALICE, 1_000))).isEqualTo(ResultCode.OK);
        final LedgerFixture copy = fixture.restored();

        assertThat(copy.ledger().stateHash()).isEqualTo(fixture.ledger().stateHash());
        final Command[] commands = {refund(SHOP, 500), release(BOB, 1)};
        assertThat(copy.applyAt(DEADLINE_MS - 10, commands)).isEqualTo(fixture.applyAt(DEADLINE_MS - 10, commands));
        assertThat(copy.applyAt(DEADLINE_MS)).isEqualTo(fixture.applyAt(DEADLINE_MS));
        assertThat(copy.ledger().stateHash()).isEqualTo(fixture.ledger().stateHash());
        assertThat(copy.ledger().escrow(ESCROW)).isEqualTo(escrow());
    }
}
