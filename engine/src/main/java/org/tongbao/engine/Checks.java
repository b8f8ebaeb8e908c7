package org.tongbao.engine;

/**
 * Always-on invariant checks. Java's {@code assert} is off unless the JVM is started with
 * {@code -ea}; these are not. A failed check is a bug in Tongbao (or a caller breaking a
 * documented contract), never a business rejection: those are {@link ResultCode} values.
 * Safe to call from any thread.
 */
public final class Checks {
    private Checks() {
    }

    /** Throws {@link IllegalStateException} with {@code message} when {@code condition} is false. */
    public static void check(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** Throws {@link IllegalArgumentException} with {@code message} when {@code condition} is false. */
    public static void checkArgument(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
