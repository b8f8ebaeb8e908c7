package org.tongbao.engine.command;

import org.tongbao.engine.Hashing;

/**
 * A 64-bit fingerprint of a command's fields other than its id: stored with the id for
 * idempotency, so that a retry (same fields) and a reused id (different fields) can be told
 * apart. Chained mixing, so swapped or shifted fields give different fingerprints. Pure.
 */
public final class Fingerprint {
    private static final long SEED = 0x9E3779B97F4A7C15L;

    private Fingerprint() {
    }

    public static long of(final CommandBatch batch, final int index) {
        long h = SEED;
        h = Hashing.mix(h ^ batch.word(index, CommandDescriptor.HEADER));
        h = Hashing.mix(h ^ batch.word(index, CommandDescriptor.ACCOUNT));
        h = Hashing.mix(h ^ batch.word(index, CommandDescriptor.OTHER_ACCOUNT));
        h = Hashing.mix(h ^ batch.word(index, CommandDescriptor.AMOUNT));
        h = Hashing.mix(h ^ batch.word(index, CommandDescriptor.REFERENCE));
        h = Hashing.mix(h ^ batch.word(index, CommandDescriptor.LOCATION));
        h = Hashing.mix(h ^ batch.word(index, CommandDescriptor.USER_DATA));
        return h;
    }
}
