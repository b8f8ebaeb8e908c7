package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.ANON;
import static org.tongbao.engine.LedgerFixture.BOB;
import static org.tongbao.engine.LedgerFixture.OPERATOR_A;
import static org.tongbao.engine.LedgerFixture.SHOP;
import static org.tongbao.engine.LedgerFixture.raw;
import static org.tongbao.engine.payment.TransferCode.EXCHANGE_IN;
import static org.tongbao.engine.payment.TransferCode.MERCHANT_PAYMENT;
import static org.tongbao.engine.payment.TransferCode.P2P;

import org.junit.jupiter.api.Test;
import org.tongbao.engine.LedgerFixture.Applied;
import org.tongbao.engine.LedgerFixture.Event;
import org.tongbao.engine.LedgerFixture.State;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.account.AccountStatus;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.PostPending;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.Command.VoidPending;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;

/** Linked chains: commands flagged LINKED up to the first that is not succeed or fail together. */
class LinkedChainTest {
    private static final long FUNDED_FEN = 10_000;
    private static final long PENDING = 8_001;

    private final LedgerFixture fixture = LedgerFixture.standard();

    private Transfer p2p(final long debit, final long credit, final long amountFen) {
        return Transfer.of(fixture.id(), debit, credit, amountFen, P2P);
    }

    private static PostPending linked(final PostPending post) {
        return new PostPending(post.commandId(), post.pendingId(), post.amountFen(), CommandDescriptor.FLAG_LINKED,
                post.userData());
    }

    private static VoidPending linked(final VoidPending cancel) {
        return new VoidPending(cancel.commandId(), cancel.pendingId(), CommandDescriptor.FLAG_LINKED, cancel.userData());
    }

    @Test
    void appliesEveryMemberWhenAllSucceed() {
        fixture.fund(ALICE, FUNDED_FEN);

        final Applied applied = fixture.apply(p2p(ALICE, BOB, 1_000).linked(), p2p(BOB, ANON, 600).linked(),
                Transfer.of(fixture.id(), ANON, SHOP, 200, MERCHANT_PAYMENT));

        assertThat(applied.results()).containsOnly(ResultCode.OK).hasSize(3);
        assertThat(applied.events()).extracting(Event::commandIndex).containsExactly(0, 1, 2);
        assertThat(fixture.balance(BOB)).isEqualTo(400);
        assertThat(fixture.balance(ANON)).isEqualTo(400);
        assertThat(fixture.balance(SHOP)).isEqualTo(200);
    }

    @Test
    void letsALaterMemberSpendWhatAnEarlierMemberBrought() {
        final Applied applied = fixture.apply(Transfer.of(fixture.id(), OPERATOR_A, ANON, 500, EXCHANGE_IN).linked(),
                Transfer.of(fixture.id(), ANON, SHOP, 500, MERCHANT_PAYMENT));

        assertThat(applied.results()).containsExactly(ResultCode.OK, ResultCode.OK);
    }

    @Test
    void failsEveryOtherMemberAndAppliesNothingWhenTheLastFails() {
        fixture.fund(ALICE, FUNDED_FEN);
        final State before = fixture.state();

        final Applied applied = fixture.apply(p2p(ALICE, BOB, 1_000).linked(), p2p(BOB, ALICE, 500).linked(),
                p2p(ALICE, BOB, FUNDED_FEN));

        assertThat(applied.results()).containsExactly(ResultCode.LINKED_EVENT_FAILED, ResultCode.LINKED_EVENT_FAILED,
                ResultCode.INSUFFICIENT_FUNDS);
        assertThat(applied.events()).isEmpty();
        assertThat(fixture.state()).as("balances and limit usage rolled back").isEqualTo(before);
    }

    @Test
    void skipsTheMembersAfterAFailedOne() {
        fixture.fund(ALICE, FUNDED_FEN);
        final State before = fixture.state();

        final Applied applied = fixture.apply(p2p(ALICE, BOB, 1_000).linked(), p2p(BOB, ALICE, 5_000).linked(),
                p2p(ALICE, BOB, 1));

        assertThat(applied.results()).containsExactly(ResultCode.LINKED_EVENT_FAILED, ResultCode.INSUFFICIENT_FUNDS,
                ResultCode.LINKED_EVENT_FAILED);
        assertThat(fixture.state()).isEqualTo(before);
    }

    @Test
    void keepsTheEventsOfCommandsAroundAFailedChain() {
        fixture.fund(ALICE, FUNDED_FEN);

        final Applied applied = fixture.apply(p2p(ALICE, BOB, 100), p2p(ALICE, BOB, 200).linked(),
                p2p(ALICE, BOB, FUNDED_FEN), p2p(ALICE, BOB, 300));

        assertThat(applied.results()).containsExactly(ResultCode.OK, ResultCode.LINKED_EVENT_FAILED,
                ResultCode.INSUFFICIENT_FUNDS, ResultCode.OK);
        assertThat(applied.events()).extracting(Event::commandIndex, Event::amountFen)
                .containsExactly(tuple(0, 100L), tuple(3, 300L));
        assertThat(fixture.balance(BOB)).isEqualTo(400);
    }

    @Test
    void removesAPendingTransferCreatedInAFailedChain() {
        fixture.fund(ALICE, FUNDED_FEN);
        final State before = fixture.state();

        final Applied applied = fixture.apply(Transfer.pending(PENDING, ALICE, BOB, 1_000, P2P, 60).linked(),
                p2p(ALICE, BOB, FUNDED_FEN));

        assertThat(applied.results()).containsExactly(ResultCode.LINKED_EVENT_FAILED, ResultCode.INSUFFICIENT_FUNDS);
        assertThat(fixture.state()).isEqualTo(before);
        assertThat(fixture.result(PostPending.of(fixture.id(), PENDING, 0))).isEqualTo(ResultCode.PENDING_TRANSFER_NOT_FOUND);
    }

    @Test
    void reopensAPendingTransferPostedInAFailedChain() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(Transfer.pending(PENDING, ALICE, BOB, 1_000, P2P, 60));
        final State before = fixture.state();

        final Applied applied = fixture.apply(linked(PostPending.of(fixture.id(), PENDING, 0)), p2p(ALICE, BOB, FUNDED_FEN));

        assertThat(applied.results()).containsExactly(ResultCode.LINKED_EVENT_FAILED, ResultCode.INSUFFICIENT_FUNDS);
        assertThat(fixture.state()).isEqualTo(before);
        assertThat(fixture.result(PostPending.of(fixture.id(), PENDING, 0))).isEqualTo(ResultCode.OK);
    }

    @Test
    void reopensAPendingTransferVoidedInAFailedChain() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(Transfer.pending(PENDING, ALICE, BOB, 1_000, P2P, 60));
        final State before = fixture.state();

        final Applied applied = fixture.apply(linked(VoidPending.of(fixture.id(), PENDING)), p2p(ALICE, BOB, FUNDED_FEN + 1));

        assertThat(applied.results()).containsExactly(ResultCode.LINKED_EVENT_FAILED, ResultCode.INSUFFICIENT_FUNDS);
        assertThat(fixture.state()).isEqualTo(before);
        assertThat(fixture.result(PostPending.of(fixture.id(), PENDING, 0))).isEqualTo(ResultCode.OK);
    }

    @Test
    void postsAPendingTransferCreatedEarlierInTheSameChain() {
        fixture.fund(ALICE, FUNDED_FEN);

        final Applied applied = fixture.apply(Transfer.pending(PENDING, ALICE, BOB, 1_000, P2P, 60).linked(),
                PostPending.of(fixture.id(), PENDING, 400));

        assertThat(applied.results()).containsExactly(ResultCode.OK, ResultCode.OK);
        assertThat(fixture.balance(BOB)).isEqualTo(400);
        assertThat(fixture.ledger().pendingCount()).isZero();
    }

    @Test
    void rejectsEveryMemberOfAChainLeftOpenAtTheEndOfTheBatch() {
        fixture.fund(ALICE, FUNDED_FEN);

        final Applied applied = fixture.apply(p2p(ALICE, BOB, 100), p2p(ALICE, BOB, 200).linked(),
                p2p(ALICE, BOB, 300).linked());

        assertThat(applied.results()).containsExactly(ResultCode.OK, ResultCode.LINKED_CHAIN_OPEN,
                ResultCode.LINKED_CHAIN_OPEN);
        assertThat(fixture.balance(BOB)).isEqualTo(100);
        assertThat(fixture.balance(ALICE)).isEqualTo(FUNDED_FEN - 100);
    }

    @Test
    void treatsALoneLinkedCommandAtTheEndOfTheBatchAsAnOpenChain() {
        fixture.assertRejected(ResultCode.LINKED_CHAIN_OPEN, raw(CommandDescriptor.header(CommandType.CLOSE.number(),
                CommandDescriptor.FLAG_LINKED, 0, 0), fixture.id(), ANON, 0, 0, 0, 0, 0));
    }

    @Test
    void refusesAnAccountCommandInAChain() {
        fixture.fund(ALICE, FUNDED_FEN);
        final State before = fixture.state();

        final Applied applied = fixture.apply(p2p(ALICE, BOB, 100).linked(), new Freeze(fixture.id(), BOB));

        assertThat(applied.results()).containsExactly(ResultCode.LINKED_EVENT_FAILED, ResultCode.LINKED_NOT_ALLOWED);
        assertThat(fixture.state()).isEqualTo(before);
        assertThat(fixture.account(BOB).status()).isEqualTo(AccountStatus.ACTIVE);
    }

    @Test
    void refusesALinkedOpenAccount() {
        final Command linkedOpen = raw(CommandDescriptor.header(CommandType.OPEN_ACCOUNT.number(),
                CommandDescriptor.FLAG_LINKED, AccountKind.PERSONAL.number(), 1), 9_001, OPERATOR_A, 0, 0, 0, 0, 0);

        final Applied applied = fixture.apply(linkedOpen, Transfer.of(fixture.id(), OPERATOR_A, ANON, 100, EXCHANGE_IN));

        assertThat(applied.results()).containsExactly(ResultCode.LINKED_NOT_ALLOWED, ResultCode.LINKED_EVENT_FAILED);
        assertThat(fixture.account(9_001)).isNull();
        assertThat(fixture.balance(ANON)).isZero();
    }

    @Test
    void appliesNothingWhenAFailedChainIsRetried() {
        fixture.fund(ALICE, FUNDED_FEN);
        final Command[] chain = {p2p(ALICE, BOB, 1_000).linked(), p2p(ALICE, BOB, FUNDED_FEN)};
        fixture.apply(chain);
        final State before = fixture.state();

        final Applied retry = fixture.apply(chain);

        assertThat(retry.results()).doesNotContain(ResultCode.OK);
        assertThat(retry.events()).isEmpty();
        assertThat(fixture.state()).isEqualTo(before);
    }

    @Test
    void answersARetriedFailedChainWithItsOriginalResults() {
        fixture.fund(ALICE, FUNDED_FEN);
        final Command[] chain = {p2p(ALICE, BOB, 1_000).linked(), p2p(ALICE, BOB, FUNDED_FEN)};
        final Applied original = fixture.apply(chain);

        final Applied retry = fixture.apply(chain);

        assertThat(retry.results()).isEqualTo(original.results());
        assertThat(retry.replayed()).containsExactly(true, true);
    }
}
