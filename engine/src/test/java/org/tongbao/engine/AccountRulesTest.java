package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.CENTRAL_BANK;
import static org.tongbao.engine.LedgerFixture.CITY;
import static org.tongbao.engine.LedgerFixture.DAVE;
import static org.tongbao.engine.LedgerFixture.GROCERIES;
import static org.tongbao.engine.LedgerFixture.GUSU;
import static org.tongbao.engine.LedgerFixture.OPERATOR_A;
import static org.tongbao.engine.LedgerFixture.OPERATOR_B;
import static org.tongbao.engine.LedgerFixture.SHOP;
import static org.tongbao.engine.LedgerFixture.STANDARD_ACCOUNTS;
import static org.tongbao.engine.LedgerFixture.raw;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongbao.engine.LedgerFixture.Applied;
import org.tongbao.engine.LedgerFixture.Event;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.account.AccountStatus;
import org.tongbao.engine.command.Command.ChangeTier;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.OpenAccount;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;
import org.tongbao.engine.event.EventType;

/** Opening accounts: kinds, the one central bank, operators, tiers, district, merchant category, parents, retries. */
class AccountRulesTest {
    private static final long NEW = 9_001;

    private final LedgerFixture fixture = LedgerFixture.standard();

    private static OpenAccount personal(final long id, final long operatorId, final int tier) {
        return OpenAccount.of(id, AccountKind.PERSONAL, operatorId, tier, GUSU, 0);
    }

    private static OpenAccount withParent(final long id, final AccountKind kind, final long operatorId, final long parentId) {
        return new OpenAccount(id, kind.number(), operatorId, kind.isWallet() ? 2 : 0, 0, kind == AccountKind.MERCHANT ? 5812 : 0,
                false, parentId, 0);
    }

    @Test
    void opensAWalletWithTheGivenAttributesAndNothingElse() {
        final Applied applied = fixture.apply(new OpenAccount(NEW, AccountKind.MERCHANT.number(), OPERATOR_A, 3, 320583,
                5812, true, 0, 77));

        assertThat(applied.results()).containsExactly(ResultCode.OK);
        assertThat(fixture.account(NEW)).isEqualTo(new AccountView(NEW, AccountKind.MERCHANT, 3, AccountStatus.ACTIVE,
                true, 5812, 320583, OPERATOR_A, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void reportsAnOpenedAccountAsAnEventWithItsKindAsCode() {
        final Applied applied = fixture.apply(personal(NEW, OPERATOR_A, 2),
                new OpenAccount(NEW + 1, AccountKind.GOVERNMENT.number(), OPERATOR_B, 0, 0, 0, false, 0, 42));

        assertThat(applied.events()).containsExactly(
                new Event(EventType.ACCOUNT_OPENED, 0, NEW, 0, NEW, 0, 0, AccountKind.PERSONAL.number(), 0),
                new Event(EventType.ACCOUNT_OPENED, 1, NEW + 1, 0, NEW + 1, 0, 0, AccountKind.GOVERNMENT.number(), 42));
    }

    @Test
    void rejectsAnAccountIdOfZero() {
        fixture.assertRejected(ResultCode.ID_MUST_NOT_BE_ZERO, personal(0, OPERATOR_A, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 15, 0xFFFF})
    void rejectsAnAccountKindThatIsNotDefined(final int kind) {
        fixture.assertRejected(ResultCode.ACCOUNT_KIND_INVALID, new OpenAccount(NEW, kind, OPERATOR_A, 1, 0, 0, false, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 8})
    void leavesCampaignPoolsAndEscrowAccountsToTheirOwnCommands(final int kind) {
        fixture.assertRejected(ResultCode.ACCOUNT_KIND_NOT_OPENABLE, new OpenAccount(NEW, kind, 0, 0, 0, 0, false, 0, 0));
    }

    @Test
    void allowsOnlyOneCentralBank() {
        fixture.assertRejected(ResultCode.CENTRAL_BANK_ALREADY_EXISTS,
                OpenAccount.of(NEW, AccountKind.CENTRAL_BANK, 0, 0, 0, 0));
    }

    @Test
    void opensTheCentralBankInAnEmptyLedger() {
        final LedgerFixture empty = LedgerFixture.empty();

        assertThat(empty.result(OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0))).isEqualTo(ResultCode.OK);
        assertThat(empty.account(CENTRAL_BANK).kind()).isEqualTo(AccountKind.CENTRAL_BANK);
    }

    @Test
    void refusesAnOperatorForTheCentralBank() {
        final LedgerFixture empty = LedgerFixture.empty();
        empty.apply(OpenAccount.of(OPERATOR_A, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0));

        empty.assertRejected(ResultCode.OPERATOR_NOT_ALLOWED,
                OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, OPERATOR_A, 0, 0, 0));
    }

    @Test
    void refusesAnOperatorForAnOperatorReserve() {
        fixture.assertRejected(ResultCode.OPERATOR_NOT_ALLOWED,
                OpenAccount.of(NEW, AccountKind.OPERATOR_RESERVE, OPERATOR_A, 0, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PERSONAL", "CORPORATE", "MERCHANT", "GOVERNMENT"})
    void requiresAnOperatorForAccountsHeldAtAnOperator(final AccountKind kind) {
        fixture.assertRejected(ResultCode.OPERATOR_NOT_FOUND, withParent(NEW, kind, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(longs = {ALICE, CENTRAL_BANK, 777_777})
    void requiresTheOperatorToBeAnExistingOperatorReserve(final long operatorId) {
        fixture.assertRejected(ResultCode.OPERATOR_NOT_FOUND, personal(NEW, operatorId, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void opensWalletsAtEveryTierFromOneToFour(final int tier) {
        assertThat(fixture.result(personal(NEW, OPERATOR_A, tier))).isEqualTo(ResultCode.OK);
        assertThat(fixture.account(NEW).tier()).isEqualTo(tier);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 7, -1})
    void rejectsAWalletTierOutsideOneToFour(final int tier) {
        fixture.assertRejected(ResultCode.TIER_INVALID, personal(NEW, OPERATOR_A, tier));
    }

    @Test
    void rejectsATierOnAnAccountThatIsNotAWallet() {
        fixture.assertRejected(ResultCode.TIER_INVALID, OpenAccount.of(NEW, AccountKind.GOVERNMENT, OPERATOR_A, 1, 0, 0));
        fixture.assertRejected(ResultCode.TIER_INVALID, OpenAccount.of(NEW, AccountKind.OPERATOR_RESERVE, 0, 1, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100_000, 320_508, 999_999})
    void acceptsNoDistrictOrASixDigitDivisionCode(final int district) {
        assertThat(fixture.result(OpenAccount.of(NEW, AccountKind.PERSONAL, OPERATOR_A, 1, district, 0)))
                .isEqualTo(ResultCode.OK);
        assertThat(fixture.account(NEW).district()).isEqualTo(district);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 99_999, 1_000_000, -320_508, Integer.MAX_VALUE})
    void rejectsADistrictThatIsNotASixDigitCode(final int district) {
        fixture.assertRejected(ResultCode.DISTRICT_INVALID, OpenAccount.of(NEW, AccountKind.PERSONAL, OPERATOR_A, 1, district, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10_000, -5411})
    void requiresAMerchantToHaveACategoryCodeFromOneTo9999(final int merchantCategory) {
        fixture.assertRejected(ResultCode.MERCHANT_CATEGORY_INVALID,
                OpenAccount.of(NEW, AccountKind.MERCHANT, OPERATOR_A, 1, 0, merchantCategory));
    }

    @Test
    void opensMerchantsAtBothEndsOfTheCategoryCodeRange() {
        assertThat(fixture.result(OpenAccount.of(NEW, AccountKind.MERCHANT, OPERATOR_A, 1, 0, 1))).isEqualTo(ResultCode.OK);
        assertThat(fixture.result(OpenAccount.of(NEW + 1, AccountKind.MERCHANT, OPERATOR_A, 1, 0, 9999)))
                .isEqualTo(ResultCode.OK);
    }

    @Test
    void rejectsACategoryCodeAbove9999OnAnyKind() {
        fixture.assertRejected(ResultCode.MERCHANT_CATEGORY_INVALID,
                OpenAccount.of(NEW, AccountKind.PERSONAL, OPERATOR_A, 1, 0, 10_000));
    }

    @Test
    void opensASubWalletUnderAnActiveWalletAtTheSameOperator() {
        assertThat(fixture.result(withParent(NEW, AccountKind.MERCHANT, OPERATOR_A, ALICE))).isEqualTo(ResultCode.OK);
        assertThat(fixture.account(NEW).parentId()).isEqualTo(ALICE);
    }

    @Test
    void rejectsAParentThatDoesNotExist() {
        fixture.assertRejected(ResultCode.PARENT_NOT_FOUND, withParent(NEW, AccountKind.PERSONAL, OPERATOR_A, 777_777));
    }

    @Test
    void rejectsAParentAtAnotherOperator() {
        fixture.assertRejected(ResultCode.PARENT_NOT_ALLOWED, withParent(NEW, AccountKind.PERSONAL, OPERATOR_A, DAVE));
    }

    @Test
    void rejectsAParentThatIsNotAWallet() {
        fixture.assertRejected(ResultCode.PARENT_NOT_ALLOWED, withParent(NEW, AccountKind.PERSONAL, OPERATOR_A, CITY));
    }

    @Test
    void rejectsAParentForAnAccountThatIsNotAWallet() {
        fixture.assertRejected(ResultCode.PARENT_NOT_ALLOWED, withParent(NEW, AccountKind.GOVERNMENT, OPERATOR_A, ALICE));
    }

    @Test
    void rejectsAFrozenParent() {
        fixture.apply(new Freeze(fixture.id(), ALICE));

        fixture.assertRejected(ResultCode.PARENT_NOT_ALLOWED, withParent(NEW, AccountKind.PERSONAL, OPERATOR_A, ALICE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PERSONAL", "CORPORATE", "MERCHANT"})
    void marksAWalletAsHardWhenAsked(final AccountKind kind) {
        assertThat(fixture.result(new OpenAccount(NEW, kind.number(), OPERATOR_A, 1, 0, 4111, true, 0, 0)))
                .isEqualTo(ResultCode.OK);
        assertThat(fixture.account(NEW).hardWallet()).isTrue();
    }

    @Test
    void rejectsTheHardWalletFlagOnAnAccountThatIsNotAWallet() {
        fixture.assertRejected(ResultCode.FLAGS_INVALID,
                new OpenAccount(NEW, AccountKind.GOVERNMENT.number(), OPERATOR_A, 0, 0, 0, true, 0, 0));
    }

    @Test
    void rejectsAnOpenCarryingTheFlagOfAPendingTransfer() {
        fixture.assertRejected(ResultCode.FLAGS_INVALID, raw(CommandDescriptor.header(CommandType.OPEN_ACCOUNT.number(),
                CommandDescriptor.FLAG_PENDING, AccountKind.PERSONAL.number(), 1), NEW, OPERATOR_A, 0, 0, 0, 0, 0));
    }

    @Test
    void rejectsAnOpenCarryingAnAmount() {
        fixture.assertRejected(ResultCode.FIELD_NOT_ALLOWED, raw(CommandDescriptor.header(CommandType.OPEN_ACCOUNT.number(),
                0, AccountKind.PERSONAL.number(), 1), NEW, OPERATOR_A, 0, 100, 0, 0, 0));
    }

    @Test
    void answersARetriedOpenWithTheSameFieldsWithOkAndChangesNothing() {
        fixture.apply(OpenAccount.of(NEW, AccountKind.MERCHANT, OPERATOR_A, 2, GUSU, GROCERIES));
        final LedgerFixture.State before = fixture.state();

        final Applied retry = fixture.apply(OpenAccount.of(NEW, AccountKind.MERCHANT, OPERATOR_A, 2, GUSU, GROCERIES));

        assertThat(retry.results()).containsExactly(ResultCode.OK);
        assertThat(retry.events()).isEmpty();
        assertThat(fixture.state()).isEqualTo(before);
    }

    @Test
    void answersARetriedOpenWithOkAfterTheWalletsTierChanged() {
        fixture.apply(personal(NEW, OPERATOR_A, 3));
        fixture.apply(new ChangeTier(fixture.id(), NEW, 1));

        assertThat(fixture.result(personal(NEW, OPERATOR_A, 3))).isEqualTo(ResultCode.OK);
        assertThat(fixture.account(NEW).tier()).isEqualTo(1);
    }

    @Test
    void rejectsReusingAnAccountIdWithAnotherKind() {
        fixture.assertRejected(ResultCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS,
                OpenAccount.of(ALICE, AccountKind.CORPORATE, OPERATOR_A, 1, GUSU, 0));
    }

    @Test
    void rejectsReusingAnAccountIdWithAnotherOperator() {
        fixture.assertRejected(ResultCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS, personal(ALICE, OPERATOR_B, 1));
    }

    @Test
    void rejectsReusingAnAccountIdWithAnotherDistrict() {
        fixture.assertRejected(ResultCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS,
                OpenAccount.of(ALICE, AccountKind.PERSONAL, OPERATOR_A, 1, 320583, 0));
    }

    @Test
    void rejectsReusingAnAccountIdWithAnotherMerchantCategory() {
        fixture.assertRejected(ResultCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS,
                OpenAccount.of(SHOP, AccountKind.MERCHANT, OPERATOR_A, 1, GUSU, 5812));
    }

    @Test
    void rejectsReusingAnAccountIdWithAParent() {
        fixture.apply(personal(NEW, OPERATOR_A, 1));

        fixture.assertRejected(ResultCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS,
                new OpenAccount(NEW, AccountKind.PERSONAL.number(), OPERATOR_A, 1, GUSU, 0, false, ALICE, 0));
    }

    @Test
    void rejectsReusingAnAccountIdWithAnotherHardness() {
        fixture.assertRejected(ResultCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS,
                new OpenAccount(ALICE, AccountKind.PERSONAL.number(), OPERATOR_A, 1, GUSU, 0, true, 0, 0));
    }

    @Test
    void refusesToOpenMoreAccountsThanTheConfiguredMaximum() {
        final LedgerConfig config = LedgerFixture.config();
        final LedgerFixture full = LedgerFixture.standard(new LedgerConfig(STANDARD_ACCOUNTS, 4, config.pendingMax(),
                config.pendingTimeoutMaxSeconds(), config.idempotencyGeneration(), config.batchMax(), config.walletLimits()));

        full.assertRejected(ResultCode.ACCOUNTS_LIMIT_REACHED, personal(NEW, OPERATOR_A, 1));
        assertThat(full.result(personal(ALICE, OPERATOR_A, 1))).as("a retry needs no room").isEqualTo(ResultCode.OK);
    }
}
