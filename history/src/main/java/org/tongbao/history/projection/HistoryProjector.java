package org.tongbao.history.projection;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.LedgerConfigFile;
import org.tongbao.durability.journal.JournalRecord;
import org.tongbao.durability.journal.JournalScan;
import org.tongbao.durability.snapshot.SnapshotFiles;
import org.tongbao.engine.AccountView;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Checks;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.account.AccountDescriptor;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.history.HistoryException;
import org.tongbao.history.store.HistoryDatabase;

/**
 * Projects the journal's committed batches into the history database, exactly once.
 *
 * <p>The projector keeps a ledger of its own: it re-applies each journal batch to it to get the
 * batch's events (the engine is deterministic, so these are the events the server's ledger
 * produced) and writes them as rows, many batches per SQL transaction; the same transaction
 * stores the last batch's sequence and chain hash. After any crash the database holds whole
 * transactions only, and the projector resumes after the stored batch: no row is lost or
 * written twice. On start it rebuilds its ledger at the stored batch from the newest snapshot at
 * or before it plus the journal in between (from genesis when there is none: slower, but needs
 * nothing but the journal), and checks the journal's chain hash there against the stored one.
 *
 * <p>It is asynchronous: the engine never waits for it. Beside a server it runs on its own
 * thread ({@link ProjectorThread}) and reads no further than the durable head the server tells
 * it of; on its own it reads what is in the files.
 *
 * <p>Running balances: the projector keeps each account's balance (by dense index) from the
 * money rows and stores, on each transfer row, both parties' balances right after it. At every
 * commit it checks the balances of the last row's accounts against its ledger.
 *
 * <p>One caller at a time ({@link #projectAvailable} runs a helper thread of its own inside).
 */
public final class HistoryProjector implements AutoCloseable {
    /**
     * Settings, validated once.
     *
     * @param rowsPerTransaction rows written before a commit (the last commit of a call may hold fewer)
     * @param recordsPerPoll     journal records read per poll of the journal files
     * @param blockRows          rows handed from the ledger thread to the SQL thread at a time
     * @param bulkCatchUp        into an empty history, defer the transfers' secondary indexes until the
     *                           first catch-up ends (see {@link #projectAvailable})
     */
    public record Options(long rowsPerTransaction, int recordsPerPoll, int blockRows, boolean bulkCatchUp) {
        public Options {
            Checks.checkArgument(rowsPerTransaction >= 1, "rowsPerTransaction must be at least 1");
            Checks.checkArgument(recordsPerPoll >= 1, "recordsPerPoll must be at least 1");
            Checks.checkArgument(blockRows >= 1, "blockRows must be at least 1");
        }

        /**
         * Up to 2,000,000 rows a transaction during a catch-up (a few seconds of work; 200,000
         * before): each commit writes every page the random-keyed account indexes got dirty in
         * it (into SQLite's WAL, then again at the checkpoint), so fewer, larger commits write
         * less. Runs on the shared development machine were too noisy to put a figure on this
         * change alone. Handed from the ledger thread to the SQL thread 32,768 rows at a time;
         * bulk catch-up on.
         */
        public static Options defaults() {
            return new Options(2_000_000, 4_096, 32_768, true);
        }
    }

    /** Blocks in flight: one being filled, two queued, one being written. */
    static final int BLOCKS = 4;

    private final HistoryWriter writer;
    private final Options options;
    private final BlockingQueue<RowBlock> free = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<RowBlock> full = new ArrayBlockingQueue<>(BLOCKS);
    private RowBlock filling;
    private volatile boolean stopping;
    private boolean broken;
    /** An empty history's first catch-up, with the transfers' secondary indexes deferred to its end. */
    private boolean catchingUp;
    private final Ledger ledger;
    private final CommandBatch batch;
    private final BatchOutcome outcome;
    private final JournalTail tail;
    private final long startSequence;
    private final long snapshotSequence;
    private long[] balances;
    private int lastDebitIndex = -1;
    private int lastCreditIndex = -1;
    private long uncommittedTransfers;
    private volatile long committedSequence;
    private volatile long committedTransfers;

    private HistoryProjector(final HistoryWriter writer, final Options options, final Ledger ledger,
                             final JournalTail tail, final long snapshotSequence, final HistoryWriter.Stored stored) {
        this.writer = writer;
        this.options = options;
        this.ledger = ledger;
        this.tail = tail;
        this.snapshotSequence = snapshotSequence;
        this.startSequence = stored.sequence();
        this.batch = new CommandBatch(ledger.config().batchMax());
        this.outcome = new BatchOutcome(ledger.config().batchMax());
        for (int i = 0; i < BLOCKS; i++) {
            free.add(new RowBlock(options.blockRows()));
        }
        this.committedSequence = stored.sequence();
        this.catchingUp = options.bulkCatchUp() && stored.sequence() == 0;
        this.balances = new long[Math.max(1_024, ledger.accountCount())];
        for (int index = 0; index < ledger.accountCount(); index++) {
            balances[index] = ledger.account(ledger.accountId(index)).balanceFen();
        }
    }

    /**
     * Opens the projection of {@code data}'s journal into {@code database}: reads the stored
     * position, rebuilds the ledger there and checks that the journal is the one the history was
     * made from. The ledger rules come from the data directory's {@code ledger.properties}.
     */
    public static HistoryProjector open(final DataDirectory data, final HistoryDatabase database, final Options options) {
        final LedgerConfig config = LedgerConfigFile.read(data.root().resolve(LedgerConfigFile.FILE_NAME));
        try {
            final HistoryWriter writer = new HistoryWriter(database);
            try {
                final HistoryWriter.Stored stored = writer.readPosition();
                if (writer.restoreIndexes() > 0) {
                    writer.commitAsIs();
                }
                final SnapshotFiles.Loaded snapshot = newestSnapshotAtOrBefore(data.snapshots(), stored.sequence(), config);
                final Ledger ledger = snapshot == null ? new Ledger(config) : snapshot.ledger();
                final byte[] baseHash = snapshot == null ? JournalScan.GENESIS_HASH : snapshot.snapshot().journalHash();
                final JournalTail tail = new JournalTail(data, ledger.sequence(), baseHash);
                replayTo(tail, ledger, stored.sequence());
                if (!Arrays.equals(tail.headHash(), stored.chainHash())) {
                    throw new IllegalStateException("the history in " + database + " was made from another journal:"
                            + " at batch " + stored.sequence() + " it recorded chain hash "
                            + HexFormat.of().formatHex(stored.chainHash()) + ", the journal in " + data.journal()
                            + " has " + HexFormat.of().formatHex(tail.headHash()));
                }
                return new HistoryProjector(writer, options, ledger, tail,
                        snapshot == null ? 0 : snapshot.snapshot().sequence(), stored);
            } catch (final RuntimeException | SQLException e) {
                writer.close();
                throw e;
            }
        } catch (final SQLException e) {
            throw new HistoryException("cannot open the history projection in " + database + ": " + e.getMessage(), e);
        }
    }

    /** The last batch whose rows are committed. Any thread. */
    public long committedSequence() {
        return committedSequence;
    }

    /** Transfer rows committed since this projector opened. Any thread. */
    public long committedTransfers() {
        return committedTransfers;
    }

    /** The batch the database stood at when this projector opened. */
    public long startSequence() {
        return startSequence;
    }

    /** The snapshot the ledger was rebuilt from (0: from genesis). */
    public long snapshotSequence() {
        return snapshotSequence;
    }

    /**
     * Projects the journal's whole records after the committed position, up to
     * {@code limitSequence} (the durable head when known, else {@code Long.MAX_VALUE}), and
     * commits them; returns the batches projected. Call again to continue.
     *
     * <p>Two threads work at once: a helper replays the journal into the ledger and fills row
     * blocks; the caller's thread binds them to the inserts and commits.
     *
     * <p>Bulk catch-up: the first call on an empty history (with {@link Options#bulkCatchUp})
     * drops the non-unique indexes of {@code transfers} first, remembering them in the database,
     * and builds them again in the transaction that commits its last rows. Loading the rows
     * without them and sorting once measured several times faster than maintaining them row by
     * row; the price is that statements and lookups by id are refused during that first
     * catch-up ({@code HistoryQueries} checks {@code deferred_indexes}) rather than scan. A
     * crash in between leaves them remembered: the next {@link #open} builds them before
     * anything else. After a failure the projector is spent (its ledger is ahead of the
     * database): open a new one, which resumes from the stored position.
     */
    public long projectAvailable(final long limitSequence) {
        Checks.check(!broken, "this projector failed before; open a new one to resume from the stored position");
        stopping = false;
        final Thread replay = Thread.ofVirtual().name("history-replay").start(() -> fillBlocks(limitSequence));
        long projected = 0;
        long writtenSequence = committedSequence;
        RowBlock last = null;
        try {
            if (catchingUp) {
                writer.deferIndexes();
            }
            while (true) {
                final RowBlock block = full.take();
                if (block.end) {
                    final RuntimeException failure = block.failure;
                    free.add(block);
                    if (failure != null) {
                        throw failure;
                    }
                    break;
                }
                writer.write(block);
                projected += block.batches;
                writtenSequence = block.lastSequence;
                uncommittedTransfers += block.transfers;
                if (writer.rowsInTransaction() >= options.rowsPerTransaction()) {
                    commit(block);
                }
                if (last != null) {
                    free.add(last);
                }
                last = block;
            }
            if (catchingUp) {
                writer.restoreIndexes();
            }
            if (last != null && writtenSequence > committedSequence) {
                commit(last);
            } else if (catchingUp) {
                writer.commitAsIs();
            }
            catchingUp = false;
            if (last != null) {
                free.add(last);
            }
            replay.join();
            return projected;
        } catch (final SQLException e) {
            throw fail(replay, new HistoryException("writing the history failed after batch " + committedSequence + ": "
                    + e.getMessage(), e));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(replay, new IllegalStateException("interrupted while projecting the history", e));
        } catch (final RuntimeException e) {
            throw fail(replay, e);
        }
    }

    /** Compares every account's running balance with the projector's ledger; returns the differences. */
    public List<String> checkBalances() {
        final java.util.ArrayList<String> differences = new java.util.ArrayList<>();
        for (int index = 0; index < ledger.accountCount(); index++) {
            final AccountView account = ledger.account(ledger.accountId(index));
            if (account.balanceFen() != balances[index]) {
                differences.add("account " + account.id() + ": history " + balances[index] + ", ledger "
                        + account.balanceFen());
            }
        }
        return differences;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (final SQLException e) {
            throw new HistoryException("closing the history connection failed: " + e.getMessage(), e);
        }
    }

    /** The helper thread: journal records → ledger → rows in blocks, then an end block. */
    private void fillBlocks(final long limitSequence) {
        try {
            filling = nextFree();
            int read;
            do {
                read = tail.poll(limitSequence, options.recordsPerPoll(), this::project);
            } while (read == options.recordsPerPoll() && !stopping);
            if (filling.batches > 0) {
                hand(filling);
                filling = nextFree();
            }
            filling.end = true;
            full.put(filling);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException e) {
            if (filling != null && !stopping) {
                filling.clear();
                filling.end = true;
                filling.failure = e;
                full.add(filling);
            }
        }
    }

    private void project(final JournalRecord record) {
        record.commandsInto(batch);
        ledger.apply(record.sequence(), record.timestampMs(), batch, outcome);
        writeRows(record.sequence(), record.timestampMs(), record.commandCount(), outcome.events(), record.chainHash());
        if (filling.rows() >= options.blockRows()) {
            hand(filling);
            filling = nextFree();
        }
    }

    /** Checks the running balances the block ends with, then queues it for the SQL thread. */
    private void hand(final RowBlock block) {
        checkLastBalances();
        try {
            full.put(block);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing rows to the history writer", e);
        }
    }

    private RowBlock nextFree() {
        try {
            final RowBlock block = free.take();
            block.clear();
            return block;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the history writer", e);
        }
    }

    private void writeRows(final long sequence, final long timeMs, final int commands, final LedgerEvents events,
                           final byte[] chainHash) {
        if (balances.length < ledger.accountCount()) {
            balances = Arrays.copyOf(balances, Math.max(balances.length * 2, ledger.accountCount()));
        }
        int transferRows = 0;
        for (int row = 0; row < events.count(); row++) {
            final int type = events.typeNumber(row);
            if (type == EventType.TRANSFER.number() || type == EventType.PENDING_POSTED.number()) {
                writeTransfer(sequence, timeMs, events, row);
                transferRows++;
            } else {
                writeChange(sequence, timeMs, events, row);
            }
        }
        filling.batch(sequence, timeMs, commands, transferRows, events.count() - transferRows, chainHash);
    }

    private void writeTransfer(final long sequence, final long timeMs, final LedgerEvents events, final int row) {
        final int debit = events.debitIndex(row);
        final int credit = events.creditIndex(row);
        final long amount = events.amountFen(row);
        balances[debit] = Math.subtractExact(balances[debit], amount);
        balances[credit] = Math.addExact(balances[credit], amount);
        lastDebitIndex = debit;
        lastCreditIndex = credit;
        Positions.of(sequence, row);
        filling.transfer(sequence, row, events.commandIndex(row), timeMs, events.typeNumber(row), events.id(row),
                events.code(row), ledger.accountId(debit), ledger.accountId(credit), amount, events.reference(row),
                balances[debit], balances[credit], operatorId(debit), operatorId(credit));
    }

    private void writeChange(final long sequence, final long timeMs, final LedgerEvents events, final int row) {
        final int account = events.debitIndex(row);
        final int counterparty = events.creditIndex(row);
        Positions.of(sequence, row);
        filling.change(sequence, row, events.commandIndex(row), timeMs, events.typeNumber(row), events.id(row),
                account < 0 ? 0 : ledger.accountId(account), counterparty < 0 ? 0 : ledger.accountId(counterparty),
                events.code(row), events.amountFen(row), events.reference(row), account < 0 ? 0 : operatorId(account));
    }

    /** The operator bank an account is held at: its own id for an operator reserve, 0 for none. */
    private long operatorId(final int index) {
        final int operator = ledger.operatorIndex(index);
        if (operator >= 0) {
            return ledger.accountId(operator);
        }
        final int kind = AccountDescriptor.kind(ledger.accountAttributes(index));
        return kind == AccountKind.OPERATOR_RESERVE.number() ? ledger.accountId(index) : 0;
    }

    private void commit(final RowBlock upTo) throws SQLException {
        writer.commit(upTo.lastSequence, upTo.lastChainHash, upTo.lastTimeMs);
        committedSequence = upTo.lastSequence;
        committedTransfers += uncommittedTransfers;
        uncommittedTransfers = 0;
    }

    /** Marks the projector spent, stops the helper, drops the open transaction; returns {@code failure} to throw. */
    private RuntimeException fail(final Thread replay, final RuntimeException failure) {
        broken = true;
        stopping = true;
        replay.interrupt();
        try {
            writer.rollback();
        } catch (final SQLException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** The paired check: the running balances of the last money row's accounts are the ledger's (ledger thread). */
    private void checkLastBalances() {
        for (final int index : new int[] {lastDebitIndex, lastCreditIndex}) {
            if (index >= 0) {
                final long ledgerBalance = ledger.account(ledger.accountId(index)).balanceFen();
                Checks.check(ledgerBalance == balances[index], "history running balance of account "
                        + ledger.accountId(index) + " is " + balances[index] + " but the ledger has " + ledgerBalance
                        + " at batch " + ledger.sequence());
            }
        }
    }

    private static void replayTo(final JournalTail tail, final Ledger ledger, final long sequence) {
        final CommandBatch batch = new CommandBatch(ledger.config().batchMax());
        final BatchOutcome outcome = new BatchOutcome(ledger.config().batchMax());
        while (tail.sequence() < sequence) {
            final int read = tail.poll(sequence, Integer.MAX_VALUE, record -> {
                record.commandsInto(batch);
                ledger.apply(record.sequence(), record.timestampMs(), batch, outcome);
            });
            if (read == 0) {
                throw new IllegalStateException("the history is at batch " + sequence + " but the journal ends at batch "
                        + tail.sequence() + ": this history belongs to another (or a longer) journal");
            }
        }
    }

    /** The newest readable snapshot at or before {@code sequence}, or null. */
    private static SnapshotFiles.Loaded newestSnapshotAtOrBefore(final Path snapshots, final long sequence,
                                                                 final LedgerConfig config) {
        for (final Path file : SnapshotFiles.list(snapshots)) {
            final String name = file.getFileName().toString();
            final long at;
            try {
                at = Long.parseLong(name.substring(0, name.length() - SnapshotFiles.SUFFIX.length()));
            } catch (final NumberFormatException e) {
                continue;
            }
            if (at > sequence) {
                continue;
            }
            try {
                return SnapshotFiles.read(file, config);
            } catch (final RuntimeException e) {
                System.getLogger(HistoryProjector.class.getName()).log(System.Logger.Level.WARNING,
                        "history: skipped snapshot " + file + ": " + e.getMessage());
            }
        }
        return null;
    }
}
