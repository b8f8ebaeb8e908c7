package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.BOB;
import static org.tongbao.engine.LedgerFixture.CENTRAL_BANK;
import static org.tongbao.engine.LedgerFixture.OPERATOR_A;
import static org.tongbao.engine.LedgerFixture.RESERVE_FEN;
import static org.tongbao.engine.LedgerFixture.SHOP;
import static org.tongbao.engine.LedgerFixture.raw;
import static org.tongbao.engine.payment.TransferCode.EXCHANGE_IN;
import static org.tongbao.engine.payment.TransferCode.EXCHANGE_OUT;
import static org.tongbao.engine.payment.TransferCode.ISSUANCE;
import static org.tongbao.engine.payment.TransferCode.MERCHANT_PAYMENT;
import static org.tongbao.engine.payment.TransferCode.P2P;
import static org.tongbao.engine.payment.TransferCode.REDEMPTION;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongbao.engine.LedgerFixture.Applied;
import org.tongbao.engine.LedgerFixture.Event;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.Command.ChangeTier;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.OpenAccount;
import org.tongbao.engine.command.Command.PostPending;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.event.EventType;

/** Rules that hold for every command: the batch contract, ids, types, conservation of money, events, determinism. */
class LedgerRulesTest {
    private static final long FUNDED_FEN = 10_000;

    private final LedgerFixture fixture = LedgerFixture.standard();

    private static long sumOfBalancesOutsideTheCentralBank(final LedgerFixture fixture) {
        long sum = 0;
        for (final AccountView account : fixture.state().accounts()) {
            if (account.kind() != AccountKind.CENTRAL_BANK) {
                sum += account.balanceFen();
            }
        }
        return sum;
    }

    @Test
    void rejectsATransferWhoseIdIsZero() {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.ID_MUST_NOT_BE_ZERO, Transfer.of(0, ALICE, BOB, 100, P2P));
    }

    @Test
    void rejectsAnAccountCommandWhoseIdIsZero() {
        fixture.assertRejected(ResultCode.ID_MUST_NOT_BE_ZERO, new Freeze(0, ALICE));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, 9, 13, 15, 99, 255})
    void rejectsACommandTypeTheEngineDoesNotKnow(final int type) {
        fixture.assertRejected(ResultCode.UNKNOWN_COMMAND_TYPE,
                raw(CommandDescriptor.header(type, 0, 0, 0), fixture.id(), ALICE, BOB, 100, 0, 0, 0));
    }

    @Test
    void throwsWhenABatchSkipsASequenceNumber() {
        final Ledger ledger = fixture.ledger();
        final byte[] hash = ledger.stateHash();

        assertThatIllegalArgumentException().isThrownBy(() -> ledger.apply(ledger.sequence() + 2, fixture.nowMs() + 1,
                new CommandBatch(1), new BatchOutcome(1)));
        assertThat(ledger.stateHash()).isEqualTo(hash);
    }

    @Test
    void throwsWhenABatchRepeatsASequenceNumber() {
        final Ledger ledger = fixture.ledger();

        assertThatIllegalArgumentException().isThrownBy(() -> ledger.apply(ledger.sequence(), fixture.nowMs() + 1,
                new CommandBatch(1), new BatchOutcome(1)));
    }

    @Test
    void throwsWhenBatchTimeGoesBackwards() {
        final Ledger ledger = fixture.ledger();
        final byte[] hash = ledger.stateHash();

        assertThatIllegalArgumentException().isThrownBy(() -> ledger.apply(ledger.sequence() + 1, fixture.nowMs() - 1,
                new CommandBatch(1), new BatchOutcome(1)));
        assertThat(ledger.stateHash()).isEqualTo(hash);
    }

    @Test
    void throwsWhenABatchHoldsMoreThanBatchMaxCommands() {
        final Ledger ledger = fixture.ledger();
        final int batchMax = ledger.config().batchMax();
        final CommandBatch oversized = new CommandBatch(batchMax + 1);
        for (int i = 0; i <= batchMax; i++) {
            Transfer.of(fixture.id(), ALICE, BOB, 1, P2P).appendTo(oversized);
        }

        assertThatIllegalArgumentException().isThrownBy(() -> ledger.apply(ledger.sequence() + 1, fixture.nowMs(),
                oversized, new BatchOutcome(batchMax + 1)));
    }

    @Test
    void leavesTheLedgerUntouchedWhenABatchTimeIsBeyondTheCalendar() {
        final Ledger ledger = fixture.ledger();
        final byte[] hash = ledger.stateHash();

        assertThatIllegalArgumentException().isThrownBy(() -> ledger.apply(ledger.sequence() + 1,
                100_000_000_000_000L, new CommandBatch(1), new BatchOutcome(1)));
        assertThat(ledger.stateHash()).isEqualTo(hash);
    }

    @Test
    void throwsWhenABatchTimeWrapsAroundTheCalendar() {
        final Ledger ledger = fixture.ledger();
        final long wrappedMs = ((1L << 32) + 19_523) * ShanghaiCalendar.DAY_MS;

        assertThatIllegalArgumentException().isThrownBy(() -> ledger.apply(ledger.sequence() + 1, wrappedMs,
                new CommandBatch(1), new BatchOutcome(1)));
    }

    @Test
    void acceptsABatchAtTheSameTimeAsThePreviousOne() {
        fixture.fund(ALICE, FUNDED_FEN);

        assertThat(fixture.applyAt(fixture.nowMs(), Transfer.of(fixture.id(), ALICE, BOB, 1, P2P)).results())
                .containsExactly(ResultCode.OK);
    }

    @Test
    void keepsCirculationEqualToIssuedMinusRedeemed() {
        assertThat(fixture.ledger().circulationFen()).isEqualTo(2 * RESERVE_FEN);
        fixture.apply(Transfer.of(fixture.id(), CENTRAL_BANK, OPERATOR_A, 700, ISSUANCE),
                Transfer.of(fixture.id(), OPERATOR_A, ALICE, 5_000, EXCHANGE_IN),
                Transfer.of(fixture.id(), ALICE, SHOP, 2_000, MERCHANT_PAYMENT),
                Transfer.of(fixture.id(), SHOP, OPERATOR_A, 1_500, EXCHANGE_OUT),
                Transfer.of(fixture.id(), OPERATOR_A, CENTRAL_BANK, 300, REDEMPTION));

        final Ledger ledger = fixture.ledger();
        assertThat(ledger.issuedFen()).isEqualTo(2 * RESERVE_FEN + 700);
        assertThat(ledger.redeemedFen()).isEqualTo(300);
        assertThat(ledger.circulationFen()).isEqualTo(2 * RESERVE_FEN + 400)
                .isEqualTo(-fixture.balance(CENTRAL_BANK))
                .isEqualTo(sumOfBalancesOutsideTheCentralBank(fixture));
    }

    @Test
    void changesCirculationOnlyThroughIssuanceAndRedemption() {
        final long circulation = fixture.ledger().circulationFen();
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(Transfer.of(fixture.id(), ALICE, BOB, 1_000, P2P),
                Transfer.pending(fixture.id(), ALICE, SHOP, 1_000, MERCHANT_PAYMENT, 60));

        assertThat(fixture.ledger().circulationFen()).isEqualTo(circulation);
    }

    @Test
    void reportsOneEventPerEffectInCommandOrderAndNoneForARejection() {
        fixture.fund(ALICE, FUNDED_FEN);
        final Applied applied = fixture.apply(
                OpenAccount.of(9_001, AccountKind.PERSONAL, OPERATOR_A, 2, 0, 0),
                new Transfer(7_001, ALICE, BOB, 1_000, P2P.number(), 0, 0, 11),
                new Transfer(7_002, ALICE, BOB, FUNDED_FEN, P2P.number(), 0, 0, 12),
                new Transfer(7_003, ALICE, SHOP, 2_000, MERCHANT_PAYMENT.number(), CommandDescriptor.FLAG_PENDING, 60, 13),
                new PostPending(7_004, 7_003, 500, 0, 14),
                new ChangeTier(7_005, 9_001, 1));

        assertThat(applied.results()).containsExactly(ResultCode.OK, ResultCode.OK, ResultCode.INSUFFICIENT_FUNDS,
                ResultCode.OK, ResultCode.OK, ResultCode.OK);
        assertThat(applied.events()).containsExactly(
                new Event(EventType.ACCOUNT_OPENED, 0, 9_001, 0, 9_001, 0, 0, AccountKind.PERSONAL.number(), 0),
                new Event(EventType.TRANSFER, 1, 7_001, 0, ALICE, BOB, 1_000, P2P.number(), 11),
                new Event(EventType.PENDING_CREATED, 3, 7_003, 0, ALICE, SHOP, 2_000, MERCHANT_PAYMENT.number(), 13),
                new Event(EventType.PENDING_POSTED, 4, 7_004, 7_003, ALICE, SHOP, 500, MERCHANT_PAYMENT.number(), 14),
                new Event(EventType.TIER_CHANGED, 5, 7_005, 0, 9_001, 0, 0, 1, 0));
    }

    @Test
    void namesAccountsInEventsByTheirIndexInOpeningOrder() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(Transfer.of(fixture.id(), ALICE, BOB, 1_000, P2P));

        final BatchOutcome outcome = fixture.lastOutcome();
        assertThat(outcome.events().debitIndex(0)).isEqualTo(3);
        assertThat(outcome.events().creditIndex(0)).isEqualTo(4);
        assertThat(fixture.ledger().accountId(3)).isEqualTo(ALICE);
        assertThat(fixture.ledger().accountId(4)).isEqualTo(BOB);
    }

    @Test
    void paysIntoAnAccountOpenedEarlierInTheSameBatch() {
        final Applied applied = fixture.apply(OpenAccount.of(9_001, AccountKind.PERSONAL, OPERATOR_A, 1, 0, 0),
                Transfer.of(fixture.id(), OPERATOR_A, 9_001, 100, EXCHANGE_IN));

        assertThat(applied.results()).containsExactly(ResultCode.OK, ResultCode.OK);
        assertThat(fixture.balance(9_001)).isEqualTo(100);
    }

    @Test
    void rejectsATransferFromAnAccountOpenedLaterInTheSameBatch() {
        final Applied applied = fixture.apply(Transfer.of(fixture.id(), OPERATOR_A, 9_001, 100, EXCHANGE_IN),
                OpenAccount.of(9_001, AccountKind.PERSONAL, OPERATOR_A, 1, 0, 0));

        assertThat(applied.results()).containsExactly(ResultCode.CREDIT_ACCOUNT_NOT_FOUND, ResultCode.OK);
        assertThat(fixture.balance(9_001)).isZero();
    }

    @Test
    void reachesTheSameStateHashFromTheSameBatches() {
        final LedgerFixture twin = LedgerFixture.standard();
        for (final LedgerFixture each : new LedgerFixture[] {fixture, twin}) {
            each.fund(ALICE, FUNDED_FEN);
            each.apply(Transfer.of(7_001, ALICE, BOB, 1_000, P2P), Transfer.pending(7_002, ALICE, SHOP, 2_000,
                    MERCHANT_PAYMENT, 60), new Freeze(7_003, BOB));
        }

        assertThat(twin.ledger().stateHash()).isEqualTo(fixture.ledger().stateHash());
    }

    @Test
    void changesTheStateHashWithTheState() {
        final LedgerFixture twin = LedgerFixture.standard();
        fixture.fund(ALICE, FUNDED_FEN);
        twin.fund(ALICE, FUNDED_FEN + 1);

        assertThat(twin.ledger().stateHash()).isNotEqualTo(fixture.ledger().stateHash());
    }

    @Test
    void leavesTheAccountsUnchangedByAnEmptyBatch() {
        final LedgerFixture.State before = fixture.state();

        final Applied applied = fixture.apply(new Command[0]);

        assertThat(applied.results()).isEmpty();
        assertThat(applied.events()).isEmpty();
        assertThat(fixture.state()).isEqualTo(before);
    }
}
