package org.tongbao.durability.journal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 for the journal's hash chain ({@link JournalDescriptor}). One per thread. */
public final class ChainHash {
    private final MessageDigest sha256;

    public ChainHash() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Content digest of the record in {@code record} (position 0 = record start, limit = record end). */
    public byte[] contentDigest(final ByteBuffer record) {
        final ByteBuffer view = record.duplicate();
        view.position(JournalDescriptor.SEQUENCE_OFFSET).limit(JournalDescriptor.PREVIOUS_HASH_OFFSET);
        sha256.update(view);
        view.limit(record.limit()).position(JournalDescriptor.COMMANDS_OFFSET);
        sha256.update(view);
        return sha256.digest();
    }

    /** SHA-256(previousHash ‖ contentDigest). */
    public byte[] link(final byte[] previousHash, final byte[] contentDigest) {
        sha256.update(previousHash);
        sha256.update(contentDigest);
        return sha256.digest();
    }
}
