package org.tongbao.engine.state;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The canonical form of ledger state, fed into SHA-256. Defined once here so that the engine,
 * its reference model in tests and (later) snapshots agree byte for byte: every producer calls
 * these methods in the documented order, with accounts in opening order, pending transfers by
 * id, and idempotency entries by id within each generation.
 *
 * <pre>
 *  header        "TONGBAO-STATE-1", sequence, timestampMs, issuedFen, redeemedFen
 *  accounts      count, then per account: id, kind, tier, status, hard, mcc, district,
 *                operatorId, parentId, balanceFen, pendingDebitFen, pendingCreditFen,
 *                dailySpentFen, annualSpentFen, spendDay
 *  pending       count, then per transfer: id, debitId, creditId, amountFen, code,
 *                expiresAtMs, chargedDay, userData
 *  idempotency   per generation (previous, then current): count, then id, stored word
 * </pre>
 *
 * All values are written as 8-byte little-endian longs. Not thread-safe; one per computation.
 */
public final class StateDigest {
    private static final byte[] MAGIC = "TONGBAO-STATE-1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final MessageDigest sha256;
    private final byte[] buffer = new byte[8192];
    private int position;

    public StateDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        sha256.update(MAGIC);
    }

    public StateDigest header(final long sequence, final long timestampMs, final long issuedFen, final long redeemedFen) {
        return put(sequence).put(timestampMs).put(issuedFen).put(redeemedFen);
    }

    public StateDigest count(final long count) {
        return put(count);
    }

    public StateDigest account(final long id, final int kind, final int tier, final int status, final boolean hard,
                               final int merchantCategory, final int district, final long operatorId, final long parentId,
                               final long balanceFen, final long pendingDebitFen, final long pendingCreditFen,
                               final long dailySpentFen, final long annualSpentFen, final int spendDay) {
        return put(id).put(kind).put(tier).put(status).put(hard ? 1 : 0).put(merchantCategory).put(district)
                .put(operatorId).put(parentId).put(balanceFen).put(pendingDebitFen).put(pendingCreditFen)
                .put(dailySpentFen).put(annualSpentFen).put(spendDay);
    }

    public StateDigest pending(final long id, final long debitId, final long creditId, final long amountFen,
                               final int code, final long expiresAtMs, final int chargedDay, final long userData) {
        return put(id).put(debitId).put(creditId).put(amountFen).put(code).put(expiresAtMs).put(chargedDay).put(userData);
    }

    public StateDigest idempotencyEntry(final long id, final long stored) {
        return put(id).put(stored);
    }

    /** The SHA-256 of everything written so far; the digest cannot be used afterwards. */
    public byte[] finish() {
        sha256.update(buffer, 0, position);
        position = 0;
        return sha256.digest();
    }

    private StateDigest put(final long value) {
        if (position + Long.BYTES > buffer.length) {
            sha256.update(buffer, 0, position);
            position = 0;
        }
        for (int i = 0; i < Long.BYTES; i++) {
            buffer[position++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** Lower-case hexadecimal of a hash, for logs and the command line. */
    public static String hex(final byte[] hash) {
        return java.util.HexFormat.of().formatHex(hash);
    }
}
