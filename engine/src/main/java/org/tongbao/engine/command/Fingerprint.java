package org.tongbao.engine.command;

import org.tongbao.engine.Hashing;

/**
 * A 64-bit fingerprint of a command's fields other than its id: stored with the id for
 * idempotency, so that a retry (same fields) and a reused id (different fields) can be told
 * apart. Pure.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static long of(final CommandBatch batch, final int index) {
        // Each field is mixed on its own (independent multiplications run in parallel), with a
        // distinct key per position so that swapped or shifted fields change the result.
        final long a = Hashing.mix(batch.word(index, CommandDescriptor.HEADER) ^ 0x9E3779B97F4A7C15L);
        final long b = Hashing.mix(batch.word(index, CommandDescriptor.ACCOUNT) ^ 0xC2B2AE3D27D4EB4FL);
        final long c = Hashing.mix(batch.word(index, CommandDescriptor.OTHER_ACCOUNT) ^ 0x165667B19E3779F9L);
        final long d = Hashing.mix(batch.word(index, CommandDescriptor.AMOUNT) ^ 0xD6E8FEB86659FD93L);
        final long e = Hashing.mix(batch.word(index, CommandDescriptor.REFERENCE) ^ 0xFF51AFD7ED558CCDL);
        final long f = Hashing.mix(batch.word(index, CommandDescriptor.LOCATION) ^ 0xC4CEB9FE1A85EC53L);
        final long g = Hashing.mix(batch.word(index, CommandDescriptor.USER_DATA) ^ 0x27D4EB2F165667C5L);
        return Hashing.mix(a + 3 * b + 5 * c + 7 * d + 11 * e + 13 * f + 17 * g);
    }
}
