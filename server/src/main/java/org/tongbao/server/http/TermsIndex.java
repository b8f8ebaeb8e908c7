package org.tongbao.server.http;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.ShanghaiCalendar;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.command.CommandType;

/**
 * What the API needs about commands that the ledger's read views do not return: the parties of
 * open pending transfers (to decide who may post or void them), loan products' terms and each
 * loan's disbursement day (to draw a repayment schedule). Built at start by scanning the
 * journal (the first command with an id is the one that counts: a later one with the same id is
 * a replay or was refused), then kept from committed batches. Pending entries are dropped
 * once past their timeout; products and loans are bounded by the ledger's own limits.
 *
 * <p>Owned by the sequencer thread: built in a sequencer query, updated from the batch
 * listener, read in sequencer queries.
 */
public final class TermsIndex {
    /** The parties of a pending transfer and when it times out. */
    public record PendingParties(long debitAccountId, long creditAccountId, long expiresAtMs) {
    }

    private final Map<Long, PendingParties> pending = new HashMap<>();
    private final Map<Long, Command.DefineLoanProduct> products = new HashMap<>();
    private final Map<Long, Integer> disbursementDays = new HashMap<>();

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

    Command.DefineLoanProduct product(final long productId) {
        return products.get(productId);
    }

    /** The Asia/Shanghai epoch day the loan was disbursed, or null when unknown. */
    Integer disbursementDay(final long loanId) {
        return disbursementDays.get(loanId);
    }

    private void remember(final CommandBatch batch, final int index, final long timestampMs, final boolean applied) {
        final int type = batch.type(index);
        if (type == CommandType.TRANSFER.number() && (batch.flags(index) & CommandDescriptor.FLAG_PENDING) != 0) {
            final Command.Transfer transfer = (Command.Transfer) batch.command(index);
            final PendingParties parties = new PendingParties(transfer.debitAccountId(), transfer.creditAccountId(),
                    timestampMs + transfer.timeoutSeconds() * 1000L);
            keep(pending, transfer.transferId(), parties, applied);
        } else if (type == CommandType.LOAN_PRODUCT.number()
                && batch.command(index) instanceof Command.DefineLoanProduct product) {
            keep(products, product.productId(), product, applied);
        } else if (type == CommandType.LOAN_DISBURSE.number()) {
            keep(disbursementDays, batch.id(index), ShanghaiCalendar.epochDay(timestampMs), applied);
        }
    }

    /** An applied command is authoritative; from a scan, only the first command with an id counts. */
    private static <V> void keep(final Map<Long, V> map, final long id, final V value, final boolean applied) {
        if (applied) {
            map.put(id, value);
        } else {
            map.putIfAbsent(id, value);
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
