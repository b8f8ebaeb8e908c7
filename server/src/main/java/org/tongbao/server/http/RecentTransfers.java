package org.tongbao.server.http;

import java.util.ArrayList;
import java.util.List;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;

/**
 * The most recent money movements (transfers, and pending transfers created, posted, voided or
 * expired), in a fixed ring of primitive columns: what a wallet's holder or a merchant reads as
 * its recent statement or receipts, and what {@code GET /v1/transfers/{id}} finds. Bounded by
 * design: older movements fall out (full history is the SQL history projection's job), and the
 * ring starts empty after a restart. Positions count every movement ever recorded, so they
 * serve as stable cursors.
 *
 * <p>Owned by the sequencer thread: written from the batch listener, read in sequencer queries.
 */
public final class RecentTransfers {
    /** One movement as a value. */
    public record Movement(long position, String type, long id, long reference, long debitAccountId,
                           long creditAccountId, long amountFen, int code, long batchSequence, long timestampMs) {
    }

    private final int capacity;
    private final int[] type;
    private final long[] id;
    private final long[] reference;
    private final long[] debit;
    private final long[] credit;
    private final long[] amount;
    private final int[] code;
    private final long[] sequence;
    private final long[] time;
    private long next;

    public RecentTransfers(final int capacity) {
        this.capacity = capacity;
        type = new int[capacity];
        id = new long[capacity];
        reference = new long[capacity];
        debit = new long[capacity];
        credit = new long[capacity];
        amount = new long[capacity];
        code = new int[capacity];
        sequence = new long[capacity];
        time = new long[capacity];
    }

    void record(final Ledger ledger, final long batchSequence, final long timestampMs, final BatchOutcome outcome) {
        final LedgerEvents events = outcome.events();
        for (int row = 0; row < events.count(); row++) {
            final int eventType = events.typeNumber(row);
            if (eventType < EventType.TRANSFER.number() || eventType > EventType.PENDING_EXPIRED.number()) {
                continue;
            }
            final int slot = (int) (next % capacity);
            type[slot] = eventType;
            id[slot] = events.id(row);
            reference[slot] = events.reference(row);
            debit[slot] = ledger.accountId(events.debitIndex(row));
            credit[slot] = ledger.accountId(events.creditIndex(row));
            amount[slot] = events.amountFen(row);
            code[slot] = events.code(row);
            sequence[slot] = batchSequence;
            time[slot] = timestampMs;
            next++;
        }
    }

    /** Movements with id {@code transferId}, or posting, voiding or expiring the pending transfer with that id; oldest first. */
    List<Movement> find(final long transferId) {
        final List<Movement> found = new ArrayList<>();
        for (long position = oldest(); position < next; position++) {
            final int slot = (int) (position % capacity);
            final boolean pendingEnd = type[slot] >= EventType.PENDING_POSTED.number() && reference[slot] == transferId;
            if (id[slot] == transferId || pendingEnd) {
                found.add(movement(position));
            }
        }
        return found;
    }

    /**
     * Up to {@code limit} movements into or out of {@code accountId}, newest first, starting below
     * position {@code before} (exclusive; {@code Long.MAX_VALUE} for the newest). Looks at no more
     * than the ring holds.
     */
    List<Movement> ofAccount(final long accountId, final long before, final int limit) {
        final List<Movement> page = new ArrayList<>(Math.min(limit, 64));
        final long start = Math.min(before, next) - 1;
        for (long position = start; position >= oldest() && page.size() < limit; position--) {
            final int slot = (int) (position % capacity);
            if (debit[slot] == accountId || credit[slot] == accountId) {
                page.add(movement(position));
            }
        }
        return page;
    }

    private long oldest() {
        return Math.max(0, next - capacity);
    }

    private Movement movement(final long position) {
        final int slot = (int) (position % capacity);
        return new Movement(position, EventType.ofNumber(type[slot]).name(), id[slot], reference[slot], debit[slot],
                credit[slot], amount[slot], code[slot], sequence[slot], time[slot]);
    }
}
