package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.ANON;
import static org.tongbao.engine.LedgerFixture.CENTRAL_BANK;
import static org.tongbao.engine.LedgerFixture.CITY;
import static org.tongbao.engine.LedgerFixture.OPERATOR_A;
import static org.tongbao.engine.LedgerFixture.raw;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongbao.engine.LedgerFixture.Applied;
import org.tongbao.engine.LedgerFixture.Event;
import org.tongbao.engine.account.AccountStatus;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.Command.ChangeTier;
import org.tongbao.engine.command.Command.Close;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.Command.Unfreeze;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.payment.TransferCode;

/** Changing a wallet's tier, freezing, unfreezing and closing accounts. */
class AccountStatusTest {
    private static final long TIER_3_CAP_FEN = 2_000_00;
    private static final long TIER_4_CAP_FEN = 1_000_00;

    private final LedgerFixture fixture = LedgerFixture.standard();

    private Command freeze(final long accountId) {
        return new Freeze(fixture.id(), accountId);
    }

    private Command unfreeze(final long accountId) {
        return new Unfreeze(fixture.id(), accountId);
    }

    private Command close(final long accountId) {
        return new Close(fixture.id(), accountId);
    }

    private Command changeTier(final long accountId, final int tier) {
        return new ChangeTier(fixture.id(), accountId, tier);
    }

    // Tiers

    @Test
    void changesAWalletsTierAndReportsTheNewTierAsTheEventCode() {
        final Command command = new ChangeTier(5_001, ANON, 2);
        final Applied applied = fixture.apply(command);

        assertThat(applied.results()).containsExactly(ResultCode.OK);
        assertThat(fixture.account(ANON).tier()).isEqualTo(2);
        assertThat(applied.events()).containsExactly(new Event(EventType.TIER_CHANGED, 0, 5_001, 0, ANON, 0, 0, 2, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, -1})
    void rejectsATierOutsideOneToFour(final int tier) {
        fixture.assertRejected(ResultCode.TIER_INVALID, changeTier(ALICE, tier));
    }

    @ParameterizedTest
    @ValueSource(longs = {CITY, OPERATOR_A, CENTRAL_BANK})
    void givesATierOnlyToWallets(final long accountId) {
        fixture.assertRejected(ResultCode.NOT_A_WALLET, changeTier(accountId, 1));
    }

    @Test
    void rejectsATierChangeForAnUnknownAccount() {
        fixture.assertRejected(ResultCode.ACCOUNT_NOT_FOUND, changeTier(777_777, 1));
    }

    @Test
    void lowersATierWhenTheBalanceIsExactlyAtTheNewCap() {
        fixture.fund(ALICE, TIER_3_CAP_FEN);

        assertThat(fixture.result(changeTier(ALICE, 3))).isEqualTo(ResultCode.OK);
    }

    @Test
    void refusesATierWhoseBalanceCapIsBelowTheBalance() {
        fixture.fund(ALICE, TIER_4_CAP_FEN + 1);

        fixture.assertRejected(ResultCode.BALANCE_ABOVE_TIER_CAP, changeTier(ALICE, 4));
    }

    @Test
    void countsIncomingReservationsAgainstTheNewTiersCap() {
        fixture.fund(ALICE, TIER_4_CAP_FEN);
        fixture.apply(Transfer.pending(fixture.id(), OPERATOR_A, ALICE, 1, TransferCode.EXCHANGE_IN, 60));

        fixture.assertRejected(ResultCode.BALANCE_ABOVE_TIER_CAP, changeTier(ALICE, 4));
    }

    @Test
    void rejectsATierChangeOfAClosedWallet() {
        fixture.apply(close(ANON));

        fixture.assertRejected(ResultCode.ACCOUNT_CLOSED, changeTier(ANON, 1));
    }

    @Test
    void changesTheTierOfAFrozenWallet() {
        fixture.apply(freeze(ANON));

        assertThat(fixture.result(changeTier(ANON, 1))).isEqualTo(ResultCode.OK);
    }

    @Test
    void rejectsATierChangeCarryingFlags() {
        fixture.assertRejected(ResultCode.FLAGS_INVALID, raw(CommandDescriptor.header(CommandType.CHANGE_TIER.number(),
                CommandDescriptor.FLAG_PENDING, 0, 1), fixture.id(), ALICE, 0, 0, 0, 0, 0));
    }

    @Test
    void rejectsATierChangeCarryingAnotherAccount() {
        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(CommandType.CHANGE_TIER.number(),
                0, 0, 1), fixture.id(), ALICE, ANON, 0, 0, 0, 0));
    }

    // Freeze and unfreeze

    @Test
    void freezesAndUnfreezesAWalletWithAnEventForEach() {
        final Applied frozen = fixture.apply(new Freeze(5_001, ALICE));
        assertThat(fixture.account(ALICE).status()).isEqualTo(AccountStatus.FROZEN);

        final Applied unfrozen = fixture.apply(new Unfreeze(5_002, ALICE));
        assertThat(fixture.account(ALICE).status()).isEqualTo(AccountStatus.ACTIVE);

        assertThat(frozen.events()).containsExactly(new Event(EventType.ACCOUNT_FROZEN, 0, 5_001, 0, ALICE, 0, 0, 0, 0));
        assertThat(unfrozen.events()).containsExactly(new Event(EventType.ACCOUNT_UNFROZEN, 0, 5_002, 0, ALICE, 0, 0, 0, 0));
    }

    @Test
    void freezesAGovernmentAccount() {
        assertThat(fixture.result(freeze(CITY))).isEqualTo(ResultCode.OK);
    }

    @Test
    void rejectsFreezingAFrozenAccount() {
        fixture.apply(freeze(ALICE));

        fixture.assertRejected(ResultCode.ACCOUNT_ALREADY_FROZEN, freeze(ALICE));
    }

    @Test
    void rejectsUnfreezingAnAccountThatIsNotFrozen() {
        fixture.assertRejected(ResultCode.ACCOUNT_NOT_FROZEN, unfreeze(ALICE));
    }

    @Test
    void rejectsAStatusChangeOfAnUnknownAccount() {
        fixture.assertRejected(ResultCode.ACCOUNT_NOT_FOUND, freeze(777_777));
    }

    @ParameterizedTest
    @ValueSource(longs = {CENTRAL_BANK, OPERATOR_A})
    void neverFreezesTheCentralBankOrAnOperatorReserve(final long accountId) {
        fixture.assertRejected(ResultCode.ACCOUNT_KIND_CANNOT_CHANGE_STATUS, freeze(accountId));
    }

    @ParameterizedTest
    @ValueSource(longs = {CENTRAL_BANK, OPERATOR_A})
    void neverClosesTheCentralBankOrAnOperatorReserve(final long accountId) {
        fixture.assertRejected(ResultCode.ACCOUNT_KIND_CANNOT_CHANGE_STATUS, close(accountId));
    }

    @Test
    void rejectsAFreezeCarryingAValue() {
        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(CommandType.FREEZE.number(),
                0, 0, 1), fixture.id(), ALICE, 0, 0, 0, 0, 0));
    }

    @Test
    void rejectsAnUnfreezeCarryingTheHardWalletFlag() {
        fixture.apply(freeze(ALICE));

        fixture.assertRejected(ResultCode.FLAGS_INVALID, raw(CommandDescriptor.header(CommandType.UNFREEZE.number(),
                CommandDescriptor.FLAG_HARD_WALLET, 0, 0), fixture.id(), ALICE, 0, 0, 0, 0, 0));
    }

    // Close

    @Test
    void closesAnEmptyWalletForGood() {
        final Applied closed = fixture.apply(new Close(5_001, ANON));

        assertThat(closed.events()).containsExactly(new Event(EventType.ACCOUNT_CLOSED, 0, 5_001, 0, ANON, 0, 0, 0, 0));
        assertThat(fixture.account(ANON).status()).isEqualTo(AccountStatus.CLOSED);
    }

    @Test
    void rejectsClosingAWalletThatHoldsMoney() {
        fixture.fund(ANON, 1);

        fixture.assertRejected(ResultCode.ACCOUNT_HAS_BALANCE, close(ANON));
    }

    @Test
    void rejectsClosingAnEmptyWalletWithAnIncomingPendingTransfer() {
        fixture.apply(Transfer.pending(fixture.id(), OPERATOR_A, ANON, 100, TransferCode.EXCHANGE_IN, 60));

        fixture.assertRejected(ResultCode.ACCOUNT_HAS_PENDING_TRANSFERS, close(ANON));
    }

    @Test
    void rejectsClosingAFrozenWallet() {
        fixture.apply(freeze(ANON));

        fixture.assertRejected(ResultCode.ACCOUNT_FROZEN, close(ANON));
    }

    @Test
    void rejectsEveryStatusChangeOfAClosedAccount() {
        fixture.apply(close(ANON));

        fixture.assertRejected(ResultCode.ACCOUNT_CLOSED, freeze(ANON));
        fixture.assertRejected(ResultCode.ACCOUNT_CLOSED, unfreeze(ANON));
        fixture.assertRejected(ResultCode.ACCOUNT_CLOSED, close(ANON));
    }
}
