package org.tongbao.engine.state;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The state hash: SHA-256 of "TONGBAO-STATE-1" followed by the canonical state
 * ({@link StateWriter}) as 8-byte little-endian longs. Not thread-safe; one per computation.
 */
public final class StateDigest extends StateWriter<StateDigest> {
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

    /** The SHA-256 of everything written so far; the digest cannot be used afterwards. */
    public byte[] finish() {
        sha256.update(buffer, 0, position);
        position = 0;
        return sha256.digest();
    }

    @Override
    protected void write(final long value) {
        if (position + Long.BYTES > buffer.length) {
            sha256.update(buffer, 0, position);
            position = 0;
        }
        for (int i = 0; i < Long.BYTES; i++) {
            buffer[position++] = (byte) (value >>> (8 * i));
        }
    }

    @Override
    protected StateDigest self() {
        return this;
    }

    /** Lower-case hexadecimal of a hash, for logs and the command line. */
    public static String hex(final byte[] hash) {
        return java.util.HexFormat.of().formatHex(hash);
    }
}
