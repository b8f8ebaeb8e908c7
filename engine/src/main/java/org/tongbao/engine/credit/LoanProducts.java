package org.tongbao.engine.credit;

import java.util.Arrays;
import org.tongbao.engine.Checks;
import org.tongbao.engine.LongIntMap;

/**
 * The loan products operator banks offer, by dense index in order of definition: lender,
 * annual and penalty rates, term, amortisation, grace months and repayment day. A product is
 * fixed once defined (loans keep referring to it).
 *
 * <p>Single-threaded: owned by the ledger thread.
 */
public final class LoanProducts {
    public static final int PRODUCTS_MAX = 4_096;

    private final LongIntMap indexById = new LongIntMap(64);
    private int count;
    private long[] id = new long[16];
    private int[] lender = new int[16];
    private int[] annualRateBp = new int[16];
    private int[] penaltyRateBp = new int[16];
    private int[] termMonths = new int[16];
    private int[] graceMonths = new int[16];
    private int[] amortisation = new int[16];
    private int[] repaymentDay = new int[16];

    public int count() {
        return count;
    }

    public boolean isFull() {
        return count == PRODUCTS_MAX;
    }

    /** Dense index of the product with this id, or -1 (also for 0: map keys are non-zero). */
    public int indexOf(final long productId) {
        return productId == 0 ? LongIntMap.MISSING : indexById.get(productId);
    }

    public int add(final long productId, final int lenderIndex, final int rateBp, final int penaltyBp, final int term,
                   final int grace, final Amortisation method, final int dayOfMonth) {
        Checks.check(count < PRODUCTS_MAX && indexById.get(productId) == LongIntMap.MISSING, "product table");
        if (count == id.length) {
            final int size = id.length * 2;
            id = Arrays.copyOf(id, size);
            lender = Arrays.copyOf(lender, size);
            annualRateBp = Arrays.copyOf(annualRateBp, size);
            penaltyRateBp = Arrays.copyOf(penaltyRateBp, size);
            termMonths = Arrays.copyOf(termMonths, size);
            graceMonths = Arrays.copyOf(graceMonths, size);
            amortisation = Arrays.copyOf(amortisation, size);
            repaymentDay = Arrays.copyOf(repaymentDay, size);
        }
        final int index = count++;
        id[index] = productId;
        lender[index] = lenderIndex;
        annualRateBp[index] = rateBp;
        penaltyRateBp[index] = penaltyBp;
        termMonths[index] = term;
        graceMonths[index] = grace;
        amortisation[index] = method.number();
        repaymentDay[index] = dayOfMonth;
        indexById.put(productId, index);
        return index;
    }

    public long id(final int product) {
        return id[product];
    }

    public int lender(final int product) {
        return lender[product];
    }

    public int annualRateBp(final int product) {
        return annualRateBp[product];
    }

    public int penaltyRateBp(final int product) {
        return penaltyRateBp[product];
    }

    public int termMonths(final int product) {
        return termMonths[product];
    }

    public int graceMonths(final int product) {
        return graceMonths[product];
    }

    public Amortisation amortisation(final int product) {
        return Amortisation.ofNumber(amortisation[product]);
    }

    public int repaymentDay(final int product) {
        return repaymentDay[product];
    }
}
