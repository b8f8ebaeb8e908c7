package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.ANON;
import static org.tongbao.engine.LedgerFixture.BOB;
import static org.tongbao.engine.LedgerFixture.CENTRAL_BANK;
import static org.tongbao.engine.LedgerFixture.CITY;
import static org.tongbao.engine.LedgerFixture.DAVE;
import static org.tongbao.engine.LedgerFixture.FIRM;
import static org.tongbao.engine.LedgerFixture.OPERATOR_A;
import static org.tongbao.engine.LedgerFixture.OPERATOR_B;
import static org.tongbao.engine.LedgerFixture.RESERVE_FEN;
import static org.tongbao.engine.LedgerFixture.SHOP;
import static org.tongbao.engine.LedgerFixture.raw;
import static org.tongbao.engine.payment.TransferCode.B2B;
import static org.tongbao.engine.payment.TransferCode.EXCHANGE_IN;
import static org.tongbao.engine.payment.TransferCode.EXCHANGE_OUT;
import static org.tongbao.engine.payment.TransferCode.FEE_PAYMENT;
import static org.tongbao.engine.payment.TransferCode.ISSUANCE;
import static org.tongbao.engine.payment.TransferCode.MERCHANT_PAYMENT;
import static org.tongbao.engine.payment.TransferCode.P2P;
import static org.tongbao.engine.payment.TransferCode.REDEMPTION;
import static org.tongbao.engine.payment.TransferCode.SUBSIDY_PAYMENT;
import static org.tongbao.engine.payment.TransferCode.TAX_PAYMENT;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongbao.engine.LedgerFixture.Applied;
import org.tongbao.engine.LedgerFixture.Event;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.Command.Close;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.Command.Unfreeze;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.payment.TransferCode;

/** Single-phase transfers: shape, which account kinds each transfer code joins, status, funds, caps, overflow. */
class TransferRulesTest {
    private static final long TIER_4_CAP_FEN = 1_000_00;
    private static final long FUNDED_FEN = 10_000;

    private final LedgerFixture fixture = LedgerFixture.standard();

    private Transfer transfer(final long debit, final long credit, final long amountFen, final TransferCode code) {
        return Transfer.of(fixture.id(), debit, credit, amountFen, code);
    }

    @Test
    void movesTheAmountAndReportsATransferEvent() {
        fixture.fund(ALICE, FUNDED_FEN);
        final Applied applied = fixture.apply(new Transfer(7_001, ALICE, BOB, 2_500, P2P.number(), 0, 0, 99));

        assertThat(applied.results()).containsExactly(ResultCode.OK);
        assertThat(fixture.balance(ALICE)).isEqualTo(FUNDED_FEN - 2_500);
        assertThat(fixture.balance(BOB)).isEqualTo(2_500);
        assertThat(applied.events()).containsExactly(new Event(EventType.TRANSFER, 0, 7_001, 0, ALICE, BOB, 2_500,
                P2P.number(), 99));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void rejectsAnAmountThatIsNotPositive(final long amountFen) {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.AMOUNT_MUST_BE_POSITIVE, transfer(ALICE, BOB, amountFen, P2P));
    }

    @Test
    void rejectsATransferFromAnAccountToItself() {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.SAME_ACCOUNT, transfer(ALICE, ALICE, 100, P2P));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 9, 16, 63, 64, 0xFFFF})
    void rejectsATransferCodeThatIsNotDefined(final int code) {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.TRANSFER_CODE_INVALID, new Transfer(fixture.id(), ALICE, BOB, 100, code, 0, 0, 0));
    }

    @Test
    void rejectsAnUnknownDebitAccount() {
        fixture.assertRejected(ResultCode.DEBIT_ACCOUNT_NOT_FOUND, transfer(777_777, BOB, 100, P2P));
    }

    @Test
    void rejectsAnUnknownCreditAccount() {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_NOT_FOUND, transfer(ALICE, 777_777, 100, P2P));
    }

    @ParameterizedTest
    @ValueSource(ints = {CommandDescriptor.FLAG_HARD_WALLET, 1 << 3, 1 << 7})
    void rejectsFlagsThatTransfersDoNotDefine(final int flag) {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.FLAGS_INVALID, new Transfer(fixture.id(), ALICE, BOB, 100, P2P.number(), flag, 0, 0));
    }

    @Test
    void rejectsATransferCarryingAReference() {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(CommandType.TRANSFER.number(), 0,
                P2P.number(), 0), fixture.id(), ALICE, BOB, 100, 5, 0, 0));
    }

    @Test
    void rejectsATransferCarryingALocation() {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(CommandType.TRANSFER.number(), 0,
                P2P.number(), 0), fixture.id(), ALICE, BOB, 100, 0, CommandDescriptor.location(320508, 0), 0));
    }

    @Test
    void rejectsATimeoutOnATransferThatIsNotPending() {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.TIMEOUT_REQUIRES_PENDING,
                new Transfer(fixture.id(), ALICE, BOB, 100, P2P.number(), 0, 60, 0));
    }

    static Stream<Arguments> accountKindsPerTransferCode() {
        return Stream.of(
                Arguments.of(ISSUANCE, CENTRAL_BANK, OPERATOR_A, ResultCode.OK),
                Arguments.of(ISSUANCE, OPERATOR_A, OPERATOR_B, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(ISSUANCE, CENTRAL_BANK, ALICE, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(REDEMPTION, OPERATOR_A, CENTRAL_BANK, ResultCode.OK),
                Arguments.of(REDEMPTION, ALICE, CENTRAL_BANK, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(REDEMPTION, OPERATOR_A, OPERATOR_B, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(EXCHANGE_IN, OPERATOR_A, ALICE, ResultCode.OK),
                Arguments.of(EXCHANGE_IN, OPERATOR_A, FIRM, ResultCode.OK),
                Arguments.of(EXCHANGE_IN, OPERATOR_A, SHOP, ResultCode.OK),
                Arguments.of(EXCHANGE_IN, OPERATOR_A, CITY, ResultCode.OK),
                Arguments.of(EXCHANGE_IN, CENTRAL_BANK, ALICE, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(EXCHANGE_IN, ALICE, BOB, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(EXCHANGE_IN, OPERATOR_A, OPERATOR_B, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(EXCHANGE_OUT, ALICE, OPERATOR_A, ResultCode.OK),
                Arguments.of(EXCHANGE_OUT, FIRM, OPERATOR_A, ResultCode.OK),
                Arguments.of(EXCHANGE_OUT, SHOP, OPERATOR_A, ResultCode.OK),
                Arguments.of(EXCHANGE_OUT, CITY, OPERATOR_A, ResultCode.OK),
                Arguments.of(EXCHANGE_OUT, OPERATOR_B, OPERATOR_A, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(EXCHANGE_OUT, ALICE, CENTRAL_BANK, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(EXCHANGE_OUT, ALICE, BOB, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(P2P, ALICE, BOB, ResultCode.OK),
                Arguments.of(P2P, ALICE, DAVE, ResultCode.OK),
                Arguments.of(P2P, FIRM, BOB, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(P2P, SHOP, BOB, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(P2P, ALICE, SHOP, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(P2P, ALICE, CITY, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(MERCHANT_PAYMENT, ALICE, SHOP, ResultCode.OK),
                Arguments.of(MERCHANT_PAYMENT, FIRM, SHOP, ResultCode.OK),
                Arguments.of(MERCHANT_PAYMENT, CITY, SHOP, ResultCode.OK),
                Arguments.of(MERCHANT_PAYMENT, OPERATOR_A, SHOP, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(MERCHANT_PAYMENT, SHOP, FIRM, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(MERCHANT_PAYMENT, ALICE, BOB, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(B2B, FIRM, SHOP, ResultCode.OK),
                Arguments.of(B2B, SHOP, FIRM, ResultCode.OK),
                Arguments.of(B2B, ALICE, FIRM, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(B2B, CITY, FIRM, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(B2B, FIRM, ALICE, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(B2B, FIRM, CITY, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(TAX_PAYMENT, ALICE, CITY, ResultCode.OK),
                Arguments.of(TAX_PAYMENT, FIRM, CITY, ResultCode.OK),
                Arguments.of(TAX_PAYMENT, SHOP, CITY, ResultCode.OK),
                Arguments.of(TAX_PAYMENT, OPERATOR_A, CITY, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(TAX_PAYMENT, ALICE, BOB, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(FEE_PAYMENT, ALICE, CITY, ResultCode.OK),
                Arguments.of(FEE_PAYMENT, FIRM, CITY, ResultCode.OK),
                Arguments.of(FEE_PAYMENT, SHOP, CITY, ResultCode.OK),
                Arguments.of(FEE_PAYMENT, CENTRAL_BANK, CITY, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(FEE_PAYMENT, ALICE, SHOP, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(SUBSIDY_PAYMENT, CITY, ALICE, ResultCode.OK),
                Arguments.of(SUBSIDY_PAYMENT, CITY, FIRM, ResultCode.OK),
                Arguments.of(SUBSIDY_PAYMENT, CITY, SHOP, ResultCode.OK),
                Arguments.of(SUBSIDY_PAYMENT, ALICE, BOB, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED),
                Arguments.of(SUBSIDY_PAYMENT, CITY, OPERATOR_A, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED));
    }

    @ParameterizedTest(name = "{0} from {1} to {2}: {3}")
    @MethodSource("accountKindsPerTransferCode")
    void joinsOnlyTheAccountKindsItsTransferCodeAllows(final TransferCode code, final long debit, final long credit,
                                                       final ResultCode expected) {
        for (final long wallet : new long[] {ALICE, BOB, FIRM, SHOP, CITY}) {
            fixture.fund(wallet, FUNDED_FEN);
        }
        final Command command = transfer(debit, credit, 100, code);
        if (expected != ResultCode.OK) {
            fixture.assertRejected(expected, command);
            return;
        }
        final long debitBefore = fixture.balance(debit);
        final long creditBefore = fixture.balance(credit);

        assertThat(fixture.result(command)).isEqualTo(ResultCode.OK);
        assertThat(fixture.balance(debit)).isEqualTo(debitBefore - 100);
        assertThat(fixture.balance(credit)).isEqualTo(creditBefore + 100);
    }

    @Test
    void exchangesInOnlyFromTheWalletsOwnOperator() {
        fixture.assertRejected(ResultCode.WALLET_NOT_AT_OPERATOR, transfer(OPERATOR_B, ALICE, 100, EXCHANGE_IN));
    }

    @Test
    void exchangesOutOnlyToTheWalletsOwnOperator() {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.WALLET_NOT_AT_OPERATOR, transfer(ALICE, OPERATOR_B, 100, EXCHANGE_OUT));
    }

    @Test
    void rejectsPayingFromAFrozenAccount() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(new Freeze(fixture.id(), ALICE));

        fixture.assertRejected(ResultCode.DEBIT_ACCOUNT_FROZEN, transfer(ALICE, BOB, 100, P2P));
    }

    @Test
    void rejectsPayingIntoAFrozenAccount() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(new Freeze(fixture.id(), BOB));

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_FROZEN, transfer(ALICE, BOB, 100, P2P));
    }

    @Test
    void movesMoneyAgainOnceUnfrozen() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(new Freeze(fixture.id(), ALICE));
        fixture.apply(new Unfreeze(fixture.id(), ALICE));

        assertThat(fixture.result(transfer(ALICE, BOB, 100, P2P))).isEqualTo(ResultCode.OK);
    }

    @Test
    void rejectsPayingFromAClosedAccount() {
        fixture.apply(new Close(fixture.id(), ANON));

        fixture.assertRejected(ResultCode.DEBIT_ACCOUNT_CLOSED, transfer(ANON, BOB, 100, P2P));
    }

    @Test
    void rejectsPayingIntoAClosedAccount() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(new Close(fixture.id(), ANON));

        fixture.assertRejected(ResultCode.CREDIT_ACCOUNT_CLOSED, transfer(ALICE, ANON, 100, P2P));
    }

    @Test
    void paysTheWholeBalance() {
        fixture.fund(ALICE, FUNDED_FEN);

        assertThat(fixture.result(transfer(ALICE, BOB, FUNDED_FEN, P2P))).isEqualTo(ResultCode.OK);
        assertThat(fixture.balance(ALICE)).isZero();
    }

    @Test
    void rejectsPayingMoreThanTheBalance() {
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, transfer(ALICE, BOB, FUNDED_FEN + 1, P2P));
    }

    @Test
    void countsOutgoingReservationsAgainstTheFunds() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(Transfer.pending(fixture.id(), ALICE, BOB, 6_000, P2P, 60));

        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, transfer(ALICE, BOB, 4_001, P2P));
        assertThat(fixture.result(transfer(ALICE, BOB, 4_000, P2P))).isEqualTo(ResultCode.OK);
    }

    @Test
    void rejectsExchangingMoreThanTheOperatorHolds() {
        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, transfer(OPERATOR_A, CITY, RESERVE_FEN + 1, EXCHANGE_IN));
    }

    @Test
    void rejectsRedeemingMoreThanTheOperatorHolds() {
        fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, transfer(OPERATOR_A, CENTRAL_BANK, RESERVE_FEN + 1, REDEMPTION));
    }

    @Test
    void fillsAWalletExactlyToItsCap() {
        assertThat(fixture.result(transfer(OPERATOR_A, ANON, TIER_4_CAP_FEN, EXCHANGE_IN))).isEqualTo(ResultCode.OK);
    }

    @Test
    void rejectsTakingTheReceivingWalletAboveItsCap() {
        fixture.assertRejected(ResultCode.EXCEEDS_BALANCE_CAP, transfer(OPERATOR_A, ANON, TIER_4_CAP_FEN + 1, EXCHANGE_IN));
    }

    @Test
    void rejectsAPaymentThatTakesTheReceiverAboveItsCap() {
        fixture.fund(ANON, TIER_4_CAP_FEN - 100);
        fixture.fund(ALICE, FUNDED_FEN);

        fixture.assertRejected(ResultCode.EXCEEDS_BALANCE_CAP, transfer(ALICE, ANON, 101, P2P));
    }

    @Test
    void countsIncomingReservationsAgainstTheReceiversCap() {
        fixture.apply(Transfer.pending(fixture.id(), OPERATOR_A, ANON, TIER_4_CAP_FEN - 100, EXCHANGE_IN, 60));

        fixture.assertRejected(ResultCode.EXCEEDS_BALANCE_CAP, transfer(OPERATOR_A, ANON, 101, EXCHANGE_IN));
    }

    @Test
    void capsNoAccountThatIsNotAWallet() {
        assertThat(fixture.result(transfer(OPERATOR_A, CITY, RESERVE_FEN, EXCHANGE_IN))).isEqualTo(ResultCode.OK);
    }

    @Test
    void issuesUpToWhatSixtyFourBitFenHold() {
        final long room = Long.MAX_VALUE - fixture.ledger().issuedFen();

        assertThat(fixture.result(transfer(CENTRAL_BANK, OPERATOR_A, room, ISSUANCE))).isEqualTo(ResultCode.OK);
        assertThat(fixture.ledger().circulationFen()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsIssuanceBeyondWhatSixtyFourBitFenHold() {
        fixture.apply(transfer(CENTRAL_BANK, OPERATOR_A, Long.MAX_VALUE - fixture.ledger().issuedFen(), ISSUANCE));

        fixture.assertRejected(ResultCode.AMOUNT_OVERFLOW, transfer(CENTRAL_BANK, OPERATOR_B, 1, ISSUANCE));
    }
}
