package org.tongbao.engine.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command.ChangeTier;
import org.tongbao.engine.command.Command.Close;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.OpenAccount;
import org.tongbao.engine.command.Command.PostPending;
import org.tongbao.engine.command.Command.Raw;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.Command.Unfreeze;
import org.tongbao.engine.command.Command.VoidPending;
import org.tongbao.engine.payment.TransferCode;

/** Commands as records and as words: every record survives encoding; words no record fits stay {@link Raw}. */
class CommandRoundTripTest {
    private static final int WORDS = CommandDescriptor.WORDS;

    private static Command roundTrip(final Command command) {
        final CommandBatch batch = new CommandBatch(1);
        command.appendTo(batch);
        return batch.command(0);
    }

    private static CommandBatch batchOf(final Command... commands) {
        final CommandBatch batch = new CommandBatch(commands.length);
        for (final Command command : commands) {
            command.appendTo(batch);
        }
        return batch;
    }

    private static long[] words(final long header, final long... rest) {
        final long[] words = new long[WORDS];
        words[CommandDescriptor.HEADER] = header;
        System.arraycopy(rest, 0, words, 1, rest.length);
        return words;
    }

    static Stream<Command> everyRecord() {
        return Stream.of(
                new OpenAccount(1, AccountKind.MERCHANT.number(), 10, 3, 320583, 5812, true, 101, -7),
                new OpenAccount(Long.MAX_VALUE, AccountKind.PERSONAL.number(), -1, 4, -320508, Integer.MIN_VALUE, false, 0,
                        Long.MIN_VALUE),
                new OpenAccount(-2, 0xFFFF, 0, Integer.MAX_VALUE, 0, 0, false, -5, 0),
                OpenAccount.of(2, AccountKind.CENTRAL_BANK, 0, 0, 0, 0),
                new ChangeTier(3, 101, 2),
                new ChangeTier(-3, -101, Integer.MIN_VALUE),
                new Freeze(4, 101),
                new Unfreeze(5, 101),
                new Close(6, Long.MIN_VALUE),
                Transfer.of(7, 101, 102, 2_500, TransferCode.P2P),
                Transfer.pending(8, 101, 301, 1, TransferCode.MERCHANT_PAYMENT, 60).linked(),
                new Transfer(9, -1, -2, Long.MIN_VALUE, 0xFFFF, 0xFF, -1, Long.MAX_VALUE),
                PostPending.of(10, 8, 0),
                new PostPending(11, -8, Long.MAX_VALUE, CommandDescriptor.FLAG_LINKED, -1),
                VoidPending.of(12, 8),
                new VoidPending(13, Long.MIN_VALUE, 0xFF, 99),
                new Command.ApplyForLoan(15, 401, 5_001, 1_200_000, 12, 1, 7),
                new Command.ApplyForLoan(-15, Long.MIN_VALUE, -1, Long.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF, -7),
                Command.DecideLoanApplication.approve(16, 15, 10, 4_001),
                new Command.DecideLoanApplication(17, -15, -10, 0xFFFF, Long.MIN_VALUE, Integer.MAX_VALUE, 1),
                new Command.WithdrawLoanApplication(18, 15, 10, Long.MAX_VALUE),
                new Raw(words(CommandDescriptor.header(99, 0, 0, 0), 14, 1, 2, 3, 4, 5, 6)));
    }

    @ParameterizedTest
    @MethodSource("everyRecord")
    void decodesEveryRecordToItself(final Command command) {
        assertThat(roundTrip(command)).isEqualTo(command);
    }

    @ParameterizedTest
    @MethodSource("everyRecord")
    void encodesTheDecodedRecordToTheSameWords(final Command command) {
        final CommandBatch original = batchOf(command);
        final CommandBatch again = batchOf(original.command(0));

        for (int word = 0; word < WORDS; word++) {
            assertThat(again.word(0, word)).as("word %d", word).isEqualTo(original.word(0, word));
        }
    }

    static Stream<Arguments> wordsNoRecordFits() {
        final int transfer = CommandType.TRANSFER.number();
        final int open = CommandType.OPEN_ACCOUNT.number();
        return Stream.of(
                Arguments.of("unknown type", words(CommandDescriptor.header(99, 0, 0, 0), 1)),
                Arguments.of("type 0", words(CommandDescriptor.header(0, 0, 0, 0), 1)),
                Arguments.of("transfer with a reference", words(CommandDescriptor.header(transfer, 0, 10, 0), 1, 2, 3, 4, 5)),
                Arguments.of("transfer with a location", words(CommandDescriptor.header(transfer, 0, 10, 0), 1, 2, 3, 4, 0, 6)),
                Arguments.of("open with an amount", words(CommandDescriptor.header(open, 0, 3, 1), 1, 10, 0, 100)),
                Arguments.of("open with the linked flag", words(CommandDescriptor.header(open, CommandDescriptor.FLAG_LINKED, 3, 1),
                        1, 10)),
                Arguments.of("change tier with a code", words(CommandDescriptor.header(CommandType.CHANGE_TIER.number(), 0, 5, 1),
                        1, 101)),
                Arguments.of("freeze with a tier", words(CommandDescriptor.header(CommandType.FREEZE.number(), 0, 0, 1), 1, 101)),
                Arguments.of("freeze with flags", words(CommandDescriptor.header(CommandType.FREEZE.number(), 1, 0, 0), 1, 101)),
                Arguments.of("unfreeze with an amount", words(CommandDescriptor.header(CommandType.UNFREEZE.number(), 0, 0, 0),
                        1, 101, 0, 5)),
                Arguments.of("close with another account", words(CommandDescriptor.header(CommandType.CLOSE.number(), 0, 0, 0),
                        1, 101, 102)),
                Arguments.of("post with an account", words(CommandDescriptor.header(CommandType.POST_PENDING.number(), 0, 0, 0),
                        1, 101, 0, 0, 8)),
                Arguments.of("post with a timeout", words(CommandDescriptor.header(CommandType.POST_PENDING.number(), 0, 0, 60),
                        1, 0, 0, 0, 8)),
                Arguments.of("void with an amount", words(CommandDescriptor.header(CommandType.VOID_PENDING.number(), 0, 0, 0),
                        1, 0, 0, 5, 8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wordsNoRecordFits")
    void decodesWordsNoRecordFitsToRaw(final String shape, final long[] words) {
        final CommandBatch batch = new CommandBatch(1);
        batch.appendWords(words, 0);

        assertThat(batch.command(0)).isEqualTo(new Raw(words));
    }

    @Test
    void copiesTheWordsARawCommandIsGiven() {
        final long[] words = words(CommandDescriptor.header(99, 0, 0, 0), 1);
        final Raw raw = new Raw(words);
        words[1] = 2;

        assertThat(raw.id()).isEqualTo(1);
    }

    @Test
    void givesTheSameFingerprintToTheSameFieldsWhateverTheId() {
        final CommandBatch batch = batchOf(Transfer.of(1, 101, 102, 2_500, TransferCode.P2P),
                Transfer.of(2, 101, 102, 2_500, TransferCode.P2P));

        assertThat(Fingerprint.of(batch, 0)).isEqualTo(Fingerprint.of(batch, 1));
    }

    @Test
    void changesTheFingerprintWhenAnyFieldButTheIdChanges() {
        final long[] base = words(CommandDescriptor.header(CommandType.TRANSFER.number(), 0, 10, 0), 1, 101, 102, 2_500, 0, 0, 7);
        final CommandBatch original = new CommandBatch(1);
        original.appendWords(base, 0);
        final long fingerprint = Fingerprint.of(original, 0);

        for (int word = 0; word < WORDS; word++) {
            if (word == CommandDescriptor.ID) {
                continue;
            }
            final long[] changed = base.clone();
            changed[word] ^= 1L << (word * 7);
            final CommandBatch batch = new CommandBatch(1);
            batch.appendWords(changed, 0);
            assertThat(Fingerprint.of(batch, 0)).as("word %d changed", word).isNotEqualTo(fingerprint);
        }
    }

    @Test
    void changesTheFingerprintWhenDebitAndCreditAreSwapped() {
        final CommandBatch batch = batchOf(Transfer.of(1, 101, 102, 2_500, TransferCode.P2P),
                Transfer.of(1, 102, 101, 2_500, TransferCode.P2P));

        assertThat(Fingerprint.of(batch, 0)).isNotEqualTo(Fingerprint.of(batch, 1));
    }

    @Test
    void changesTheFingerprintWhenAnAmountMovesToAnotherField() {
        final CommandBatch batch = new CommandBatch(2);
        batch.appendWords(words(CommandDescriptor.header(CommandType.POST_PENDING.number(), 0, 0, 0), 1, 0, 0, 500, 8), 0);
        batch.appendWords(words(CommandDescriptor.header(CommandType.POST_PENDING.number(), 0, 0, 0), 1, 0, 0, 8, 500), 0);

        assertThat(Fingerprint.of(batch, 0)).isNotEqualTo(Fingerprint.of(batch, 1));
    }
}
