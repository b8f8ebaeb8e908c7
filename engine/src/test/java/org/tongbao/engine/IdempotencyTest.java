package org.tongbao.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.engine.LedgerFixture.ALICE;
import static org.tongbao.engine.LedgerFixture.BOB;
import static org.tongbao.engine.LedgerFixture.DAVE;
import static org.tongbao.engine.payment.TransferCode.P2P;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tongbao.engine.LedgerFixture.Applied;
import org.tongbao.engine.LedgerFixture.State;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.PostPending;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.payment.TransferCode;

/**
 * Command ids: a retry (same id, same fields) is answered with the original result and has no
 * second effect; a reused id with other fields is refused; the window remembers a bounded
 * number of recent ids.
 */
class IdempotencyTest {
    private static final long ID = 7_001;
    private static final long FUNDED_FEN = 10_000;
    private static final Transfer ORIGINAL = new Transfer(ID, ALICE, BOB, 1_000, P2P.number(), 0, 0, 42);

    private final LedgerFixture fixture = LedgerFixture.standard();

    @Test
    void answersARetryWithTheOriginalResultAndNoSecondEffect() {
        fixture.fund(ALICE, FUNDED_FEN);
        assertThat(fixture.apply(ORIGINAL).replayed(0)).isFalse();
        final State before = fixture.state();

        final Applied retry = fixture.apply(ORIGINAL);

        assertThat(retry.results()).containsExactly(ResultCode.OK);
        assertThat(retry.replayed(0)).isTrue();
        assertThat(retry.events()).isEmpty();
        assertThat(fixture.state()).isEqualTo(before);
    }

    @Test
    void answersARetryOfARejectedCommandWithTheOriginalRejection() {
        assertThat(fixture.result(ORIGINAL)).isEqualTo(ResultCode.INSUFFICIENT_FUNDS);
        fixture.fund(ALICE, FUNDED_FEN);

        final Applied retry = fixture.assertRejected(ResultCode.INSUFFICIENT_FUNDS, ORIGINAL);

        assertThat(retry.replayed(0)).isTrue();
    }

    @Test
    void answersARetryInTheSameBatchAsTheOriginal() {
        fixture.fund(ALICE, FUNDED_FEN);

        final Applied applied = fixture.apply(ORIGINAL, ORIGINAL);

        assertThat(applied.results()).containsExactly(ResultCode.OK, ResultCode.OK);
        assertThat(applied.replayed()).containsExactly(false, true);
        assertThat(fixture.balance(BOB)).isEqualTo(1_000);
    }

    static Stream<Command> sameIdOtherFields() {
        return Stream.of(
                new Transfer(ID, BOB, ALICE, 1_000, P2P.number(), 0, 0, 42),
                new Transfer(ID, ALICE, DAVE, 1_000, P2P.number(), 0, 0, 42),
                new Transfer(ID, ALICE, BOB, 1_001, P2P.number(), 0, 0, 42),
                new Transfer(ID, ALICE, BOB, 1_000, TransferCode.MERCHANT_PAYMENT.number(), 0, 0, 42),
                new Transfer(ID, ALICE, BOB, 1_000, P2P.number(), 0, 0, 43),
                new Transfer(ID, ALICE, BOB, 1_000, P2P.number(), CommandDescriptor.FLAG_PENDING, 60, 42),
                new Freeze(ID, ALICE),
                PostPending.of(ID, ID, 0));
    }

    @ParameterizedTest
    @MethodSource("sameIdOtherFields")
    void refusesAnIdReusedForACommandWithOtherFields(final Command reuse) {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(ORIGINAL);

        final Applied applied = fixture.assertRejected(ResultCode.ID_EXISTS_WITH_DIFFERENT_FIELDS, reuse);

        assertThat(applied.replayed(0)).isFalse();
    }

    @Test
    void stillAnswersTheOriginalAfterARefusedReuse() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(ORIGINAL);
        fixture.apply(new Transfer(ID, ALICE, BOB, 9, P2P.number(), 0, 0, 42));

        assertThat(fixture.apply(ORIGINAL).replayed(0)).isTrue();
    }

    @Test
    void answersARetriedPostWithItsOwnResultNotAlreadyPosted() {
        fixture.fund(ALICE, FUNDED_FEN);
        fixture.apply(Transfer.pending(ID, ALICE, BOB, 1_000, P2P, 60));
        final PostPending post = PostPending.of(fixture.id(), ID, 0);
        fixture.apply(post);

        final Applied retry = fixture.apply(post);

        assertThat(retry.results()).containsExactly(ResultCode.OK);
        assertThat(retry.replayed(0)).isTrue();
        assertThat(fixture.balance(BOB)).isEqualTo(1_000);
    }

    @Test
    void answersARetriedPendingTransferAfterItWasPostedWithoutReservingAgain() {
        fixture.fund(ALICE, FUNDED_FEN);
        final Transfer pending = Transfer.pending(ID, ALICE, BOB, 1_000, P2P, 60);
        fixture.apply(pending);
        fixture.apply(PostPending.of(fixture.id(), ID, 0));

        final Applied retry = fixture.apply(pending);

        assertThat(retry.results()).containsExactly(ResultCode.OK);
        assertThat(retry.replayed(0)).isTrue();
        assertThat(fixture.ledger().pendingCount()).isZero();
    }

    @Test
    void remembersAnIdWhileFewerThanAGenerationOfIdsFollowedIt() {
        final LedgerFixture small = LedgerFixture.standard(LedgerFixture.config().withIdempotencyGeneration(3));
        small.fund(ALICE, FUNDED_FEN);
        small.apply(ORIGINAL);
        small.apply(Transfer.of(small.id(), ALICE, BOB, 1, P2P), Transfer.of(small.id(), ALICE, BOB, 1, P2P));

        final Applied retry = small.apply(ORIGINAL);

        assertThat(retry.replayed(0)).isTrue();
        assertThat(small.balance(BOB)).isEqualTo(1_002);
    }

    @Test
    void forgetsAnIdOnceTwoGenerationsOfIdsFollowedIt() {
        final LedgerFixture small = LedgerFixture.standard(LedgerFixture.config().withIdempotencyGeneration(3));
        small.fund(ALICE, FUNDED_FEN);
        small.apply(ORIGINAL);
        for (int i = 0; i < 6; i++) {
            small.apply(Transfer.of(small.id(), ALICE, BOB, 1, P2P));
        }

        final Applied again = small.apply(ORIGINAL);

        assertThat(again.replayed(0)).isFalse();
        assertThat(again.results()).containsExactly(ResultCode.OK);
        assertThat(small.balance(BOB)).as("applied a second time").isEqualTo(2_006);
    }
}
