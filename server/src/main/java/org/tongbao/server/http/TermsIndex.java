package org.tongbao.server.http;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;

/**
 * What the API needs about commands that the ledger's read views do not return: the parties of
 * pending transfers, open or resolved, until their timeout (to decide who may post or void
 * them, and to answer a retried post or void after the transfer was resolved, when the ledger
 * no longer holds it). Loan products' terms and loans' disbursement days come from the
 * ledger's views ({@code Ledger#loanProduct}, {@code LoanView#disbursementDay}). Built at start
 * by scanning the journal (the first command with an id is the one that counts: a later one
 * with the same id is a replay or was refused), then kept from committed batches; entries are
 * dropped once past their timeout.
 *
 * <p>Owned by the sequencer thread: built in a sequencer query, updated from the batch
 * listener, read in sequencer queries.
 */
public final class TermsIndex {
    /** The parties of a pending transfer and when it times out. */
    public record PendingParties(long debitAccountId, long creditAccountId, long expiresAtMs) {
    }

    private final Map<Long, PendingParties> pending = new HashMap<>();

    /** Reads every journal record in {@code journal}; then forgets pending transfers timed out by {@code nowMs}. */
    void scan(final Path journal, final int batchMax, final long nowMs) {
        final CommandBatch batch = new CommandBatch(batchMax);
        JournalReader.scan(journal, record -> {
            record.commandsInto(batch);
            for (int i = 0; i < batch.count(); i++) {
                remember(batch, i, record.timestampMs(), false);
            }
        });
        prune(nowMs);
    }

    /** Takes what a committed batch established: commands applied now (not replays). */
    void batchCommitted(final long timestampMs, final CommandBatch batch, final BatchOutcome outcome) {
        for (int i = 0; i < batch.count(); i++) {
            if (outcome.resultNumber(i) == ResultCode.OK.number() && !outcome.replayed(i)) {
                remember(batch, i, timestampMs, true);
            }
        }
        if (pending.size() > 1024 && (timestampMs & 0x3FF) == 0) {
            prune(timestampMs);
        }
    }

    PendingParties pending(final long pendingId) {
        return pending.get(pendingId);
    }

    private void remember(final CommandBatch batch, final int index, final long timestampMs, final boolean applied) {
        if (batch.type(index) == CommandType.TRANSFER.number()
                && (batch.flags(index) & CommandDescriptor.FLAG_PENDING) != 0) {
            final Command.Transfer transfer = (Command.Transfer) batch.command(index);
            final PendingParties parties = new PendingParties(transfer.debitAccountId(), transfer.creditAccountId(),
                    timestampMs + transfer.timeoutSeconds() * 1000L);
            if (applied) {
                pending.put(transfer.transferId(), parties);
            } else {
                pending.putIfAbsent(transfer.transferId(), parties);
            }
        }
    }

    private void prune(final long nowMs) {
        final Iterator<PendingParties> entries = pending.values().iterator();
        while (entries.hasNext()) {
            if (entries.next().expiresAtMs() < nowMs) {
                entries.remove();
            }
        }
    }
}
