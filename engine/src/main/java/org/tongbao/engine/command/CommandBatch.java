package org.tongbao.engine.command;

import java.util.Arrays;
import org.tongbao.engine.Checks;

/**
 * A bounded, reusable batch of commands in their binary form ({@link CommandDescriptor}): what
 * the sequencer forms, the journal stores and the ledger applies. Appending does not allocate.
 *
 * <p>Not thread-safe: one thread fills it, then hands it over (the sequencer to the journal and
 * ledger) and does not touch it until it is cleared for reuse.
 */
public final class CommandBatch {
    private final long[] words;
    private final int capacity;
    private int count;

    public CommandBatch(final int capacity) {
        Checks.checkArgument(capacity > 0, "batch capacity must be positive");
        this.capacity = capacity;
        this.words = new long[capacity * CommandDescriptor.WORDS];
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return capacity;
    }

    public boolean isFull() {
        return count == capacity;
    }

    public void clear() {
        Arrays.fill(words, 0, count * CommandDescriptor.WORDS, 0L);
        count = 0;
    }

    public long word(final int index, final int word) {
        return words[index * CommandDescriptor.WORDS + word];
    }

    public long header(final int index) {
        return words[index * CommandDescriptor.WORDS];
    }

    public int type(final int index) {
        return CommandDescriptor.type(header(index));
    }

    public int flags(final int index) {
        return CommandDescriptor.flags(header(index));
    }

    public long id(final int index) {
        return words[index * CommandDescriptor.WORDS + CommandDescriptor.ID];
    }

    /** Appends one command given as its eight words; returns its index in the batch. */
    public int append(final long header, final long id, final long account, final long otherAccount,
                      final long amountFen, final long reference, final long location, final long userData) {
        if (count == capacity) {
            throw new IllegalStateException("batch full: " + capacity + " commands");
        }
        final int base = count * CommandDescriptor.WORDS;
        words[base + CommandDescriptor.HEADER] = header;
        words[base + CommandDescriptor.ID] = id;
        words[base + CommandDescriptor.ACCOUNT] = account;
        words[base + CommandDescriptor.OTHER_ACCOUNT] = otherAccount;
        words[base + CommandDescriptor.AMOUNT] = amountFen;
        words[base + CommandDescriptor.REFERENCE] = reference;
        words[base + CommandDescriptor.LOCATION] = location;
        words[base + CommandDescriptor.USER_DATA] = userData;
        return count++;
    }

    /** Appends a plain (single-phase, unlinked) transfer. The hot path of load generators. */
    public int appendTransfer(final long transferId, final long debitAccountId, final long creditAccountId,
                              final long amountFen, final int transferCode) {
        return append(CommandDescriptor.header(CommandType.TRANSFER.number(), 0, transferCode, 0),
                transferId, debitAccountId, creditAccountId, amountFen, 0, 0, 0);
    }

    /** Appends command {@code index} of {@code other}, words unchanged. */
    public int appendFrom(final CommandBatch other, final int index) {
        if (count == capacity) {
            throw new IllegalStateException("batch full: " + capacity + " commands");
        }
        System.arraycopy(other.words, index * CommandDescriptor.WORDS, words, count * CommandDescriptor.WORDS,
                CommandDescriptor.WORDS);
        return count++;
    }

    /** Appends words as read back from the journal. */
    public int appendWords(final long[] source, final int offset) {
        if (count == capacity) {
            throw new IllegalStateException("batch full: " + capacity + " commands");
        }
        System.arraycopy(source, offset, words, count * CommandDescriptor.WORDS, CommandDescriptor.WORDS);
        return count++;
    }

    /** The command at {@code index} as a record, for tools, tests and the API (allocates). */
    public Command command(final int index) {
        return Command.decode(this, index);
    }
}
