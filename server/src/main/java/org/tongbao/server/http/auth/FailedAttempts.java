package org.tongbao.server.http.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per client address in fixed windows: after
 * {@code failuresMax} failures within {@code windowMs}, the address is refused (429) until the
 * window ends. Bounded: at most {@code addressesMax} addresses are tracked; when full, the
 * table starts afresh (an attacker spraying addresses gains nothing a new window would not).
 * Thread-safe.
 */
public final class FailedAttempts {
    private record Window(long startMs, int failures) {
    }

    private final int failuresMax;
    private final long windowMs;
    private final int addressesMax;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public FailedAttempts(final int failuresMax, final long windowMs, final int addressesMax) {
        this.failuresMax = failuresMax;
        this.windowMs = windowMs;
        this.addressesMax = addressesMax;
    }

    /** Milliseconds until {@code address} may try again, or 0 when it may now. */
    public long blockedForMs(final String address, final long nowMs) {
        final Window window = windows.get(address);
        if (window == null || nowMs - window.startMs() >= windowMs || window.failures() < failuresMax) {
            return 0;
        }
        return windowMs - (nowMs - window.startMs());
    }

    /** Records a failure; returns true when this one reached the limit. */
    public boolean fail(final String address, final long nowMs) {
        if (windows.size() >= addressesMax) {
            windows.clear();
        }
        final Window updated = windows.merge(address, new Window(nowMs, 1), (old, fresh) ->
                nowMs - old.startMs() >= windowMs ? fresh : new Window(old.startMs(), old.failures() + 1));
        return updated.failures() == failuresMax;
    }
}
