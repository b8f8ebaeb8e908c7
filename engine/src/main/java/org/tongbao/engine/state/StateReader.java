package org.tongbao.engine.state;

/**
 * Reads the canonical state stream of {@link StateWriter} back, one long at a time, for
 * restoring a ledger from a snapshot. Implementations decide where the longs come from.
 */
public interface StateReader {
    /** The next value of the canonical stream; throws when the stream ends early. */
    long next();
}
