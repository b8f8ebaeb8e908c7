package org.tongbao.history.projection;

import java.util.Arrays;

/**
 * Rows of whole journal batches on their way from the projector's ledger thread to its SQL
 * thread, in flat primitive arrays (one fixed-width run of longs a row: no object per row).
 * Ends at a batch boundary and carries that batch's sequence, chain hash and time, the
 * position a transaction that includes it may store.
 *
 * <p>Filled by one thread, then handed over (through a blocking queue, which publishes it) and
 * read by the other; cleared and handed back for reuse.
 */
final class RowBlock {
    static final int TRANSFER_WORDS = 15;
    static final int CHANGE_WORDS = 12;
    static final int BATCH_WORDS = 5;

    long[] transferWords;
    long[] changeWords;
    long[] batchWords;
    int transfers;
    int changes;
    int batches;
    long lastSequence;
    byte[] lastChainHash;
    long lastTimeMs;
    /** The block that tells the SQL thread that the journal has nothing more now; {@code failure} set if it broke. */
    boolean end;
    RuntimeException failure;

    RowBlock(final int rows) {
        transferWords = new long[rows * TRANSFER_WORDS];
        changeWords = new long[Math.max(16, rows / 4) * CHANGE_WORDS];
        batchWords = new long[Math.max(16, rows / 64) * BATCH_WORDS];
    }

    int rows() {
        return transfers + changes;
    }

    void clear() {
        transfers = 0;
        changes = 0;
        batches = 0;
        end = false;
        failure = null;
    }

    /** Sequence, row, command index, time, event type, transfer id, code, debit, credit, amount, reference, balances, operators. */
    void transfer(final long sequence, final int row, final int commandIndex, final long timeMs, final int eventType,
                  final long transferId, final int code, final long debitId, final long creditId, final long amountFen,
                  final long reference, final long debitBalanceFen, final long creditBalanceFen,
                  final long debitOperatorId, final long creditOperatorId) {
        if ((transfers + 1) * TRANSFER_WORDS > transferWords.length) {
            transferWords = Arrays.copyOf(transferWords, transferWords.length * 2);
        }
        final int at = transfers++ * TRANSFER_WORDS;
        final long[] w = transferWords;
        w[at] = sequence;
        w[at + 1] = row;
        w[at + 2] = commandIndex;
        w[at + 3] = timeMs;
        w[at + 4] = eventType;
        w[at + 5] = transferId;
        w[at + 6] = code;
        w[at + 7] = debitId;
        w[at + 8] = creditId;
        w[at + 9] = amountFen;
        w[at + 10] = reference;
        w[at + 11] = debitBalanceFen;
        w[at + 12] = creditBalanceFen;
        w[at + 13] = debitOperatorId;
        w[at + 14] = creditOperatorId;
    }

    void change(final long sequence, final int row, final int commandIndex, final long timeMs, final int eventType,
                final long eventId, final long accountId, final long counterpartyId, final int code,
                final long amountFen, final long reference, final long operatorId) {
        if ((changes + 1) * CHANGE_WORDS > changeWords.length) {
            changeWords = Arrays.copyOf(changeWords, changeWords.length * 2);
        }
        final int at = changes++ * CHANGE_WORDS;
        final long[] w = changeWords;
        w[at] = sequence;
        w[at + 1] = row;
        w[at + 2] = commandIndex;
        w[at + 3] = timeMs;
        w[at + 4] = eventType;
        w[at + 5] = eventId;
        w[at + 6] = accountId;
        w[at + 7] = counterpartyId;
        w[at + 8] = code;
        w[at + 9] = amountFen;
        w[at + 10] = reference;
        w[at + 11] = operatorId;
    }

    void batch(final long sequence, final long timeMs, final int commands, final int transferRows,
               final int changeRows, final byte[] chainHash) {
        if ((batches + 1) * BATCH_WORDS > batchWords.length) {
            batchWords = Arrays.copyOf(batchWords, batchWords.length * 2);
        }
        final int at = batches++ * BATCH_WORDS;
        batchWords[at] = sequence;
        batchWords[at + 1] = timeMs;
        batchWords[at + 2] = commands;
        batchWords[at + 3] = transferRows;
        batchWords[at + 4] = changeRows;
        lastSequence = sequence;
        lastChainHash = chainHash;
        lastTimeMs = timeMs;
    }
}
