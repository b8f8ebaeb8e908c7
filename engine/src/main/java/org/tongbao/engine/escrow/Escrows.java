package org.tongbao.engine.escrow;

import java.util.Arrays;
import org.tongbao.engine.Checks;
import org.tongbao.engine.LongIntMap;

/**
 * Every escrow (conditional payment), by dense index in order of locking: who paid, who may
 * receive, who else may decide, the deadline and what happens at it. The locked money itself
 * is the balance of the escrow's own account (kind ESCROW, id = the escrow's id).
 *
 * <p>Who may do what: the payer (or the authorised party) releases funds to the beneficiary;
 * the beneficiary (or the authorised party) gives them back to the payer. Each party can only
 * give up its own claim; the authorised party (a regulator, a training-fee supervision
 * platform) can do both. At the deadline, what is left goes by the escrow's default action.
 *
 * <p>Single-threaded: owned by the ledger thread.
 */
public final class Escrows {
    /** Most escrows a ledger holds over its life. */
    public static final int ESCROWS_MAX = 10_000_000;

    /** Escrow status: funds remain locked. */
    public static final int OPEN = 1;
    /** Escrow status: nothing is left; every fen was released or refunded. */
    public static final int SETTLED = 2;

    private final LongIntMap indexById = new LongIntMap(1024);
    private int count;
    private long[] id = new long[16];
    private int[] accountIndex = new int[16];
    private int[] payer = new int[16];
    private int[] beneficiary = new int[16];
    private int[] authorised = new int[16];
    private long[] deadlineMs = new long[16];
    private int[] defaultAction = new int[16];
    private int[] status = new int[16];
    private long[] lockedFen = new long[16];
    private long nextDeadlineMs = Long.MAX_VALUE;

    public int count() {
        return count;
    }

    public boolean isFull() {
        return count == ESCROWS_MAX;
    }

    /** Dense index of the escrow with this id, or -1 (also for 0: map keys are non-zero). */
    public int indexOf(final long escrowId) {
        return escrowId == 0 ? LongIntMap.MISSING : indexById.get(escrowId);
    }

    /** Adds an open escrow; {@code authorisedIndex} is -1 when only the two parties decide. */
    public int add(final long escrowId, final int account, final int payerIndex, final int beneficiaryIndex,
                   final int authorisedIndex, final long deadline, final EscrowDefault onDeadline, final long locked) {
        Checks.check(count < ESCROWS_MAX && indexById.get(escrowId) == LongIntMap.MISSING, "escrow table");
        if (count == id.length) {
            grow();
        }
        final int index = count++;
        id[index] = escrowId;
        accountIndex[index] = account;
        payer[index] = payerIndex;
        beneficiary[index] = beneficiaryIndex;
        authorised[index] = authorisedIndex;
        deadlineMs[index] = deadline;
        defaultAction[index] = onDeadline.number();
        status[index] = OPEN;
        lockedFen[index] = locked;
        indexById.put(escrowId, index);
        nextDeadlineMs = Math.min(nextDeadlineMs, deadline);
        return index;
    }

    public long id(final int escrow) {
        return id[escrow];
    }

    public int accountIndex(final int escrow) {
        return accountIndex[escrow];
    }

    public int payer(final int escrow) {
        return payer[escrow];
    }

    public int beneficiary(final int escrow) {
        return beneficiary[escrow];
    }

    /** The authorised party's account index, or -1. */
    public int authorised(final int escrow) {
        return authorised[escrow];
    }

    public long deadlineMs(final int escrow) {
        return deadlineMs[escrow];
    }

    public EscrowDefault defaultAction(final int escrow) {
        return EscrowDefault.ofNumber(defaultAction[escrow]);
    }

    public int status(final int escrow) {
        return status[escrow];
    }

    /** The amount first locked. */
    public long lockedFen(final int escrow) {
        return lockedFen[escrow];
    }

    public void setStatus(final int escrow, final int newStatus) {
        status[escrow] = newStatus;
    }

    /** Earliest deadline that may still be pending, or Long.MAX_VALUE: batches before it need no deadline scan. */
    public long nextDeadlineMs() {
        return nextDeadlineMs;
    }

    /** Recomputes {@link #nextDeadlineMs()} over open escrows whose deadline is after {@code nowMs}. */
    public void recomputeNextDeadline(final long nowMs) {
        long next = Long.MAX_VALUE;
        for (int escrow = 0; escrow < count; escrow++) {
            if (status[escrow] == OPEN && deadlineMs[escrow] > nowMs) {
                next = Math.min(next, deadlineMs[escrow]);
            }
        }
        nextDeadlineMs = next;
    }

    private void grow() {
        final int size = id.length * 2;
        id = Arrays.copyOf(id, size);
        accountIndex = Arrays.copyOf(accountIndex, size);
        payer = Arrays.copyOf(payer, size);
        beneficiary = Arrays.copyOf(beneficiary, size);
        authorised = Arrays.copyOf(authorised, size);
        deadlineMs = Arrays.copyOf(deadlineMs, size);
        defaultAction = Arrays.copyOf(defaultAction, size);
        status = Arrays.copyOf(status, size);
        lockedFen = Arrays.copyOf(lockedFen, size);
    }
}
