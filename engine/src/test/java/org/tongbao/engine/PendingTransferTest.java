package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.ANON;
import static org.tongbao.engine.LedgerFixture.BOB;
import static org.tongbao.engine.LedgerFixture.CENTRAL_BANK;
import static org.tongbao.engine.LedgerFixture.OPERATOR_A;
import static org.tongbao.engine.LedgerFixture.SHOP;
import static org.tongbao.engine.LedgerFixture.raw;
import static org.tongbao.engine.payment.TransferCode.ISSUANCE;
import static org.tongbao.engine.payment.TransferCode.MERCHANT_PAYMENT;
import static org.tongbao.engine.payment.TransferCode.P2P;
import static org.tongbao.engine.payment.TransferCode.REDEMPTION;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongbao.engine.LedgerFixture.Applied;
import org.tongbao.engine.LedgerFixture.Event;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.PostPending;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.Command.Unfreeze;
import org.tongbao.engine.command.Command.VoidPending;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;
import org.tongbao.engine.event.EventType;

/** Two-phase transfers: reserve, then post (in full or in part), void, or let expire at batch time. */
class PendingTransferTest {
    private static final long PENDING = 8_001;
    private static final long AMOUNT_FEN = 30_000;
    private static final long FUNDED_FEN = 100_000;
    private static final int TIMEOUT_SECONDS = 60;

    private final LedgerFixture fixture = LedgerFixture.standard();

    private Applied reserve(final long debit, final long credit, final long amountFen) {
        final Applied applied = fixture.apply(new Transfer(PENDING, debit, credit, amountFen, P2P.number(),
                CommandDescriptor.FLAG_PENDING, TIMEOUT_SECONDS, 55));
        assertThat(applied.results()).containsExactly(ResultCode.OK);
        return applied;
    }

    private PostPending post(final long amountFen) {
        return PostPending.of(fixture.id(), PENDING, amountFen);
    }

    private VoidPending cancel() {
        return VoidPending.of(fixture.id(), PENDING);
    }

    @Test
    void reservesTheAmountOnBothSidesWithoutMovingIt() {
        fixture.fund(ALICE, FUNDED_FEN);
        final Applied created = reserve(ALICE, BOB, AMOUNT_FEN);

        assertThat(fixture.account(ALICE).balanceFen()).isEqualTo(FUNDED_FEN);
        assertThat(fixture.account(ALICE).pendingDebitFen()).isEqualTo(AMOUNT_FEN);
        assertThat(fixture.account(ALICE).availableFen()).isEqualTo(FUNDED_FEN - AMOUNT_FEN);
        assertThat(fixture.account(BOB).balanceFen()).isZero();
        assertThat(fixture.account(BOB).pendingCreditFen()).isEqualTo(AMOUNT_FEN);
        assertThat(fixture.ledger().pendingCount()).isEqualTo(1);
        assertThat(created.events()).containsExactly(new Event(EventType.PENDING_CREATED, 0, PENDING, 0, ALICE, BOB,
                AMOUNT_FEN, P2P.number(), 55));
    }

    @Test
    void countsAPendingPaymentAgainstThePayersLimitsWhenCreated() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);

        assertThat(fixture.account(ALICE).dailySpentFen()).isEqualTo(AMOUNT_FEN);
        assertThat(fixture.account(ALICE).annualSpentFen()).isEqualTo(AMOUNT_FEN);
    }

    @Test
    void postsTheWholeReservedAmountWhenThePostNamesNoAmount() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);

        final Applied posted = fixture.apply(new PostPending(8_101, PENDING, 0, 0, 66));

        assertThat(posted.results()).containsExactly(ResultCode.OK);
        assertThat(fixture.account(ALICE)).extracting(AccountView::balanceFen, AccountView::pendingDebitFen)
                .containsExactly(FUNDED_FEN - AMOUNT_FEN, 0L);
        assertThat(fixture.account(BOB)).extracting(AccountView::balanceFen, AccountView::pendingCreditFen)
                .containsExactly(AMOUNT_FEN, 0L);
        assertThat(fixture.ledger().pendingCount()).isZero();
        assertThat(posted.events()).containsExactly(new Event(EventType.PENDING_POSTED, 0, 8_101, PENDING, ALICE, BOB,
                AMOUNT_FEN, P2P.number(), 66));
    }

    @Test
    void postsPartAndReleasesTheRest() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);

        final Applied posted = fixture.apply(post(10_000));

        assertThat(fixture.account(ALICE)).extracting(AccountView::balanceFen, AccountView::pendingDebitFen)
                .containsExactly(FUNDED_FEN - 10_000, 0L);
        assertThat(fixture.account(BOB)).extracting(AccountView::balanceFen, AccountView::pendingCreditFen)
                .containsExactly(10_000L, 0L);
        assertThat(posted.events()).extracting(Event::type, Event::amountFen)
                .containsExactly(tuple(EventType.PENDING_POSTED, 10_000L));
    }

    @Test
    void givesBackTheLimitUsageOfTheUnpostedPart() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);

        fixture.apply(post(10_000));

        assertThat(fixture.account(ALICE).dailySpentFen()).isEqualTo(10_000);
        assertThat(fixture.account(ALICE).annualSpentFen()).isEqualTo(10_000);
    }

    @Test
    void letsTheRefundedLimitBeSpentAgain() {
        fixture.fund(ANON, 100_000);
        fixture.apply(new Transfer(PENDING, ANON, SHOP, 50_000, MERCHANT_PAYMENT.number(), CommandDescriptor.FLAG_PENDING,
                TIMEOUT_SECONDS, 0));
        fixture.apply(Transfer.of(fixture.id(), ANON, SHOP, 50_000, MERCHANT_PAYMENT));
        fixture.assertRejected(ResultCode.EXCEEDS_DAILY_LIMIT, Transfer.of(fixture.id(), ANON, SHOP, 1, MERCHANT_PAYMENT));

        fixture.apply(cancel());

        assertThat(fixture.result(Transfer.of(fixture.id(), ANON, SHOP, 1, MERCHANT_PAYMENT))).isEqualTo(ResultCode.OK);
    }

    @Test
    void voidsAPendingTransferReleasingEverythingItReserved() {
        fixture.fund(ALICE, FUNDED_FEN);
        final LedgerFixture.State before = fixture.state();
        reserve(ALICE, BOB, AMOUNT_FEN);

        final Applied voided = fixture.apply(new VoidPending(8_101, PENDING, 0, 77));

        assertThat(voided.results()).containsExactly(ResultCode.OK);
        assertThat(fixture.state()).isEqualTo(before);
        assertThat(voided.events()).containsExactly(new Event(EventType.PENDING_VOIDED, 0, 8_101, PENDING, ALICE, BOB,
                AMOUNT_FEN, P2P.number(), 77));
    }

    @Test
    void staysOpenUntilTheBatchBeforeItsTimeout() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);
        final long createdMs = fixture.nowMs();

        final Applied justBefore = fixture.applyAt(createdMs + TIMEOUT_SECONDS * 1_000L - 1);

        assertThat(justBefore.events()).isEmpty();
        assertThat(fixture.ledger().pendingCount()).isEqualTo(1);
    }

    @Test
    void expiresAtTheFirstBatchAtOrAfterItsTimeoutWithAnEventOfTheBatch() {
        fixture.fund(ALICE, FUNDED_FEN);
        final LedgerFixture.State before = fixture.state();
        reserve(ALICE, BOB, AMOUNT_FEN);
        final long createdMs = fixture.nowMs();

        final Applied expired = fixture.applyAt(createdMs + TIMEOUT_SECONDS * 1_000L);

        assertThat(expired.events()).containsExactly(new Event(EventType.PENDING_EXPIRED, -1, PENDING, PENDING, ALICE, BOB,
                AMOUNT_FEN, P2P.number(), 55));
        assertThat(fixture.state()).as("funds and limit usage released").isEqualTo(before);
    }

    @Test
    void expiresBeforeTheBatchsCommandsRun() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);

        final Applied applied = fixture.applyAt(fixture.nowMs() + TIMEOUT_SECONDS * 1_000L, post(0));

        assertThat(applied.results()).containsExactly(ResultCode.PENDING_TRANSFER_EXPIRED);
        assertThat(applied.events()).extracting(Event::type).containsExactly(EventType.PENDING_EXPIRED);
    }

    @Test
    void expiresDueTransfersInOrderOfTimeoutThenId() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(
                new Transfer(30, ALICE, BOB, 1, P2P.number(), CommandDescriptor.FLAG_PENDING, 20, 0),
                new Transfer(10, ALICE, BOB, 1, P2P.number(), CommandDescriptor.FLAG_PENDING, 20, 0),
                new Transfer(20, ALICE, BOB, 1, P2P.number(), CommandDescriptor.FLAG_PENDING, 10, 0));

        final Applied expired = fixture.applyAt(fixture.nowMs() + 20_000);

        assertThat(expired.events()).extracting(Event::id).containsExactly(20L, 10L, 30L);
    }

    @Test
    void rejectsResolvingATransferThatWasAlreadyPosted() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);
        fixture.apply(post(0));

        fixture.assertRejected(ResultCode.PENDING_TRANSFER_ALREADY_POSTED, post(0));
        fixture.assertRejected(ResultCode.PENDING_TRANSFER_ALREADY_POSTED, cancel());
    }

    @Test
    void rejectsResolvingATransferThatWasAlreadyVoided() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);
        fixture.apply(cancel());

        fixture.assertRejected(ResultCode.PENDING_TRANSFER_ALREADY_VOIDED, post(0));
        fixture.assertRejected(ResultCode.PENDING_TRANSFER_ALREADY_VOIDED, cancel());
    }

    @Test
    void rejectsResolvingATransferThatExpired() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);
        fixture.applyAt(fixture.nowMs() + TIMEOUT_SECONDS * 1_000L);

        fixture.assertRejected(ResultCode.PENDING_TRANSFER_EXPIRED, post(0));
        fixture.assertRejected(ResultCode.PENDING_TRANSFER_EXPIRED, cancel());
    }

    @Test
    void rejectsPostingAnUnknownPendingTransfer() {
        fixture.assertRejected(ResultCode.PENDING_TRANSFER_NOT_FOUND, post(0));
    }

    @Test
    void rejectsPostingATransferThatWasNotPending() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(Transfer.of(PENDING, ALICE, BOB, AMOUNT_FEN, P2P));

        fixture.assertRejected(ResultCode.PENDING_TRANSFER_NOT_FOUND, post(0));
    }

    @Test
    void rejectsPostingMoreThanWasReserved() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);

        fixture.assertRejected(ResultCode.POST_AMOUNT_EXCEEDS_PENDING, post(AMOUNT_FEN + 1));
    }

    @Test
    void rejectsANegativePostAmount() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);

        fixture.assertRejected(ResultCode.AMOUNT_MUST_BE_POSITIVE, post(-1));
    }

    @Test
    void rejectsAPostCarryingTheFlagOfAPendingTransfer() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);

        fixture.assertRejected(ResultCode.FLAGS_INVALID, new PostPending(fixture.id(), PENDING, 0,
                CommandDescriptor.FLAG_PENDING, 0));
    }

    @Test
    void rejectsAPostCarryingAnAccount() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);

        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(CommandType.POST_PENDING.number(),
                0, 0, 0), fixture.id(), ALICE, 0, 0, PENDING, 0, 0));
    }

    @Test
    void rejectsAVoidCarryingAnAmount() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);

        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(CommandType.VOID_PENDING.number(),
                0, 0, 0), fixture.id(), 0, 0, 1, PENDING, 0, 0));
    }

    @Test
    void rejectsPostingIntoAnAccountFrozenSinceTheReservation() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);
        fixture.apply(new Freeze(fixture.id(), BOB));

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_FROZEN, post(0));
        fixture.apply(new Unfreeze(fixture.id(), BOB));
        assertThat(fixture.result(post(0))).isEqualTo(ResultCode.OK);
    }

    @Test
    void voidsEvenWhenAnAccountIsFrozen() {
        fixture.fund(ALICE, FUNDED_FEN);
        reserve(ALICE, BOB, AMOUNT_FEN);
        fixture.apply(new Freeze(fixture.id(), ALICE));

        assertThat(fixture.result(cancel())).isEqualTo(ResultCode.OK);
        assertThat(fixture.account(ALICE).pendingDebitFen()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, LedgerConfig.PENDING_TIMEOUT_MAX_SECONDS_DEFAULT + 1})
    void rejectsATimeoutOutsideOneSecondToTheConfiguredMaximum(final int timeoutSeconds) {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.PENDING_TIMEOUT_INVALID,
                Transfer.pending(fixture.id(), ALICE, BOB, AMOUNT_FEN, P2P, timeoutSeconds));
    }

    @Test
    void acceptsTheConfiguredMaximumTimeout() {
        fixture.fund(ALICE, FUNDED_FEN);

        assertThat(fixture.result(Transfer.pending(fixture.id(), ALICE, BOB, AMOUNT_FEN, P2P,
                LedgerConfig.PENDING_TIMEOUT_MAX_SECONDS_DEFAULT))).isEqualTo(ResultCode.OK);
    }

    @Test
    void refusesMorePendingTransfersThanTheConfiguredMaximum() {
        final LedgerFixture small = LedgerFixture.standard(LedgerFixture.config().withPendingMax(1));
        small.fund(ALICE, FUNDED_FEN);
        small.apply(Transfer.pending(PENDING, ALICE, BOB, 1, P2P, TIMEOUT_SECONDS));

        small.assertRejected(ResultCode.PENDING_LIMIT_REACHED, Transfer.pending(small.id(), ALICE, BOB, 1, P2P, TIMEOUT_SECONDS));
        small.apply(VoidPending.of(small.id(), PENDING));
        assertThat(small.result(Transfer.pending(small.id(), ALICE, BOB, 1, P2P, TIMEOUT_SECONDS))).isEqualTo(ResultCode.OK);
    }

    @Test
    void aLinkedPostMakesRoomForANewPendingTransferLaterInTheSameChain() {
        final LedgerFixture small = LedgerFixture.standard(LedgerFixture.config().withPendingMax(1));
        small.fund(ALICE, FUNDED_FEN);
        small.apply(Transfer.pending(PENDING, ALICE, BOB, 1, P2P, TIMEOUT_SECONDS));

        final Applied chain = small.apply(
                new PostPending(small.id(), PENDING, 0, CommandDescriptor.FLAG_LINKED, 0),
                Transfer.pending(small.id(), ALICE, BOB, 2, P2P, TIMEOUT_SECONDS));

        assertThat(chain.results()).containsExactly(ResultCode.OK, ResultCode.OK);
        assertThat(small.ledger().pendingCount()).isEqualTo(1);
    }

    @Test
    void refusesAnIdThatAnOpenPendingTransferStillHoldsAfterTheWindowForgotIt() {
        final LedgerFixture forgetful = LedgerFixture.standard(LedgerFixture.config().withIdempotencyGeneration(1));
        forgetful.fund(ALICE, FUNDED_FEN);
        forgetful.apply(Transfer.pending(PENDING, ALICE, BOB, 1, P2P, TIMEOUT_SECONDS));
        forgetful.apply(Transfer.of(forgetful.id(), ALICE, BOB, 1, P2P));
        forgetful.apply(Transfer.of(forgetful.id(), ALICE, BOB, 1, P2P));

        forgetful.assertRejected(ResultCode.ID_HELD_BY_LIVE_PENDING_TRANSFER,
                Transfer.pending(PENDING, ALICE, BOB, 1, P2P, TIMEOUT_SECONDS));
        assertThat(forgetful.result(PostPending.of(forgetful.id(), PENDING, 0))).isEqualTo(ResultCode.OK);
    }

    @Test
    void rejectsAPostThatWouldTakeTotalIssuanceBeyondSixtyFourBits() {
        final long half = Long.MAX_VALUE / 2;
        fixture.apply(Transfer.of(fixture.id(), CENTRAL_BANK, OPERATOR_A, half, ISSUANCE));
        fixture.apply(Transfer.of(fixture.id(), OPERATOR_A, CENTRAL_BANK, half, REDEMPTION));
        final long room = Long.MAX_VALUE - fixture.ledger().issuedFen();
        fixture.apply(new Transfer(PENDING, CENTRAL_BANK, OPERATOR_A, room, ISSUANCE.number(),
                CommandDescriptor.FLAG_PENDING, TIMEOUT_SECONDS, 0));
        assertThat(fixture.result(Transfer.of(fixture.id(), CENTRAL_BANK, OPERATOR_A, 1, ISSUANCE))).isEqualTo(ResultCode.OK);

        fixture.assertRejected(ResultCode.AMOUNT_OVERFLOW, post(0));
        assertThat(fixture.result(post(room - 1))).isEqualTo(ResultCode.OK);
    }

    @Test
    void reservesAgainstTheReceiversCapAndThePayersFunds() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.fund(BOB, FUNDED_FEN);
        fixture.apply(Transfer.pending(fixture.id(), ALICE, ANON, 100_000, P2P, TIMEOUT_SECONDS));

        fixture.assertRejected(ResultCode.EXCEEDS_BALANCE_CAP, Transfer.pending(fixture.id(), BOB, ANON, 1, P2P, TIMEOUT_SECONDS));
        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, Transfer.pending(fixture.id(), ALICE, BOB, 1, P2P, TIMEOUT_SECONDS));
    }
}
